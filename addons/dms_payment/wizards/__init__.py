from . import dms_prepayment_topup_reject
