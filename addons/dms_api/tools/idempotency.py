# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Idempotency keys: what makes two requests "the same request"."""

import hashlib
import json
import re

#: a key is what clients usually send: a UUID, an ERP document number; printable ASCII, no spaces
KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def valid_key(key):
    """Whether ``key`` may be used as an idempotency key.

    >>> valid_key("3f2a6c1e-8b0c-4c55-9a5e-0e7c1d2b9f10"), valid_key("PO-2026/0001")
    (True, True)
    >>> valid_key(""), valid_key("a b"), valid_key("x" * 129), valid_key(None)
    (False, False, False, False)
    """
    return isinstance(key, str) and bool(KEY_PATTERN.match(key))


def request_hash(method, path, body):
    """A fingerprint of the request: method, path and the JSON body with its keys sorted.

    The same body sent with its keys in another order or other whitespace is the same request;
    any other value is another one.

    >>> a = request_hash("POST", "/api/dms/v1/orders", {"lines": [{"sku": "A", "qty": 2}], "ref": "PO1"})
    >>> b = request_hash("POST", "/api/dms/v1/orders", {"ref": "PO1", "lines": [{"qty": 2, "sku": "A"}]})
    >>> a == b, len(a)
    (True, 64)
    >>> a == request_hash("POST", "/api/dms/v1/orders", {"lines": [{"sku": "A", "qty": 3}], "ref": "PO1"})
    False
    >>> a == request_hash("POST", "/api/dms/v1/sellout", {"lines": [{"sku": "A", "qty": 2}], "ref": "PO1"})
    False
    """
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()
