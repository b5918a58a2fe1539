# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.urls import url_encode

from odoo import Command, api, fields, models

#: activities listed in one digest e-mail; the rest are counted ("and 120 more") and in My Activities
DIGEST_MAX_ROWS = 50


class MailActivity(models.Model):
    _inherit = "mail.activity"

    dms_digest_pending = fields.Boolean(
        string="Waiting for the E-mail Digest",
        index=True,
        copy=False,
        groups="base.group_system",
        help="Assigned with an activity type e-mailed in a digest, not in the last digest yet.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the ORM checks a field's groups on read and write, not on create: the flag is the job's
        if any("dms_digest_pending" in vals for vals in vals_list):
            self.check_field_access_rights("write", ["dms_digest_pending"])
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals:
            # a reassigned activity is pending for its new user only if core would have e-mailed that user
            # (action_notify sets the flag again): not when it is reassigned to the one who reassigns it
            # sudo: clearing the job's flag of the activities the caller may write (those whose user changes:
            # writing the same user again changes nothing, and core notifies nobody then)
            self.sudo().filtered(lambda act: act.dms_digest_pending and act.user_id.id != vals["user_id"]).write(
                {"dms_digest_pending": False}
            )
        return super().write(vals)

    def action_notify(self):
        """E-mail the assignees, except activities of a type e-mailed in a digest: those wait for
        :meth:`_cron_send_digest`. Core calls this on creation and on reassignment only."""
        digest = self.filtered(lambda act: act.user_id and act.activity_type_id.dms_email_digest)
        if digest:
            # sudo: the caller just created or reassigned these activities; the flag is for the job
            digest.sudo().write({"dms_digest_pending": True})
        return super(MailActivity, self - digest).action_notify()

    @api.model
    def _cron_send_digest(self, batch_users=100):
        """Queue one e-mail per user listing the digest activities assigned to them since the last run.

        ``batch_users`` users are handled per call: their e-mails are created and their activities'
        flags cleared in the same transaction, so a crash sends nothing twice and loses nothing.
        Activities done, archived, unassigned or deleted before the run are not listed (the flag of
        those still there is cleared all the same); a reassigned one is listed for its new user.
        """
        self = self.sudo()  # noqa: PLW0642 - a scheduled job over every user's activities
        pending = self.with_context(active_test=False).search_fetch(
            [("dms_digest_pending", "=", True)], ["user_id", "active"], order="id"
        )
        if not pending:
            return True
        groups = list(pending.grouped("user_id").values())[:batch_users]
        batch = self.browse().union(*groups)
        to_send = batch.filtered(lambda act: act.active and act.user_id)
        if to_send:
            self.env["mail.mail"].create(self._prepare_digest_mail_vals_list(to_send))
        batch.write({"dms_digest_pending": False})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(pending) - len(batch))
        return True

    @api.model
    def _prepare_digest_mail_vals_list(self, activities):
        """One ``mail.mail`` per assignee of ``activities``, rendered in the assignee's language."""
        activities.fetch(["res_model", "res_id", "res_name", "summary", "date_deadline", "activity_type_id"])
        activities.user_id.fetch(["lang", "name", "partner_id", "company_id"])
        activities.activity_type_id.fetch(["name"])
        base_url = self.get_base_url()
        vals_list = []
        for user, user_activities in activities.grouped("user_id").items():
            env = self.with_context(lang=user.lang or self.env.lang).env
            count = len(user_activities)
            listed = user_activities.with_env(env).sorted(lambda act: (act.date_deadline, act.id))[:DIGEST_MAX_ROWS]
            body = env["ir.qweb"]._render(
                "dms_dealer.mail_activity_digest",
                {
                    "user": user.with_env(env),
                    "activities": listed,
                    "count": count,
                    "more": count - len(listed),
                    "base_url": base_url,
                    "url_encode": url_encode,
                },
                minimal_qcontext=True,
            )
            vals = {
                "subject": (
                    env._("%(count)s new activities assigned to you", count=count)
                    if count > 1
                    else env._("1 new activity assigned to you")
                ),
                "body_html": body,
                "recipient_ids": [Command.link(user.partner_id.id)],
                "auto_delete": True,
            }
            if user.company_id.email_formatted:
                vals["email_from"] = user.company_id.email_formatted
            vals_list.append(vals)
        return vals_list
