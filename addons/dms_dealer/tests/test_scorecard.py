# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools import scoring
from .test_target import DmsKpiCommon

WEIGHTS = {"attainment": 40, "growth": 20, "punctuality": 25, "return": 15}


@tagged("post_install", "-at_install")
class TestScoringTools(BaseCase):
    def test_kpi_scores(self):
        self.assertEqual(scoring.attainment_pct(80, 100), 80)
        self.assertIsNone(scoring.attainment_pct(80, 0))
        self.assertEqual(scoring.attainment_score(130), 100)
        self.assertEqual(scoring.growth_pct(120, 100), 20)
        self.assertIsNone(scoring.growth_pct(120, 0))
        self.assertEqual(scoring.growth_score(20), 70)
        self.assertEqual(scoring.growth_score(-80), 0)
        self.assertEqual(scoring.growth_score(None, current=10, previous=0), 100)
        self.assertIsNone(scoring.growth_score(None, current=0, previous=0))
        self.assertEqual(scoring.punctuality_pct(3, 4), 75)
        self.assertIsNone(scoring.punctuality_pct(0, 0))
        self.assertEqual(scoring.return_rate_pct(-10, 100), 10)
        self.assertEqual(scoring.return_score(10, 20), 50)
        self.assertEqual(scoring.return_score(30, 20), 0)
        self.assertEqual(scoring.return_score(0, 20), 100)

    def test_weights(self):
        scoring.check_weights(WEIGHTS)
        with self.assertRaises(ValueError):
            scoring.check_weights({**WEIGHTS, "return": 16})
        with self.assertRaises(ValueError):
            scoring.check_weights({"attainment": 120, "growth": -20})

    def test_weighted_total_renormalises_missing_kpis(self):
        scores = {"attainment": 100, "growth": 50, "punctuality": 80, "return": 100}
        self.assertEqual(scoring.weighted_total(scores, WEIGHTS), 40 + 10 + 20 + 15)
        # no target: the three other weights (60) are scaled to 100
        self.assertEqual(
            scoring.weighted_total({**scores, "attainment": None}, WEIGHTS), round((10 + 20 + 15) / 0.6, 2)
        )
        self.assertIsNone(scoring.weighted_total(dict.fromkeys(scores), WEIGHTS))

    def test_propose_level(self):
        thresholds = [("S", 80), ("C", 50), ("R", 0)]
        self.assertEqual(scoring.propose_level(85, thresholds), "S")
        self.assertEqual(scoring.propose_level(80, thresholds), "S")
        self.assertEqual(scoring.propose_level(79.99, thresholds), "C")
        self.assertEqual(scoring.propose_level(3, thresholds), "R")
        self.assertIsNone(scoring.propose_level(3, [("S", 80)]))
        self.assertIsNone(scoring.propose_level(None, thresholds))

    def test_compute_scorecard(self):
        result = scoring.compute_scorecard(
            {
                "actual": 1200,
                "target": 1000,
                "previous": 1000,
                "on_time": 1,
                "due": 2,
                "invoiced": 1200,
                "refunded": 120,
            },
            WEIGHTS,
            [("S", 80), ("C", 50)],
            return_tolerance=20,
        )
        self.assertEqual(result["scores"], {"attainment": 100, "growth": 70, "punctuality": 50, "return": 50})
        self.assertEqual(result["total"], 40 + 14 + 12.5 + 7.5)
        self.assertEqual(result["level"], "C")


@tagged("post_install", "-at_install")
class TestScorecard(DmsKpiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["dms.scorecard.template"].create(
            {
                "name": "Test Scorecard",
                "period_type": "quarter",
                "line_ids": [
                    Command.create({"level_id": cls.level_strategic.id, "min_score": 80}),
                    Command.create({"level_id": cls.level_core.id, "min_score": 50}),
                    Command.create({"level_id": cls.level_regular.id, "min_score": 0}),
                ],
            }
        )
        Score = cls.env["dms.dealer.score"]
        cls.p_from, cls.p_to = Score._dms_last_closed_period("quarter")
        # invoices fall due on their date
        (cls.sub_a | cls.dist_b).property_payment_term_id = cls.env.ref("account.account_payment_term_immediate")

    def _pay(self, invoice, pay_date):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": pay_date}
        )._create_payments()

    def _score(self, partners=None):
        self.env["dms.dealer.score"]._dms_compute_for_template(self.template, self.p_from, self.p_to)
        return self.env["dms.dealer.score"].search(
            [
                ("template_id", "=", self.template.id),
                ("date_from", "=", self.p_from),
                ("partner_id", "in", (partners or self.sub_a).ids),
            ]
        )

    def test_weights_must_sum_to_100(self):
        with self.assertRaisesRegex(ValidationError, "sum to 100"):
            self.template.weight_growth = 30
        with self.assertRaises(ValidationError):
            self.env["dms.scorecard.template"].create(
                {
                    "name": "Bad",
                    "weight_attainment": 50,
                    "weight_growth": 50,
                    "weight_punctuality": 10,
                    "weight_return": 0,
                }
            )
        self.template.write({"weight_growth": 30, "weight_return": 5})
        self.assertEqual(self.template.weight_total, 100)

    def test_only_hq_sets_weights(self):
        for user in (self.user_region_east, self.user_rep_a, self.user_finance):
            with self.assertRaises(AccessError, msg=user.login):
                self.template.with_user(user).write({"weight_growth": 30, "weight_return": 5})
            with self.assertRaises(AccessError, msg=user.login):
                self.template.line_ids[:1].with_user(user).min_score = 90
        self.assertEqual(self.template.with_user(self.user_rep_a).weight_growth, 20, "everyone reads the weights")
        self.template.with_user(self.user_hq).write({"weight_growth": 30, "weight_return": 5})
        self.assertEqual(self.template.weight_growth, 30)

    def test_each_change_makes_a_version(self):
        v1 = self.template.version_id
        self.assertEqual(v1.version, 1)
        self.assertEqual(
            v1.thresholds,
            {str(self.level_strategic.id): 80, str(self.level_core.id): 50, str(self.level_regular.id): 0},
        )
        self.template.write({"weight_growth": 30, "weight_return": 5})
        v2 = self.template.version_id
        self.assertEqual(v2.version, 2)
        self.assertEqual((v1.weight_growth, v2.weight_growth), (20, 30))
        self.template.line_ids.filtered(lambda line: line.level_id == self.level_strategic).min_score = 90
        self.assertEqual(self.template.version_id.version, 3)
        self.assertEqual(self.template.version_id.thresholds[str(self.level_strategic.id)], 90)
        self.template.name = "Renamed"  # not a scoring change
        self.assertEqual(self.template.version_count, 3)
        with self.assertRaises(UserError):
            v1.weight_growth = 50

    def test_a_client_context_cannot_skip_versioning(self):
        # the internal "no version" mark is an object a client cannot send; its text is not it
        forged = self.template.with_user(self.user_hq).with_context(dms_scorecard_no_version="dms_scorecard_no_version")
        forged.write({"weight_growth": 30, "weight_return": 5})
        self.assertEqual(self.template.version_id.version, 2)
        self.template.with_user(self.user_hq).with_context(dms_scorecard_no_version=True).line_ids[:1].min_score = 85
        self.assertEqual(self.template.version_id.version, 3)

    def test_score_kpis_and_strategic_proposal_needs_hq(self):
        """sub_a (core): on target, growing, pays on time, no returns -> strategic, approved by HQ only."""
        self.env["dms.dealer.target"].create(
            {"partner_id": self.sub_a.id, "period_type": "quarter", "period_date": self.p_from, "amount": 400}
        )
        last_year = self.p_from.replace(year=self.p_from.year - 1)
        self._invoice(self.sub_a, [self.product_tea] * 2, last_year)
        inv1 = self._invoice(self.sub_a, [self.product_tea] * 3, self.p_from)
        inv2 = self._invoice(self.sub_a, [self.product_tea], self.p_from + timedelta(days=1))
        self._pay(inv1, self.p_from)
        self._pay(inv2, self.p_from + timedelta(days=1))
        score = self._score()
        self.assertEqual(len(score), 1)
        self.assertRecordValues(
            score,
            [
                {
                    "actual_amount": 400.0,
                    "previous_amount": 200.0,
                    "target_amount": 400.0,
                    "attainment_pct": 100.0,
                    "growth_pct": 100.0,
                    "punctuality_pct": 100.0,
                    "return_rate_pct": 0.0,
                    "due_count": 2,
                    "on_time_count": 2,
                    "total_score": 100.0,
                    "current_level_id": self.level_core.id,
                    "proposed_level_id": self.level_strategic.id,
                    "state": "proposed",
                    "version_id": self.template.version_id.id,
                }
            ],
        )
        self.assertTrue(score.requires_hq)
        with self.assertRaisesRegex(AccessError, "HQ manager"):
            score.with_user(self.user_region_east).action_approve()
        with self.assertRaises(AccessError):
            score.with_user(self.user_rep_a).action_approve()
        self.assertEqual(self.sub_a.dealer_level_id, self.level_core, "nothing changed")
        score.with_user(self.user_hq).action_approve()
        self.assertEqual(self.sub_a.dealer_level_id, self.level_strategic)
        self.assertEqual(score.state, "approved")
        self.assertEqual(score.decided_by_id, self.user_hq)
        with self.assertRaises(UserError):
            score.with_user(self.user_hq).action_approve()

    def test_late_payment_and_returns_lower_score_region_manager_decides(self):
        """dist_b (core): late payer with returns -> regular; only the West manager decides."""
        inv = self._invoice(self.dist_b, [self.product_water] * 10, self.p_from)
        self._invoice(self.dist_b, [self.product_water] * 2, self.p_from, move_type="out_refund")
        self._pay(inv, self.p_from + timedelta(days=20))
        score = self._score(self.dist_b)
        self.assertRecordValues(
            score,
            [
                {
                    "due_count": 1,
                    "on_time_count": 0,
                    "punctuality_pct": 0,
                    "return_rate_pct": 20,
                    "return_score": 0,
                    "attainment_measured": False,
                    "growth_measured": True,
                    "growth_score": 100,
                }
            ],
        )
        # no target: attainment left out, weights rescaled: (20*100 + 25*0 + 15*0) / 60
        self.assertAlmostEqual(score.total_score, 33.33)
        self.assertEqual(score.proposed_level_id, self.level_regular)
        self.assertFalse(score.requires_hq)
        with self.assertRaises(AccessError):
            score.with_user(self.user_region_east).action_approve()
        with self.assertRaises(AccessError):
            score.with_user(self.user_rep_b).action_reject()
        score.with_user(self.user_region_west).action_reject(note="Seasonal returns")
        self.assertEqual(score.state, "rejected")
        self.assertEqual(self.dist_b.dealer_level_id, self.level_core, "a rejected proposal keeps the level")
        self.assertEqual(score.decision_note, "Seasonal returns")
        # history stays: the cron does not score the same period again
        self.assertFalse(self.env["dms.dealer.score"]._dms_compute_for_template(self.template, self.p_from, self.p_to))
        self.assertEqual(len(self._score(self.dist_b)), 1)

    def test_past_score_recomputes_with_its_version(self):
        inv = self._invoice(self.dist_b, [self.product_water] * 10, self.p_from)
        self._pay(inv, self.p_from + timedelta(days=20))
        score = self._score(self.dist_b)
        v1, total_v1 = score.version_id, score.total_score
        self.template.write(
            {"weight_attainment": 10, "weight_growth": 10, "weight_punctuality": 70, "weight_return": 10}
        )
        score.action_recompute()
        self.assertEqual(score.version_id, v1)
        self.assertEqual(score.total_score, total_v1, "a past score comes out as it was")
        # a new period is scored with the new version
        before_from, before_to = self.env["dms.dealer.score"]._dms_last_closed_period("quarter", self.p_from)
        self.env["dms.dealer.score"]._dms_compute_for_template(self.template, before_from, before_to)
        new = self.env["dms.dealer.score"].search(
            [
                ("template_id", "=", self.template.id),
                ("date_from", "=", before_from),
                ("partner_id", "=", self.dist_b.id),
            ]
        )
        self.assertEqual(new.version_id, self.template.version_id)
        self.assertNotEqual(new.version_id, v1)

    def test_cron_scores_last_closed_period_once(self):
        self.env["dms.scorecard.template"]._cron_compute_scores()
        scores = self.env["dms.dealer.score"].search([("template_id", "=", self.template.id)])
        self.assertIn(self.dist_a, scores.partner_id)
        self.assertEqual(set(scores.mapped("date_from")), {self.p_from})
        self.env["dms.scorecard.template"]._cron_compute_scores()
        self.assertEqual(
            self.env["dms.dealer.score"].search_count([("template_id", "=", self.template.id)]), len(scores)
        )

    def test_score_visibility(self):
        score = self._score(self.dist_b)
        with self.assertRaises(AccessError):
            score.with_user(self.user_rep_a).read(["total_score"])
        self.assertTrue(score.with_user(self.user_rep_b).total_score >= 0)
        with self.assertRaises(AccessError):
            score.with_user(self.user_rep_b).action_recompute()
