# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What dms_portal posts is written in the language of whoever reads it, not of whoever acted."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestReaderLanguage(DmsPortalMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls.env = cls.env["base"].with_context(tracking_disable=True).env
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dms_portal"], ["zh_CN"])
        # the dealer works in Chinese, finance in English
        cls.dist_a.lang = "zh_CN"
        cls.portal_a_user.lang = "zh_CN"
        cls.user_finance.lang = "en_US"
        cls.Statement = cls.env["dms.dealer.statement"]

    def _statement(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.dist_a.id,
                "invoice_date": date(2026, 11, 5),
                "date": date(2026, 11, 5),
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "quantity": 1, "price_unit": 500.0, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        start, end = self.Statement._dms_parse_period(month="2026-11")
        return self.Statement.with_user(self.user_finance)._dms_generate_on_demand(self.dist_a, start, end, send=True)

    def test_dispute_goes_to_finance_in_english_and_the_answer_to_the_dealer_in_chinese(self):
        statement = self._statement()
        line = statement.line_ids.filtered(lambda record: record.kind == "invoice")
        # the dealer disputes in a Chinese session: finance's activity is in English
        statement.with_user(self.portal_a_user).with_context(lang="zh_CN").sudo()._dms_dispute_lines(line, "价格不对")
        activity = statement.activity_ids.filtered(lambda act: act.user_id == self.user_finance)
        self.assertIn("Statement line disputed by", activity.summary)
        # finance answers in an English session: the dealer reads the answer in Chinese
        statement.with_user(self.user_finance).with_context(lang="en_US")._dms_resolve_line(
            line, "reject", reason="Price list of November"
        )
        answers = statement.message_ids.filtered(lambda msg: "Price list of November" in (msg.body or ""))
        self.assertTrue(answers.filtered(lambda msg: "的异议已驳回" in msg.body), answers.mapped("body"))
        self.assertFalse(answers.filtered(lambda msg: "Dispute on" in msg.body))

    def test_payment_reminder_in_the_dealer_language(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.dist_a.id,
                "invoice_date_due": fields.Date.context_today(self.env["account.move"]) + timedelta(days=3),
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "quantity": 1, "price_unit": 80.0, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.env["account.move"].with_context(lang="en_US")._cron_dms_payment_reminders()
        reminder = invoice.message_ids.filtered(lambda msg: invoice.name in (msg.body or "") and msg.partner_ids)
        self.assertTrue(reminder)
        self.assertNotIn("Reminder", reminder[0].body)
