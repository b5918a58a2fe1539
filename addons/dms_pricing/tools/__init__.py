from . import precedence
from . import spreadsheet
