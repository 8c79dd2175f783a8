"""Dashboard rollups: caches of the facts (detections, premises, assignments, employments).

Kept by dashboard.rollups and rebuilt from the facts by `manage.py rebuild_rollups`. Dashboards
read only these, so their cost grows with areas x days, not with detections.
A NULL area means "outside every area"; a NULL officer means "nobody to credit".

The tables keep the names they had when these models lived in nforce (db_table): the move to
this app changed no table, constraint or index.
"""

from datetime import date

from django.db import models

from nforce.models import Area, User


class RollupCell(models.Model):
    # Every cell's table has these columns (declared by each: their fields differ in related_name).
    day: date
    area_id: int | None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        officer = getattr(self, "officer_id", None)
        return f"{self.day} area {self.area_id or '-'}" + (f" officer {officer}" if officer else "")


class ActivityRollup(RollupCell):
    """What enforcement did on one local day, in one area, credited to one officer.

    Definitions of each count: dashboard.kpis.
    """

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    officer = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    checks = models.PositiveIntegerField(default=0)
    checks_unconfirmed = models.PositiveIntegerField(default=0)
    premises_visited = models.PositiveIntegerField(default=0)
    unregistered_found = models.PositiveIntegerField(default=0)
    registrations_won = models.PositiveIntegerField(default=0)
    workers_covered = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nforce_activityrollup"
        constraints = [
            # One row per cell; the index behind it also serves the day-range reads.
            models.UniqueConstraint(
                fields=["day", "area", "officer"], nulls_distinct=False, name="activity_rollup_cell"
            ),
        ]
        # A supervisor's reads: a few areas over a range of days.
        indexes = [models.Index(fields=["area", "day"], name="activity_rollup_area_day")]


class AreaDayRollup(RollupCell):
    """One local day in one area, every officer together: the flows of ActivityRollup and the
    backlog changes of BacklogRollup, summed.

    What a national or office-wide read needs, at most one row per area and day whatever the
    number of officers or checks; reads about officers use the tables by officer.
    """

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    checks = models.PositiveIntegerField(default=0)
    checks_unconfirmed = models.PositiveIntegerField(default=0)
    premises_visited = models.PositiveIntegerField(default=0)
    unregistered_found = models.PositiveIntegerField(default=0)
    registrations_won = models.PositiveIntegerField(default=0)
    workers_covered = models.PositiveIntegerField(default=0)
    open_change = models.IntegerField(default=0)
    overdue_change = models.IntegerField(default=0)

    class Meta:
        db_table = "nforce_areadayrollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area"], nulls_distinct=False, name="area_day_rollup_cell"
            ),
        ]
        indexes = [models.Index(fields=["area", "day"], name="area_day_rollup_area_day")]


class BacklogRollup(RollupCell):
    """How the follow-up backlog changed on one local day, in one area, for one inspector.

    Assignments open (or overdue) at the end of day T = the sum of the changes of days <= T.
    Only days with a change have a row: one +1/-1 per assignment opened, closed or gone overdue.
    """

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    officer = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    open_change = models.IntegerField(default=0)
    overdue_change = models.IntegerField(default=0)

    class Meta:
        db_table = "nforce_backlogrollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "officer"], nulls_distinct=False, name="backlog_rollup_cell"
            ),
        ]
        indexes = [models.Index(fields=["area", "day"], name="backlog_rollup_area_day")]


class RegistrationDelayRollup(RollupCell):
    """How many registrations won on one local day took `delay_days` days from first detection.

    A histogram rather than a list so that the median costs the number of distinct delays.
    """

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    officer = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    delay_days = models.PositiveIntegerField()
    registrations = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nforce_registrationdelayrollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "officer", "delay_days"],
                nulls_distinct=False,
                name="delay_rollup_cell",
            ),
        ]
        indexes = [models.Index(fields=["area", "day"], name="delay_rollup_area_day")]


class EnforcementRollup(RollupCell):
    """What enforcement followed up on one local day, in one area, credited to one officer:
    operations started, compounds issued and paid, cases referred for prosecution, and the places
    inspected (once per place and day) with how many of those ended non-compliant.

    Definitions of each figure: dashboard.kpis. Amounts in ringgit, to the sen.
    """

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    officer = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    operations_run = models.PositiveIntegerField(default=0)
    compounds_issued = models.PositiveIntegerField(default=0)
    compounds_amount_rm = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    compounds_paid_rm = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    referred_for_prosecution = models.PositiveIntegerField(default=0)
    premises_inspected = models.PositiveIntegerField(default=0)
    premises_non_compliant = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "officer"], nulls_distinct=False, name="enforcement_rollup_cell"
            ),
        ]
        indexes = [models.Index(fields=["area", "day"], name="enforcement_rollup_area_day")]
