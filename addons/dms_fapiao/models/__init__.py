from . import res_partner
from . import dms_fapiao_request
from . import dms_fapiao_request_line
from . import sale_order
