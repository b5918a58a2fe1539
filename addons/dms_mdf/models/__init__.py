from . import res_company
from . import dms_mdf_budget
from . import dms_mdf_activity
from . import dms_mdf_claim
from . import account_move
from . import dms_rebate_wallet_line
