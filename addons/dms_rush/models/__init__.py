from . import dms_dealer_level
from . import res_company
from . import res_config_settings
from . import sale_order
from . import dms_order_approval
