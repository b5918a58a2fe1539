from . import test_tools
from . import test_credit
from . import test_credit_race
from . import test_approval
from . import test_lifecycle
from . import test_alerts
from . import test_security
from . import test_tour
