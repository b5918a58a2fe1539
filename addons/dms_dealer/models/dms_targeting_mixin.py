# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class DmsTargetingMixin(models.AbstractModel):
    """Which dealers a record is for (promotions, rebate policies): one meaning everywhere.

    A record targets by **dealer level**, by **territory** (the territory and its whole subtree)
    and by **partner**. A criterion left empty lets every dealer through; every criterion that is
    filled must match: the criteria are ANDed. "Strategic dealers of North China" reaches the
    strategic dealers of North China only, not every strategic dealer plus every dealer of the
    North. A dealer is matched by its commercial entity (its level and its territory).

    The models name their three fields with ``_targeting_level_field``,
    ``_targeting_territory_field`` and ``_targeting_partner_field`` (Many2many fields to
    ``dms.dealer.level``, ``dms.territory`` and ``res.partner``).
    """

    _name = "dms.targeting.mixin"
    _description = "Dealer Targeting"

    _targeting_level_field = "level_ids"
    _targeting_territory_field = "territory_ids"
    _targeting_partner_field = "partner_ids"

    def _targeting_is_set(self):
        """Whether any criterion is filled (a record with none targets everybody)."""
        self.ensure_one()
        return bool(
            self[self._targeting_level_field]
            or self[self._targeting_territory_field]
            or self[self._targeting_partner_field]
        )

    def _targeting_partner_domain(self):
        """Domain on ``res.partner``: the partners this record targets (every filled criterion matches)."""
        self.ensure_one()
        domain = []
        levels = self[self._targeting_level_field]
        if levels:
            domain.append(("dealer_level_id", "in", levels.ids))
        territories = self[self._targeting_territory_field]
        if territories:
            domain.append(("territory_id", "child_of", territories.ids))
        partners = self[self._targeting_partner_field]
        if partners:
            domain.append(("id", "in", partners.ids))
        return domain

    @api.model
    def _targeting_domain(self, partner, prefix=""):
        """Domain on this model (or, with ``prefix``, on a model pointing at it): the records whose
        targeting lets ``partner`` in."""
        commercial = partner.commercial_partner_id
        territory = commercial.territory_id
        # the partner's territory and every territory above it: a target covers its subtree
        territory_ids = [int(x) for x in (territory.parent_path or "").split("/") if x] if territory else []
        level, terr, part = (
            f"{prefix}{self._targeting_level_field}",
            f"{prefix}{self._targeting_territory_field}",
            f"{prefix}{self._targeting_partner_field}",
        )
        return [
            "|",
            (level, "=", False),
            (level, "in", commercial.dealer_level_id.ids),
            "|",
            (terr, "=", False),
            (terr, "in", territory_ids),
            "|",
            (part, "=", False),
            (part, "in", commercial.ids),
        ]
