"""The case state machine, pure: which action moves a case from which state to which.

open -> notice_issued -> compounded -> paid | waived | referred_for_prosecution -> closed.
A notice may also be waived (an amnesty) or referred without a compound; a case still open or
under notice closes when the business registers (reconciliation) or is found not liable.
"""

from __future__ import annotations

from datetime import date, timedelta

from .parameters import COMPOUND_PAYMENT_DAYS, NOTICE_PERIOD_DAYS

OPEN = "open"
NOTICE_ISSUED = "notice_issued"
COMPOUNDED = "compounded"
PAID = "paid"
WAIVED = "waived"
REFERRED = "referred_for_prosecution"
CLOSED = "closed"
STATES = (OPEN, NOTICE_ISSUED, COMPOUNDED, PAID, WAIVED, REFERRED, CLOSED)

# action -> (the states it may start from, the state it leads to)
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "notice": (frozenset({OPEN}), NOTICE_ISSUED),
    "compound": (frozenset({NOTICE_ISSUED}), COMPOUNDED),
    "record_payment": (frozenset({COMPOUNDED}), PAID),
    "waive": (frozenset({NOTICE_ISSUED, COMPOUNDED}), WAIVED),
    "refer_prosecution": (frozenset({NOTICE_ISSUED, COMPOUNDED}), REFERRED),
    "close": (frozenset({OPEN, NOTICE_ISSUED, PAID, WAIVED, REFERRED}), CLOSED),
}
ACTIONS = tuple(MOVES)
# A compound is outstanding in this state: the case may not close until it is paid or waived.
OUTSTANDING = frozenset({COMPOUNDED})


class IllegalMove(Exception):
    """`action` is not allowed from `current` (the API answers 409 naming the current state)."""

    def __init__(self, current: str, action: str = "") -> None:
        super().__init__(f"{action or 'this action'} is not allowed in state {current}")
        self.current = current
        self.action = action


def next_state(current: str, action: str) -> str:
    if action not in MOVES:
        raise ValueError(f"unknown action {action!r}")
    starts, target = MOVES[action]
    if current not in starts:
        raise IllegalMove(current, action)
    return target


def allowed_actions(current: str) -> tuple[str, ...]:
    return tuple(action for action, (starts, _target) in MOVES.items() if current in starts)


def notice_due(issued_on: date) -> date:
    return issued_on + timedelta(days=NOTICE_PERIOD_DAYS.on(issued_on))


def compound_due(compounded_on: date) -> date:
    return compounded_on + timedelta(days=COMPOUND_PAYMENT_DAYS.on(compounded_on))


def is_past_due(*, state: str, notice_due: date | None, compound_due: date | None, on: date) -> bool:
    """A notice not acted on after its period, or a compound unpaid after its date."""
    if state == NOTICE_ISSUED and notice_due is not None:
        return notice_due < on
    if state == COMPOUNDED and compound_due is not None:
        return compound_due < on
    return False
