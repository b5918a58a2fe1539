# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Price precedence of DMS price policies, as plain Python (no Odoo import).

Which policy line prices a (customer, product, quantity, date)?

1. Only *candidates* count: lines of active policies of the customer's seller,
   valid on the date, whose product scope covers the product and whose target
   covers the customer (see :func:`is_candidate`).
2. Among the candidates whose minimum quantity is reached, the smallest
   :func:`sort_key` wins:

   a. the target kind: customer (一客一价) > dealer level + territory > dealer
      level > territory > promotion > everyone. A line of a promotion policy
      counts as ``promotion`` unless it names one customer;
   b. the product scope: variant > template > category, a deeper category
      before its parents;
   c. the highest minimum quantity reached (tiers);
   d. the newest version of the policy, then the newest policy, then the
      newest line (fully deterministic).

When no candidate is left the caller falls back to the customer's pricelist,
then to the list price.
"""

from collections import namedtuple

KIND_CUSTOMER = 0
KIND_LEVEL_TERRITORY = 1
KIND_LEVEL = 2
KIND_TERRITORY = 3
KIND_PROMOTION = 4
KIND_EVERYONE = 5

KIND_LABELS = {
    KIND_CUSTOMER: "Customer price",
    KIND_LEVEL_TERRITORY: "Level and territory price",
    KIND_LEVEL: "Level price",
    KIND_TERRITORY: "Territory price",
    KIND_PROMOTION: "Promotion price",
    KIND_EVERYONE: "Price for everyone",
}

SCOPE_VARIANT = 0
SCOPE_TEMPLATE = 1
SCOPE_CATEGORY = 2

# One policy line, flattened. Ids are ints, False/None/0 mean "not set".
Candidate = namedtuple(
    "Candidate",
    [
        "line_id",
        "policy_id",
        "version",
        "is_promotion",
        "partner_id",
        "level_id",
        "territory_id",
        "product_id",
        "template_id",
        "categ_id",
        "min_qty",
        "date_start",
        "date_end",
    ],
)

# The customer as the precedence sees it: territory_ids holds the customer's
# territory and all its ancestors.
Customer = namedtuple("Customer", ["partner_id", "level_id", "territory_ids"])

# The product: categ_chain lists its category then the parents, deepest first.
Product = namedtuple("Product", ["product_id", "template_id", "categ_chain"])


def target_kind(candidate):
    """The target kind of a line (lower wins)."""
    if candidate.partner_id:
        return KIND_CUSTOMER
    if candidate.is_promotion:
        return KIND_PROMOTION
    if candidate.level_id and candidate.territory_id:
        return KIND_LEVEL_TERRITORY
    if candidate.level_id:
        return KIND_LEVEL
    if candidate.territory_id:
        return KIND_TERRITORY
    return KIND_EVERYONE


def scope_rank(candidate, product):
    """(scope, category depth rank) of the line for ``product``, or None if it does not cover it."""
    if candidate.product_id:
        return (SCOPE_VARIANT, 0) if candidate.product_id == product.product_id else None
    if candidate.template_id:
        return (SCOPE_TEMPLATE, 0) if candidate.template_id == product.template_id else None
    if candidate.categ_id:
        chain = list(product.categ_chain or ())
        if candidate.categ_id in chain:
            return (SCOPE_CATEGORY, chain.index(candidate.categ_id))
        return None
    return None


def targets(candidate, customer):
    """True when the line's target covers the customer."""
    if candidate.partner_id:
        return candidate.partner_id == customer.partner_id
    if candidate.level_id and candidate.level_id != customer.level_id:
        return False
    if candidate.territory_id and candidate.territory_id not in (customer.territory_ids or ()):
        return False
    return True


def in_window(candidate, date):
    """True when ``date`` is inside the line's validity window (bounds included, empty = open)."""
    if date is None:
        return True
    if candidate.date_start and candidate.date_start > date:
        return False
    if candidate.date_end and candidate.date_end < date:
        return False
    return True


def is_candidate(candidate, customer, product, date=None):
    return targets(candidate, customer) and in_window(candidate, date) and scope_rank(candidate, product) is not None


def sort_key(candidate, product):
    scope = scope_rank(candidate, product)
    return (
        target_kind(candidate),
        scope[0],
        scope[1],
        -(candidate.min_qty or 0.0),
        -(candidate.version or 0),
        -(candidate.policy_id or 0),
        -(candidate.line_id or 0),
    )


def select_line(candidates, customer, product, qty, date=None):
    """The winning candidate for ``qty`` units of ``product`` bought by ``customer``, or None."""
    best = None
    best_key = None
    for candidate in candidates:
        if (candidate.min_qty or 0.0) > qty:
            continue
        if not is_candidate(candidate, customer, product, date):
            continue
        key = sort_key(candidate, product)
        if best_key is None or key < best_key:
            best, best_key = candidate, key
    return best


def apply_rule(compute, base_price, fixed_price=0.0, discount=0.0):
    """Price given by a line: ``fixed`` price, or ``discount`` % off ``base_price``."""
    if compute == "fixed":
        return fixed_price or 0.0
    if compute == "discount":
        return (base_price or 0.0) * (1.0 - (discount or 0.0) / 100.0)
    raise ValueError(f"unknown compute mode {compute!r}")


def floor_price(min_price=0.0, cost=0.0, margin=None, suggested_retail=0.0, end_customer=False):
    """The lowest price allowed, or False when nothing sets one.

    The floor is the highest of: the configured minimum price, cost plus the
    minimum margin (percent, when a margin is configured) and, for end
    customers of a dealer, the suggested retail price.
    """
    floors = []
    if min_price and min_price > 0:
        floors.append(min_price)
    if margin is not None and margin is not False and cost and cost > 0:
        floors.append(cost * (1.0 + margin / 100.0))
    if end_customer and suggested_retail and suggested_retail > 0:
        floors.append(suggested_retail)
    return max(floors) if floors else False


def is_below_floor(price, floor, discount=0.0, order_discount_ratio=0.0, precision=0.005):
    """True when the net unit price (line discount and order-level discounts applied) is under the floor."""
    if not floor:
        return False
    net = (price or 0.0) * (1.0 - (discount or 0.0) / 100.0) * (1.0 - (order_discount_ratio or 0.0))
    return net < floor - precision


def needs_hq_approval(price, base_price, floor, threshold):
    """True when a policy price goes under the floor or discounts more than ``threshold`` % off base."""
    if floor and price < floor - 0.005:
        return True
    if base_price and base_price > 0 and threshold is not None:
        return (base_price - price) / base_price * 100.0 > threshold + 1e-9
    return False
