# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request

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
        """``/zh_CN`` when this rendering's links are written in another language than the default one
        (what http_routing would redirect a bare ``/my`` URL to), else ``""``. No query per link: the
        languages are cached, the default language is read once per request."""
        context = self.env.context
        lang = context.get("lang")
        if not lang or context.get("inherit_branding") or context.get("edit_translations"):
            return ""
        if not request or not getattr(request, "is_frontend", False):
            return ""
        frontend = self.env["res.lang"]._get_frontend()
        if len(frontend) < 2 or lang not in frontend:
            return ""
        default = getattr(request, "_dms_default_lang", None)
        if default is None:
            default = request._dms_default_lang = self.env["ir.http"]._get_default_lang().code
        return "" if lang == default else "/" + frontend[lang].url_code
