# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsAnalyticsMixin(DmsNetworkMixin):
    """The dealer network of dms_dealer's tests with two categories; history by :meth:`_history`."""

    TODAY = date(2026, 11, 15)

    @classmethod
    def _setup_dms_analytics(cls):
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        cls.categ_tea, cls.categ_water = cls.env["product.category"].create(
            [{"name": "Analytics Tea"}, {"name": "Analytics Water"}]
        )

    @classmethod
    def _history(cls, dealer, categ, months, today=None, base=100.0, amplitude=30.0, trend=1.0):
        """``months`` of imported history before ``today``'s month with a yearly season."""
        first = (today or cls.TODAY).replace(day=1)
        vals = []
        for i in range(months, 0, -1):
            month = first - relativedelta(months=i)
            m = months - i
            qty = base + amplitude * math.sin(2 * math.pi * month.month / 12) + trend * m
            vals.append({"dealer_id": dealer.id, "categ_id": categ.id, "month": month, "qty": round(qty, 2)})
        return cls.env["dms.analytics.demand"].create(vals)
