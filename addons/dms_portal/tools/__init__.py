from . import order_import
from . import statement
from . import photos
from . import links
