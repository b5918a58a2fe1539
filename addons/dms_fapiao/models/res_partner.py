# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import taxid

#: invoicing details a dealer keeps itself (portal) and finance copies onto each request
FAPIAO_FIELDS = (
    "dms_fapiao_title",
    "dms_fapiao_tax_id",
    "dms_fapiao_bank",
    "dms_fapiao_account",
    "dms_fapiao_address",
    "dms_fapiao_phone",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_fapiao_title = fields.Char(string="Invoice Title (抬头)", help="Buyer name printed on the VAT invoice.")
    dms_fapiao_tax_id = fields.Char(string="Taxpayer Number (税号)", help="Unified social credit code (18 characters).")
    dms_fapiao_bank = fields.Char(string="Bank (开户行)")
    dms_fapiao_account = fields.Char(string="Bank Account (账号)")
    dms_fapiao_address = fields.Char(string="Registered Address (地址)")
    dms_fapiao_phone = fields.Char(string="Registered Phone (电话)")

    @api.constrains("dms_fapiao_tax_id")
    def _check_dms_fapiao_tax_id(self):
        for partner in self.filtered("dms_fapiao_tax_id"):
            problem = taxid.check(partner.dms_fapiao_tax_id)
            if problem:
                raise ValidationError(self._dms_fapiao_tax_id_message(problem, partner.dms_fapiao_tax_id))

    @api.model
    def _dms_fapiao_tax_id_message(self, problem, value):
        if problem == taxid.BAD_CHECKSUM:
            return self.env._(
                "The taxpayer number %(number)s is mistyped: its check character does not match.", number=value
            )
        return self.env._(
            "The taxpayer number %(number)s is not valid: enter the 18-character unified social credit code "
            "(统一社会信用代码).",
            number=value,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("dms_fapiao_tax_id"):
                vals["dms_fapiao_tax_id"] = taxid.normalize(vals["dms_fapiao_tax_id"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("dms_fapiao_tax_id"):
            vals = dict(vals, dms_fapiao_tax_id=taxid.normalize(vals["dms_fapiao_tax_id"]))
        return super().write(vals)
