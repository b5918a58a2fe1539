from . import dms_dealer_level
from . import dms_territory
from . import res_partner
from . import res_users
from . import sale_order
