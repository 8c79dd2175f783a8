from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from dispatch.assign import assign_open_premises
from dispatch.reconcile import close_registered_premises


class Command(BaseCommand):
    help = "Run dispatch now (what the beat task does): place every open, unassigned premises."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=date.fromisoformat, help="the day (default: today); leave is read for it"
        )
        parser.add_argument(
            "--reconcile", action="store_true", help="first close premises now found in the registry"
        )

    def handle(self, *args, on, reconcile, **options):
        if reconcile:
            closed = close_registered_premises()
            self.stdout.write(f"Reconciliation: {closed.premises_registered} premises found in the registry.")
        summary = assign_open_premises(on=on or timezone.localdate(), progress=self._progress)
        self.stdout.write(self._summary(summary))

    def _progress(self, done: int, total: int) -> None:
        if total >= 5000:
            self.stderr.write(f"  placed {done} of {total}")

    def _summary(self, summary) -> str:
        queued = ", ".join(
            f"{reason}: {count}" for reason, count in sorted(summary.queued_by_reason().items())
        )
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases)
        return (
            f"Dispatch for {summary.on}: {summary.created} assigned, {summary.moved} moved, "
            f"{summary.closed} closed, {len(summary.queued)} in the queue"
            f"{f' ({queued})' if queued else ''}; {summary.seconds:.1f} s ({phases})."
        )
