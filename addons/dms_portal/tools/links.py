# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which links of a rendered page are portal links (written in the reader's language)."""


def is_portal_path(value):
    """Whether ``value`` is a link to a portal page (``/my`` and below), the only links rewritten.

    >>> [is_portal_path(v) for v in ("/my", "/my/dms/cart?x=1", "/my?a=1", "/myself", "//my", "https://x/my", None)]
    [True, True, True, False, False, False, False]
    """
    return isinstance(value, str) and (value == "/my" or value.startswith(("/my/", "/my?", "/my#")))
