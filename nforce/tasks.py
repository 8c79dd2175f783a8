from celery import shared_task


@shared_task(name="nforce.canary", ignore_result=False, soft_time_limit=10, time_limit=15)
def canary(token: str) -> str:
    """Echoes its token: proves a worker took a task from the broker and answered."""
    return token
