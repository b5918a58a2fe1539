from . import test_tools
from . import test_announcement
from . import test_receipt_race
from . import test_task
from . import test_portal_http
