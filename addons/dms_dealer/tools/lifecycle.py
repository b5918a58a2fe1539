"""Dealer lifecycle: which transitions exist and which role may make them."""

APPLICANT = "applicant"
ACTIVE = "active"
SUSPENDED = "suspended"
TERMINATED = "terminated"

#: (from_state, to_state) -> the minimal role allowed to make the move.
#: Roles, lowest first: ``region`` (regional manager), ``hq`` (HQ manager).
TRANSITIONS = {
    (APPLICANT, ACTIVE): "region",
    (APPLICANT, TERMINATED): "region",
    (ACTIVE, SUSPENDED): "region",
    (SUSPENDED, ACTIVE): "region",
    (ACTIVE, TERMINATED): "hq",
    (SUSPENDED, TERMINATED): "hq",
}

ROLE_RANK = {"user": 0, "region": 1, "hq": 2, "system": 3}


def check_transition(from_state, to_state, role):
    """Return ``None`` when allowed, else a short reason code.

    >>> check_transition("active", "suspended", "region")
    >>> check_transition("terminated", "active", "hq")
    'illegal'
    >>> check_transition("active", "terminated", "region")
    'role'
    """
    needed = TRANSITIONS.get((from_state, to_state))
    if needed is None:
        return "illegal"
    if ROLE_RANK.get(role, -1) < ROLE_RANK[needed]:
        return "role"
    return None


def allowed_targets(from_state):
    """States reachable from ``from_state``.

    >>> sorted(allowed_targets("active"))
    ['suspended', 'terminated']
    """
    return {to for (frm, to) in TRANSITIONS if frm == from_state}
