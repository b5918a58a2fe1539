"""Payment proofs (打款凭证): what may be uploaded, checked before anything else reads it.

No Odoo import: the portal controller and the model constraint both call :func:`check`.
"""

#: largest proof accepted, in bytes (a phone photo of a bank slip fits easily)
MAX_PROOF_BYTES = 5 * 1024 * 1024

TOO_LARGE = "too_large"
EMPTY = "empty"
BAD_TYPE = "bad_type"

#: magic numbers of the accepted types -> mimetype
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff(data):
    """Mimetype of ``data`` from its first bytes, or ``None`` when it is not an accepted type.

    >>> sniff(b"%PDF-1.7 ...")
    'application/pdf'
    >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....")
    'image/png'
    >>> sniff(b"\\xff\\xd8\\xff\\xe0JFIF")
    'image/jpeg'
    >>> sniff(b"<svg onload=alert(1)>") is None
    True
    """
    for magic, mimetype in SIGNATURES:
        if data[: len(magic)] == magic:
            return mimetype
    return None


def check(data, max_bytes=MAX_PROOF_BYTES):
    """``(mimetype, None)`` for an acceptable proof, else ``(None, code)``.

    ``data`` holds at most ``max_bytes + 1`` bytes: the caller reads no more than that.

    >>> check(b"%PDF-1.4" + b"x" * 10)
    ('application/pdf', None)
    >>> check(b"")
    (None, 'empty')
    >>> check(b"%PDF-" + b"x" * 20, max_bytes=10)
    (None, 'too_large')
    >>> check(b"MZ\\x90\\x00")
    (None, 'bad_type')
    """
    if not data:
        return None, EMPTY
    if len(data) > max_bytes:
        return None, TOO_LARGE
    mimetype = sniff(data)
    if not mimetype:
        return None, BAD_TYPE
    return mimetype, None
