# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_return_request_ids = fields.One2many("dms.return.request", "order_id", string="Return Requests")
    dms_return_count = fields.Integer(compute="_compute_dms_return_count", string="Returns")

    @api.depends("dms_return_request_ids")
    def _compute_dms_return_count(self):
        for order in self:
            order.dms_return_count = len(order.dms_return_request_ids)

    def _dms_returnable_lines(self):
        """``{sale line: returnable quantity}`` of the delivered goods of this order."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type != "service" and line.qty_delivered > 0
        )
        if not lines:
            return {}
        return self.env["dms.return.request.line"]._dms_returnable_of(lines)

    def action_dms_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_return.action_dms_return_request")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Receipt with discrepancies (短少 / 破损) opens a return request
    # ------------------------------------------------------------------
    def action_dms_confirm_receipt(self, signed_by, signature=None, discrepancies=None):
        """Sign for the receipt; ``discrepancies`` (``[{"sale_line_id", "qty", "kind", "note"}]``, kind
        ``shortage`` or ``damage``) open a submitted return request per kind, prefilled from them."""
        checked = self._dms_check_discrepancies(discrepancies) if discrepancies else []
        res = super().action_dms_confirm_receipt(signed_by, signature=signature)
        if checked:
            self._dms_open_discrepancy_requests(checked)
        return res

    def _dms_check_discrepancies(self, discrepancies):
        self.ensure_one()
        order = self.sudo()
        result = []
        for item in discrepancies:
            try:
                line_id = int(item.get("sale_line_id"))
                qty = float(item.get("qty") or 0.0)
            except (TypeError, ValueError):
                raise UserError(self.env._("A discrepancy needs an order line and a quantity.")) from None
            kind = item.get("kind")
            if kind not in ("shortage", "damage"):
                raise UserError(self.env._("A discrepancy is a shortage (短少) or damage (破损)."))
            line = order.order_line.filtered(lambda sl, lid=line_id: sl.id == lid)
            if not line:
                raise UserError(self.env._("The discrepancy names a line that is not on %(order)s.", order=order.name))
            if qty <= 0:
                continue
            reason = self.env["dms.return.reason"].sudo()._get_by_code(kind, order.company_id)
            if not reason:
                raise UserError(self.env._("No return reason is configured for %(kind)s.", kind=kind))
            result.append({"line": line, "qty": qty, "kind": kind, "reason": reason, "note": item.get("note") or ""})
        return result

    def _dms_open_discrepancy_requests(self, checked):
        self.ensure_one()
        Request = self.env["dms.return.request"]
        requests = Request
        for reason in {item["reason"] for item in checked}:
            items = [item for item in checked if item["reason"] == reason]
            notes = "; ".join(
                f"{item['line'].product_id.display_name}: {item['note']}" for item in items if item["note"]
            )
            # the signer was checked by super (own dealer); the request is the dealer's, created for it
            request = Request.sudo()._workflow_create(
                [
                    {
                        "order_id": self.id,
                        "reason_id": reason.id,
                        "request_type": "exchange" if reason.code == "shortage" else "refund",
                        "origin": self.env._("Receipt of %(order)s signed with a discrepancy", order=self.name),
                        "description": notes or False,
                        "line_ids": [
                            Command.create(
                                {"sale_line_id": item["line"].id, "qty": item["qty"], "discrepancy": item["kind"]}
                            )
                            for item in items
                        ],
                    }
                ]
            )
            request.action_submit()
            requests |= request
        # the signer's note on its own order (checked by super)
        self.sudo().message_post(
            body=self.env._(
                "Receipt signed with discrepancies: %(requests)s opened.", requests=", ".join(requests.mapped("name"))
            ),
            subtype_xmlid="mail.mt_note",
        )
        return requests
