"""Signals of enforcement, for the floors above (dispatch, dashboard).

case_changed(sender=Case, case_id: int, action: str)
    Sent after the transaction that moved, opened or handed over a case has committed. `action`
    is an action of enforcement.states, or "opened", "finding", "hand_to", "registered".
"""

from django.dispatch import Signal

case_changed = Signal()
