# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools
from odoo.http import request

from ..tools.links import is_portal_path


class IrHttp(models.AbstractModel):
    """Redirects to portal pages in the reader's language.

    Without the website addon a redirect to a bare ``/my/...`` URL is answered by http_routing with a
    second redirect to ``/zh_CN/my/...`` for a dealer reading Chinese: one more request after every
    form. Every redirect of the portal's controllers (``request.redirect``) to a ``/my`` page goes to the
    language's URL at once; the portal's links are written the same way (``ir.qweb``).
    """

    _inherit = "ir.http"

    @classmethod
    def _redirect(cls, location, code=303):
        # the request's language (http_routing's), not the session's: a dealer switching to the default
        # language is redirected by http_routing from /en/my/... to /my/..., which must stay bare
        lang = request and getattr(request, "lang", None)
        if lang and is_portal_path(location):
            location = cls._dms_portal_lang_prefix(lang.code) + location
        return super()._redirect(location, code)

    @classmethod
    def _get_default_lang(cls):
        """http_routing reads the default language from ``ir.default`` on every page (two queries), and
        the portal's redirects and links ask again: the code is kept in the registry's cache, which
        ``ir.default`` clears in every worker whenever a default is set. With the website addon a
        website's own default language decides (its override), as before."""
        if not request or getattr(request, "website", None):
            return super()._get_default_lang()
        code = request.env["ir.http"]._dms_default_lang_code()
        if code:
            return request.env["res.lang"]._get_data(code=code)
        # no default set: http_routing's fallback, the first active language
        return next(iter(request.env["res.lang"]._get_active_by("code").values()))

    @api.model
    @tools.ormcache()
    def _dms_default_lang_code(self):
        # sudo: the global default of the partners' language, the one http_routing reads
        return self.env["ir.default"].sudo()._get("res.partner", "lang") or False

    @classmethod
    def _dms_portal_lang_prefix(cls, lang):
        """``/zh_CN`` when portal URLs in ``lang`` carry a language prefix (another frontend language than
        the default one: what http_routing would redirect a bare ``/my`` URL to), else ``""``. No query
        per call: the languages are cached, the answer is kept for the request."""
        if not lang or not request or not getattr(request, "is_frontend", False):
            return ""
        # once per language and request: a page writes it into each of its links
        prefixes = request.__dict__.setdefault("_dms_lang_prefixes", {})
        if lang not in prefixes:
            prefixes[lang] = cls._dms_compute_lang_prefix(lang)
        return prefixes[lang]

    @classmethod
    def _dms_compute_lang_prefix(cls, lang):
        frontend = request.env["res.lang"]._get_frontend()
        if len(frontend) < 2 or lang not in frontend:
            return ""
        return "" if lang == cls._get_default_lang().code else "/" + frontend[lang].url_code
