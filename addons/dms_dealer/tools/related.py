# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Related-party matching: normalised identity keys and transitive grouping.

No ``odoo`` import: everything here is plain data in, plain data out.
"""

import re
import unicodedata

#: Free mail providers: two dealers using them share nothing meaningful.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "188.com",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "tom.com",
        "21cn.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "live.cn",
        "msn.com",
        "yahoo.com",
        "yahoo.com.cn",
        "yahoo.cn",
        "icloud.com",
        "me.com",
        "mail.com",
        "proton.me",
        "protonmail.com",
        "example.com",
    }
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_DIGIT = re.compile(r"\D+")
_SPACES_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

MIN_PHONE_DIGITS = 7


def normalize_vat(vat):
    """Upper-case letters and digits only: ``'cn 9131-0000 x'`` -> ``'CN91310000X'``."""
    if not vat:
        return False
    key = _NON_ALNUM.sub("", vat.lower()).upper()
    return key or False


def normalize_account(acc_number):
    """Bank account without spaces, dashes or case (like core's sanitized_acc_number)."""
    if not acc_number:
        return False
    key = _NON_ALNUM.sub("", acc_number.lower()).upper()
    return key or False


def normalize_phone(phone):
    """Digits only, without the China country prefix (+86 / 0086) or a trunk 0.

    ``'+86 138-0013-8000'``, ``'0086 13800138000'`` and ``'138 0013 8000'`` all give
    ``'13800138000'``. Fewer than 7 digits is no usable key (``False``).
    """
    if not phone:
        return False
    digits = _NON_DIGIT.sub("", phone)
    if phone.strip().startswith("+86") or digits.startswith("0086"):
        digits = digits[4:] if digits.startswith("0086") else digits[2:]
    elif digits.startswith("86") and len(digits) >= 13:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else False


def is_public_domain(domain):
    """True for a free mail provider or one of its sub-domains (``vip.163.com``)."""
    if not domain:
        return True
    return any(domain == public or domain.endswith("." + public) for public in PUBLIC_EMAIL_DOMAINS)


def email_domain(email):
    """Company mail domain of an address, ``False`` for public providers or bad input.

    Only the first address of a list is used.
    """
    if not email or "@" not in email:
        return False
    first = re.split(r"[,;\s]+", email.strip())[0]
    domain = first.rsplit("@", 1)[-1].strip().strip(">").lower().rstrip(".")
    if "." not in domain or is_public_domain(domain):
        return False
    return domain


def _norm_text(text):
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _SPACES_PUNCT.sub("", text)


def address_key(street, city, zip_code, street2=None):
    """Street + city + zip without case, spaces or punctuation; needs a street and a city or zip."""
    street_key = _norm_text(street) + _norm_text(street2)
    if not street_key:
        return False
    city_key = _norm_text(city)
    zip_key = _norm_text(zip_code)
    if not city_key and not zip_key:
        return False
    return f"{street_key}|{city_key}|{zip_key}"


def partner_keys(values):
    """Set of ``(kind, key)`` tuples for one dealer's values.

    ``values`` keys: vat, phone, mobile, email, street, street2, city, zip,
    acc_numbers (iterable), controller_ids (iterable of ids).
    """
    keys = set()
    vat = normalize_vat(values.get("vat"))
    if vat:
        keys.add(("vat", vat))
    for fname in ("phone", "mobile"):
        phone = normalize_phone(values.get(fname))
        if phone:
            keys.add(("phone", phone))
    domain = email_domain(values.get("email"))
    if domain:
        keys.add(("email_domain", domain))
    address = address_key(values.get("street"), values.get("city"), values.get("zip"), values.get("street2"))
    if address:
        keys.add(("address", address))
    for acc in values.get("acc_numbers") or ():
        acc_key = normalize_account(acc)
        if acc_key:
            keys.add(("bank", acc_key))
    for controller_id in values.get("controller_ids") or ():
        keys.add(("controller", controller_id))
    return keys


class UnionFind:
    """Disjoint sets with path halving and union by size."""

    def __init__(self, items=()):
        self.parent = {}
        self.size = {}
        for item in items:
            self.add(item)

    def add(self, item):
        if item not in self.parent:
            self.parent[item] = item
            self.size[item] = 1

    def find(self, item):
        self.add(item)
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a, b):
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]
        return root_a

    def groups(self):
        result = {}
        for item in self.parent:
            result.setdefault(self.find(item), set()).add(item)
        return list(result.values())


def related_components(keys_by_item):
    """Group items sharing any key, transitively.

    :param keys_by_item: ``{item: set of keys}``
    :return: ``(components, evidence)``: a list of sets of at least two items
        (sorted by smallest member), and ``{key: sorted items}`` for every key
        shared by two items or more.
    """
    uf = UnionFind(keys_by_item)
    owners = {}
    for item, keys in keys_by_item.items():
        for key in keys:
            owners.setdefault(key, []).append(item)
    evidence = {}
    for key, items in owners.items():
        if len(items) > 1:
            evidence[key] = sorted(items)
            first = items[0]
            for other in items[1:]:
                uf.union(first, other)
    components = [group for group in uf.groups() if len(group) > 1]
    components.sort(key=min)
    return components, evidence
