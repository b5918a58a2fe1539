# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead distribution fixture on dms_channel's network.

An address with zip 200xxx matches Test Shanghai; the dealers covering it are ``sub_a`` and
``retail_a`` (Shanghai) and ``dist_a`` (East, one level up). West dealers never cover it.
"""

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_channel.tests.common import DmsChannelMixin


class DmsLeadMixin(DmsChannelMixin):
    @classmethod
    def _setup_dms_lead(cls):
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_channel(tax=False)
        env = cls.env(su=True)
        cls.company = env.company
        cls.company.write({"dms_lead_accept_hours": 24, "dms_lead_max_attempts": 3})
        (cls.level_strategic | cls.level_core | cls.level_regular).write({"dms_lead_capacity": 10})
        cls.source = env["utm.source"].create({"name": "Test Trade Show"})
        cls.state_sh = env["res.country.state"].search([("country_id", "=", cls.country_cn.id)], limit=1)

    @classmethod
    def _lead(cls, name="Test Lead", zip_code="200300", **vals):
        values = {
            "name": name,
            "type": "opportunity",
            "partner_name": f"{name} Co.",
            "contact_name": "Zhang San",
            "phone": "13800000000",
            "city": "Shanghai",
            "zip": zip_code,
            "country_id": cls.country_cn.id,
            "source_id": cls.source.id,
        }
        values.update(vals)
        return cls.env(su=True)["crm.lead"].create(values)

    @classmethod
    def _sent(cls, **kwargs):
        lead = cls._lead(**kwargs)
        lead.with_user(cls.user_hq).action_dms_assign()
        return lead
