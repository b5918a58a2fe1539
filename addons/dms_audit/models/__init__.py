# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import dms_audit_mixin
from . import dms_audit_log
from . import dms_audit_entry
from . import res_partner
from . import res_users
from . import res_groups
from . import dms_credit_increase
from . import dms_dealer_related_group
from . import dms_price_policy_line
from . import dms_rebate_policy
from . import dms_rebate_policy_tier
from . import dms_rebate_settlement
