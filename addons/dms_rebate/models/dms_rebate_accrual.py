# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

from ..tools import periods as period_tools


class DmsRebateAccrual(models.Model):
    """Accrued rebate of one policy family, dealer and period.

    The row is the idempotency key of the accrual engine: ``amount_booked`` is what the
    journal already holds, so a rerun only books ``target - amount_booked``.
    """

    _name = "dms.rebate.accrual"
    _description = "Rebate Accrual"
    _order = "period_start desc, policy_root_id, partner_id"
    _rec_name = "partner_id"

    policy_root_id = fields.Many2one(
        "dms.rebate.policy", string="Policy Family", required=True, index=True, ondelete="restrict"
    )
    policy_id = fields.Many2one(
        "dms.rebate.policy",
        string="Policy",
        required=True,
        index=True,
        ondelete="restrict",
        help="Version that computed the last estimate.",
    )
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True)
    basis = fields.Float(digits="Product Price", readonly=True)
    tier_rate = fields.Float(string="Tier Rate (%)", digits=(16, 4), readonly=True)
    amount_booked = fields.Monetary(
        string="Accrued", currency_field="currency_id", readonly=True, help="Net accrual booked in the journal."
    )
    settlement_ids = fields.One2many("dms.rebate.settlement", "accrual_id", string="Settlements")
    amount_settled = fields.Monetary(
        string="Settled", currency_field="currency_id", compute="_compute_amounts", store=True
    )
    amount_paid = fields.Monetary(string="Paid", currency_field="currency_id", compute="_compute_amounts", store=True)
    amount_outstanding = fields.Monetary(
        string="Outstanding Liability",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
    )
    move_line_ids = fields.One2many("account.move.line", "dms_rebate_accrual_id", string="Journal Items")
    last_run = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "policy_partner_period_uniq",
            "UNIQUE(policy_root_id, partner_id, period_start)",
            "There is already an accrual for this policy, dealer and period.",
        ),
    ]

    @api.depends("amount_booked", "settlement_ids.state", "settlement_ids.amount", "settlement_ids.amount_paid")
    def _compute_amounts(self):
        for accrual in self:
            done = accrual.settlement_ids.filtered(lambda s: s.state == "done")
            accrual.amount_settled = sum(done.mapped("amount"))
            accrual.amount_paid = sum(done.mapped("amount_paid"))
            accrual.amount_outstanding = accrual.amount_booked - accrual.amount_settled

    @api.depends("partner_id", "policy_id", "period_start", "period_end")
    def _compute_display_name(self):
        for accrual in self:
            accrual.display_name = (
                f"{accrual.policy_id.display_name} / {accrual.partner_id.display_name} / "
                f"{accrual.period_start} - {accrual.period_end}"
            )

    def action_view_journal_items(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rebate Journal Items"),
            "res_model": "account.move.line",
            "view_mode": "list,pivot,form",
            "domain": [("dms_rebate_accrual_id", "=", self.id)],
            "context": {"search_default_group_by_move": 0},
        }

    # ------------------------------------------------------------------ engine
    @api.model
    def _recompute_for_moves(self, moves):
        """Recompute now the accruals touched by customer invoices/refunds ``moves``."""
        moves = self.env["dms.rebate.accrual.queue"]._moves_to_accrue(moves)
        today = fields.Date.context_today(self)
        for company, company_moves in moves.grouped("company_id").items():
            self._recompute_for_dealers(
                company, [(m.commercial_partner_id, m.date or m.invoice_date or today) for m in company_moves]
            )

    @api.model
    def _recompute_for_dealers(self, company, items):
        """Recompute the accruals of ``items`` = [(commercial partner, accounting date)] of ``company``.

        One search of the policies, then one recompute per (responsible version, period) whatever
        the number of invoices: 200 invoices of one month cost the same as one.
        """
        items = {(partner, day) for partner, day in items}
        if not items:
            return
        Policy = self.env["dms.rebate.policy"].sudo().with_context(active_test=False)
        dates = [day for _partner, day in items]
        policies = Policy.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("approved", "active", "closed")),
                ("date_start", "<=", max(dates)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", min(dates)),
            ]
        )
        partners = self.env["res.partner"].union(*(partner for partner, _day in items))
        keys = defaultdict(lambda: self.env["res.partner"])
        responsible_of = {}

        def responsible(policy, date_from, date_to):
            if (policy, date_from) not in responsible_of:
                responsible_of[(policy, date_from)] = policy._get_responsible_version(date_from, date_to)
            return responsible_of[(policy, date_from)]

        for policy in policies:
            eligible = policy._get_eligible_partners(partners)
            for partner, day in items:
                if partner not in eligible:
                    continue
                date_from, date_to = policy._get_period(day)
                keys[(responsible(policy, date_from, date_to), date_from, date_to)] |= partner
                if policy.basis == "growth":
                    # last year's refunds change this year's growth
                    next_from, next_to = period_tools.period_bounds(
                        fields.Date.add(date_from, years=1), policy.period_type
                    )
                    next_responsible = responsible(policy, next_from, next_to)
                    if next_responsible:
                        keys[(next_responsible, next_from, next_to)] |= partner
        for (policy, date_from, date_to), key_partners in keys.items():
            if policy:
                self._recompute(policy, key_partners, date_from, date_to)

    @api.model
    def _cron_process_queue(self, batch_size=2000):
        """Book the accruals of the invoices queued since the last run, one batch per call.

        The queue rows are taken with ``FOR UPDATE SKIP LOCKED`` and deleted in the transaction
        that books them: a second run at the same time takes other rows (or none), a crash
        leaves them queued for the next run, and the accrual rows (locked and written by
        :meth:`_recompute`) make sure no delta is ever booked twice.
        """
        self = self.sudo()  # noqa: PLW0642 - a scheduled job over every company's queue
        Queue = self.env["dms.rebate.accrual.queue"]
        Queue.flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT id, company_id, partner_id, date FROM dms_rebate_accrual_queue
                   ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                batch_size,
            )
        )
        if not rows:
            return True
        by_company = defaultdict(list)
        for _id, company_id, partner_id, day in rows:
            by_company[company_id].append((self.env["res.partner"].browse(partner_id), day))
        for company_id, items in by_company.items():
            self._recompute_for_dealers(self.env["res.company"].browse(company_id), items)
        self.env.cr.execute(SQL("DELETE FROM dms_rebate_accrual_queue WHERE id = ANY(%s)", [row[0] for row in rows]))
        Queue.invalidate_model()
        remaining = self.env.execute_query(SQL("SELECT COUNT(*) FROM dms_rebate_accrual_queue"))[0][0]
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return True

    @api.model
    def _recompute(self, policy, partners, date_from, date_to, chunk_size=200):
        """Bring the booked accrual of ``partners`` to the current estimate.

        Dealers are booked by chunks, each in a savepoint that holds the journal entries and
        ``amount_booked`` together, under a lock (with a write) on the accrual rows: a crash or
        a concurrent run never books a delta twice, a rerun books only what is missing.
        """
        self = self.sudo()
        policy = policy.sudo()
        if not partners:
            return self.browse()
        results = policy._compute_rebates(date_from, date_to, partners)
        accruals = self._get_or_create(policy, partners, date_from, date_to)
        for index in range(0, len(accruals), chunk_size):
            chunk = accruals[index : index + chunk_size]
            with self.env.cr.savepoint():
                chunk._lock()
                chunk._book(policy, results)
            self._after_book_hook(chunk)
        return accruals

    def _after_book_hook(self, accruals):
        """Called after each chunk of dealers is booked (extension point, used by crash tests)."""

    @api.model
    def _get_or_create(self, policy, partners, date_from, date_to):
        root = policy.root_id
        existing = self.search(
            [("policy_root_id", "=", root.id), ("partner_id", "in", partners.ids), ("period_start", "=", date_from)]
        )
        missing = partners - existing.partner_id
        if missing:
            # ON CONFLICT: a concurrent run may have created the same rows
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO dms_rebate_accrual
                        (policy_root_id, policy_id, partner_id, company_id, period_start, period_end,
                         amount_booked, amount_settled, amount_paid, amount_outstanding,
                         create_uid, create_date, write_uid, write_date)
                    SELECT %(root)s, %(policy)s, partner_id, %(company)s, %(date_from)s, %(date_to)s,
                           0, 0, 0, 0, %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                      FROM unnest(%(partners)s) AS partner_id
                    ON CONFLICT (policy_root_id, partner_id, period_start) DO NOTHING
                    """,
                    root=root.id,
                    policy=policy.id,
                    company=policy.company_id.id,
                    date_from=date_from,
                    date_to=date_to,
                    uid=self.env.uid,
                    partners=missing.ids,
                )
            )
            existing = self.search(
                [
                    ("policy_root_id", "=", root.id),
                    ("partner_id", "in", partners.ids),
                    ("period_start", "=", date_from),
                ]
            )
        return existing

    def _lock(self):
        """Lock the accrual rows *and write them*: a concurrent transaction waiting on them
        fails with a serialization error instead of booking from a stale snapshot."""
        self.env.cr.execute(SQL("UPDATE dms_rebate_accrual SET write_date = write_date WHERE id = ANY(%s)", self.ids))
        self.invalidate_recordset(["amount_booked"])

    def _book(self, policy, results):
        """Book the difference between the estimate in ``results`` and ``amount_booked``."""
        move_vals = []
        booked = {}
        now = fields.Datetime.now()
        for accrual in self:
            result = results.get(accrual.partner_id)
            target = result["earned"] if result else 0.0
            delta = accrual.currency_id.round(target - accrual.amount_booked)
            if not accrual.currency_id.is_zero(delta):
                move_vals.append(accrual._prepare_accrual_move_vals(policy, delta))
                booked[accrual] = accrual.amount_booked + delta
        if move_vals:
            self.env["account.move"].create(move_vals).action_post()
        for accrual in self:
            result = results.get(accrual.partner_id)
            vals = {
                "policy_id": policy.id,
                "last_run": now,
                "basis": result["basis"] if result else 0.0,
                "tier_rate": result["tier_rate"] if result else 0.0,
            }
            if accrual in booked:
                vals["amount_booked"] = booked[accrual]
            accrual.write(vals)

    def _prepare_accrual_move_vals(self, policy, delta):
        """Rebate expense Dr / accrued rebate liability Cr (reversed when ``delta`` < 0)."""
        self.ensure_one()
        config = self.company_id._dms_rebate_get_config()
        label = self.env._(
            "Rebate accrual %(policy)s %(start)s - %(end)s",
            policy=policy.display_name,
            start=self.period_start,
            end=self.period_end,
        )
        debit, credit = (delta, 0.0) if delta > 0 else (0.0, -delta)
        line_common = {"partner_id": self.partner_id.id, "name": label, "dms_rebate_accrual_id": self.id}
        return {
            "move_type": "entry",
            "journal_id": config["journal"].id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": label,
            "dms_rebate_accrual_id": self.id,
            "line_ids": [
                Command.create(dict(line_common, account_id=config["expense"].id, debit=debit, credit=credit)),
                Command.create(dict(line_common, account_id=config["liability"].id, debit=credit, credit=debit)),
            ],
        }

    @api.model
    def _cron_recompute(self):
        """Recompute the current and the previous period of every non-draft policy."""
        today = fields.Date.context_today(self)
        policies = self.env["dms.rebate.policy"].sudo().search([("state", "in", ("active", "closed", "approved"))])
        for policy in policies:
            date_from, date_to = policy._get_period(today)
            previous = policy._get_period(fields.Date.subtract(date_from, days=1))
            for start, end in (previous, (date_from, date_to)):
                if policy._get_responsible_version(start, end) != policy:
                    continue
                self._recompute(policy, policy._get_active_partners(start, end), start, end)
