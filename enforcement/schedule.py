"""Beat entries for enforcement; nforce/settings.py merges them into CELERY_BEAT_SCHEDULE."""

from nforce.schedules import every_minutes

ENFORCEMENT_BEAT_SCHEDULE = {
    # After dispatch's reconciliation (15 minutes): the registry's new businesses close cases.
    "enforcement-reconcile-cases": every_minutes(15, task="enforcement.tasks.reconcile_cases_task"),
    # Findings whose task was lost (a broker's restart, a worker's crash): recorded late, not never.
    "enforcement-record-missing-findings": every_minutes(
        15, task="enforcement.tasks.record_missing_findings_task"
    ),
    "enforcement-escalate-past-due": every_minutes(60, task="enforcement.tasks.escalate_past_due_cases_task"),
}
