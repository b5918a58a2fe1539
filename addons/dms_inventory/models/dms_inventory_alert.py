# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import cover
from .dms_inventory_metrics import OUT_KINDS

KINDS = [
    (cover.SHORT, "Below Safety Stock"),
    (cover.OVERSTOCK, "Overstock"),
    (cover.SLOW, "Slow-moving"),
    (cover.EXPIRY, "Near Expiry (临期)"),
]
#: dealers read per batch by the alert scan
BATCH = 500


class DmsInventoryAlert(models.Model):
    """An open cover or expiry alert of a dealer on a product (or lot).

    Made and closed by the scan only (``_cron_scan``): one open alert per dealer, product, kind and
    lot (unique index), so a rerun raises nothing twice; its region manager gets one activity.
    The dealer sees its open alerts in the portal (``/my/inventory``).
    """

    _name = "dms.inventory.alert"
    _description = "Channel Inventory Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_first desc, id desc"
    _rec_name = "product_id"

    dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    dealer_path = fields.Char(related="dealer_id.dealer_path", store=True, index=True)
    territory_id = fields.Many2one(related="dealer_id.territory_id", store=True, string="Territory")
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    kind = fields.Selection(KINDS, string="Alert", required=True, readonly=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(string="Expiry Date", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    outflow = fields.Float(string="Trailing Outflow", digits="Product Unit of Measure", readonly=True)
    cover_weeks = fields.Float(string="Weeks of Cover", digits=(16, 1), readonly=True)
    threshold_id = fields.Many2one("dms.inventory.threshold", readonly=True)
    date_first = fields.Date(string="Raised On", readonly=True)
    date_last = fields.Date(string="Last Seen", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    active = fields.Boolean(default=True, readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dms_inventory_alert_open_uniq ON dms_inventory_alert "
                "(dealer_id, product_id, kind, (COALESCE(lot_name, '')), company_id) WHERE active"
            )
        )
        # the cover's trailing outflow (dms.inventory.metrics._cover_data) reads only the window of each
        # dealer's sell-through and sell-out moves, not its whole ledger (24 months and more)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dms_inventory_move_outflow_idx ON dms_channel_stock_move "
                "(dealer_id, date) INCLUDE (product_id, qty, company_id) WHERE kind IN %s",
                OUT_KINDS,
            )
        )

    # ------------------------------------------------------------------
    # Made by the scan only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Inventory alerts are raised by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"message_main_attachment_id", "activity_ids"}:
            raise AccessError(self.env._("Inventory alerts are changed by the system only."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("Inventory alerts are closed by the system only."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Scan
    # ------------------------------------------------------------------
    @api.model
    def _cron_scan(self):
        for company in self.env["res.company"].sudo().search([]):
            self.sudo().with_company(company)._scan(company)

    @api.model
    def _scan_dealer_ids(self, company):
        self.env["res.partner"].flush_model()
        return [
            r[0]
            for r in self.env.execute_query(
                SQL(
                    "SELECT id FROM res_partner WHERE is_dealer AND dms_track_channel_stock AND active "
                    "AND (company_id IS NULL OR company_id = %s) ORDER BY id",
                    company.id,
                )
            )
        ]

    @api.model
    def _scan(self, company, dealer_ids=None):
        """Raise the alerts of ``company`` (all its tracked dealers, by batch), close those gone.

        Returns ``(raised, closed)``.
        """
        Metrics = self.env["dms.inventory.metrics"]
        thresholds = self.env["dms.inventory.threshold"]._rows(company)
        if not thresholds:
            return self.browse(), self.browse()
        today = Metrics._today()
        window = company.dms_inventory_trailing_weeks or 8
        slow_max = max(t["slow_days"] for t in thresholds)
        expiry_max = max(t["expiry_days"] for t in thresholds)
        dealer_ids = self._scan_dealer_ids(company) if dealer_ids is None else list(dealer_ids)
        raised_ids, closed_ids = [], []
        for start in range(0, len(dealer_ids), BATCH):
            batch = dealer_ids[start : start + BATCH]
            data = Metrics._cover_data(batch, company, today, window, slow_max)
            lots = self._expiring_lots(batch, company, today + timedelta(days=expiry_max)) if expiry_max else []
            wanted = self._wanted(batch, data, lots, thresholds, today, window)
            new, gone = self._sync(batch, company, wanted, today)
            # one message per dealer and run: all of a dealer's alerts are in its batch
            new._notify_dealers()
            raised_ids += new.ids
            closed_ids += gone.ids
            # memory stays per batch: what the batch read does not pile up in the cache
            del data, lots, wanted, new, gone
            self.env.flush_all()
            self.env.invalidate_all()
        return self.browse(raised_ids), self.browse(closed_ids)

    @api.model
    def _expiring_lots(self, dealer_ids, company, until):
        return self.env.execute_query(
            SQL(
                """
                SELECT dealer_id, product_id, lot_name, expiration_date, qty_on_hand
                  FROM dms_channel_stock
                 WHERE dealer_id = ANY(%s) AND company_id = %s AND qty_on_hand > 0
                   AND expiration_date IS NOT NULL AND expiration_date <= %s
                """,
                dealer_ids,
                company.id,
                until,
            )
        )

    @api.model
    def _wanted(self, dealer_ids, data, lots, thresholds, today, window):
        """``{(dealer, product, kind, lot): vals}`` of the alerts that should be open now."""
        Metrics = self.env["dms.inventory.metrics"]
        dealers = Metrics._dealer_info(dealer_ids)
        products = Metrics._product_info({key[1] for key in data} | {lot[1] for lot in lots})
        memo = {}

        def threshold(dealer, product):
            key = (dealers[dealer]["level_id"], products[product]["categ_path"])
            if key not in memo:
                memo[key] = cover.pick_threshold(thresholds, *key)
            return memo[key]

        wanted = {}
        for (dealer, product), values in data.items():
            limit = threshold(dealer, product)
            if not limit:
                continue
            on_hand, outflow = values["on_hand"], values["outflow"]
            weeks = cover.weeks_of_cover(on_hand + values["in_transit"], outflow, window)
            base = {
                "qty_on_hand": on_hand,
                "outflow": outflow,
                "cover_weeks": weeks or 0.0,
                "threshold_id": limit["id"],
            }
            kind = cover.classify(on_hand, weeks, limit)
            if kind:
                wanted[(dealer, product, kind, "")] = base
            last_out_days = (today - values["last_out"]).days if values["last_out"] else None
            if cover.is_slow(on_hand, last_out_days, limit["slow_days"]):
                wanted[(dealer, product, cover.SLOW, "")] = base
        for dealer, product, lot, expiry, qty in lots:
            limit = threshold(dealer, product)
            if limit and cover.is_near_expiry((expiry - today).days, limit["expiry_days"]):
                wanted[(dealer, product, cover.EXPIRY, lot or "")] = {
                    "qty_on_hand": qty,
                    "expiration_date": expiry,
                    "threshold_id": limit["id"],
                }
        return wanted

    @api.model
    def _sync(self, dealer_ids, company, wanted, today):
        """Create the new alerts (with one activity each), refresh the open ones, close those gone.

        Set-based: one read of the open alerts of the batch, then one statement each to close, refresh
        and insert (``ON CONFLICT DO NOTHING`` on the open-alert index: a concurrent or repeated scan
        raises nothing twice). Only the new alerts go through the ORM again, for their activities.
        """
        self.flush_model()
        existing = {
            (dealer, product, kind, lot): alert_id
            for alert_id, dealer, product, kind, lot in self.env.execute_query(
                SQL(
                    "SELECT id, dealer_id, product_id, kind, COALESCE(lot_name, '') FROM dms_inventory_alert "
                    "WHERE active AND company_id = %s AND dealer_id = ANY(%s)",
                    company.id,
                    list(dealer_ids),
                )
            )
        }
        uid = self.env.uid
        gone_ids = sorted(alert_id for key, alert_id in existing.items() if key not in wanted)
        gone = self.browse(gone_ids)
        if gone_ids:
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", self._name), ("res_id", "in", gone_ids)]
            ).unlink()
            self.env.execute_query(
                SQL(
                    "UPDATE dms_inventory_alert SET active = false, write_uid = %s, "
                    "write_date = (now() AT TIME ZONE 'UTC') WHERE id = ANY(%s)",
                    uid,
                    gone_ids,
                )
            )
        seen = [(alert_id, wanted[key]) for key, alert_id in existing.items() if key in wanted]
        if seen:
            self.env.execute_query(
                SQL(
                    """
                    UPDATE dms_inventory_alert a
                       SET qty_on_hand = v.qty, outflow = v.outflow, cover_weeks = round(v.cover::numeric, 1),
                           threshold_id = v.threshold, expiration_date = v.expiry, date_last = %s,
                           write_uid = %s, write_date = (now() AT TIME ZONE 'UTC')
                      FROM unnest(%s::int[], %s::float8[], %s::float8[], %s::float8[], %s::int[], %s::date[])
                           AS v(id, qty, outflow, cover, threshold, expiry)
                     WHERE a.id = v.id
                    """,
                    today,
                    uid,
                    *self._sync_columns(seen, ("id",)),
                )
            )
        todo = [(key, vals) for key, vals in wanted.items() if key not in existing]
        new = self.browse()
        if todo:
            dealers, products, kinds, lots = (
                list(column) for column in zip(*(key for key, _vals in todo), strict=True)
            )
            rows = self.env.execute_query(
                SQL(
                    """
                    INSERT INTO dms_inventory_alert
                           (dealer_id, product_id, kind, lot_name, qty_on_hand, outflow, cover_weeks, threshold_id,
                            expiration_date, dealer_path, territory_id, date_first, date_last, company_id, active,
                            create_uid, create_date, write_uid, write_date)
                    SELECT v.dealer, v.product, v.kind, NULLIF(v.lot, ''), v.qty, v.outflow,
                           round(v.cover::numeric, 1), v.threshold, v.expiry, p.dealer_path, p.territory_id,
                           %s, %s, %s, true, %s, (now() AT TIME ZONE 'UTC'), %s, (now() AT TIME ZONE 'UTC')
                      FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[],
                                  %s::float8[], %s::float8[], %s::float8[], %s::int[], %s::date[])
                           AS v(dealer, product, kind, lot, qty, outflow, cover, threshold, expiry)
                      JOIN res_partner p ON p.id = v.dealer
                 ON CONFLICT (dealer_id, product_id, kind, (COALESCE(lot_name, '')), company_id) WHERE active
                 DO NOTHING
                 RETURNING id
                    """,
                    today,
                    today,
                    company.id,
                    uid,
                    uid,
                    dealers,
                    products,
                    kinds,
                    lots,
                    *self._sync_columns(todo, ()),
                )
            )
            new = self.browse(sorted(r[0] for r in rows))
        self.invalidate_model()
        if new:
            new._schedule_manager_activities()
        return new, gone

    @api.model
    def _sync_columns(self, items, head):
        """Arrays of ``[(first, vals)]`` for ``unnest``: ``head`` columns (the first item) then the values."""
        columns = [[first for first, _vals in items]] if head else []
        for name, default in (
            ("qty_on_hand", 0.0),
            ("outflow", 0.0),
            ("cover_weeks", 0.0),
            ("threshold_id", None),
            ("expiration_date", None),
        ):
            columns.append([vals.get(name, default) for _first, vals in items])
        return columns

    def _notify_dealers(self):
        """One message per dealer to its portal users (in their language) listing its new alerts.

        Sent through the dealer's partner like dms_payment's reminders: by e-mail or in the portal inbox,
        as each user chose. Companies that turned ``dms_inventory_alert_mail`` off send nothing.
        """
        if not self:
            return
        # one read of (alert, dealer) for the companies that notify, not the ORM record by record
        self.flush_recordset(["dealer_id", "company_id"])
        self.env["res.company"].flush_model(["dms_inventory_alert_mail"])
        dealer_of = dict(
            self.env.execute_query(
                SQL(
                    "SELECT a.id, a.dealer_id FROM dms_inventory_alert a JOIN res_company c ON c.id = a.company_id "
                    "WHERE a.id = ANY(%s) AND c.dms_inventory_alert_mail",
                    list(self.ids),
                )
            )
        )
        if not dealer_of:
            return
        ids_by_dealer = {}
        for alert_id in self.ids:  # the alerts' order, dealers in order of their first alert
            if alert_id in dealer_of:
                ids_by_dealer.setdefault(dealer_of[alert_id], []).append(alert_id)
        users = (
            self.env["res.users"]
            .sudo()
            .search([("partner_id.commercial_partner_id", "in", list(ids_by_dealer)), ("share", "=", True)])
        )
        if not users:
            return
        by_dealer = users.grouped(lambda u: u.partner_id.commercial_partner_id)
        Partner = self.env["res.partner"].with_prefetch(list(ids_by_dealer))
        for dealer_id, alert_ids in ids_by_dealer.items():
            dealer, dealer_alerts = Partner.browse(dealer_id), self.browse(alert_ids)
            for lang, lang_users in by_dealer.get(dealer, users.browse()).grouped(lambda u: u.lang or "en_US").items():
                mine = dealer_alerts.with_context(lang=lang)
                # queued (the mail queue job sends them), not sent inside the scan's transaction
                dealer.with_context(lang=lang, mail_notify_force_send=False).message_notify(
                    partner_ids=lang_users.partner_id.ids,
                    subject=mine.env._("Channel inventory: %(count)s new alert(s)", count=len(mine)),
                    body=mine._notify_body(),
                    email_layout_xmlid="mail.mail_notification_light",
                )

    def _notify_body(self, limit=20):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        items = []
        for alert in self[:limit]:
            product = alert.product_id.display_name
            if alert.lot_name:
                product = self.env._("%(product)s, lot %(lot)s", product=product, lot=alert.lot_name)
            items.append(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(kind)s: %(product)s, %(qty)s on hand",
                    kind=labels[alert.kind],
                    product=product,
                    qty=alert.qty_on_hand,
                )
            )
        more = (
            Markup("<p>%s</p>") % self.env._("… and %(count)s more.", count=len(self) - limit)
            if len(self) > limit
            else Markup()
        )
        return Markup('<p>%s</p><ul>%s</ul>%s<p><a href="/my/inventory">%s</a></p>') % (
            self.env._("New stock alerts for %(dealer)s:", dealer=self.dealer_id[:1].name),
            Markup().join(items),
            more,
            self.env._("See your channel inventory"),
        )

    def _schedule_manager_activities(self):
        """One To-Do for the region manager of each alert's dealer (dms_order's territory-manager lookup)."""
        if not self:
            return
        # one read of (alert, dealer, territory, product, kind); the ORM only for the alerts with a manager
        self.flush_recordset(["dealer_id", "product_id", "kind"])
        rows = self.env.execute_query(
            SQL(
                "SELECT a.id, a.dealer_id, p.territory_id, a.product_id, a.kind FROM dms_inventory_alert a "
                "JOIN res_partner p ON p.id = a.dealer_id WHERE a.id = ANY(%s) ORDER BY a.id",
                list(self.ids),
            )
        )
        territories = self.env["dms.territory"].browse({row[2] for row in rows if row[2]})
        managers = territories._dms_get_managers()
        rows = [row for row in rows if row[2] and managers.get(row[2])]
        if not rows:
            return
        dealers = self.env["res.partner"].browse({row[1] for row in rows})
        products = self.env["product.product"].browse({row[3] for row in rows})
        dealer_names = {dealer.id: dealer.display_name for dealer in dealers}
        product_names = {product.id: product.display_name for product in products}
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        labels = dict(self._fields["kind"]._description_selection(self.env))
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": alert_id,
                "activity_type_id": todo_type.id,
                "user_id": managers[territory_id].id,
                "summary": self.env._(
                    "%(kind)s: %(dealer)s, %(product)s",
                    kind=labels[kind],
                    dealer=dealer_names[dealer_id],
                    product=product_names[product_id],
                ),
            }
            for alert_id, dealer_id, territory_id, product_id, kind in rows
        ]
        if vals_list:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
