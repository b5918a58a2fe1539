from . import test_return_flow
from . import test_return_attacks
from . import test_return_portal
