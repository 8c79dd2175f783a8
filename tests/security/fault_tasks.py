"""The Celery app of the fault tests' worker: Nforce's tasks plus one whose effect is durable."""

from nforce.celery import app


@app.task(name="tests.security.note_delivery", acks_late=True)
def note_delivery(token: str) -> None:
    """Leaves a row behind: proof that this message reached a worker and ran."""
    from nforce.audit import record_event

    record_event(actor=None, action="fault.delivered", query={"token": token})


__all__ = ["app", "note_delivery"]
