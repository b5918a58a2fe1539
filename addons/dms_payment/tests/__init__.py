from . import test_tools
from . import test_prepayment
from . import test_prepayment_race
from . import test_online
from . import test_warning
from . import test_portal
