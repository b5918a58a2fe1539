# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure rules of the audit trail: how a value is stored and where a change came from.

No Odoo import: the ORM side (``dms.audit.mixin``) reads the records and hands
plain values to these functions.
"""

#: field types stored as codes and rendered in the reader's language when read
CODED_TYPES = ("selection", "boolean")

#: request paths of model-method calls (web client, external JSON-RPC / XML-RPC)
RPC_PREFIXES = ("/web/dataset/call_kw", "/web/dataset/call_button", "/jsonrpc", "/xmlrpc", "/json/")


def render_number(value):
    """A number as short, locale-free text.

    >>> render_number(50000.0)
    '50000'
    >>> render_number(12.5)
    '12.5'
    >>> render_number(0.1 + 0.2)
    '0.3'
    >>> render_number(-3)
    '-3'
    """
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_scalar(field_type, value):
    """The stored text of a non-relational value (``""`` when empty; booleans always stored).

    >>> render_scalar("float", 1500.0)
    '1500'
    >>> render_scalar("monetary", False)
    '0'
    >>> render_scalar("integer", 7)
    '7'
    >>> render_scalar("boolean", False)
    'False'
    >>> render_scalar("selection", "active")
    'active'
    >>> render_scalar("char", False)
    ''
    >>> import datetime
    >>> render_scalar("date", datetime.date(2026, 5, 31))
    '2026-05-31'
    >>> render_scalar("datetime", datetime.datetime(2026, 5, 31, 8, 30))
    '2026-05-31 08:30:00'
    """
    if field_type == "boolean":
        return str(bool(value))
    if field_type in ("float", "monetary", "integer"):
        return render_number(value or 0)
    if value in (False, None):
        return ""
    if field_type == "datetime":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if field_type == "date":
        return value.strftime("%Y-%m-%d")
    return str(value)


def render_names(names):
    """Names of several related records, sorted so that equal sets read the same.

    >>> render_names(["Sales / User", "Dealer Management / Finance"])
    'Dealer Management / Finance, Sales / User'
    >>> render_names([])
    ''
    """
    return ", ".join(sorted(name or "" for name in names))


def classify_origin(path, in_cron=False):
    """Where a change came from: ``rpc`` (a model method called over JSON-RPC / XML-RPC,
    which includes the web client), ``http`` (another route: portal, website),
    ``cron`` (a scheduled job) or ``server`` (shell, module installation, tests).

    >>> classify_origin("/web/dataset/call_kw/res.partner/web_save")
    'rpc'
    >>> classify_origin("/xmlrpc/2/object")
    'rpc'
    >>> classify_origin("/json/2/res.partner/write")
    'rpc'
    >>> classify_origin("/my/orders/7/accept")
    'http'
    >>> classify_origin(None, in_cron=True)
    'cron'
    >>> classify_origin(None)
    'server'
    """
    if path:
        return "rpc" if path.startswith(RPC_PREFIXES) else "http"
    return "cron" if in_cron else "server"
