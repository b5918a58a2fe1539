from . import dms_rebate_simulation
from . import dms_rebate_settle
