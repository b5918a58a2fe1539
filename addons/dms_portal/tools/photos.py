# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Photos dealers upload in the portal (returns, service tickets, proofs), without the ORM.

One rule for every upload of photos: capped in number and size (the request body is refused
before it is read when it cannot fit, and each file is read at most one byte past the cap), and
only images (PNG, JPEG, GIF, WebP) recognised by their first bytes, not by the name the client
sends; where receipts are proofs too (marketing fund claims), PDF files as well.
"""

#: photos per upload, and bytes per photo (checked before the file is read whole)
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: room for the form's other fields in a request that carries photos
FORM_OVERHEAD = 64 * 1024

#: refusal codes of :func:`check_photo` and :func:`check_count`
PHOTO_TOO_LARGE = "too_large"
PHOTO_NOT_IMAGE = "not_image"
PHOTO_TOO_MANY = "too_many"

_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def body_limit(max_photos=MAX_PHOTOS, max_bytes=MAX_PHOTO_BYTES):
    """The largest request body a form with photos may send.

    >>> body_limit(2, 100)
    65738
    """
    return max_photos * (max_bytes + 1) + FORM_OVERHEAD


def check_count(count, max_photos=MAX_PHOTOS):
    """``None`` when ``count`` photos may be sent, else :data:`PHOTO_TOO_MANY`.

    >>> check_count(5), check_count(6)
    (None, 'too_many')
    """
    return PHOTO_TOO_MANY if count > max_photos else None


def check_photo(head, size, max_bytes=MAX_PHOTO_BYTES, pdf=False):
    """``(None, mimetype)`` for an accepted photo (or PDF receipt with ``pdf``), else ``(code, None)``.

    ``head`` is the first bytes of the file, ``size`` how many bytes were read (at most
    ``max_bytes + 1``: more is never read).

    >>> check_photo(b"\\x89PNG\\r\\n\\x1a\\n....", 100)
    (None, 'image/png')
    >>> check_photo(b"%PDF-1.4", 100)
    ('not_image', None)
    >>> check_photo(b"\\xff\\xd8\\xff\\xe0", MAX_PHOTO_BYTES + 1)
    ('too_large', None)
    >>> check_photo(b"RIFF\\x00\\x00\\x00\\x00WEBPVP8 ", 100)
    (None, 'image/webp')
    >>> check_photo(b"%PDF-1.7", 100), check_photo(b"%PDF-1.7", 100, pdf=True)
    (('not_image', None), (None, 'application/pdf'))
    """
    if size > max_bytes:
        return PHOTO_TOO_LARGE, None
    for signature, mimetype in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return None, mimetype
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return None, "image/webp"
    if pdf and head.startswith(b"%PDF-"):
        return None, "application/pdf"
    return PHOTO_NOT_IMAGE, None
