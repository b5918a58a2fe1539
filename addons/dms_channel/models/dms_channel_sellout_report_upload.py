# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.dms_dealer.tools import spreadsheet

from ..tools import sellout_import

#: keys a line of :meth:`dms_api_report` may carry (anything else is refused by name)
API_LINE_KEYS = ("product_code", "product_id", "qty", "date", "store_name", "store_address", "store_zip")


class DmsChannelSelloutReport(models.Model):
    """Sell-out sent by the dealer itself: portal form, spreadsheet upload, JSON-RPC from its ERP.

    Every way checks all lines first (nothing is written while one is bad), then posts one report
    through :meth:`_receive_report`, keyed: a re-sent file or call returns the report already received.
    """

    _inherit = "dms.channel.sellout.report"

    # ------------------------------------------------------------------
    # The reporting dealer and what it may report
    # ------------------------------------------------------------------
    @api.model
    def _sellout_reporting_dealer(self):
        """The dealer of the calling portal user: the only dealer it reports for."""
        user = self.env.user
        if not user.has_group("dms_dealer.group_dms_portal_user"):
            raise AccessError(self.env._("Only a dealer's portal users report sell-out."))
        dealer = user.sudo().partner_id.commercial_partner_id
        if not dealer.dms_track_channel_stock:
            raise UserError(self.env._("%(dealer)s does not track channel stock.", dealer=dealer.display_name))
        return dealer

    @api.model
    def _sellout_products(self, dealer):
        """``({code: product id}, {product id: on hand}, products)`` the dealer may report.

        Its own channel stock (one query), and, when it may go negative, the saleable catalog.
        """
        self.env["dms.channel.stock"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT product_id, SUM(qty_on_hand) FROM dms_channel_stock WHERE dealer_id = %s GROUP BY product_id",
                dealer.id,
            )
        )
        on_hand = dict(rows)
        Product = self.env["product.product"].sudo()
        products = Product.browse(list(on_hand))
        if dealer.dms_allow_negative_stock:
            products |= Product.search([("sale_ok", "=", True), ("default_code", "!=", False)])
        by_code = {}
        for product in products:
            by_code[product.default_code or str(product.id)] = product.id
        return by_code, on_hand, products

    @api.model
    def _sellout_error_labels(self):
        return {
            sellout_import.UNKNOWN_PRODUCT: self.env._("unknown product code (not in your stock)"),
            sellout_import.BAD_QTY: self.env._("quantity must be a positive number"),
            sellout_import.BAD_DATE: self.env._("date must be YYYY-MM-DD, not in the future"),
            sellout_import.BEYOND_STOCK: self.env._("quantity beyond your stock on hand"),
            sellout_import.OUTSIDE_TERRITORY: self.env._(
                "store outside your territories (reported, an alert is raised)"
            ),
        }

    @api.model
    def _sellout_check(self, dealer, rows):
        """Checked rows (see :func:`sellout_import.check_rows`) plus the territory warnings."""
        by_code, on_hand, _products = self._sellout_products(dealer)
        checked = sellout_import.check_rows(
            rows,
            by_code,
            on_hand,
            allow_negative=dealer.dms_allow_negative_stock,
            today=fields.Date.context_today(self),
        )
        Alert = self.env["dms.order.alert"].sudo()
        outside = {}
        if dealer.sudo()._get_authorized_territories():
            for row in checked:
                zip_code = row["store_zip"]
                if zip_code and zip_code not in outside:
                    outside[zip_code] = bool(Alert._dms_address_outside(dealer, dealer.country_id, None, zip_code))
        for row in checked:
            if outside.get(row["store_zip"]):
                row["warnings"].append(sellout_import.OUTSIDE_TERRITORY)
        return checked

    @api.model
    def _sellout_post_checked(self, dealer, key, checked):
        """Post the checked rows as one report ``key``; refused while a row has an error."""
        self._sellout_raise_errors(checked)
        return self._receive_report(dealer, key, self._sellout_line_vals(dealer, checked))

    @api.model
    def _sellout_raise_errors(self, checked):
        """Refuse the whole report while a row has an error (nothing is written)."""
        if not checked:
            raise UserError(self.env._("The report has no line."))
        bad = [row for row in checked if row["errors"]]
        if bad:
            labels = self._sellout_error_labels()
            raise UserError(
                self.env._(
                    "Nothing was reported: fix these rows first: %(rows)s",
                    rows="; ".join(
                        f"{row['row']}: " + ", ".join(labels[code] for code in row["errors"]) for row in bad
                    ),
                )
            )

    @api.model
    def _sellout_line_vals(self, dealer, checked):
        """Values of the report lines of checked rows."""
        return [
            {
                "product_id": row["product_id"],
                "qty": row["qty"],
                "date": row["date"],
                "store_name": row["store_name"] or False,
                "store_address": row["store_address"] or False,
                "store_zip": row["store_zip"] or False,
                "store_country_id": dealer.country_id.id if row["store_zip"] else False,
            }
            for row in checked
        ]

    # ------------------------------------------------------------------
    # Spreadsheet upload
    # ------------------------------------------------------------------
    @api.model
    def _sellout_read_file(self, content, filename):
        """Rows ``[(row_number, {column: raw})]`` of an .xlsx / .xls sell-out file.

        Bytes are capped before reading, rows while streaming (the declared dimensions are not
        trusted): the shared reader of ``dms_dealer/tools/spreadsheet.py``.
        """
        name = (filename or "").lower()
        if not name.endswith((".xlsx", ".xls")):
            raise UserError(self.env._("Upload an .xlsx or .xls file."))
        try:
            table = spreadsheet.read_table(
                content, name, max_bytes=sellout_import.MAX_BYTES, max_rows=sellout_import.MAX_ROWS + 1
            )
        except spreadsheet.SpreadsheetError as error:
            if error.code == spreadsheet.TOO_LARGE:
                raise UserError(
                    self.env._("The file is too large (at most %(max)s KB).", max=sellout_import.MAX_BYTES // 1024)
                ) from None
            if error.code == spreadsheet.TOO_MANY_ROWS:
                raise UserError(
                    self.env._("The file has more than %(max)s rows: split it.", max=sellout_import.MAX_ROWS)
                ) from None
            raise UserError(self.env._("The file cannot be read as a spreadsheet.")) from None
        if not table:
            raise UserError(self.env._("The file is empty."))
        index, _unknown, _twice = spreadsheet.map_header(table[0], sellout_import.COLUMNS)
        missing = [key for key in sellout_import.REQUIRED_COLUMNS if key not in index]
        if missing:
            raise UserError(
                self.env._(
                    "The first row must name the columns; missing: %(columns)s.",
                    columns=", ".join(sellout_import.COLUMNS[key][0] for key in missing),
                )
            )
        return sellout_import.table_rows(table, index)

    @api.model
    def _sellout_preview_file(self, content, filename):
        """``(key, checked rows, already received report)`` of an upload by the calling dealer; writes nothing."""
        dealer = self._sellout_reporting_dealer()
        rows = self._sellout_read_file(content, filename)
        key = sellout_import.report_key(dealer.id, content)
        existing = self.sudo().search([("dealer_id", "=", dealer.id), ("report_key", "=", key)], limit=1)
        return key, self._sellout_check(dealer, rows), existing

    @api.model
    def _sellout_post_file(self, content, filename):
        """Post an upload of the calling dealer: ``(report, created)``; a re-sent file is not counted again."""
        dealer = self._sellout_reporting_dealer()
        key, checked, existing = self._sellout_preview_file(content, filename)
        if existing:
            if existing.sudo().state == "failed":
                # the same file sent again after a failed posting: posted again, in the background
                existing._sellout_requeue()
            return existing, False
        if len(checked) > self._sellout_async_rows():
            self._sellout_raise_errors(checked)
            return self._sellout_queue_file(dealer, key, content, filename, len(checked)), True
        return self._sellout_post_checked(dealer, key, checked)

    # ------------------------------------------------------------------
    # JSON-RPC for the dealer's own ERP
    # ------------------------------------------------------------------
    @api.model
    def dms_api_report(self, report_key, lines):
        """Report sell-out from the dealer's ERP, as its portal user (JSON-RPC ``call_kw``).

        ``lines``: list of dicts ``product_code`` (or ``product_id``), ``qty``, ``date`` (YYYY-MM-DD),
        ``store_name``, ``store_address``, ``store_zip``. Always for the caller's own dealer;
        idempotent by ``report_key``. Returns ``{"id", "report_key", "created", "qty_total"}``.
        """
        dealer = self._sellout_reporting_dealer()
        key = (report_key or "").strip() if isinstance(report_key, str) else ""
        if not key or len(key) > 128:
            raise UserError(self.env._("A sell-out report needs its key (at most 128 characters)."))
        if not isinstance(lines, (list, tuple)) or not lines:
            raise UserError(self.env._("The report has no line."))
        if len(lines) > sellout_import.MAX_API_LINES:
            raise UserError(self.env._("At most %(max)s lines per report.", max=sellout_import.MAX_API_LINES))
        existing = self.sudo().search([("dealer_id", "=", dealer.id), ("report_key", "=", key)], limit=1)
        if existing:
            return {"id": existing.id, "report_key": key, "created": False, "qty_total": existing.qty_total}
        by_code, _on_hand, _products = self._sellout_products(dealer)
        by_id = {str(pid): code for code, pid in by_code.items()}
        rows = []
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, dict):
                raise UserError(self.env._("Line %(line)s is not an object.", line=number))
            unknown = sorted(set(line) - set(API_LINE_KEYS))
            if unknown:
                raise UserError(
                    self.env._("Line %(line)s: unknown keys %(keys)s.", line=number, keys=", ".join(map(str, unknown)))
                )
            code = line.get("product_code")
            if not code and line.get("product_id"):
                # a product id outside the dealer's products is reported as unknown, like a bad code
                code = by_id.get(str(line["product_id"]), f"#{line['product_id']}")
            rows.append((number, dict(line, code=code)))
        checked = self._sellout_check(dealer, rows)
        report, created = self._sellout_post_checked(dealer, key, checked)
        return {"id": report.id, "report_key": report.report_key, "created": created, "qty_total": report.qty_total}
