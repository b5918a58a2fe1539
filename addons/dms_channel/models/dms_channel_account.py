# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.dms_order.tools import credit

from ..tools import statement

#: orders whose value the buyer owes or will owe (credit exposure)
COMMITTED_STATES = ("accepted", "shipped", "received", "received_with_discrepancy", "done")


class DmsChannelAccount(models.Model):
    """Money between a seller and one of its buyers (never in the brand's books).

    Payment terms and an optional credit limit set by the seller; the statement (对账) is computed
    from the value shipped and the payments the seller confirmed.
    """

    _name = "dms.channel.account"
    _description = "Channel Account"
    _order = "seller_id, buyer_id"

    seller_id = fields.Many2one("res.partner", string="Seller", required=True, readonly=True, index=True)
    buyer_id = fields.Many2one("res.partner", string="Buyer", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    payment_term_days = fields.Integer(
        string="Payment Terms (days)", default=0, help="Days the buyer has to pay what was shipped."
    )
    credit_limit = fields.Monetary(
        string="Credit Limit",
        currency_field="currency_id",
        help="Most the buyer may owe, orders accepted but not shipped included. 0: no limit (no check).",
    )
    credit_lock_date = fields.Datetime(readonly=True, copy=False, help="Written to serialise credit checks.")
    amount_shipped = fields.Monetary(string="Shipped", compute="_compute_balance", currency_field="currency_id")
    amount_paid = fields.Monetary(string="Paid", compute="_compute_balance", currency_field="currency_id")
    balance = fields.Monetary(string="Balance", compute="_compute_balance", currency_field="currency_id")

    _sql_constraints = [
        ("seller_buyer_uniq", "unique(seller_id, buyer_id, company_id)", "One account per seller and buyer."),
    ]

    @api.depends("seller_id", "buyer_id")
    def _compute_balance(self):
        entries = self._channel_entries_by_account()
        for account in self:
            account.amount_shipped, account.amount_paid, account.balance = statement.totals(entries.get(account.id, []))

    # ------------------------------------------------------------------
    # ORM: the seller sets terms and limit; the parties and the lock are the system's
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Channel accounts are opened by the system."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            extra = set(vals) - {"payment_term_days", "credit_limit"}
            if extra:
                raise AccessError(
                    self.env._("Channel accounts: %(fields)s are set by the system.", fields=", ".join(sorted(extra)))
                )
            seller = self.env.user.partner_id.commercial_partner_id
            if any(account.seller_id != seller for account in self.sudo()):
                raise AccessError(self.env._("Only the seller sets the payment terms and the credit limit."))
        if vals.get("payment_term_days", 0) < 0 or vals.get("credit_limit", 0) < 0:
            raise UserError(self.env._("Payment terms and credit limit cannot be negative."))
        return super().write(vals)

    @api.model
    def _channel_get(self, seller, buyer, company=None):
        """The account of ``seller`` × ``buyer`` (opened on first use)."""
        company = company or self.env.company
        Account = self.sudo()
        domain = [("seller_id", "=", seller.id), ("buyer_id", "=", buyer.id), ("company_id", "=", company.id)]
        account = Account.search(domain, limit=1)
        if not account:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO dms_channel_account (seller_id, buyer_id, company_id, payment_term_days, "
                    "credit_limit, create_uid, write_uid, create_date, write_date) VALUES (%s, %s, %s, 0, 0, %s, %s, "
                    "now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') ON CONFLICT DO NOTHING",
                    seller.id,
                    buyer.id,
                    company.id,
                    self.env.uid,
                    self.env.uid,
                )
            )
            account = Account.search(domain, limit=1)
        return account.with_env(self.env)

    # ------------------------------------------------------------------
    # Statement and credit
    # ------------------------------------------------------------------
    def _channel_orders(self, states):
        self.ensure_one()
        return self._channel_orders_by_account(states)[self.id]

    def _channel_orders_by_account(self, states):
        """{account id: its channel orders in ``states``} of these accounts, with one search."""
        Order = self.env["dms.channel.order"].sudo()
        accounts = self.sudo().filtered("id")
        result = {account.id: Order for account in accounts}
        if not accounts:
            return result
        # sudo: bounded by these accounts' buyers, sellers and companies; each order is kept only
        # under the account of its own seller, buyer and company below
        orders = Order.search(
            [
                ("seller_id", "in", accounts.seller_id.ids),
                ("buyer_id", "in", accounts.buyer_id.ids),
                ("company_id", "in", accounts.company_id.ids),
                ("state", "in", states),
            ]
        )
        by_key = {(a.seller_id.id, a.buyer_id.id, a.company_id.id): a.id for a in accounts}
        ids = {account.id: [] for account in accounts}
        for order in orders:
            account_id = by_key.get((order.seller_id.id, order.buyer_id.id, order.company_id.id))
            if account_id:
                ids[account_id].append(order.id)
        # one prefetch set: reading a field of one account's orders reads it for all of them
        return {
            account_id: Order.browse(order_ids).with_prefetch(orders._prefetch_ids)
            for account_id, order_ids in ids.items()
        }

    def _channel_entries(self):
        """Statement entries: each shipment's value (debit), each accepted return's and each confirmed
        payment (credit)."""
        self.ensure_one()
        if not self.id:
            return []
        return self._channel_entries_by_account()[self.id]

    def _channel_entries_by_account(self):
        """{account id: its statement entries, with running balance} of these accounts: a fixed number
        of queries whatever the number of accounts (orders, shipments, returns and payments read once)."""
        accounts = self.sudo().filtered("id")
        entries = {account.id: [] for account in accounts}
        if not accounts:
            return {}
        by_key = {(a.seller_id.id, a.buyer_id.id, a.company_id.id): a for a in accounts}
        for account_id, orders in accounts._channel_orders_by_account(COMMITTED_STATES).items():
            account = accounts.browse(account_id)
            for order in orders:
                for shipment in order.shipment_ids.filtered(lambda s: s.state != "cancel"):
                    value = sum(line.qty * line.order_line_id._channel_unit_total() for line in shipment.line_ids)
                    entries[account_id].append(
                        {
                            "date": shipment.date,
                            "kind": "shipment",
                            "reference": f"{order.name} / {shipment.name}",
                            "debit": account.currency_id.round(value),
                            "credit": 0.0,
                        }
                    )
        # sudo: bounded by these accounts' parties and companies, each kept under its own account
        returns = (
            self.env["dms.channel.return"]
            .sudo()
            .search(
                [
                    ("seller_id", "in", accounts.seller_id.ids),
                    ("buyer_id", "in", accounts.buyer_id.ids),
                    ("company_id", "in", accounts.company_id.ids),
                    ("state", "=", "accepted"),
                ],
                order="date_accepted, id",
            )
        )
        for ret in returns:
            account = by_key.get((ret.seller_id.id, ret.buyer_id.id, ret.company_id.id))
            if not account:
                continue
            entries[account.id].append(
                {
                    "date": ret.date_accepted,
                    "kind": "return",
                    "reference": f"{ret.order_id.name} / {ret.name}",
                    "debit": 0.0,
                    "credit": account.currency_id.round(ret.amount_total),
                }
            )
        # sudo: the confirmed payments of these accounts only
        payments = (
            self.env["dms.channel.payment"]
            .sudo()
            .search([("account_id", "in", accounts.ids), ("state", "=", "confirmed")], order="date, id")
        )
        for payment in payments:
            entries[payment.account_id.id].append(
                {
                    "date": fields.Datetime.to_datetime(payment.date),
                    "kind": "payment",
                    "reference": payment.name,
                    "debit": 0.0,
                    "credit": payment.amount,
                }
            )
        return {account_id: statement.running(rows) for account_id, rows in entries.items()}

    def _channel_credit_lock(self):
        """Serialise credit checks of these accounts (write, like dms_order's ``_dms_credit_lock``)."""
        if self:
            self.env.execute_query(
                SQL(
                    "UPDATE dms_channel_account SET credit_lock_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s",
                    tuple(sorted(self.ids)),
                )
            )

    def _channel_credit_decision(self, amount, exclude_order=None):
        """dms_order's credit decision for a new commitment of ``amount`` on this account."""
        self.ensure_one()
        account = self.sudo()
        unshipped = 0.0
        for order in account._channel_orders(("accepted", "shipped")) - (
            exclude_order or self.env["dms.channel.order"]
        ):
            unshipped += sum(line.qty_to_ship * line._channel_unit_total() for line in order.line_ids)
        shipped, paid, balance = statement.totals(account._channel_entries())
        cutoff = credit.overdue_cutoff(fields.Date.context_today(self), account.payment_term_days)
        due = sum(
            entry["debit"] for entry in account._channel_entries() if entry["debit"] and entry["date"].date() < cutoff
        )
        overdue = max(due - paid, 0.0)
        exposure = credit.exposure(receivable=balance, uninvoiced_orders=unshipped)
        return credit.decide(
            amount, exposure, account.credit_limit, overdue_amount=overdue, rounding=account.currency_id.rounding
        )
