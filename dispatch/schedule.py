"""Beat entries for dispatch; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

DISPATCH_BEAT_SCHEDULE = {
    # Premises stored are also dispatched at once (dispatch.apps, on premises_stored); this run
    # catches what that missed: leave starting today, a worker down, capacity freed.
    # A run still queued when the next is due is dropped (expires): a backlog of runs after an
    # outage would only repeat the same work, each holding the assignment lock in turn.
    "dispatch-assign-open-premises": {
        "task": "dispatch.tasks.assign_open_premises_task",
        "schedule": 5 * 60.0,
        "options": {"expires": 5 * 60},
    },
    "dispatch-close-registered-premises": {
        "task": "dispatch.tasks.close_registered_premises_task",
        "schedule": 15 * 60.0,
        "options": {"expires": 15 * 60},
    },
}
