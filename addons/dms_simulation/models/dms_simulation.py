# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Strategy simulation (策略模拟): a draft price policy, rebate policy or promotion applied to
the confirmed orders of a past period, before anyone approves it.

A run reads the period's orders batch by batch (``_dms_run_batch``: a fixed number of queries
per batch), stores one ``dms.simulation.order.line`` per order line (actual amount and the
scenario's amount), then ``_dms_finalize`` groups them per dealer, adds the rebate cost of the
baseline and of the scenario and writes the results. Small periods run on the button; large
ones are queued for the cron, which commits after every batch and resumes where it stopped.
Nothing of the scenario (the draft policy, the program) nor of the orders is ever written.
"""

import logging
import threading
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow
from odoo.addons.dms_rebate.tools import periods as period_tools

from ..tools import simulation as sim_tools

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

MANAGERS = ("dms_dealer.group_dms_hq_manager", "dms_pricing.group_dms_pricing_manager")
DEFAULT_SYNC_MAX_LINES = 5000
DEFAULT_BATCH_ORDERS = 500


class DmsSimulation(models.Model):
    _name = "dms.simulation"
    _description = "Strategy Simulation"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _workflow_protected_fields = ("last_order_id", "run_by_id", "run_date", "processed_line_count", "failure")
    _workflow_frozen_fields = (
        "company_id",
        "scenario_type",
        "price_policy_id",
        "rebate_policy_id",
        "program_id",
        "date_from",
        "date_to",
    )
    _workflow_editable_states = ("draft", "done", "failed")

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("queued", "Queued"), ("done", "Done"), ("failed", "Failed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    scenario_type = fields.Selection(
        [("price", "Draft Price Policy"), ("rebate", "Draft Rebate Policy"), ("promotion", "Promotion Program")],
        string="Scenario",
        required=True,
        default="price",
        tracking=True,
    )
    price_policy_id = fields.Many2one(
        "dms.price.policy",
        string="Draft Price Policy",
        check_company=True,
        tracking=True,
        domain="[('state', 'in', ('draft', 'to_approve')), ('company_id', '=', company_id)]",
    )
    rebate_policy_id = fields.Many2one(
        "dms.rebate.policy",
        string="Draft Rebate Policy",
        check_company=True,
        tracking=True,
        domain="[('state', 'in', ('draft', 'to_approve')), ('company_id', '=', company_id)]",
    )
    program_id = fields.Many2one(
        "loyalty.program",
        string="Promotion Program",
        check_company=True,
        tracking=True,
        context={"active_test": False},
        domain="[('program_type', 'in', ('promotion', 'buy_x_get_y')), ('company_id', 'in', (company_id, False))]",
        help="A promotion not active yet (archived, or starting later).",
    )
    period_type = fields.Selection(
        [("month", "Last Full Month"), ("quarter", "Last Full Quarter"), ("custom", "Custom")],
        string="Period",
        default="month",
        required=True,
    )
    date_from = fields.Date(required=True, default=lambda self: self._default_period()[0], tracking=True)
    date_to = fields.Date(required=True, default=lambda self: self._default_period()[1], tracking=True)
    line_ids = fields.One2many("dms.simulation.line", "simulation_id", string="Results", readonly=True)
    order_line_ids = fields.One2many(
        "dms.simulation.order.line", "simulation_id", string="Simulated Order Lines", readonly=True
    )
    last_order_id = fields.Integer(readonly=True, copy=False, help="Technical: the last order a queued run has done.")
    processed_line_count = fields.Integer(string="Order Lines Simulated", readonly=True, copy=False)
    run_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    run_date = fields.Datetime(string="Run On", readonly=True, copy=False)
    failure = fields.Text(readonly=True, copy=False)
    baseline_revenue = fields.Monetary(compute="_compute_totals", currency_field="currency_id")
    simulated_revenue = fields.Monetary(compute="_compute_totals", currency_field="currency_id")
    delta_revenue = fields.Monetary(string="Revenue Change", compute="_compute_totals", currency_field="currency_id")
    delta_revenue_pct = fields.Float(string="Revenue Change (%)", compute="_compute_totals", digits=(16, 2))
    baseline_margin = fields.Monetary(compute="_compute_totals", currency_field="currency_id")
    simulated_margin = fields.Monetary(compute="_compute_totals", currency_field="currency_id")
    delta_margin = fields.Monetary(string="Margin Change", compute="_compute_totals", currency_field="currency_id")
    delta_margin_pct = fields.Float(string="Margin Change (%)", compute="_compute_totals", digits=(16, 2))
    baseline_rebate = fields.Monetary(
        string="Baseline Rebate Cost", compute="_compute_totals", currency_field="currency_id"
    )
    simulated_rebate = fields.Monetary(
        string="Simulated Rebate Cost", compute="_compute_totals", currency_field="currency_id"
    )
    delta_rebate = fields.Monetary(string="Rebate Cost Change", compute="_compute_totals", currency_field="currency_id")
    delta_rebate_pct = fields.Float(string="Rebate Cost Change (%)", compute="_compute_totals", digits=(16, 2))

    @api.model
    def _default_period(self, period_type="month"):
        return sim_tools.last_full_period(fields.Date.context_today(self), period_type)

    @api.depends("line_ids")
    def _compute_totals(self):
        names = ("revenue", "margin", "rebate")
        for sim in self:
            for name in names:
                baseline = sum(sim.line_ids.mapped(f"baseline_{name}"))
                simulated = sum(sim.line_ids.mapped(f"simulated_{name}"))
                diff, pct = sim_tools.delta(baseline, simulated)
                sim[f"baseline_{name}"] = baseline
                sim[f"simulated_{name}"] = simulated
                sim[f"delta_{name}"] = diff
                sim[f"delta_{name}_pct"] = pct

    @api.onchange("period_type")
    def _onchange_period_type(self):
        if self.period_type in ("month", "quarter"):
            self.date_from, self.date_to = self._default_period(self.period_type)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for sim in self:
            if sim.date_from > sim.date_to:
                raise ValidationError(self.env._("The period of a simulation must start before it ends."))

    # ------------------------------------------------------------------ workflow
    def _workflow_transitions(self):
        return [
            workflow.Transition("run", ("draft", "done", "failed"), "done", MANAGERS, label=_lt("Run")),
            workflow.Transition("queue", ("draft", "done", "failed"), "queued", MANAGERS, label=_lt("Queue")),
            # the cron (system) ends a queued run
            workflow.Transition("finish", ("queued",), "done", MANAGERS, label=_lt("Finish")),
            workflow.Transition("fail", ("queued",), "failed", MANAGERS, label=_lt("Fail")),
            workflow.Transition("reset", ("queued", "done", "failed"), "draft", MANAGERS, label=_lt("Reset")),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name in ("run", "queue"):
            self._dms_check_scenario()
        return super()._workflow_check(transition, reason)

    def _dms_check_manager(self):
        """Only HQ and pricing managers run simulations (whatever the client sends)."""
        if self.env.su:
            return
        if not any(self.env.user.has_group(group) for group in MANAGERS):
            raise AccessError(self.env._("Only HQ and pricing managers can run strategy simulations."))

    def _dms_check_scenario(self):
        self.ensure_one()
        if self.scenario_type == "price":
            policy = self.price_policy_id
            if not policy:
                raise UserError(self.env._("Choose the draft price policy to simulate."))
            if policy.state not in ("draft", "to_approve"):
                raise UserError(
                    self.env._(
                        "Price policy %(policy)s is already approved: simulate a draft or a revision.",
                        policy=policy.display_name,
                    )
                )
        elif self.scenario_type == "rebate":
            policy = self.rebate_policy_id
            if not policy:
                raise UserError(self.env._("Choose the draft rebate policy to simulate."))
            if policy.state not in ("draft", "to_approve"):
                raise UserError(
                    self.env._(
                        "Rebate policy %(policy)s is already approved: simulate a draft or a revision.",
                        policy=policy.display_name,
                    )
                )
            policy._check_eligibility()
        else:
            program = self.program_id
            if not program:
                raise UserError(self.env._("Choose the promotion program to simulate."))
            today = fields.Date.context_today(self)
            if program.active and (not program.date_from or program.date_from <= today):
                raise UserError(
                    self.env._(
                        "Promotion %(program)s is already running: simulate a program that is archived "
                        "or starts later.",
                        program=program.display_name,
                    )
                )
            self._dms_promotion_reward()

    # ------------------------------------------------------------------ actions
    def action_run(self):
        """Run now when the period is small, else queue it for the background job."""
        self.ensure_one()
        self._dms_check_manager()
        self.check_access("write")
        if self.state == "queued":
            raise UserError(self.env._("This simulation is already running in the background."))
        self._dms_check_scenario()
        sim = self.sudo()  # the run writes results users may only read; rights were checked above
        if sim._dms_count_lines() > sim._dms_sync_max_lines():
            sim._dms_reset_results()
            self._workflow_apply("queue", vals={"run_by_id": self.env.uid, "run_date": fields.Datetime.now()})
            self.env.ref("dms_simulation.ir_cron_dms_simulation_run")._trigger()
            return True
        sim._dms_reset_results()
        while sim._dms_run_batch():
            pass
        sim._dms_finalize()
        return self._workflow_apply("run", vals={"run_by_id": self.env.uid, "run_date": fields.Datetime.now()})

    def action_reset(self):
        self._dms_check_manager()
        self._workflow_apply("reset")
        self.sudo()._dms_reset_results()
        return True

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_simulation.action_dms_simulation_line")
        action["domain"] = [("simulation_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_order_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_simulation.action_dms_simulation_order_line")
        action["domain"] = [("simulation_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_queued(self):
        if any(sim.state == "queued" for sim in self):
            raise UserError(self.env._("A queued simulation is running in the background: reset it first."))

    # ------------------------------------------------------------------ settings
    @api.model
    def _dms_int_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    @api.model
    def _dms_sync_max_lines(self):
        """Up to this many order lines a run happens on the button; above, in the background."""
        return self._dms_int_param("dms_simulation.sync_max_lines", DEFAULT_SYNC_MAX_LINES)

    @api.model
    def _dms_batch_orders(self):
        return max(1, self._dms_int_param("dms_simulation.batch_orders", DEFAULT_BATCH_ORDERS))

    # ------------------------------------------------------------------ reads
    def _dms_tz(self):
        """The calendar the period's days are read in: the time zone of whoever created the simulation
        (the same on the button and in the background job), UTC when unset."""
        return pytz.timezone(self.create_uid.tz or "UTC")

    def _dms_utc_bounds(self, date_from, date_to):
        """Naive UTC datetimes [start, end) of the days ``date_from`` to ``date_to`` in ``_dms_tz``."""
        tz = self._dms_tz()

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(date_to + timedelta(days=1))

    def _dms_period_bounds(self):
        self.ensure_one()
        return self._dms_utc_bounds(self.date_from, self.date_to)

    def _dms_order_where(self, after_order_id=0):
        start, end = self._dms_period_bounds()
        return SQL(
            """so.company_id = %s AND so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s
               AND so.id > %s""",
            self.company_id.id,
            start,
            end,
            after_order_id,
        )

    def _dms_flush(self):
        self.env["sale.order"].flush_model(["company_id", "state", "date_order", "partner_id", "currency_rate"])
        self.env["sale.order.line"].flush_model()

    def _dms_count_lines(self):
        self.ensure_one()
        self._dms_flush()
        rows = self.env.execute_query(
            SQL(
                """SELECT COUNT(*) FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
                    WHERE %s AND sol.display_type IS NULL AND sol.product_id IS NOT NULL""",
                self._dms_order_where(),
            )
        )
        return rows[0][0]

    def _dms_read_batch(self):
        """Rows of the order lines of the next batch of orders (by order id, after ``last_order_id``)."""
        self._dms_flush()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["uom.uom"].flush_model(["factor"])
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["uom_id"])
        return self.env.execute_query(
            SQL(
                """
                WITH orders AS (
                    SELECT so.id FROM sale_order so WHERE %(where)s ORDER BY so.id LIMIT %(limit)s
                )
                SELECT sol.id, so.id, so.date_order, so.partner_id, COALESCE(cp.commercial_partner_id, cp.id),
                       sol.product_id,
                       sol.product_uom_qty * COALESCE(puom.factor / NULLIF(luom.factor, 0), 1),
                       COALESCE(sol.discount, 0),
                       COALESCE(sol.price_subtotal, 0) / COALESCE(NULLIF(so.currency_rate, 0), 1),
                       sol.reward_id IS NOT NULL OR COALESCE(sol.is_downpayment, FALSE)
                           OR sol.combo_item_id IS NOT NULL,
                       pl.policy_id
                  FROM orders o
                  JOIN sale_order so ON so.id = o.id
                  JOIN sale_order_line sol ON sol.order_id = so.id
                  JOIN res_partner cp ON cp.id = so.partner_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN uom_uom luom ON luom.id = sol.product_uom
             LEFT JOIN uom_uom puom ON puom.id = pt.uom_id
             LEFT JOIN dms_price_policy_line pl ON pl.id = sol.dms_price_policy_line_id
                 WHERE sol.display_type IS NULL
              ORDER BY so.id, sol.id
                """,
                where=self._dms_order_where(self.last_order_id),
                limit=self._dms_batch_orders(),
            )
        )

    def _dms_read_dealers(self, partner_ids):
        """{commercial partner id: (region id, level id)} (region: the nearest region territory above)."""
        self.env["res.partner"].flush_model(["territory_id", "dealer_level_id"])
        self.env["dms.territory"].flush_model(["parent_id", "territory_type"])
        territories = self.env.execute_query(SQL("SELECT id, parent_id, territory_type FROM dms_territory"))
        parents = {tid: parent for tid, parent, _type in territories}
        types = {tid: ttype for tid, _parent, ttype in territories}
        rows = self.env.execute_query(
            SQL("SELECT id, territory_id, dealer_level_id FROM res_partner WHERE id = ANY(%s)", list(partner_ids))
        )
        return {
            pid: (sim_tools.region_of(territory_id, parents, types), level_id or False)
            for pid, territory_id, level_id in rows
        }

    # ------------------------------------------------------------------ run
    def _dms_reset_results(self):
        """Drop the results of a previous run (a re-run replaces them)."""
        self.ensure_one()
        for model in ("dms.simulation.order.line", "dms.simulation.line"):
            self.env[model].flush_model()
            table = self.env[model]._table
            # explicit domain: this simulation's own rows
            self.env.cr.execute(SQL("DELETE FROM %s WHERE simulation_id = %s", SQL.identifier(table), self.id))
            self.env[model].invalidate_model()
        self.invalidate_recordset(["line_ids", "order_line_ids"])
        self._workflow_write({"last_order_id": 0, "processed_line_count": 0, "failure": False})

    def _dms_run_batch(self):
        """Simulate the next batch of orders; False when none is left. A fixed number of queries."""
        self.ensure_one()
        rows = self._dms_read_batch()
        if not rows:
            return False
        company = self.company_id
        currency = company.currency_id
        pdata = self.env["dms.price.engine"].sudo()._read_products({row[5] for row in rows}, company)
        dealers = self._dms_read_dealers({row[4] for row in rows})
        details = []
        for row in rows:
            sol_id, order_id, date_order, _partner_id, dealer_id, product_id, qty, discount, amount, _skip, _pol = row
            region_id, level_id = dealers.get(dealer_id, (False, False))
            cost = currency.round((qty or 0.0) * pdata[product_id]["cost"])
            details.append(
                {
                    "simulation_id": self.id,
                    "company_id": company.id,
                    "sale_line_id": sol_id,
                    "order_id": order_id,
                    "date_order": date_order,
                    "partner_id": dealer_id,
                    "region_id": region_id,
                    "level_id": level_id,
                    "product_id": product_id,
                    "quantity": qty,
                    "discount": discount,
                    "baseline_amount": currency.round(amount),
                    "simulated_amount": currency.round(amount),
                    "baseline_cost": cost,
                    "simulated_cost": cost,
                    "changed": False,
                }
            )
        scenario = getattr(self, f"_dms_apply_{self.scenario_type}")
        scenario(rows, details, pdata)
        for vals in details:
            vals["delta_amount"] = currency.round(vals["simulated_amount"] - vals["baseline_amount"])
        self._dms_insert_details(details)
        self._workflow_write(
            {
                "last_order_id": max(row[1] for row in rows),
                "processed_line_count": self.processed_line_count + len(rows),
            }
        )
        return True

    def _dms_insert_details(self, details):
        """Insert the batch's order lines in one statement.

        The rows are the engine's own output (never a client's values) on a model users may only
        read; the ORM's create costs about 1 ms per row here (monetary rounding through the
        related currency), which is most of a large run."""
        Detail = self.env["dms.simulation.order.line"]
        names = [
            "simulation_id",
            "company_id",
            "sale_line_id",
            "order_id",
            "date_order",
            "partner_id",
            "region_id",
            "level_id",
            "product_id",
            "quantity",
            "discount",
            "baseline_amount",
            "simulated_amount",
            "delta_amount",
            "simulated_price",
            "baseline_cost",
            "simulated_cost",
            "changed",
            "explanation",
        ]
        now, uid = self.env.cr.now(), self.env.uid
        values = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [*(None if vals.get(name, False) is False else vals[name] for name in names), uid, now, uid, now]
                ),
            )
            for vals in details
        )
        self.env.execute_query(
            SQL(
                "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) VALUES %s",
                SQL.identifier(Detail._table),
                SQL(", ").join(SQL.identifier(name) for name in names),
                values,
            )
        )
        Detail.invalidate_model()

    def _dms_apply_rebate(self, rows, details, pdata):
        """A rebate policy changes no price: the orders stay as they are."""

    def _dms_apply_price(self, rows, details, pdata):
        """Reprice the lines the draft would price, through the engine (as if approved)."""
        company = self.company_id
        currency = company.currency_id
        policy = self.price_policy_id
        replaced = policy.previous_version_id.id
        todo = [i for i, row in enumerate(rows) if not row[9]]
        tz = self._dms_tz()
        items = [
            {
                "partner_id": rows[i][3],
                "product_id": rows[i][5],
                "qty": rows[i][6] or 0.0,
                "date": pytz.utc.localize(rows[i][2]).astimezone(tz).date(),
            }
            for i in todo
        ]
        results = self.env["dms.price.engine"]._dms_simulate_policy_prices(
            policy, items, company, self.date_from, self.date_to
        )
        for i, result in zip(todo, results, strict=True):
            row, vals = rows[i], details[i]
            from_draft = result and result["policy_id"] == policy.id
            # a line the revised version priced is repriced by whatever wins without it
            from_replaced = replaced and row[10] == replaced and result
            if not (from_draft or from_replaced):
                continue
            amount = currency.round(sim_tools.line_amount(result["price"], row[6], row[7]))
            vals.update(
                simulated_price=result["price"],
                simulated_amount=amount,
                changed=not currency.is_zero(amount - vals["baseline_amount"]),
                explanation=self.env._(
                    "Priced by %(policy)s line %(line)s",
                    policy=self.env["dms.price.policy"].sudo().browse(result["policy_id"]).display_name,
                    line=result["line_id"],
                ),
            )

    # ------------------------------------------------------------------ promotion
    def _dms_promotion_reward(self):
        """The program's reward the simulation applies (one per program), or raise when unsupported."""
        program = self.program_id
        rewards = program.reward_ids.filtered(
            lambda r: (
                r.reward_type == "product"
                or (r.reward_type == "discount" and r.discount_mode in ("percent", "per_order"))
            )
        )
        if not rewards or not program.rule_ids:
            raise UserError(
                self.env._(
                    "Promotion %(program)s cannot be simulated: it needs a rule and a discount (percentage or "
                    "fixed per order) or free-product reward.",
                    program=program.display_name,
                )
            )
        return rewards[0]

    def _dms_apply_promotion(self, rows, details, pdata):
        """Apply the program once to every order whose rule it meets and whose customer it targets."""
        program = self.program_id.sudo()
        reward = self._dms_promotion_reward().sudo()
        currency = self.company_id.currency_id
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        product_ids = list({row[5] for row in rows})
        rule_products = [
            (rule, set(Product.search(rule._get_valid_product_domain() + [("id", "in", product_ids)]).ids))
            for rule in program.rule_ids
        ]
        if reward.reward_type == "discount" and reward.discount_applicability == "specific":
            discountable = set(Product.search(reward._get_discount_product_domain() + [("id", "in", product_ids)]).ids)
        else:
            discountable = set(product_ids)
        partners = self.env["res.partner"].sudo().browse({row[4] for row in rows})  # the dealers (commercial)
        if program._targeting_is_set():
            targeted = set(partners.filtered_domain(program._targeting_partner_domain()).ids)
        else:
            targeted = set(partners.ids)
        free_cost = 0.0
        if reward.reward_type == "product":
            free_product = reward.reward_product_id or reward.reward_product_ids[:1]
            free_cost = (
                self.env["dms.price.engine"]
                .sudo()
                ._read_products(free_product.ids, self.company_id)[free_product.id]["cost"]
                * reward.reward_product_qty
                if free_product
                else 0.0
            )
        by_order = defaultdict(list)
        for i, row in enumerate(rows):
            if not row[9]:
                by_order[row[1]].append(i)
        label = self.env._("Promotion %(program)s", program=program.display_name)
        for indexes in by_order.values():
            if rows[indexes[0]][4] not in targeted:
                continue
            if not any(self._dms_rule_met(rule, products, rows, details, indexes) for rule, products in rule_products):
                continue
            if reward.reward_type == "product":
                first = details[indexes[0]]
                first["simulated_cost"] = currency.round(first["simulated_cost"] + free_cost)
                first.update(changed=True, explanation=label)
                continue
            lines = [i for i in indexes if rows[i][5] in discountable]
            base = sum(details[i]["baseline_amount"] for i in lines)
            if reward.discount_mode == "percent":
                if reward.discount_applicability == "cheapest" and lines:
                    cheapest = min(lines, key=lambda i: details[i]["baseline_amount"] / (rows[i][6] or 1.0))
                    unit = details[cheapest]["baseline_amount"] / (rows[cheapest][6] or 1.0)
                    discount = unit * reward.discount / 100.0
                    lines = [cheapest]
                else:
                    discount = base * reward.discount / 100.0
            else:
                discount = reward.discount
            if reward.discount_max_amount:
                discount = min(discount, reward.discount_max_amount)
            discount = min(discount, base)
            shares = sim_tools.spread(discount, [details[i]["baseline_amount"] for i in lines], currency.decimal_places)
            for i, share in zip(lines, shares, strict=True):
                details[i].update(
                    simulated_amount=currency.round(details[i]["baseline_amount"] - share),
                    changed=bool(share),
                    explanation=label,
                )

    def _dms_rule_met(self, rule, products, rows, details, indexes):
        qty = sum(rows[i][6] for i in indexes if rows[i][5] in products)
        amount = sum(details[i]["baseline_amount"] for i in indexes if rows[i][5] in products)
        return qty >= (rule.minimum_qty or 0) and qty > 0 and amount >= (rule.minimum_amount or 0.0)

    # ------------------------------------------------------------------ finalize
    def _dms_rebate_policy_sets(self):
        """(baseline policies, scenario policies): per policy family, the latest approved version
        valid in the period; the scenario swaps the draft rebate policy in."""
        self.ensure_one()
        Policy = self.env["dms.rebate.policy"].sudo().with_context(active_test=False)
        policies = Policy.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("approved", "active", "closed")),
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
            ],
            order="version desc, id desc",
        )
        latest = {}
        for policy in policies:
            latest.setdefault(policy.root_id.id, policy)
        baseline = Policy.union(*latest.values())
        scenario = baseline
        draft = self.rebate_policy_id.sudo() if self.scenario_type == "rebate" else Policy
        if draft:
            scenario = scenario.filtered(lambda p: p.root_id != draft.root_id) | draft
        return baseline, scenario

    def _dms_read_last_year_basis(self):
        """(partner, product, amount, quantity) of confirmed orders one year before the period."""
        last_from, last_to = period_tools.same_period_last_year(self.date_from, self.date_to)
        start, end = self._dms_utc_bounds(last_from, last_to)
        self._dms_flush()
        return self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(cp.commercial_partner_id, cp.id), sol.product_id,
                       SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)), SUM(sol.product_uom_qty)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner cp ON cp.id = so.partner_id
                 WHERE so.company_id = %s AND so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s
                   AND sol.display_type IS NULL AND sol.product_id IS NOT NULL
              GROUP BY 1, 2
                """,
                self.company_id.id,
                start,
                end,
            )
        )

    def _dms_rebate_costs(self):
        """({dealer id: baseline rebate}, {dealer id: simulated rebate}) over the period's basis."""
        Detail = self.env["dms.simulation.order.line"]
        groups = Detail._read_group(
            [("simulation_id", "=", self.id)],
            ["partner_id", "product_id"],
            ["baseline_amount:sum", "simulated_amount:sum", "quantity:sum"],
        )
        baseline_rows = [(p.id, prod.id, base, qty) for p, prod, base, _sim, qty in groups]
        simulated_rows = [(p.id, prod.id, sim, qty) for p, prod, _base, sim, qty in groups]
        baseline_policies, scenario_policies = self._dms_rebate_policy_sets()
        if not (baseline_policies or scenario_policies):
            return {}, {}
        pdata = self.env["dms.price.engine"].sudo()._read_products({row[1] for row in baseline_rows}, self.company_id)
        chains = {pid: data["info"].categ_chain for pid, data in pdata.items()}
        growth = (baseline_policies | scenario_policies).filtered(lambda p: p.basis == "growth")
        last_rows = self._dms_read_last_year_basis() if growth else []
        result = []
        for policies, rows in ((baseline_policies, baseline_rows), (scenario_policies, simulated_rows)):
            totals = defaultdict(float)
            for policy in policies:
                for partner_id, earned in policy._dms_simulate_rebates(rows, last_rows, chains).items():
                    totals[partner_id] += earned
            result.append(totals)
        return tuple(result)

    def _dms_finalize(self):
        """Group the simulated order lines per dealer, add the rebate cost, write the results."""
        self.ensure_one()
        currency = self.company_id.currency_id
        self.env["dms.simulation.line"].flush_model()
        self.env["dms.simulation.line"].search([("simulation_id", "=", self.id)]).unlink()
        Detail = self.env["dms.simulation.order.line"]
        Detail.flush_model()
        groups = Detail._read_group(
            [("simulation_id", "=", self.id)],
            ["partner_id", "region_id", "level_id"],
            [
                "order_id:count_distinct",
                "__count",
                "quantity:sum",
                "baseline_amount:sum",
                "simulated_amount:sum",
                "baseline_cost:sum",
                "simulated_cost:sum",
            ],
        )
        changed = dict(
            Detail._read_group([("simulation_id", "=", self.id), ("changed", "=", True)], ["partner_id"], ["__count"])
        )
        baseline_rebate, simulated_rebate = self._dms_rebate_costs()
        vals_list = []
        for partner, region, level, orders, count, qty, base_rev, sim_rev, base_cost, sim_cost in groups:
            vals = {
                "simulation_id": self.id,
                "company_id": self.company_id.id,
                "partner_id": partner.id,
                "region_id": region.id,
                "level_id": level.id,
                "order_count": orders,
                "line_count": count,
                "changed_line_count": changed.get(partner, 0),
                "quantity": qty,
                "baseline_cost": base_cost,
                "simulated_cost": sim_cost,
            }
            figures = {
                "revenue": (base_rev, sim_rev),
                "margin": (base_rev - base_cost, sim_rev - sim_cost),
                "rebate": (baseline_rebate.get(partner.id, 0.0), simulated_rebate.get(partner.id, 0.0)),
            }
            for name, (baseline, simulated) in figures.items():
                diff, pct = sim_tools.delta(baseline, simulated)
                vals.update(
                    {
                        f"baseline_{name}": currency.round(baseline),
                        f"simulated_{name}": currency.round(simulated),
                        f"delta_{name}": currency.round(diff),
                        f"delta_{name}_pct": pct,
                    }
                )
            vals["baseline_net"] = currency.round(vals["baseline_margin"] - vals["baseline_rebate"])
            vals["simulated_net"] = currency.round(vals["simulated_margin"] - vals["simulated_rebate"])
            vals["delta_net"] = currency.round(vals["simulated_net"] - vals["baseline_net"])
            vals_list.append(vals)
        self.env["dms.simulation.line"].create(vals_list)
        self.invalidate_recordset(["line_ids"])

    # ------------------------------------------------------------------ demo
    @api.model
    def _dms_demo_confirm_orders(self, order_ids, date_order):
        """Demo data only: confirm the demo orders and date them in the past (prices kept).

        Goes through the order's own confirmation (with the dealer-order review of dms_order when
        it is installed); an order its checks hold stays a quotation and the demo goes on."""
        orders = self.env["sale.order"].browse(order_ids)
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    if hasattr(order, "action_dms_submit"):
                        order.action_dms_submit()
                    order.action_confirm()
            except UserError as error:
                _logger.info("demo order %s not confirmed: %s", order.name, error)
        confirmed = orders.filtered(lambda o: o.state == "sale")
        self.env.flush_all()
        # the orders were priced when created; only their date moves into the simulated period
        self.env.cr.execute(SQL("UPDATE sale_order SET date_order = %s WHERE id = ANY(%s)", date_order, confirmed.ids))
        confirmed.invalidate_recordset(["date_order"])
        return True

    # ------------------------------------------------------------------ background
    @api.model
    def _cron_run_queued(self, limit=1, batches=None):
        """Run queued simulations batch by batch, committing after each one (resumable: a run
        stopped by a restart or timeout goes on from ``last_order_id``)."""
        queued = self.search([("state", "=", "queued")], order="id", limit=limit)
        commit = not getattr(threading.current_thread(), "testing", False)
        for sim in queued:
            sim = sim.sudo()
            try:
                done = 0
                while sim._dms_run_batch():
                    done += 1
                    if commit:
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    if batches and done >= batches:
                        break
                else:
                    sim._dms_finalize()
                    sim._workflow_as_system()._workflow_apply("finish")
            except Exception as error:  # noqa: BLE001 - a failed run is reported on the record
                _logger.exception("Strategy simulation %s failed", sim.id)
                if not commit:
                    raise
                self.env.cr.rollback()
                sim._workflow_as_system()._workflow_apply("fail", vals={"failure": str(error)})
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if self.search_count([("state", "=", "queued")], limit=1):
            self.env.ref("dms_simulation.ir_cron_dms_simulation_run")._trigger()
