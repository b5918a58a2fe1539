# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models

from ..tools import prepayment


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_prepayment_order_id = fields.Many2one(
        "sale.order",
        string="Prepaid Order",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="This entry moves the prepayment reserved for this order from the advance account to the "
        "dealer's receivable, reconciled with the invoice.",
    )
    dms_prepayment_invoice_id = fields.Many2one(
        "account.move", string="Invoice Paid from Prepayment", index="btree_not_null", copy=False, readonly=True
    )
    dms_prepayment_refund_id = fields.Many2one(
        "account.move",
        string="Credit Note Giving Back",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="This entry gives the prepayment of the refunded invoice back to the dealer's balance.",
    )
    dms_prepayment_amount = fields.Monetary(
        string="Prepayment Applied", currency_field="company_currency_id", copy=False, readonly=True
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.filtered(lambda m: m.move_type == "out_invoice")._dms_prepayment_apply()
        posted.filtered(lambda m: m.move_type == "out_refund" and m.reversed_entry_id)._dms_prepayment_give_back()
        return posted

    def _dms_prepayment_apply(self):
        """Pay these posted invoices from the prepayment reserved on their orders.

        One entry per invoice and order: Dr advance account / Cr receivable (the dealer), the
        receivable line reconciled with the invoice and the advance debit with the dealer's
        top-up credits (Odoo's reconciliation: the invoice shows as paid, the advance account
        keeps what is left).
        """
        for invoice in self.filtered(lambda m: m.state == "posted" and m.move_type == "out_invoice"):
            orders = invoice.line_ids.sale_line_ids.order_id.filtered("dms_prepayment_line_ids")
            for order in orders.sudo():
                invoice._dms_prepayment_apply_order(order)
        return True

    def _dms_prepayment_book(self, label, debit_account, credit_account, amount, values):
        """Post one entry of the dealer's prepayment (Dr ``debit_account`` / Cr ``credit_account``,
        both lines on the dealer) in this move's journal, with the link ``values``.

        The company's bookkeeping, made for any user who posts the invoice or the credit note:
        hence sudo, on an entry whose every value is set here.
        """
        self.ensure_one()
        partner = self.commercial_partner_id

        def line(account, debit, credit):
            return Command.create(
                {"name": label, "partner_id": partner.id, "account_id": account.id, "debit": debit, "credit": credit}
            )

        entry = (
            self.env["account.move"]
            .sudo()
            .create(
                dict(
                    values,
                    move_type="entry",
                    journal_id=self.journal_id.id,
                    company_id=self.company_id.id,
                    date=fields.Date.context_today(self),
                    ref=label,
                    line_ids=[line(debit_account, amount, 0.0), line(credit_account, 0.0, amount)],
                )
            )
        )
        entry.action_post()
        return entry

    def _dms_prepayment_apply_order(self, order):
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        if self.currency_id != currency:
            return self.browse()
        order.dealer_id._dms_prepayment_lock()
        order.invalidate_recordset(["dms_prepaid_amount", "dms_prepaid_applied"])
        receivable = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        amount = prepayment.to_apply(
            order._dms_prepayment_unapplied(), sum(receivable.mapped("amount_residual")), currency.rounding
        )
        if currency.is_zero(amount):
            return self.browse()
        config = company._dms_prepayment_get_config()
        partner = self.commercial_partner_id
        label = self.env._("Prepayment applied to %(invoice)s (%(order)s)", invoice=self.name, order=order.name)
        entry = self._dms_prepayment_book(
            label,
            debit_account=config["account"],
            credit_account=receivable[:1].account_id,
            amount=amount,
            values={
                "dms_prepayment_order_id": order.id,
                "dms_prepayment_invoice_id": self.id,
                "dms_prepayment_amount": amount,
            },
        )
        credit_line = entry.line_ids.filtered(lambda line: line.account_id == receivable[:1].account_id)
        (credit_line | receivable.filtered(lambda line: line.account_id == credit_line.account_id)).reconcile()
        advance_lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("account_id", "=", config["account"].id),
                    ("partner_id", "=", partner.id),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                order="date, id",
            )
        )
        if advance_lines.filtered(lambda line: line.balance > 0) and advance_lines.filtered(
            lambda line: line.balance < 0
        ):
            advance_lines.reconcile()
        order.invalidate_recordset(["dms_prepaid_applied"])
        return entry

    # ------------------------------------------------------------------ credit notes
    def _dms_prepayment_give_back(self):
        """Give back to the prepayment balance what these posted credit notes refund of a prepaid invoice.

        A credit note first cancels what its invoice still owes; the rest, up to the prepayment still
        applied to that invoice, goes back: one entry Dr receivable / Cr advance account reconciled
        with the credit note, and one ``release`` movement per order. Posting the credit note again
        (after a reset to draft) reconciles the same entry and books nothing more.
        """
        Move = self.env["account.move"].sudo()
        for refund in self.filtered(lambda m: m.state == "posted" and m.move_type == "out_refund"):
            invoice = refund.reversed_entry_id
            company = refund.company_id
            if not invoice or refund.currency_id != company.currency_id:
                continue
            receivable = refund.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
            )
            done = Move.search([("dms_prepayment_refund_id", "=", refund.id), ("state", "=", "posted")])
            if done:
                refund._dms_prepayment_reconcile(done, receivable)
                continue
            applications = Move.search(
                [("dms_prepayment_invoice_id", "=", invoice.id), ("state", "=", "posted")], order="id"
            )
            if not applications or not receivable:
                continue
            orders = applications.dms_prepayment_order_id
            orders.dealer_id._dms_prepayment_lock()
            invoice_receivable = invoice.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            amount = company.currency_id.round(
                prepayment.to_give_back(
                    sum(applications.mapped("dms_prepayment_amount")),
                    -sum(receivable.mapped("amount_residual")),
                    sum(invoice_receivable.mapped("amount_residual")),
                    company.currency_id.rounding,
                )
            )
            left = amount
            for order in orders:
                if company.currency_id.compare_amounts(left, 0.0) <= 0:
                    break
                applied = sum(
                    applications.filtered(lambda m, o=order: m.dms_prepayment_order_id == o).mapped(
                        "dms_prepayment_amount"
                    )
                )
                share = company.currency_id.round(min(applied, left))
                if company.currency_id.compare_amounts(share, 0.0) <= 0:
                    continue
                entry = refund._dms_prepayment_give_back_order(order, invoice, share, receivable)
                refund._dms_prepayment_reconcile(entry, receivable)
                left -= share
        return True

    def _dms_prepayment_give_back_order(self, order, invoice, amount, receivable):
        """Book ``amount`` given back from ``invoice`` to ``order``'s dealer by this credit note."""
        self.ensure_one()
        company = self.company_id
        config = company._dms_prepayment_get_config()
        label = self.env._("Prepayment given back by %(refund)s (%(order)s)", refund=self.name, order=order.name)
        entry = self._dms_prepayment_book(
            label,
            debit_account=receivable[:1].account_id,
            credit_account=config["account"],
            amount=amount,
            values={
                "dms_prepayment_order_id": order.id,
                "dms_prepayment_invoice_id": invoice.id,
                "dms_prepayment_refund_id": self.id,
                "dms_prepayment_amount": -amount,
            },
        )
        self.env["dms.prepayment.line"].sudo().create(
            {
                "partner_id": order.dealer_id.id,
                "company_id": company.id,
                "line_type": "release",
                "amount": amount,
                "sale_order_id": order.id,
                "name": label,
            }
        )
        order.invalidate_recordset(["dms_prepaid_amount", "dms_prepaid_applied"])
        return entry

    def _dms_prepayment_reconcile(self, entries, receivable):
        """Reconcile the open receivable debit of give-back ``entries`` with this credit note."""
        for account in receivable.account_id:
            lines = entries.line_ids.filtered(
                lambda line, a=account: line.account_id == a and not line.reconciled and line.debit
            )
            if lines:
                (
                    lines | receivable.filtered(lambda line, a=account: line.account_id == a and not line.reconciled)
                ).reconcile()
        return True
