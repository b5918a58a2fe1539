# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    dms_topup_id = fields.Many2one(
        "dms.prepayment.topup", string="Prepayment Top-up", index="btree_not_null", readonly=True, copy=False
    )

    def _create_payment(self, **extra_create_values):
        """A top-up's payment goes to the advance account, not to the receivable."""
        if self.dms_topup_id:
            config = self.dms_topup_id.company_id._dms_prepayment_get_config()
            extra_create_values.setdefault("destination_account_id", config["account"].id)
        return super()._create_payment(**extra_create_values)

    def _post_process(self):
        res = super()._post_process()
        for tx in self.filtered(lambda t: t.state == "done" and t.dms_topup_id):
            # runs as whoever polls the status (often the public user): the top-up is credited by
            # the system, once (its state and the unique payment guard a second run)
            tx.dms_topup_id.sudo()._dms_credit_online(tx)
        return res
