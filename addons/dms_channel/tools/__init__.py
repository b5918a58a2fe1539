from . import allocation
from . import statement
