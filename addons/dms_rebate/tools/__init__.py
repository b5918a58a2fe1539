from . import periods
from . import tiers
