"""Rebuild the dashboard rollups from the facts (detections, premises, assignments, employments)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dashboard.periods import Period
from dashboard.rollups import Progress, fact_span, rebuild_rollups


class Command(BaseCommand):
    help = (
        "Recompute the dashboard rollups from the facts, a month at a time. With no dates, every day "
        "any fact counts on (and rows outside those days are dropped). Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="last day, YYYY-MM-DD")

    def handle(self, *args, start: date | None, end: date | None, **options):
        period = self._period(start, end)
        rows = rebuild_rollups(period=period, progress=self._report)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {rows} rollup rows."))

    def _period(self, start: date | None, end: date | None) -> Period | None:
        if start is None and end is None:
            return None
        span = fact_span()
        start = start or (span.start if span else end)
        end = end or (span.end if span else start)
        assert start is not None and end is not None  # one of them was given
        if start > end:
            raise CommandError("--from must not be after --to.")
        return Period(start=start, end=end)

    def _report(self, progress: Progress) -> None:
        share = progress.days_done * 100 // progress.days_total
        self.stdout.write(f"{progress.chunk.start} .. {progress.chunk.end}: {progress.rows} rows ({share}%)")
