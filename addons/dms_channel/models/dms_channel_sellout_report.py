# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

_lt = LazyTranslate(__name__)


class DmsChannelSelloutReport(models.Model):
    """A dealer's report of what it sold to consumers (sell-out), posted to its channel stock.

    ``report_key`` is the dealer's own id of the report: a re-sent report with the same key is
    the same report and never counts twice.
    """

    _name = "dms.channel.sellout.report"
    _description = "Sell-out Report"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "date desc, id desc"
    _rec_name = "report_key"

    _workflow_protected_fields = ("date_posted",)
    _workflow_frozen_fields = ("dealer_id", "report_key", "date", "line_ids", "company_id")
    _workflow_editable_states = ("draft",)

    dealer_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id.commercial_partner_id,
    )
    report_key = fields.Char(string="Report Key", required=True, help="The dealer's own reference of this report.")
    date = fields.Date(string="Report Date", required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted")], string="Status", default="draft", required=True, readonly=True
    )
    date_posted = fields.Datetime(string="Posted On", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("dms.channel.sellout.report.line", "report_id", string="Lines", copy=True)
    qty_total = fields.Float(string="Total Quantity", compute="_compute_qty_total", store=True)

    _sql_constraints = [
        (
            "dealer_key_uniq",
            "unique(dealer_id, report_key)",
            "This dealer already sent a sell-out report with this key.",
        )
    ]

    @api.depends("line_ids.qty")
    def _compute_qty_total(self):
        for report in self:
            report.qty_total = sum(report.line_ids.mapped("qty"))

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default)
        for report, vals in zip(self, vals_list, strict=True):
            vals.setdefault("report_key", self.env._("%(key)s (copy)", key=report.report_key))
        return vals_list

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "post", ("draft",), "posted", ("dms_dealer.group_dms_portal_user",), workflow.OTHER, label=_lt("Post")
            )
        ]

    def _workflow_check(self, transition, reason):
        partner = self.env.user.sudo().partner_id.commercial_partner_id
        if self.env.uid != SUPERUSER_ID and partner != self.sudo().dealer_id:
            raise AccessError(
                self.env._("Only %(dealer)s posts its own sell-out reports.", dealer=self.dealer_id.display_name)
            )
        if transition.name == "post" and not self.line_ids:
            raise UserError(self.env._("Sell-out report %(key)s has no line.", key=self.report_key))
        return True

    def action_post(self):
        for report in self:
            with self.env.cr.savepoint():
                report._workflow_apply("post", vals={"date_posted": fields.Datetime.now()})
                # the caller is the dealer (checked above): units and stock are read as the system
                report.sudo()._post_sellout_moves()
        return True

    def _post_sellout_moves(self):
        """Take every line out of the dealer's channel stock at once (one lock query for all the
        products, batched upserts and creates: :meth:`dms.channel.stock.move._post_out_many`)."""
        self.ensure_one()
        Ledger = self.env["dms.channel.stock.move"]
        dealer = self.dealer_id.commercial_partner_id
        if not dealer.dms_track_channel_stock:
            return Ledger
        items = []
        for line in self.line_ids:
            uom, product_uom = line.product_uom_id, line.product_id.uom_id
            qty = uom._compute_quantity(line.qty, product_uom) if uom and uom != product_uom else line.qty
            items.append(
                (
                    line.product_id,
                    qty,
                    {
                        "sellout_report_id": self.id,
                        "sellout_line_id": line.id,
                        "date": fields.Datetime.to_datetime(line.date or self.date),
                        "reference": self.report_key,
                        "company_id": self.company_id.id,
                    },
                )
            )
        return Ledger._post_out_many(dealer, items, "sell_out")

    @api.model
    def _receive_report(self, dealer, report_key, lines, date=None):
        """Record (and post) a report sent by ``dealer``; a re-sent key returns the report already received.

        ``lines``: list of dicts product_id, qty, date, store_address. Returns ``(report, created)``.
        """
        key = (report_key or "").strip()
        if not key:
            raise UserError(self.env._("A sell-out report needs its key."))
        existing = self.sudo().search([("dealer_id", "=", dealer.id), ("report_key", "=", key)], limit=1)
        if existing:
            return existing, False
        report = self.create(
            {
                "dealer_id": dealer.id,
                "report_key": key,
                "date": date or fields.Date.context_today(self),
                "line_ids": [fields.Command.create(dict(line)) for line in lines],
            }
        )
        report.action_post()
        return report, True
