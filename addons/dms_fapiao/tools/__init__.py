from . import taxid
from . import quota
