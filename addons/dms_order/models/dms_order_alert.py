# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import anomaly

ALERT_TYPES = [
    ("cross_territory", "Cross-territory Sale"),
    (anomaly.JUMP, "Run-rate Jump"),
    (anomaly.DROP, "Run-rate Drop"),
]


class DmsOrderAlert(models.Model):
    """窜货 and run-rate alerts, with the evidence that raised them."""

    _name = "dms.order.alert"
    _description = "Dealer Order Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, readonly=True)
    alert_type = fields.Selection(ALERT_TYPES, required=True, readonly=True, index=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("authorized", "Authorised"),
            ("violation", "Confirmed Violation"),
            ("dismissed", "Dismissed"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    dealer_territory_id = fields.Many2one("dms.territory", readonly=True, index=True, help="Territory of the dealer.")
    order_id = fields.Many2one("sale.order", readonly=True, index=True, ondelete="cascade")
    partner_shipping_id = fields.Many2one("res.partner", string="Ship-to Address", readonly=True)
    ship_address = fields.Text(string="Ship-to (as ordered)", readonly=True)
    matched_territory_id = fields.Many2one(
        "dms.territory", string="Ship-to Territory", readonly=True, help="Territory the ship-to address lies in."
    )
    authorized_territory_ids = fields.Many2many(
        "dms.territory",
        "dms_order_alert_authorized_territory_rel",
        "alert_id",
        "territory_id",
        string="Authorised Territories",
        readonly=True,
    )
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    period = fields.Char(readonly=True, help="Month (YYYY-MM) the run-rate anomaly was measured on.")
    evidence = fields.Text(readonly=True)
    resolution_note = fields.Text(tracking=True)
    resolved_uid = fields.Many2one("res.users", string="Resolved By", readonly=True)
    resolved_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "run_rate_unique",
            "UNIQUE(alert_type, dealer_id, product_id, period)",
            "A run-rate alert is raised once per dealer, product and month.",
        ),
    ]

    def _resolve(self, state, note):
        if not (self.env.su or self.env.user.has_group("dms_dealer.group_dms_region_manager")):
            raise AccessError(self.env._("Only regional managers, HQ or finance resolve alerts."))
        for alert in self:
            if alert.state != "new":
                raise UserError(self.env._("The alert %(alert)s is already resolved.", alert=alert.name))
        self.write(
            {
                "state": state,
                "resolution_note": note or False,
                "resolved_uid": self.env.uid,
                "resolved_date": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_authorize(self, note=None):
        """Allow the order despite the address (e.g. a documented exception)."""
        return self._resolve("authorized", note)

    def action_confirm_violation(self, note=None):
        return self._resolve("violation", note)

    def action_dismiss(self, note=None):
        return self._resolve("dismissed", note)

    # ------------------------------------------------------------------
    # Cross-territory
    # ------------------------------------------------------------------
    @api.model
    def _prepare_cross_territory_vals(self, order, matched, authorized):
        ship = order.partner_shipping_id
        dealer = order.dealer_id
        address = ship._display_address(without_company=False).strip()
        evidence = self.env._(
            "Order %(order)s of dealer %(dealer)s ships to %(address)s, which lies in %(matched)s; "
            "the dealer is authorised for: %(authorized)s.",
            order=order.name,
            dealer=dealer.display_name,
            address=address.replace("\n", ", "),
            matched=matched.complete_name,
            authorized=", ".join(authorized.mapped("complete_name")) or "-",
        )
        return {
            "name": self.env._("Cross-territory: %(order)s", order=order.name),
            "alert_type": "cross_territory",
            "company_id": order.company_id.id,
            "dealer_id": dealer.id,
            "dealer_territory_id": dealer.territory_id.id,
            "order_id": order.id,
            "partner_shipping_id": ship.id,
            "ship_address": address,
            "matched_territory_id": matched.id,
            "authorized_territory_ids": [fields.Command.set(authorized.ids)],
            "evidence": evidence,
        }

    def _notify_responsible(self):
        """Activity for the regional manager of the dealer's territory."""
        for alert in self:
            manager = alert.dealer_territory_id._dms_get_manager()
            if manager:
                alert.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=alert.name,
                    note=alert.evidence,
                )

    # ------------------------------------------------------------------
    # Run-rate anomalies
    # ------------------------------------------------------------------
    @api.model
    def _cron_detect_run_rate_anomalies(self, today=None):
        companies = self.env["res.company"].search([])
        for company in companies:
            self.with_company(company)._detect_run_rate_anomalies(company, today=today)
        return True

    @api.model
    def _detect_run_rate_anomalies(self, company, today=None):
        """Compare monthly quantities per dealer and product (one grouped query)."""
        today = today or fields.Date.context_today(self)
        month_start = today.replace(day=1)
        months = max(company.dms_anomaly_trailing_months + 1, 6)
        start = month_start - relativedelta(months=months)
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("display_type", "=", False),
                    ("dms_dealer_id.is_dealer", "=", True),
                    ("dms_order_date", ">=", datetime.datetime.combine(start, datetime.time.min)),
                    ("dms_order_date", "<", datetime.datetime.combine(month_start, datetime.time.min)),
                ],
                ["dms_dealer_id", "product_id", "dms_order_date:month"],
                ["product_uom_qty:sum"],
            )
        )
        month_keys = [(start + relativedelta(months=i)) for i in range(months)]
        series = {}
        for dealer, product, month, qty in groups:
            key = (dealer, product)
            series.setdefault(key, dict.fromkeys(month_keys, 0.0))
            if isinstance(month, datetime.datetime):
                month = month.date()
            series[key][month] = qty
        period = month_keys[-1].strftime("%Y-%m")
        existing = {
            (a.alert_type, a.dealer_id.id, a.product_id.id)
            for a in self.sudo().search_fetch(
                [
                    ("period", "=", period),
                    ("alert_type", "in", (anomaly.JUMP, anomaly.DROP)),
                    ("company_id", "=", company.id),
                ],
                ["alert_type", "dealer_id", "product_id"],
            )
        }
        vals_list = []
        for (dealer, product), by_month in series.items():
            quantities = [by_month[m] for m in month_keys]
            kind, facts = anomaly.detect(
                quantities,
                jump_factor=company.dms_anomaly_jump_factor,
                drop_ratio=company.dms_anomaly_drop_ratio,
                trailing_months=company.dms_anomaly_trailing_months,
                min_qty=company.dms_anomaly_min_qty,
            )
            if not kind or (kind, dealer.id, product.id) in existing:
                continue
            vals_list.append(self._prepare_run_rate_vals(company, dealer, product, kind, facts, month_keys, quantities))
        alerts = self.sudo().create(vals_list)
        alerts._notify_responsible()
        return alerts

    @api.model
    def _prepare_run_rate_vals(self, company, dealer, product, kind, facts, month_keys, quantities):
        label = dict(ALERT_TYPES)[kind]
        history = ", ".join(f"{m.strftime('%Y-%m')}: {q:g}" for m, q in zip(month_keys, quantities, strict=True))
        details = ", ".join(f"{k}={v:g}" for k, v in facts.items())
        return {
            "name": self.env._(
                "%(kind)s: %(dealer)s / %(product)s",
                kind=label,
                dealer=dealer.display_name,
                product=product.display_name,
            ),
            "alert_type": kind,
            "company_id": company.id,
            "dealer_id": dealer.id,
            "dealer_territory_id": dealer.territory_id.id,
            "product_id": product.id,
            "period": month_keys[-1].strftime("%Y-%m"),
            "evidence": self.env._("Monthly quantities: %(history)s. %(details)s", history=history, details=details),
        }
