from . import test_tools
from . import test_visibility
from . import test_portal_http
from . import test_ordering
from . import test_statement
from . import test_tours
from . import test_portal_agreement
from . import test_integrity
