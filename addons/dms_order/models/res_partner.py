# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import credit


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_credit_lock_date = fields.Datetime(
        string="Last Credit Check",
        copy=False,
        readonly=True,
        help="Technical: written at each credit check so that confirmations of one dealer are serialised.",
    )
    dms_credit_increase_ids = fields.One2many("dms.credit.increase", "partner_id", string="Temporary Credit Increases")
    dms_credit_currency_id = fields.Many2one("res.currency", compute="_compute_dms_credit_info")
    dms_credit_limit_effective = fields.Monetary(
        string="Effective Credit Limit",
        compute="_compute_dms_credit_info",
        currency_field="dms_credit_currency_id",
        help="Credit limit plus temporary increases valid today (0 = no limit).",
    )
    dms_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        compute="_compute_dms_credit_info",
        currency_field="dms_credit_currency_id",
        help="Unpaid posted receivables + confirmed orders not yet invoiced + draft invoices.",
    )
    dms_credit_available = fields.Monetary(
        string="Available Credit", compute="_compute_dms_credit_info", currency_field="dms_credit_currency_id"
    )
    dms_credit_overdue_blocked = fields.Boolean(string="Blocked by Overdue", compute="_compute_dms_credit_info")
    dms_credit_hold_count = fields.Integer(string="Orders on Credit Hold", compute="_compute_dms_credit_info")

    @api.constrains("credit_limit")
    def _check_dms_credit_limit(self):
        for partner in self.sudo():
            if partner.credit_limit < 0:
                raise ValidationError(
                    self.env._("The credit limit of %(partner)s cannot be negative.", partner=partner.display_name)
                )

    def _compute_dms_credit_info(self):
        dealers = self.filtered("is_dealer")
        infos = dealers._dms_credit_info_batch() if dealers else {}
        for partner in self:
            info = infos.get(partner.id)
            partner.dms_credit_currency_id = info["currency_id"] if info else self.env.company.currency_id
            partner.dms_credit_limit_effective = info["limit"] if info else 0.0
            partner.dms_credit_exposure = info["exposure"] if info else 0.0
            partner.dms_credit_available = (info["available"] or 0.0) if info else 0.0
            partner.dms_credit_overdue_blocked = info["overdue_blocked"] if info else False
            partner.dms_credit_hold_count = info["held_count"] if info else 0

    # ------------------------------------------------------------------
    # Credit API
    # ------------------------------------------------------------------
    def _dms_credit_info(self):
        """Credit figures of the dealer (commercial entity), for the back office and the portal.

        Returns ``{"limit", "exposure", "available", "currency_id", "held_count",
        "overdue_blocked"}``; ``limit`` 0 and ``available`` None mean no limit.
        """
        self.ensure_one()
        dealer = self.commercial_partner_id
        return dealer._dms_credit_info_batch()[dealer.id]

    def _dms_credit_info_batch(self, company=None):
        company = company or self.env.company
        snapshot = self._dms_credit_snapshot(company)
        held = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("dealer_id", "in", self.ids), ("dms_state", "=", "credit_hold"), ("company_id", "=", company.id)],
                ["dealer_id"],
                ["__count"],
            )
        )
        result = {}
        for partner in self:
            data = snapshot["dealers"][partner.id]
            result[partner.id] = {
                "limit": data["limit"],
                "exposure": data["exposure"],
                "available": credit.available(data["limit"], data["exposure"]),
                "currency_id": company.currency_id,
                "held_count": held.get(partner, 0),
                "overdue_blocked": data["overdue"] > company.currency_id.rounding,
                "overdue": data["overdue"],
                "receivable": data["receivable"],
                "uninvoiced": data["uninvoiced"],
                "draft_invoices": data["draft_invoices"],
            }
        return result

    def _dms_credit_lock(self):
        """Serialise credit checks of these dealers (and their related groups).

        Locks *and writes* the rows: under REPEATABLE READ a transaction that
        only waited for a ``FOR UPDATE`` lock would go on with its old snapshot
        and miss the order confirmed meanwhile; a write makes it fail with a
        serialization error instead, and Odoo retries it on fresh data.
        Rows are taken in id order so that two checks never deadlock.
        """
        if not self:
            return
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET dms_credit_lock_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s",
                tuple(sorted(self.ids)),
            )
        )
        groups = self.sudo().dealer_related_group_id
        if groups:
            self.env.execute_query(
                SQL(
                    "UPDATE dms_dealer_related_group SET dms_credit_lock_date = (now() AT TIME ZONE 'UTC') "
                    "WHERE id IN %s",
                    tuple(sorted(groups.ids)),
                )
            )
        self.invalidate_recordset(["dms_credit_lock_date"])

    def _dms_credit_snapshot(self, company):
        """Limits and exposures of dealers ``self`` and their related groups.

        A fixed number of queries whatever the history: the sums come from
        grouped reads on stored, indexed columns.  Amounts in company currency.
        """
        dealers = self.sudo().with_company(company)
        groups = dealers.dealer_related_group_id
        members = dealers | groups.partner_ids
        ids = members.ids
        today = fields.Date.context_today(self)
        cutoff = credit.overdue_cutoff(today, company.dms_credit_grace_days)
        receivable_domain = [
            ("company_id", "=", company.id),
            ("partner_id", "in", ids),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ]
        Aml = self.env["account.move.line"].sudo()
        receivable = dict(Aml._read_group(receivable_domain, ["partner_id"], ["amount_residual:sum"]))
        overdue = dict(
            Aml._read_group(
                receivable_domain + [("date_maturity", "<", cutoff), ("amount_residual", ">", 0)],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        drafts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", ids),
                    ("state", "=", "draft"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )
        uninvoiced = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("dealer_id", "in", ids),
                    ("state", "=", "sale"),
                    ("dms_credit_amount", "!=", 0),
                ],
                ["dealer_id"],
                ["dms_credit_amount:sum"],
            )
        )
        increases = (
            self.env["dms.credit.increase"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", dealers.ids),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        increase_by_partner = {partner.id: amount for partner, amount in increases}
        result = {"dealers": {}, "groups": {}}
        exposure_by_member = {}
        for member in members:
            data = {
                "receivable": receivable.get(member, 0.0),
                "uninvoiced": uninvoiced.get(member, 0.0),
                "draft_invoices": drafts.get(member, 0.0),
                "overdue": overdue.get(member, 0.0),
            }
            data["exposure"] = credit.exposure(data["receivable"], data["uninvoiced"], data["draft_invoices"])
            exposure_by_member[member.id] = data["exposure"]
            if member in dealers:
                base_limit = member.credit_limit
                data["limit"] = credit.effective_limit(
                    base_limit, [(increase_by_partner.get(member.id, 0.0), today, today)], today
                )
                data["group_id"] = member.dealer_related_group_id.id
                result["dealers"][member.id] = data
        for group in groups:
            result["groups"][group.id] = {
                "limit": group.credit_limit,
                "exposure": sum(exposure_by_member.get(pid, 0.0) for pid in group.partner_ids.ids),
            }
        return result

    def _dms_retry_held_orders(self):
        """Run the credit check again for the held orders of these dealers."""
        held = (
            self.env["sale.order"]
            .sudo()
            .search([("dealer_id", "in", self.commercial_partner_id.ids), ("dms_state", "=", "credit_hold")])
        )
        if held:
            held.action_confirm()
        return held

    def action_dms_view_held_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_order.action_dms_credit_hold")
        action["domain"] = [("dealer_id", "=", self.commercial_partner_id.id), ("dms_state", "=", "credit_hold")]
        return action
