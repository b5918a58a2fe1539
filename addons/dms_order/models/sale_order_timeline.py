# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class SaleOrder(models.Model):
    """The order's steps as shown in the back office and the portal."""

    _inherit = "sale.order"

    def _dms_get_timeline(self):
        """Steps of the order for the back office and the portal.

        Each step: ``{"key", "label", "done", "current", "date", "by", "note"}``.
        """
        self.ensure_one()
        order = self.sudo()
        _ = self.env._
        state = order.dms_state
        rank = {
            "draft": 0,
            "rejected": 1,
            "submitted": 1,
            "review": 2,
            "approved": 3,
            "credit_hold": 3,
            "confirmed": 4,
            "shipped": 5,
            "signed": 6,
            "cancel": -1,
        }[state]
        approvals = order.dms_approval_ids.filtered(lambda a: a.state != "cancelled")
        decided = approvals.filtered(lambda a: a.state in ("approved", "rejected")).sorted("decided_date")
        steps = [
            {
                "key": "submitted",
                "label": _("Submitted"),
                "done": rank >= 1,
                "current": state in ("submitted", "rejected"),
                "date": order.dms_submit_date or False,
                "by": order.dms_submit_uid.name or "",
                "note": "",
            },
            {
                "key": "review",
                "label": _("Review"),
                "done": rank >= 3,
                "current": state in ("review", "rejected"),
                "date": decided[-1:].decided_date or False,
                "by": ", ".join(decided.decided_uid.mapped("name")),
                "note": "; ".join(a.comment for a in decided if a.comment),
            },
            {
                "key": "approved",
                "label": _("Approved"),
                "done": rank >= 3,
                "current": state == "approved",
                "date": order.dms_approve_date or False,
                "by": "",
                "note": "",
            },
        ]
        if order.dms_credit_hold_date:
            steps.append(
                {
                    "key": "credit_hold",
                    "label": _("Credit Hold"),
                    "done": bool(order.dms_credit_release_date) or rank >= 4,
                    "current": state == "credit_hold",
                    "date": order.dms_credit_hold_date,
                    "by": order.dms_credit_release_uid.name or "",
                    "note": order.dms_credit_release_reason or order.dms_credit_hold_reason or "",
                }
            )
        steps.append(
            {
                "key": "confirmed",
                "label": _("Confirmed"),
                "done": rank >= 4,
                "current": state == "confirmed",
                "date": order.date_order if rank >= 4 else False,
                "by": order.user_id.name or "" if rank >= 4 else "",
                "note": "",
            }
        )
        pickings = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
        for picking in pickings.sorted("id"):
            reference = ""
            if "carrier_tracking_ref" in picking._fields:
                reference = picking.carrier_tracking_ref or ""
            steps.append(
                {
                    "key": f"delivery_{picking.id}",
                    "label": _("Delivery %(name)s", name=picking.name),
                    "done": picking.state == "done",
                    "current": False,
                    "date": picking.date_done or picking.scheduled_date or False,
                    "by": "",
                    "note": reference or picking.name,
                }
            )
        steps += [
            {
                "key": "shipped",
                "label": _("Shipped"),
                "done": rank >= 5,
                "current": state == "shipped",
                "date": order.dms_ship_date or False,
                "by": "",
                "note": "",
            },
            {
                "key": "signed",
                "label": _("Received"),
                "done": rank >= 6,
                "current": state == "signed",
                "date": order.dms_signed_date or False,
                "by": order.dms_signed_by_id.name or "",
                "note": "",
            },
        ]
        if state == "cancel":
            for step in steps:
                step["current"] = False
            steps.append(
                {
                    "key": "cancel",
                    "label": _("Cancelled"),
                    "done": True,
                    "current": True,
                    "date": False,
                    "by": "",
                    "note": "",
                }
            )
        return steps
