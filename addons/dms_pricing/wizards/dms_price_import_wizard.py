# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dms_dealer.tools import spreadsheet

from ..tools import precedence

#: widest sheet read (columns beyond it are never materialised)
MAX_COLUMNS = 64

#: the columns the price importer knows, with the header names it accepts (lower case)
COLUMNS = {
    "customer": ("customer", "customer code", "客户", "客户编码"),
    "level": ("level", "dealer level", "等级"),
    "territory": ("territory", "territory code", "区域"),
    "sku": ("sku", "product", "internal reference", "产品编码"),
    "min_qty": ("min_qty", "min qty", "minimum quantity", "起订量"),
    "price": ("price", "fixed price", "价格"),
    "discount": ("discount", "discount %", "折扣"),
}


class DmsPriceImportWizard(models.TransientModel):
    _name = "dms.price.import.wizard"
    _description = "Import Price Policy Lines"

    policy_id = fields.Many2one("dms.price.policy", required=True, domain=[("state", "=", "draft")], ondelete="cascade")
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    state = fields.Selection([("upload", "Upload"), ("preview", "Preview"), ("done", "Imported")], default="upload")
    row_ids = fields.One2many("dms.price.import.row", "wizard_id", string="Rows")
    error_count = fields.Integer(compute="_compute_counts")
    valid_count = fields.Integer(compute="_compute_counts")

    @api.depends("row_ids.error")
    def _compute_counts(self):
        for wizard in self:
            wizard.error_count = len(wizard.row_ids.filtered("error"))
            wizard.valid_count = len(wizard.row_ids) - wizard.error_count

    # ------------------------------------------------------------------
    # Limits (system parameters)
    # ------------------------------------------------------------------
    def _get_limit(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(f"dms_pricing.{key}")
        try:
            return int(value) if value else default
        except ValueError:
            return default

    def _get_max_bytes(self):
        return self._get_limit("import_max_bytes", 5 * 1024 * 1024)

    def _get_max_unzipped_bytes(self):
        return self._get_limit("import_max_unzipped_bytes", 50 * 1024 * 1024)

    def _get_max_rows(self):
        return self._get_limit("import_max_rows", 50000)

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def _decode_file(self):
        """The uploaded bytes, refused by size before they are decoded."""
        self.ensure_one()
        encoded = self.file or b""
        max_bytes = self._get_max_bytes()
        if len(encoded) * 3 // 4 > max_bytes + 3:
            raise UserError(
                self.env._(
                    "The file is too big: at most %(max)s KB can be imported at once. Split it into several files.",
                    max=max_bytes // 1024,
                )
            )
        try:
            return base64.b64decode(encoded, validate=False)
        except ValueError as exc:
            raise UserError(self.env._("The uploaded file is damaged.")) from exc

    def _raise_too_many_rows(self, max_rows):
        raise UserError(
            self.env._(
                "The spreadsheet has more than %(max)s rows: split it into several files.",
                max=max_rows,
            )
        )

    def _read_rows(self):
        """[(row number, {column: raw value})] of the spreadsheet (first sheet, header on row 1)."""
        self.ensure_one()
        data = self._decode_file()
        name = (self.filename or "").lower()
        max_rows = self._get_max_rows()
        max_unzipped = self._get_max_unzipped_bytes()
        try:
            table = spreadsheet.read_table(
                data,
                name,
                # the encoded upload was capped already (_decode_file); this caps what it decodes to
                max_bytes=self._get_max_bytes() + 3,
                max_rows=max_rows + 1,
                max_columns=MAX_COLUMNS,
                max_unzipped_bytes=max_unzipped,
            )
        except spreadsheet.SpreadsheetError as exc:
            if exc.code == spreadsheet.TOO_MANY_ROWS:
                self._raise_too_many_rows(max_rows)
            if exc.code == spreadsheet.TOO_MANY_COLUMNS:
                raise UserError(self.env._("The spreadsheet has more than %(max)s columns.", max=MAX_COLUMNS)) from None
            if exc.code == spreadsheet.TOO_LARGE and exc.limit == max_unzipped:
                raise UserError(
                    self.env._(
                        "The spreadsheet unpacks into more than %(max)s MB: it cannot be imported.",
                        max=max_unzipped // (1024 * 1024),
                    )
                ) from None
            raise UserError(
                self.env._("The file could not be read as a spreadsheet (.xlsx or .xls): %(error)s", error=exc)
            ) from exc
        if not table:
            raise UserError(self.env._("The spreadsheet is empty."))
        index, unknown, twice = spreadsheet.map_header(table[0], COLUMNS)
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown column(s): %(columns)s. The importer knows: sku, price, discount, customer, level, "
                    "territory, min_qty. Rename or remove the other columns: nothing was imported.",
                    columns=", ".join(unknown),
                )
            )
        if twice:
            raise UserError(self.env._("Column(s) given twice: %(columns)s.", columns=", ".join(twice)))
        if "sku" not in index or not ({"price", "discount"} & set(index)):
            raise UserError(
                self.env._(
                    "The first row must name the columns: sku, and price or discount "
                    "(optional: customer, level, territory, min_qty)."
                )
            )
        rows = []
        for number, raw in enumerate(table[1:], start=2):
            if not any(v not in (None, "") for v in raw):
                continue
            rows.append((number, {k: (raw[i] if i < len(raw) else None) for k, i in index.items()}))
        return rows

    @staticmethod
    def _text(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    @staticmethod
    def _number(value):
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)):
            return float(value)
        return float(str(value).strip().replace(",", ""))

    # ------------------------------------------------------------------
    # Preview
    # ------------------------------------------------------------------
    def _prepare_rows_vals(self, rows):  # noqa: C901 - one check per documented error kind
        """Row values with their errors; all lookups batched (one search per kind)."""
        self.ensure_one()
        policy = self.policy_id
        texts = [{k: self._text(v) for k, v in raw.items()} for _n, raw in rows]
        codes = {t.get("customer") for t in texts if t.get("customer")}
        skus = {t.get("sku") for t in texts if t.get("sku")}
        levels = {t.get("level") for t in texts if t.get("level")}
        terrs = {t.get("territory") for t in texts if t.get("territory")}
        partners = (
            {
                p.ref: p
                for p in self.env["res.partner"].search_fetch(
                    [("ref", "in", list(codes)), ("is_company", "=", True)], ["ref"]
                )
            }
            if codes
            else {}
        )
        products = (
            {
                p.default_code: p
                for p in self.env["product.product"].search_fetch(
                    [("default_code", "in", list(skus))], ["default_code", "product_tmpl_id"]
                )
            }
            if skus
            else {}
        )
        level_map = (
            {lv.code: lv for lv in self.env["dms.dealer.level"].search_fetch([("code", "in", list(levels))], ["code"])}
            if levels
            else {}
        )
        terr_map = (
            {t.code: t for t in self.env["dms.territory"].search_fetch([("code", "in", list(terrs))], ["code"])}
            if terrs
            else {}
        )
        existing = {
            (line.partner_id.id, line.dealer_level_id.id, line.territory_id.id, line.product_id.id, line.min_qty)
            for line in policy.line_ids
        }
        seen = {}
        vals_list = []
        for (number, raw), text in zip(rows, texts, strict=True):
            errors = []
            vals = {
                "wizard_id": self.id,
                "row_number": number,
                "customer_code": text.get("customer", ""),
                "sku": text.get("sku", ""),
                "level_code": text.get("level", ""),
                "territory_code": text.get("territory", ""),
            }
            partner = partners.get(text.get("customer")) if text.get("customer") else None
            if text.get("customer") and not partner:
                errors.append(self.env._("unknown customer %(code)s", code=text["customer"]))
            level = level_map.get(text.get("level")) if text.get("level") else None
            if text.get("level") and not level:
                errors.append(self.env._("unknown dealer level %(code)s", code=text["level"]))
            terr = terr_map.get(text.get("territory")) if text.get("territory") else None
            if text.get("territory") and not terr:
                errors.append(self.env._("unknown territory %(code)s", code=text["territory"]))
            if partner and (level or terr):
                errors.append(self.env._("a customer price cannot also target a level or a territory"))
            product = products.get(text.get("sku")) if text.get("sku") else None
            if not text.get("sku"):
                errors.append(self.env._("SKU missing"))
            elif not product:
                errors.append(self.env._("unknown SKU %(sku)s", sku=text["sku"]))
            numbers = {}
            for key in ("min_qty", "price", "discount"):
                try:
                    numbers[key] = self._number(raw.get(key))
                except (TypeError, ValueError):
                    errors.append(self.env._("bad number in %(column)s: %(value)s", column=key, value=raw.get(key)))
                    numbers[key] = None
            price, discount, min_qty = numbers["price"], numbers["discount"], numbers["min_qty"] or 0.0
            if price is None and discount is None and not any("bad number" in e for e in errors):
                errors.append(self.env._("give a price or a discount"))
            if price is not None and price < 0:
                errors.append(self.env._("negative price"))
            if discount is not None and not (0 <= discount <= 100):
                errors.append(self.env._("discount must be between 0 and 100"))
            if min_qty < 0:
                errors.append(self.env._("negative minimum quantity"))
            key = (partner and partner.id, level and level.id, terr and terr.id, product and product.id, min_qty)
            if product:
                if key in seen:
                    errors.append(self.env._("duplicate of row %(row)s", row=seen[key]))
                elif (key[0] or False, key[1] or False, key[2] or False, key[3], min_qty) in existing:
                    errors.append(self.env._("the policy already has this line"))
                else:
                    seen[key] = number
            if product and price is not None and price >= 0:
                tmpl = product.product_tmpl_id
                floor = precedence.floor_price(
                    min_price=tmpl.dms_floor_price,
                    cost=product.sudo().standard_price,
                    margin=tmpl.categ_id._dms_get_min_margin(),
                    suggested_retail=tmpl.dms_suggested_retail_price,
                    end_customer=bool(policy.seller_id),
                )
                if floor:
                    floor = tmpl.currency_id._convert(floor, policy.currency_id, policy.company_id, fields.Date.today())
                    if price < floor - 0.005:
                        errors.append(
                            self.env._("price %(price)s under floor %(floor)s", price=price, floor=round(floor, 2))
                        )
            vals.update(
                {
                    "partner_id": partner and partner.id,
                    "product_id": product and product.id,
                    "dealer_level_id": level and level.id,
                    "territory_id": terr and terr.id,
                    "min_qty": min_qty,
                    "price": price or 0.0,
                    "discount": discount or 0.0,
                    "is_discount": price is None and discount is not None,
                    "error": "; ".join(errors),
                }
            )
            vals_list.append(vals)
        return vals_list

    def action_preview(self):
        self.ensure_one()
        if self.policy_id.state != "draft":
            raise UserError(self.env._("Lines can only be imported into a draft policy."))
        rows = self._read_rows()
        self.row_ids.unlink()
        self.env["dms.price.import.row"].create(self._prepare_rows_vals(rows))
        self.state = "preview"
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _prepare_policy_line_vals(self, row):
        return {
            "policy_id": self.policy_id.id,
            "product_id": row.product_id.id,
            "partner_id": row.partner_id.id,
            "dealer_level_id": row.dealer_level_id.id,
            "territory_id": row.territory_id.id,
            "min_qty": row.min_qty,
            "compute_price": "discount" if row.is_discount else "fixed",
            "fixed_price": 0.0 if row.is_discount else row.price,
            "discount": row.discount if row.is_discount else 0.0,
        }

    def _lock_policy(self):
        """One import of a policy at a time: a second one fails at once instead of waiting."""
        self.ensure_one()
        self.policy_id.check_access("write")
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM dms_price_policy WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        self.policy_id.id,
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable as exc:
            raise UserError(
                self.env._(
                    "An import of this policy is already running (%(policy)s). Try again when it is finished.",
                    policy=self.policy_id.display_name,
                )
            ) from exc

    def action_import(self):
        """All or nothing: any row in error blocks the whole import; one import per policy at a time."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(
                self.env._("This file was already imported into %(policy)s.", policy=self.policy_id.display_name)
            )
        self._lock_policy()
        # checked again under the lock: another import may have added lines since the preview
        self.action_preview()
        if not self.row_ids:
            raise UserError(self.env._("The spreadsheet has no data rows."))
        bad = self.row_ids.filtered("error")
        if bad:
            raise UserError(
                self.env._(
                    "%(count)s row(s) have errors; nothing was imported. First: row %(row)s: %(error)s",
                    count=len(bad),
                    row=bad[0].row_number,
                    error=bad[0].error,
                )
            )
        try:
            with self.env.cr.savepoint():
                lines = self.env["dms.price.policy.line"].create(
                    [self._prepare_policy_line_vals(row) for row in self.row_ids]
                )
                lines.flush_recordset()
        except psycopg2.errors.UniqueViolation as exc:
            raise UserError(
                self.env._(
                    "Some of these lines were just added to %(policy)s by another import: nothing was imported.",
                    policy=self.policy_id.display_name,
                )
            ) from exc
        self.state = "done"
        self.policy_id.message_post(
            body=self.env._("%(count)s lines imported from %(file)s.", count=len(lines), file=self.filename or "")
        )
        return self.policy_id.action_view_lines()


class DmsPriceImportRow(models.TransientModel):
    _name = "dms.price.import.row"
    _description = "Price Import Row"
    _order = "row_number"

    wizard_id = fields.Many2one("dms.price.import.wizard", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Row")
    customer_code = fields.Char()
    level_code = fields.Char()
    territory_code = fields.Char()
    sku = fields.Char(string="SKU")
    partner_id = fields.Many2one("res.partner", string="Customer")
    product_id = fields.Many2one("product.product")
    dealer_level_id = fields.Many2one("dms.dealer.level")
    territory_id = fields.Many2one("dms.territory")
    min_qty = fields.Float()
    price = fields.Float()
    discount = fields.Float()
    is_discount = fields.Boolean()
    error = fields.Char()
