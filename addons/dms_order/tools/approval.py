"""Approval rule matching and chain building, without any Odoo import."""


def rule_matches(rule, facts):
    """Whether an approval rule applies to an order.

    ``rule`` keys (all optional, an unset condition matches anything):
    ``min_amount`` (order total reaches it), ``min_discount`` (a line discount
    reaches it, in %), ``level_ids`` (dealer level in it), ``territory_paths``
    (dealer territory's parent_path under one of them), ``price_floor`` (True:
    only when a line is below the price floor).  ``facts`` keys: ``amount``,
    ``max_discount``, ``level_id``, ``territory_path``, ``below_floor``.

    >>> facts = {"amount": 5000.0, "max_discount": 12.0, "level_id": 3,
    ...          "territory_path": "1/2/5/", "below_floor": False}
    >>> rule_matches({"min_amount": 5000.0}, facts)
    True
    >>> rule_matches({"min_amount": 5000.01}, facts)
    False
    >>> rule_matches({"min_discount": 10.0, "level_ids": [3]}, facts)
    True
    >>> rule_matches({"level_ids": [4]}, facts)
    False
    >>> rule_matches({"territory_paths": ["1/2/"]}, facts)
    True
    >>> rule_matches({"territory_paths": ["1/3/"]}, facts)
    False
    >>> rule_matches({"price_floor": True}, facts)
    False
    >>> rule_matches({}, facts)
    True
    """
    if rule.get("min_amount") and facts.get("amount", 0.0) < rule["min_amount"]:
        return False
    if rule.get("min_discount") and facts.get("max_discount", 0.0) < rule["min_discount"]:
        return False
    if rule.get("level_ids") and facts.get("level_id") not in rule["level_ids"]:
        return False
    if rule.get("territory_paths"):
        path = facts.get("territory_path") or ""
        if not path or not any(path.startswith(p) for p in rule["territory_paths"]):
            return False
    if rule.get("price_floor") and not facts.get("below_floor"):
        return False
    return True


def build_chain(rules, facts):
    """Ordered, de-duplicated approval chain for an order.

    ``rules`` is a list of dicts with the conditions of :func:`rule_matches`
    plus ``steps``: a list of hashable step keys in approval order.  Rules are
    taken in the given order; a step already required by an earlier rule is
    not asked twice.  Returns a list of ``(rule_index, step_key)``.

    >>> rules = [
    ...     {"min_amount": 1000.0, "steps": ["region", "hq"]},
    ...     {"min_discount": 10.0, "steps": ["hq", "finance"]},
    ...     {"min_amount": 1e9, "steps": ["ceo"]},
    ... ]
    >>> build_chain(rules, {"amount": 2000.0, "max_discount": 15.0})
    [(0, 'region'), (0, 'hq'), (1, 'finance')]
    >>> build_chain(rules, {"amount": 10.0, "max_discount": 0.0})
    []
    """
    chain, seen = [], set()
    for index, rule in enumerate(rules):
        if not rule_matches(rule, facts):
            continue
        for step in rule["steps"]:
            if step in seen:
                continue
            seen.add(step)
            chain.append((index, step))
    return chain
