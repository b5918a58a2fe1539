from . import dms_floor_approval_wizard
from . import dms_price_import_wizard
from . import dms_price_export_wizard
