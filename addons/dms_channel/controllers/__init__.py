from . import portal
from . import cart
