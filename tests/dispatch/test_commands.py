"""manage.py assign_premises."""

import io

from django.core.management import call_command

from tests.factories import KLANG, PremisesFactory, near


def test_assign_premises_prints_a_summary_with_the_queue(klang_inspector):
    PremisesFactory()
    PremisesFactory(location=near(KLANG, north_km=80))
    out = io.StringIO()
    call_command("assign_premises", "--on", "2026-12-01", stdout=out)
    assert out.getvalue().startswith(
        "Dispatch for 2026-12-01: 1 assigned, 0 moved, 0 closed, 1 in the queue (no_area: 1)"
    )
