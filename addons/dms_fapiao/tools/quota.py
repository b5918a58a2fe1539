"""How much of an order's invoiced amount may still be requested on a VAT invoice."""


def requestable(invoiced, requested, rounding=0.01):
    """Invoiced amount minus what open or issued requests already cover (never below zero).

    >>> requestable(1130.0, 0.0)
    1130.0
    >>> requestable(1130.0, 1000.0)
    130.0
    >>> requestable(1130.0, 1200.0)
    0.0
    """
    cents = round(float(invoiced or 0.0) / rounding) - round(float(requested or 0.0) / rounding)
    return max(cents, 0) * rounding if cents > 0 else 0.0


def over_request(invoiced, requested, amount, rounding=0.01):
    """Whether requesting ``amount`` more goes beyond the invoiced amount.

    >>> over_request(1130.0, 1000.0, 130.0)
    False
    >>> over_request(1130.0, 1000.0, 130.01)
    True
    """
    return round((float(requested) + float(amount)) / rounding) > round(float(invoiced) / rounding)
