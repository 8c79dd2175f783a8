"""The case state machine, pure: a table of moves and properties over any sequence of actions."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement import states
from enforcement.states import IllegalMove, allowed_actions, next_state


@pytest.mark.parametrize(
    ("current", "action", "after"),
    [
        ("open", "notice", "notice_issued"),
        ("notice_issued", "compound", "compounded"),
        ("compounded", "record_payment", "paid"),
        ("compounded", "waive", "waived"),
        ("notice_issued", "waive", "waived"),
        ("compounded", "refer_prosecution", "referred_for_prosecution"),
        ("paid", "close", "closed"),
        ("waived", "close", "closed"),
        ("referred_for_prosecution", "close", "closed"),
        ("open", "close", "closed"),
    ],
)
def test_allowed_moves_lead_where_the_issue_says(current, action, after):
    assert next_state(current, action) == after


@pytest.mark.parametrize(
    ("current", "action"),
    [
        ("open", "compound"),
        ("open", "record_payment"),
        ("notice_issued", "record_payment"),
        ("compounded", "close"),
        ("compounded", "notice"),
        ("paid", "waive"),
        ("closed", "notice"),
    ],
)
def test_illegal_moves_name_the_current_state(current, action):
    with pytest.raises(IllegalMove) as refused:
        next_state(current, action)
    assert refused.value.current == current


def test_an_unknown_action_is_an_error_not_a_move():
    with pytest.raises(ValueError, match="unknown action"):
        next_state("open", "sell")


def _walk(actions):
    """Every state visited when applying the actions that are allowed, skipping the others."""
    state, visited = "open", ["open"]
    for action in actions:
        try:
            state = next_state(state, action)
        except IllegalMove as refused:
            assert refused.current == state
            assert action not in allowed_actions(state)
            continue
        visited.append(state)
    return visited


ACTION_LISTS = st.lists(st.sampled_from(states.ACTIONS), max_size=30)


@given(ACTION_LISTS)
def test_every_reachable_state_is_a_known_state(actions):
    assert set(_walk(actions)) <= set(states.STATES)


@given(ACTION_LISTS)
def test_closed_is_final(actions):
    visited = _walk(actions)
    if "closed" in visited:
        assert set(visited[visited.index("closed") :]) == {"closed"}


@given(ACTION_LISTS)
def test_paid_only_after_a_compound_and_a_compound_only_after_a_notice(actions):
    visited = _walk(actions)
    if "paid" in visited:
        assert visited.index("compounded") < visited.index("paid")
    if "compounded" in visited:
        assert visited.index("notice_issued") < visited.index("compounded")


@given(ACTION_LISTS)
def test_a_case_with_a_compound_outstanding_never_closes_directly(actions):
    visited = _walk(actions)
    for before, after in itertools.pairwise(visited):
        assert not (before == "compounded" and after == "closed")


@given(st.sampled_from(states.STATES), st.sampled_from(states.ACTIONS))
def test_allowed_actions_agree_with_next_state(current, action):
    if action in allowed_actions(current):
        assert next_state(current, action) in states.STATES
    else:
        with pytest.raises(IllegalMove):
            next_state(current, action)


def test_the_notice_period_is_thirty_days():
    assert states.notice_due(date(2026, 12, 1)) == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("state", "notice_due", "compound_due", "past"),
    [
        ("notice_issued", date(2026, 11, 30), None, True),
        ("notice_issued", date(2026, 12, 1), None, False),
        ("compounded", date(2026, 11, 1), date(2026, 11, 30), True),
        ("compounded", date(2026, 11, 1), date(2026, 12, 2), False),
        ("paid", date(2026, 11, 1), date(2026, 11, 2), False),
    ],
)
def test_past_due_is_a_notice_or_compound_left_after_its_date(state, notice_due, compound_due, past):
    assert (
        states.is_past_due(
            state=state, notice_due=notice_due, compound_due=compound_due, on=date(2026, 12, 1)
        )
        is past
    )
