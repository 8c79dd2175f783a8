import sys
from dataclasses import replace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.areas import DEMO_INSPECTORS
from demo.cases import ensure_demo_cases
from demo.field import ensure_demo_field_activity
from demo.operations import ensure_demo_operations
from demo.registry import SCALES, build_demo_registry
from demo.staff import DEMO_STAFF, ensure_demo_staff, retire_published_password


class Command(BaseCommand):
    help = "Load deterministic demo data. Safe to run again: it adds nothing that is already there."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", default="demo", choices=sorted(SCALES), help="demo (default), small, national"
        )
        parser.add_argument("--employers", type=int, help="override the scale's number of employers")
        parser.add_argument("--persons", type=int, help="override the scale's number of insured persons")
        parser.add_argument("--years", type=int, help="override the scale's years of contributions")
        parser.add_argument("--seed", type=int, default=1, help="another seed gives other (still valid) data")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run in production too (DJANGO_ENV=production): the demo logins get no password there",
        )

    def handle(self, *args, scale, employers, persons, years, seed, force, **options):
        if settings.PRODUCTION:
            self._in_production(force)
        made = ensure_demo_staff()
        self.stdout.write(f"Demo staff: {made} created.")
        size = replace(
            SCALES[scale],
            **{
                k: v
                for k, v in (("employers", employers), ("persons", persons), ("years", years))
                if v is not None
            },
        )
        if min(size.employers, size.persons, size.years) < 0 or size.years < 1:
            raise CommandError("--employers and --persons must be 0 or more, --years 1 or more.")
        # Contributions run to the last whole month: an officer sees "contributing" for live employers.
        until = timezone.localdate().replace(day=1)
        until = until.replace(year=until.year - (until.month == 1), month=(until.month - 2) % 12 + 1)
        report = build_demo_registry(scale=size, seed=seed, until=until, progress=self._progress)
        if report.skipped:
            self.stdout.write("Demo registry: already loaded, nothing added.")
        else:
            self.stdout.write(
                f"Demo registry: {report.employers:,} employers, {report.persons:,} persons, "
                f"{report.contributions:,} monthly contributions ({report.changed:,} rows written) "
                f"in {report.seconds:.1f} s."
            )
        field = ensure_demo_field_activity(now=timezone.now())
        self.stdout.write(
            f"Demo field work: {field.areas} areas, {field.inspectors} inspectors, "
            f"{field.detections} detections, {field.assigned} premises assigned."
        )
        operations, tagged = ensure_demo_operations(now=timezone.now())
        self.stdout.write(f"Demo operations: {operations} planned, {tagged} detections made during them.")
        cases = ensure_demo_cases(now=timezone.now())
        self.stdout.write(f"Demo enforcement: {cases.opened} cases opened, {cases.moved} case moves.")

    def _in_production(self, force: bool) -> None:
        """Refused unless forced; forced, no demo login keeps or gets the published password."""
        if not force:
            raise CommandError(
                "This is production (DJANGO_ENV=production): seed_demo would add made-up employers, "
                "people and logins to the real registry. Add --force to do it all the same; the demo "
                "logins then get no password (set one with manage.py changepassword)."
            )
        retired = retire_published_password([row[0] for row in (*DEMO_STAFF, *DEMO_INSPECTORS)])
        self.stdout.write(f"Production: demo logins get no password ({retired} had the published one).")

    def _progress(self, stage: str, count: int) -> None:
        sys.stderr.write(f"  {stage}: {count:,}\n")
