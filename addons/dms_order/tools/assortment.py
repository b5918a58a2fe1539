# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Assortment (经营范围): which rules apply to a dealer (no odoo import).

ONE targeting meaning: a rule applies to a dealer when **every filled** targeting
field matches it (an empty field matches every dealer):

- ``level_id``: the dealer's level is this level;
- ``territory_path``: the dealer's territory lies in this territory's subtree
  (``parent_path`` prefix);
- ``agreement_partner_id``: the rule names an agreement that is in force
  (``agreement_active``) and is this dealer's;
- ``partner_id``: the dealer is this one.

A rule with no targeting field applies to every dealer of its company.

>>> dealer = {"id": 7, "level_id": 1, "territory_path": "1/2/5/"}
>>> rule_applies({"level_id": 1}, dealer), rule_applies({"level_id": 2}, dealer)
(True, False)
>>> rule_applies({"territory_path": "1/2/"}, dealer), rule_applies({"territory_path": "1/3/"}, dealer)
(True, False)
>>> rule_applies({"level_id": 1, "partner_id": 8}, dealer)
False
>>> rule_applies({}, dealer)
True
"""


def rule_applies(rule, dealer):
    """Whether every filled targeting field of ``rule`` matches ``dealer`` (dicts).

    >>> rule_applies({"agreement_partner_id": 7, "agreement_active": True}, {"id": 7})
    True
    >>> rule_applies({"agreement_partner_id": 7, "agreement_active": False}, {"id": 7})
    False
    >>> rule_applies({"agreement_partner_id": 9, "agreement_active": True}, {"id": 7})
    False
    >>> rule_applies({"territory_path": "1/2/"}, {"id": 7, "territory_path": False})
    False
    """
    if rule.get("level_id") and rule["level_id"] != dealer.get("level_id"):
        return False
    if rule.get("territory_path") and not (dealer.get("territory_path") or "").startswith(rule["territory_path"]):
        return False
    if rule.get("agreement_partner_id") and (
        not rule.get("agreement_active") or rule["agreement_partner_id"] != dealer.get("id")
    ):
        return False
    if rule.get("partner_id") and rule["partner_id"] != dealer.get("id"):
        return False
    return True
