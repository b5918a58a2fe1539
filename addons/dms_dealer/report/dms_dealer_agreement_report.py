# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportDmsDealerAgreement(models.AbstractModel):
    """Values of the dealer agreement PDF."""

    _name = "report.dms_dealer.report_dms_dealer_agreement"
    _description = "Dealer Agreement Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["dms.dealer.agreement"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "dms.dealer.agreement",
            "docs": docs,
            "data": data,
            "brand_signatory_of": self._get_brand_signatory,
        }

    @api.model
    def _get_brand_signatory(self, agreement):
        """The person who signs for the brand: the last approver (HQ, else the region), never a system user.

        An approval taken by the system (OdooBot, module installation, a scheduled job) names nobody:
        the PDF then leaves the line blank for a handwritten signature.
        """
        for user in (agreement.hq_approver_id, agreement.region_approver_id):
            user = user.sudo()
            if user and not user._is_superuser() and not user.share:
                return user
        return self.env["res.users"]
