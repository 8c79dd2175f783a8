"""Dashboard rollups: caches of the facts (detections, premises, assignments, employments).

Kept by dashboard.rollups and rebuilt from the facts by `manage.py rebuild_rollups`. Dashboards
read only these, so their cost grows with areas x days, not with detections.
A NULL area means "outside every area"; a NULL officer means "nobody to credit".

The tables keep the names they had when these models lived in nforce (db_table): the move to
this app changed no table, constraint or index.
"""

from django.db import models

from nforce.models import Area, User


def one_row_per_cell(name: str, *cell: str) -> models.UniqueConstraint:
    """One row per cell. A NULL (outside every area, nobody to credit) is a cell like any other:
    two rows with the same NULL are a duplicate too (NULLS NOT DISTINCT)."""
    return models.UniqueConstraint(fields=cell, nulls_distinct=False, name=name)


class RollupCell(models.Model):
    """One local day in one area; a NULL area means "outside every area"."""

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} area {self.area_id or '-'}"


class OfficerCell(RollupCell):
    """One local day in one area, credited to one officer; a NULL officer means "nobody to credit"."""

    officer = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return super().__str__() + (f" officer {self.officer_id}" if self.officer_id else "")


class Flows(models.Model):
    """What enforcement did in a cell. Definitions of each count: dashboard.kpis."""

    checks = models.PositiveIntegerField(default=0)
    checks_unconfirmed = models.PositiveIntegerField(default=0)
    premises_visited = models.PositiveIntegerField(default=0)
    unregistered_found = models.PositiveIntegerField(default=0)
    registrations_won = models.PositiveIntegerField(default=0)
    workers_covered = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class BacklogChanges(models.Model):
    """How many assignments opened (or went overdue) in a cell, less those closed."""

    open_change = models.IntegerField(default=0)
    overdue_change = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ActivityRollup(Flows, OfficerCell):
    """What enforcement did on one local day, in one area, credited to one officer.

    Definitions of each count: dashboard.kpis.
    """

    class Meta:
        db_table = "nforce_activityrollup"
        # One row per cell; the index behind it also serves the day-range reads.
        constraints = [one_row_per_cell("activity_rollup_cell", "day", "area", "officer")]
        # A supervisor's reads: a few areas over a range of days.
        indexes = [models.Index(fields=["area", "day"], name="activity_rollup_area_day")]


class AreaDayRollup(Flows, BacklogChanges, RollupCell):
    """One local day in one area, every officer together: the flows of ActivityRollup and the
    backlog changes of BacklogRollup, summed.

    What a national or office-wide read needs, at most one row per area and day whatever the
    number of officers or checks; reads about officers use the tables by officer.
    """

    class Meta:
        db_table = "nforce_areadayrollup"
        constraints = [one_row_per_cell("area_day_rollup_cell", "day", "area")]
        indexes = [models.Index(fields=["area", "day"], name="area_day_rollup_area_day")]


class BacklogRollup(BacklogChanges, OfficerCell):
    """How the follow-up backlog changed on one local day, in one area, for one inspector.

    Assignments open (or overdue) at the end of day T = the sum of the changes of days <= T.
    Only days with a change have a row: one +1/-1 per assignment opened, closed or gone overdue.
    """

    class Meta:
        db_table = "nforce_backlogrollup"
        constraints = [one_row_per_cell("backlog_rollup_cell", "day", "area", "officer")]
        indexes = [models.Index(fields=["area", "day"], name="backlog_rollup_area_day")]


class RegistrationDelayRollup(OfficerCell):
    """How many registrations won on one local day took `delay_days` days from first detection.

    A histogram rather than a list so that the median costs the number of distinct delays.
    """

    delay_days = models.PositiveIntegerField()
    registrations = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nforce_registrationdelayrollup"
        constraints = [one_row_per_cell("delay_rollup_cell", "day", "area", "officer", "delay_days")]
        indexes = [models.Index(fields=["area", "day"], name="delay_rollup_area_day")]


class EnforcementRollup(OfficerCell):
    """What enforcement followed up on one local day, in one area, credited to one officer:
    operations started, compounds issued and paid, cases referred for prosecution, and the places
    inspected (once per place and day) with how many of those ended non-compliant.

    Definitions of each figure: dashboard.kpis. Amounts in ringgit, to the sen.
    """

    operations_run = models.PositiveIntegerField(default=0)
    compounds_issued = models.PositiveIntegerField(default=0)
    compounds_amount_rm = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    compounds_paid_rm = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    referred_for_prosecution = models.PositiveIntegerField(default=0)
    premises_inspected = models.PositiveIntegerField(default=0)
    premises_non_compliant = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [one_row_per_cell("enforcement_rollup_cell", "day", "area", "officer")]
        indexes = [models.Index(fields=["area", "day"], name="enforcement_rollup_area_day")]
