"""The workflow engine's rules, without the ORM.

Every state machine of the product (dealer status, admission, agreements,
price and rebate policies, settlements, statements, order approvals, channel
documents) declares its moves as :class:`Transition` rows; the ORM mixin
``dms.workflow.mixin`` looks them up with :func:`find_transition` and checks
separation of duties with :func:`check_separation`.
"""

from typing import NamedTuple

#: kinds of transition; ``approve`` steps are subject to separation of duties,
#: ``submit`` starts an approval cycle (its author may not approve it), ``reset``
#: ends a cycle (drafts again).
SUBMIT = "submit"
APPROVE = "approve"
REJECT = "reject"
RESET = "reset"
OTHER = "other"
KINDS = (SUBMIT, APPROVE, REJECT, RESET, OTHER)


class Transition(NamedTuple):
    """One allowed move.

    ``name`` is what callers ask for (``"approve"``), ``sources`` the states it
    starts from, ``target`` the state it ends in (``None``: the state does not
    change, as for an intermediate approval step), ``groups`` the xml ids of
    the groups any of which the caller needs (empty: anyone who may write the
    record), ``kind`` one of :data:`KINDS`, ``reason`` whether a reason must
    be given, ``label`` what the chatter calls it (a lazy translation).
    """

    name: str
    sources: tuple
    target: str | None
    groups: tuple = ()
    kind: str = OTHER
    reason: bool = False
    label: object = None


def find_transition(transitions, name, state):
    """The transition called ``name`` that starts from ``state``.

    Returns ``(transition, None)``, or ``(None, code)`` with code ``"unknown"``
    (no transition of that name) or ``"state"`` (not from this state).

    >>> moves = [Transition("submit", ("draft",), "to_approve", kind=SUBMIT),
    ...          Transition("approve", ("to_approve",), "approved", kind=APPROVE)]
    >>> find_transition(moves, "approve", "to_approve")[0].target
    'approved'
    >>> find_transition(moves, "approve", "draft")
    (None, 'state')
    >>> find_transition(moves, "publish", "draft")
    (None, 'unknown')
    """
    named = [t for t in transitions if t.name == name]
    if not named:
        return None, "unknown"
    for transition in named:
        if state in transition.sources:
            return transition, None
    return None, "state"


def check_separation(user_id, submitter_id, approver_ids, allow_self=False):
    """Separation of duties for an approval step.

    ``submitter_id`` submitted the current cycle, ``approver_ids`` approved its
    earlier steps. Returns ``None`` when ``user_id`` may approve, else
    ``"submitter"`` (approving one's own submission) or ``"repeat"`` (a second
    step of the same chain by the same person). ``allow_self`` (a company
    setting for small teams) lifts both rules.

    >>> check_separation(2, 1, [])
    >>> check_separation(1, 1, [])
    'submitter'
    >>> check_separation(3, 1, [3])
    'repeat'
    >>> check_separation(1, 1, [1], allow_self=True)
    """
    if allow_self:
        return None
    if submitter_id and user_id == submitter_id:
        return "submitter"
    if user_id in set(approver_ids or ()):
        return "repeat"
    return None


def current_cycle(log):
    """Split a record's transition log into (submitter, approvers) of the open cycle.

    ``log`` is a list of ``(kind, user_id)`` in chronological order. The cycle
    opens at the last ``submit``; a ``reset`` or ``reject`` after it closes it.

    >>> current_cycle([("submit", 1), ("approve", 2)])
    (1, [2])
    >>> current_cycle([("submit", 1), ("approve", 2), ("reset", 1), ("submit", 3)])
    (3, [])
    >>> current_cycle([("submit", 1), ("reject", 2)])
    (None, [])
    >>> current_cycle([])
    (None, [])
    """
    submitter, approvers = None, []
    for kind, user_id in log:
        if kind == SUBMIT:
            submitter, approvers = user_id, []
        elif kind == APPROVE:
            approvers.append(user_id)
        elif kind in (RESET, REJECT):
            submitter, approvers = None, []
    return submitter, approvers
