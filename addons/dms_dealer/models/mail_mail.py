# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

MAIL_QUEUE_CRON = "mail.ir_cron_mail_scheduler_action"


class MailMail(models.Model):
    """E-mails leave the user's request: they are queued and the mail queue job is woken at once.

    Odoo sends notification e-mails inside the request that caused them (after its commit, over SMTP),
    so an approval or a confirmation waits for the mail server. With ``mail.mail.force.send.limit`` at 0
    (``data/mail_data.xml``) every notification is queued instead; this wakes the queue's scheduled job
    (once per transaction) so the e-mails still go out within seconds, from the cron worker.
    """

    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        mails = super().create(vals_list)
        if any(mail.state == "outgoing" and not mail.scheduled_date for mail in mails):
            self._dms_wake_mail_queue()
        return mails

    @api.model
    def _dms_wake_mail_queue(self):
        data = self.env.cr.precommit.data
        if data.get("dms_dealer.mail_queue_woken"):
            return
        data["dms_dealer.mail_queue_woken"] = True
        cron = self.env.ref(MAIL_QUEUE_CRON, raise_if_not_found=False)
        if cron:
            # sudo: a trigger row for the mail queue job, whoever queued the e-mail
            cron.sudo()._trigger()
