# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhook deliveries: signature, retry schedule, allowed destinations."""

import hashlib
import hmac
from urllib.parse import urlsplit

#: seconds to wait after the n-th failed attempt (1st, 2nd, ...); the last one gives up
BACKOFF = (60, 120, 300, 900, 1800, 3600, 7200, 14400)
MAX_ATTEMPTS = len(BACKOFF)


def next_delay(attempts):
    """Seconds before the next attempt after ``attempts`` failed ones, or None: give up.

    >>> [next_delay(n) for n in (1, 2, 3)]
    [60, 120, 300]
    >>> next_delay(8) is None, next_delay(0)
    (True, 0)
    """
    if attempts <= 0:
        return 0
    if attempts >= MAX_ATTEMPTS:
        return None
    return BACKOFF[attempts - 1]


def sign(secret, timestamp, body):
    """``sha256=<hex>`` HMAC-SHA256 of ``"<timestamp>.<body>"`` with the subscription's secret.

    The receiver recomputes it over the raw body it received and the ``X-DMS-Timestamp`` header,
    compares in constant time and refuses old timestamps (replays).

    >>> s = sign("s3cret", 1767225600, b"{}")
    >>> s.startswith("sha256="), len(s), verify("s3cret", 1767225600, b"{}", s), verify("other", 1767225600, b"{}", s)
    (True, 71, True, False)
    """
    if isinstance(body, str):
        body = body.encode()
    digest = hmac.new(secret.encode(), f"{int(timestamp)}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret, timestamp, body, signature):
    """Constant-time check of a signature made by :func:`sign` (what a receiver does)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def url_allowed(url, prefixes):
    """Whether ``url`` is an http(s) URL under one of the configured ``prefixes``.

    Prefixes are compared on the parsed URL (scheme, host, port, then path), so
    ``https://erp.example.com`` does not allow ``https://erp.example.com.evil.net``.

    >>> p = ["https://erp.example.com/hooks", "http://127.0.0.1:8999"]
    >>> url_allowed("https://erp.example.com/hooks/dms", p), url_allowed("http://127.0.0.1:8999/x", p)
    (True, True)
    >>> url_allowed("https://erp.example.com.evil.net/hooks", p), url_allowed("https://erp.example.com/other", p)
    (False, False)
    >>> url_allowed("http://127.0.0.1:9000/x", p), url_allowed("ftp://erp.example.com/hooks", p), url_allowed("x", [])
    (False, False, False)
    """
    try:
        target = urlsplit(url or "")
    except ValueError:
        return False
    if target.scheme not in ("http", "https") or not target.hostname:
        return False
    for prefix in prefixes:
        allowed = urlsplit(prefix.strip())
        if not allowed.scheme or not allowed.hostname:
            continue
        same_origin = (target.scheme, target.hostname, target.port) == (
            allowed.scheme,
            allowed.hostname,
            allowed.port,
        )
        base = allowed.path.rstrip("/")
        if same_origin and (target.path == base or target.path.startswith(base + "/") or not base):
            return True
    return False
