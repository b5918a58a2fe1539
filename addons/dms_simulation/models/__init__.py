# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import dms_price_engine
from . import dms_rebate_policy
from . import dms_simulation
from . import dms_simulation_line
from . import dms_simulation_order_line
