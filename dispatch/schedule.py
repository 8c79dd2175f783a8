"""Beat entries for dispatch; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

DISPATCH_BEAT_SCHEDULE = {
    # Premises stored are also dispatched at once (dispatch.apps, on premises_stored); this run
    # catches what that missed: leave starting today, a worker down, capacity freed.
    "dispatch-assign-open-premises": {
        "task": "dispatch.tasks.assign_open_premises_task",
        "schedule": 5 * 60.0,
    },
    "dispatch-close-registered-premises": {
        "task": "dispatch.tasks.close_registered_premises_task",
        "schedule": 15 * 60.0,
    },
}
