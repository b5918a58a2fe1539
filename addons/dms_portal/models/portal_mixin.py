# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tokens are the customer's.

``portal.mixin``'s ``access_token`` is a bearer credential mailed to the
document's customer: whoever holds it acts as the customer without a session
(``portal/controllers/portal.py:_document_check_access``). A dealer
administrator reads its downstream customers' documents through record rules;
it must never be handed their tokens, or it could log out and accept, sign,
confirm or post as them.

Field ``groups`` cannot say "the owner only", so the field is guarded in
``check_field_access_rights``, the one place every ORM read path goes through
(``read``/``web_read``/``search_read``, ``fetch``, lazy loading of a field,
domains, ``read_group``, export): a portal user reads ``access_token`` only on
records whose customer is its own commercial entity, never in a domain or a
grouping, and an RPC ``read`` without field names leaves it out. Pages shown to
someone else than the customer link to the document without token
(``get_portal_url``): the logged-in user's own rights decide there.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

#: documents whose token only their customer may see
DMS_TOKEN_MODELS = ("sale.order", "account.move", "dms.dealer.statement", "dms.dealer.agreement")


class PortalMixin(models.AbstractModel):
    _inherit = "portal.mixin"

    # its own prefetch group: loading another field of a document never loads the token with it
    access_token = fields.Char(prefetch="dms_portal_token")

    def _dms_token_guarded(self):
        return self._name in DMS_TOKEN_MODELS

    def _dms_token_owner(self):
        """Commercial entity of the customer the token of this document was made for."""
        self.ensure_one()
        # sudo: only the customer of one explicit record, to decide
        return self.sudo().partner_id.commercial_partner_id

    def _dms_token_hidden(self):
        """Whether the person behind the current call must not get this document's token.

        Internal users and a visitor without session (who can only have the token
        from the customer) are not concerned; a logged-in portal user gets the
        tokens of its own company's documents only.
        """
        self.ensure_one()
        if not self._dms_token_guarded():
            return False
        user = self.env["res.partner"]._dms_portal_acting_user()
        if not user.share or user._is_public():
            return False
        return user.partner_id.commercial_partner_id != self._dms_token_owner()

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not self._dms_token_filter():
            return super().check_field_access_rights(operation, field_names)
        if not field_names:
            # "all fields" never includes another party's credential
            return [
                name for name in super().check_field_access_rights(operation, field_names) if name != "access_token"
            ]
        if "access_token" in field_names and (
            operation != "read" or not self or any(record._dms_token_hidden() for record in self)
        ):
            raise AccessError(
                self.env._(
                    "The access token of %(document)s is its customer's: it cannot be read or searched here.",
                    document=self.env["ir.model"]._get(self._name).name,
                )
            )
        return super().check_field_access_rights(operation, field_names)

    def _dms_token_filter(self):
        """Whether this call reads tokens under the ownership rule (portal user, not sudo)."""
        return not self.env.su and self.env.user.share and self._dms_token_guarded()

    def _fetch_field(self, field):
        if field.name == "access_token" and self._dms_token_filter():
            # ``self`` is the requested record followed by its prefetch set: load the
            # tokens of the user's own documents only, refuse if the requested one is not
            if self[:1]._dms_token_hidden():
                self[:1].check_field_access_rights("read", [field.name])
            self = self.filtered(lambda record: not record._dms_token_hidden())
        return super()._fetch_field(field)

    def get_portal_url(self, suffix=None, report_type=None, download=None, query_string=None, anchor=None):
        self.ensure_one()
        if not self._dms_token_hidden():
            return super().get_portal_url(
                suffix=suffix, report_type=report_type, download=download, query_string=query_string, anchor=anchor
            )
        # the same url without the customer's token: the user's session decides what it may see
        params = "{}{}{}".format(
            f"&report_type={report_type}" if report_type else "",
            "&download=true" if download else "",
            query_string or "",
        )
        url = f"{self.access_url}{suffix or ''}"
        if params:
            url += "?" + params.lstrip("&")
        if anchor:
            url += f"#{anchor}"
        return url
