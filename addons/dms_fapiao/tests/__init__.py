from . import test_tools
from . import test_fapiao
from . import test_portal
