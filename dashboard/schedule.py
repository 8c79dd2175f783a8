"""Beat entries for the dashboard rollups; nforce/settings.py is to merge them into
CELERY_BEAT_SCHEDULE (as it does dispatch.schedule.DISPATCH_BEAT_SCHEDULE).

Signals keep the rollups fresh after every ORM save (detections, outcomes). Dispatch writes its runs
with bulk_create/bulk_update and reconciliation with bulk_update, which send no signal: the
recent-days refresh catches those within minutes, and the nightly rebuild catches the rest (a case
moved to another inspector changes the day it was first assigned, weeks ago).
"""

from celery.schedules import crontab

from nforce.schedules import every_minutes

DASHBOARD_BEAT_SCHEDULE = {
    "dashboard-refresh-recent-rollups": every_minutes(5, task="nforce.dashboard.refresh_recent_rollups"),
    "dashboard-rebuild-rollups": {
        "task": "nforce.dashboard.rebuild_rollups",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 60 * 60},  # not started by 08:30: tomorrow's will do
    },
}
