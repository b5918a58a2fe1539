# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture: the dms_dealer network with accounting (dms_order's), a fund of 10 000 for ``dist_a``
and a regional fund of 20 000 for East, both around today."""

import base64
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.dms_order.tests.common import DmsOrderCommon

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class DmsMdfCommon(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        Budget = cls.env["dms.mdf.budget"]
        cls.budget_a = Budget.create(
            {
                "name": "Fund A",
                "partner_id": cls.dist_a.id,
                "date_from": cls.today - timedelta(days=90),
                "date_to": cls.today + timedelta(days=90),
                "amount": 10000.0,
            }
        )
        cls.budget_east = Budget.create(
            {
                "name": "East pool",
                "territory_id": cls.terr_east.id,
                "date_from": cls.today - timedelta(days=90),
                "date_to": cls.today + timedelta(days=90),
                "amount": 20000.0,
            }
        )

    @classmethod
    def _activity(cls, dealer=None, amount=5000.0, user=None, submit=True, days=(-10, -5), **vals):
        dealer = dealer or cls.dist_a
        user = user or cls.portal_a_user
        values = {
            "partner_id": dealer.id,
            "title": "Tasting",
            "activity_type": "tasting",
            "date_from": cls.today + timedelta(days=days[0]),
            "date_to": cls.today + timedelta(days=days[1]),
            "planned_amount": amount,
        }
        values.update(vals)
        activity = cls.env["dms.mdf.activity"].with_user(user).create(values)
        if submit:
            activity.action_submit()
        return activity.with_env(cls.env)

    @classmethod
    def _approved(cls, dealer=None, amount=5000.0, user=None, approver=None, **vals):
        activity = cls._activity(dealer=dealer, amount=amount, user=user, **vals)
        activity.with_user(approver or cls.user_region_east).action_approve()
        return activity

    @classmethod
    def _claim(cls, activity, amount, user=None, submit=True):
        user = user or cls.portal_a_user
        claim = cls.env["dms.mdf.claim"].with_user(user).create({"activity_id": activity.id, "amount": amount})
        photo = cls.env["ir.attachment"].create(
            {"name": "proof.png", "datas": base64.b64encode(PNG), "res_model": "dms.mdf.claim", "res_id": claim.id}
        )
        claim.sudo().attachment_ids = [Command.link(photo.id)]
        if submit:
            claim.action_submit()
        return claim.with_env(cls.env)

    @classmethod
    def _approved_claim(cls, activity, amount, **kw):
        claim = cls._claim(activity, amount, **kw)
        claim.with_user(cls.user_region_east).action_approve()
        return claim
