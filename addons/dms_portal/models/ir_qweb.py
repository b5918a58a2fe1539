# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools.links import is_portal_path

#: element -> the attribute holding a link
LINK_ATTRS = {"a": "href", "form": "action"}


class IrQweb(models.AbstractModel):
    """Portal links in the reader's language.

    Without the website addon nothing writes ``/zh_CN/`` into the portal's links, so every click of a
    dealer reading Chinese on ``/my/dms/...`` is answered by http_routing with a redirect to
    ``/zh_CN/my/dms/...``: one more round trip on a phone, one more wait in the workers' queue. Links to
    ``/my`` pages are written in the rendering's language instead (as the website addon does for its
    pages). Static attributes are rewritten once when the template is compiled; the compiled template
    is cached per language (``lang`` is one of its cache keys), so the rewrite depends on nothing else.
    """

    _inherit = "ir.qweb"

    def _post_processing_att(self, tagName, atts):
        atts = super()._post_processing_att(tagName, atts)
        name = LINK_ATTRS.get(tagName)
        if not name or not is_portal_path(atts.get(name)) or atts.get("data-no-post-process"):
            return atts
        prefix = self._dms_link_lang_prefix()
        if prefix:
            atts = dict(atts)
            atts[name] = prefix + atts[name]
        return atts

    def _dms_link_lang_prefix(self):
        """The language prefix of this rendering's portal links (``ir.http._dms_portal_lang_prefix``)."""
        context = self.env.context
        if context.get("inherit_branding") or context.get("edit_translations"):
            return ""
        return self.env["ir.http"]._dms_portal_lang_prefix(context.get("lang"))
