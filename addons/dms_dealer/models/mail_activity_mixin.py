# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    def _dms_activity_done(self, act_type_xmlids, user_id=None):
        """The activities of these types on these records are done because their step was just taken.

        They are archived, as core keeps the done activities of a type that keeps them (``keep_done``:
        the activity view lists them with their done date), without core's "activity done" message: the
        step is in the chatter already, by whoever took it. Not unlinked: ``unlink`` invalidates the
        whole ORM cache of the transaction, and everything the rest of the request touches is read again
        (traced: an approval 74 -> 61 queries, a delivery 100 -> 80). The assignees' activity counters
        are told, as core tells them on unlink; the e-mail digest does not list them.

        An activity that is void rather than done (the order was changed, rejected or cancelled) is
        unlinked with core's ``activity_unlink``.
        """
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        activities = self.activity_search(act_type_xmlids, user_id=user_id)
        if not activities:
            return False
        activities.check_access("write")
        today = fields.Date.context_today(self)
        activities.filtered(lambda act: act.date_deadline <= today).user_id._bus_send(
            "mail.activity/updated", {"activity_deleted": True}
        )
        # sudo: the caller may write these activities (checked above); the digest's flag is the job's: a hand-off
        # done is not e-mailed (as a deleted one was not), and the job does not write it again while a request
        # closes others (two writers of one row: a serialization failure and a retry)
        activities.sudo().write({"active": False, "dms_digest_pending": False})
        return True
