"""Signals other parts connect to. Detection never imports them: dispatch imports detection.

premises_stored(sender=Premises, premises_id: int, created: bool)
    Sent after the transaction that stored a detection of an unregistered premises has
    committed: `created` is True for a new premises, False when the detection joined one.
    Dispatch connects here to enqueue its assignment task (ids only; re-read in the task).
"""

from django.dispatch import Signal

premises_stored = Signal()
