# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _dms_detect_related_for_partners(self, partners):
        dealers = partners.filtered(lambda p: p._dms_is_related_member() or p.dealer_related_group_id)
        if dealers and not partners._dms_skip_related_detection():
            dealers._dms_detect_related_parties()

    @api.model_create_multi
    def create(self, vals_list):
        banks = super().create(vals_list)
        self._dms_detect_related_for_partners(banks.partner_id)
        return banks

    def write(self, vals):
        old_partners = self.partner_id
        res = super().write(vals)
        if "acc_number" in vals or "partner_id" in vals or "active" in vals:
            self._dms_detect_related_for_partners(old_partners | self.partner_id)
        return res

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        self._dms_detect_related_for_partners(partners.exists())
        return res
