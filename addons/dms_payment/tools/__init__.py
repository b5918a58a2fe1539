from . import proof
from . import prepayment
