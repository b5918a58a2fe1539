"""Chinese taxpayer numbers (纳税人识别号) of a VAT invoice buyer, without the ORM.

Since 2015 a company's taxpayer number is its unified social credit code (统一社会信用代码,
GB 32100-2015): 18 characters from ``0-9`` and ``A-Z`` without I, O, Z, S, V, whose last one is
a check character. Older registrations used 15 digits.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

OK = None
EMPTY = "empty"
BAD_FORMAT = "bad_format"
BAD_CHECKSUM = "bad_checksum"


def normalize(value):
    """Upper case, without spaces or dashes.

    >>> normalize(" 91350100-m000100y43 ")
    '91350100M000100Y43'
    """
    return "".join((value or "").split()).replace("-", "").upper()


def check_character(code17):
    """The check character of the first 17 characters of a unified social credit code.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(code17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check(value):
    """``None`` for a valid taxpayer number, else why not.

    >>> check("91350100M000100Y43")
    >>> check("91350100M000100Y44")
    'bad_checksum'
    >>> check("110105123456789")
    >>> check("91350100M0001O0Y43")
    'bad_format'
    >>> check("123")
    'bad_format'
    >>> check("")
    'empty'
    """
    code = normalize(value)
    if not code:
        return EMPTY
    if len(code) == 15 and code.isdigit():
        return OK
    if len(code) != 18 or any(char not in ALPHABET for char in code):
        return BAD_FORMAT
    if check_character(code[:17]) != code[17]:
        return BAD_CHECKSUM
    return OK
