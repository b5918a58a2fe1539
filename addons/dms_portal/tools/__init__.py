from . import order_import
from . import statement
