# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Routing of end-customer orders to dealers (智能分单): plain functions, no Odoo import."""

import math

#: match levels, best first
ZIP, CITY, PROVINCE, TERRITORY = 0, 1, 2, 3


def distance_km(a, b):
    """Great-circle distance in km between two (lat, lon) pairs; None when one is missing.

    >>> round(distance_km((31.23, 121.47), (30.27, 120.15)))
    165
    >>> distance_km((31.23, 121.47), None) is None
    True
    """
    if not a or not b or a == (0.0, 0.0) or b == (0.0, 0.0):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _match(candidate, address):
    zip_code = (address.get("zip") or "").strip()
    czip = (candidate.get("zip") or "").strip()
    if zip_code and czip and zip_code[:4] == czip[:4]:
        return ZIP
    city = (address.get("city") or "").strip().lower()
    if city and city == (candidate.get("city") or "").strip().lower():
        return CITY
    if address.get("state_id") and address.get("state_id") == candidate.get("state_id"):
        return PROVINCE
    return TERRITORY


def route(candidates, address, quantities, exclude=()):
    """Dealers able to serve ``address``, best first.

    ``candidates``: dicts ``id``, ``covers`` (its territory covers the address), ``zip``, ``city``,
    ``state_id``, ``coords`` ((lat, lon) or None) and ``stock`` ({product_id: qty on hand}).
    ``quantities``: {product_id: qty wanted}. A candidate is kept when its territory covers the
    address and it holds every product in full; ``exclude`` are dealers already tried.
    Ranked by match (same zip area, same city, same province, territory only), then distance
    when both sides have coordinates (unknown distance after known ones), then id (stable ties).

    >>> c = [
    ...     {"id": 1, "covers": True, "zip": "200100", "city": "Shanghai", "state_id": 9, "coords": None,
    ...      "stock": {5: 10}},
    ...     {"id": 2, "covers": True, "zip": "200300", "city": "Shanghai", "state_id": 9, "coords": None,
    ...      "stock": {5: 10}},
    ...     {"id": 3, "covers": False, "zip": "200100", "city": "Shanghai", "state_id": 9, "coords": None,
    ...      "stock": {5: 10}},
    ... ]
    >>> route(c, {"zip": "200101", "city": "Shanghai", "state_id": 9}, {5: 2})
    [1, 2]
    >>> route(c, {"zip": "200101"}, {5: 20})
    []
    >>> route(c, {"zip": "200101", "city": "Shanghai"}, {5: 2}, exclude=[1])
    [2]
    """
    coords = address.get("coords")
    ranked = []
    for cand in candidates:
        if cand["id"] in exclude or not cand.get("covers"):
            continue
        stock = cand.get("stock") or {}
        if any(stock.get(pid, 0.0) < qty for pid, qty in quantities.items()):
            continue
        dist = distance_km(coords, cand.get("coords"))
        ranked.append((_match(cand, address), dist is None, dist or 0.0, cand["id"]))
    ranked.sort()
    return [key[-1] for key in ranked]
