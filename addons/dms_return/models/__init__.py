from . import dms_return_reason
from . import dms_return_request
from . import dms_return_request_line
from . import sale_order
from . import stock_picking
