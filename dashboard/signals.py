"""Signal handlers: any save or delete of a fact schedules, after commit, a refresh of its days.

Connected in DashboardConfig.ready(). The handlers run no query (the writer's request, and the query
counts pinned by its tests, pay nothing but a Redis SET after commit). Writes that send no signal
(bulk_create, QuerySet.update, COPY) are caught by refresh_recent_rollups_task or
`manage.py rebuild_rollups`.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from detection import signals as detection_signals
from detection.models import Premises
from enforcement import signals as enforcement_signals
from enforcement.models import Case

from .freshness import TRACKED, touched, values_of
from .tasks import refresh_case_rollups_task, refresh_premises_rollups_task, schedule_refresh


def remember_loaded_values(sender, instance, **kwargs) -> None:
    instance._rollup_values = values_of(instance)


def fact_saved(sender, instance, **kwargs) -> None:
    before = getattr(instance, "_rollup_values", {}) or {}
    now = values_of(instance)
    instance._rollup_values = now
    touch = touched(sender, now)
    if before:
        touch |= touched(sender, before)
    transaction.on_commit(partial(schedule_refresh, touch), robust=True)


def fact_deleted(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(schedule_refresh, touched(sender, values_of(instance))), robust=True)


def premises_changed(sender, premises_ids: list[int], **kwargs) -> None:
    """Detection sends this after commit (areas changed, a supervisor's merge, split or
    exclusion): the days those premises count on are recomputed by a task."""
    transaction.on_commit(partial(refresh_premises_rollups_task.delay, list(premises_ids)), robust=True)


def case_changed(sender, case_id: int, **kwargs) -> None:
    """Enforcement sends this after commit (a case opened, moved or handed over): the days of
    its events are recomputed by a task (its area may have changed)."""
    transaction.on_commit(partial(refresh_case_rollups_task.delay, case_id), robust=True)


def connect() -> None:
    enforcement_signals.case_changed.connect(case_changed, sender=Case, dispatch_uid="rollup-case-changed")
    detection_signals.premises_changed.connect(
        premises_changed, sender=Premises, dispatch_uid="rollup-premises-changed"
    )
    for model in TRACKED:
        post_init.connect(remember_loaded_values, sender=model, dispatch_uid=f"rollup-init-{model.__name__}")
        post_save.connect(fact_saved, sender=model, dispatch_uid=f"rollup-save-{model.__name__}")
        post_delete.connect(fact_deleted, sender=model, dispatch_uid=f"rollup-delete-{model.__name__}")
