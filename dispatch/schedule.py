"""Beat entries for dispatch; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

from nforce.schedules import every_minutes

DISPATCH_BEAT_SCHEDULE = {
    # Premises stored are also dispatched at once (dispatch.apps, on premises_stored); this run
    # catches what that missed: leave starting today, a worker down, capacity freed. Each run
    # holds the assignment lock: a backlog of them would only queue up behind it.
    "dispatch-assign-open-premises": every_minutes(5, task="dispatch.tasks.assign_open_premises_task"),
    "dispatch-close-registered-premises": every_minutes(
        15, task="dispatch.tasks.close_registered_premises_task"
    ),
}
