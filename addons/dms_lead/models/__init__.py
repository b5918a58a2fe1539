# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import dms_dealer_level
from . import res_partner
from . import dms_lead_assignment
from . import crm_lead
from . import dms_channel_order
from . import dms_lead_report
from . import sale_order
