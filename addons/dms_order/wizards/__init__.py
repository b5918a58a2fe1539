from . import dms_order_decision_wizard
