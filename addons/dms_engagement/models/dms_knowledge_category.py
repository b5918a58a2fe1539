# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsKnowledgeCategory(models.Model):
    """A shelf of the dealers' knowledge base (产品资料, 政策文件, 培训课程...)."""

    _name = "dms.knowledge.category"
    _description = "Knowledge Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
