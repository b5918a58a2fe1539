from . import test_mdf_tools
from . import test_mdf_flow
from . import test_mdf_portal
from . import test_mdf_race
