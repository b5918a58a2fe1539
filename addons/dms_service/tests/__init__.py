from . import test_tools
from . import test_ticket
from . import test_visibility
from . import test_portal_rpc
