from . import dms_price_execution_report
