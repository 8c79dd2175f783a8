"""Beat entries, written alike by every app that runs a task on a schedule. The apps' schedule
modules use it; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

from typing import Any


def every_minutes(minutes: int, *, task: str) -> dict[str, Any]:
    """`task` every so many minutes. A run still queued when the next is due is dropped (it
    expires): the next run does its work, and a backlog of runs after an outage would only repeat
    the same work, each in turn."""
    seconds = minutes * 60
    return {"task": task, "schedule": float(seconds), "options": {"expires": seconds}}
