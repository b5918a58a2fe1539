"""Matching an address to the most specific territory."""


def zip_matches(prefixes, zip_code):
    """True when ``zip_code`` starts with one of the comma-separated prefixes.

    An empty prefix list matches every zip.

    >>> zip_matches("1000, 1001", "100123")
    True
    >>> zip_matches("2000", "100123")
    False
    >>> zip_matches("", "x")
    True
    """
    items = [p.strip() for p in (prefixes or "").split(",") if p.strip()]
    if not items:
        return True
    zip_code = (zip_code or "").replace(" ", "")
    return any(zip_code.startswith(p) for p in items)


def match_territory(candidates, country_id, state_id, zip_code):
    """Pick the best territory for an address.

    ``candidates`` is an iterable of dicts with keys ``id``, ``depth``,
    ``country_ids``, ``state_ids``, ``zip_prefixes``.  A territory matches when
    each criterion it sets matches (an unset criterion matches anything) and it
    sets at least one.  The deepest match wins, then the one with the longest
    zip prefix, then the smallest id.  Returns the id or ``None``.

    >>> cands = [
    ...     {"id": 1, "depth": 1, "country_ids": [48], "state_ids": [], "zip_prefixes": ""},
    ...     {"id": 2, "depth": 2, "country_ids": [48], "state_ids": [7], "zip_prefixes": ""},
    ...     {"id": 3, "depth": 3, "country_ids": [], "state_ids": [7], "zip_prefixes": "2001"},
    ... ]
    >>> match_territory(cands, 48, 7, "200100")
    3
    >>> match_territory(cands, 48, 8, "")
    1
    >>> match_territory(cands, 1, None, "") is None
    True
    """
    best, best_key = None, None
    for cand in candidates:
        sets_any = cand["country_ids"] or cand["state_ids"] or cand["zip_prefixes"]
        if not sets_any:
            continue
        if cand["country_ids"] and country_id not in cand["country_ids"]:
            continue
        if cand["state_ids"] and state_id not in cand["state_ids"]:
            continue
        if not zip_matches(cand["zip_prefixes"], zip_code):
            continue
        longest = max((len(p.strip()) for p in (cand["zip_prefixes"] or "").split(",")), default=0)
        key = (cand["depth"], longest, -cand["id"])
        if best_key is None or key > best_key:
            best, best_key = cand["id"], key
    return best
