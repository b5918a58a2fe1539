# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class DmsPortalBranding(models.Model):
    _name = "dms.portal.branding"
    _description = "Dealer Portal Branding"
    _order = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Distributor",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_dealer", "=", True), ("dealer_parent_id", "=", False)],
        help="Top distributor whose downstream sees this branding.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    display_title = fields.Char(string="Portal Name", required=True, translate=True)
    logo = fields.Image(max_width=512, max_height=512)
    primary_color = fields.Char(default="#1f6f5c", help="Hex colour, e.g. #1f6f5c")
    secondary_color = fields.Char(default="#f2b134", help="Hex colour, e.g. #f2b134")
    welcome_text = fields.Html(translate=True, sanitize=True)

    _sql_constraints = [
        ("partner_company_uniq", "UNIQUE(partner_id, company_id)", "A distributor has one branding per company."),
    ]

    @api.constrains("primary_color", "secondary_color")
    def _check_colors(self):
        for branding in self:
            for color in (branding.primary_color, branding.secondary_color):
                if color and not COLOR_RE.match(color):
                    raise ValidationError(self.env._("%(color)s is not a colour: use the #rrggbb form.", color=color))

    @api.model
    def _get_branding_partner(self, partner):
        """The distributor whose branding ``partner`` sees (False: the brand's own)."""
        dealer = partner.commercial_partner_id
        return dealer.dealer_root_id if dealer.is_dealer else self.env["res.partner"]

    @api.model
    def _get_for_partner(self, partner):
        """Branding values for the portal of ``partner``, falling back on the company."""
        company = self.env.company
        root = self._get_branding_partner(partner.sudo())
        # sudo: the portal user may not read the branding record; explicit domain on its own root
        branding = (
            self.sudo().search([("partner_id", "=", root.id), ("company_id", "=", company.id)], limit=1)
            if root
            else self.browse()
        )
        if branding:
            return {
                "id": branding.id,
                "title": branding.display_title,
                "has_logo": bool(branding.logo),
                "logo_url": f"/my/dms/branding/logo?unique={branding.write_date.timestamp():.0f}",
                "primary": branding.primary_color or "#1f6f5c",
                "secondary": branding.secondary_color or "#f2b134",
                "welcome": branding.welcome_text,
            }
        return {
            "id": False,
            "title": company.name,
            "has_logo": False,
            "logo_url": f"/logo.png?company={company.id}",
            "primary": company.primary_color or "#1f6f5c",
            "secondary": company.secondary_color or "#f2b134",
            "welcome": False,
        }
