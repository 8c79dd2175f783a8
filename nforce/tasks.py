from dataclasses import asdict, dataclass

from celery import shared_task


@shared_task(name="nforce.canary", ignore_result=False, soft_time_limit=10, time_limit=15)
def canary(token: str) -> str:
    """Echoes its token: proves a worker took a task from the broker and answered."""
    return token


@dataclass(frozen=True)
class RunCounts:
    """What a scheduled run did, counted (its fields, in the app's dataclass): as_dict() is the
    task's result and its log line."""

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
