"""Beat entries for enforcement; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

ENFORCEMENT_BEAT_SCHEDULE = {
    # After dispatch's reconciliation (15 minutes): the registry's new businesses close cases.
    "enforcement-reconcile-cases": {
        "task": "enforcement.tasks.reconcile_cases_task",
        "schedule": 15 * 60.0,
        "options": {"expires": 15 * 60},  # a run still queued when the next is due is dropped
    },
    "enforcement-escalate-past-due": {
        "task": "enforcement.tasks.escalate_past_due_cases_task",
        "schedule": 60 * 60.0,
        "options": {"expires": 60 * 60},
    },
}
