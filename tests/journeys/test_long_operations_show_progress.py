"""Long operations run from the command line say how far they have got, not only when they end.

Each command runs on small data with its reporting interval made small, so that the progress lines
a national run prints every 100,000 rows (imports) or 1,000 premises (dispatch) show here too.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.staff import ensure_demo_staff
from dispatch.management.commands.assign_premises import Command as AssignPremises
from nforce.models import Office
from registry import importing
from tests.factories import AreaFactory, InspectorFactory, PremisesFactory
from tests.registry.test_importing import write

pytestmark = pytest.mark.django_db

EMPLOYERS = [
    f"B99000000{n}S,2015019900{n},KEDAI UJIAN {n},,Jalan Meru,41050,Selangor,56101,2015-03-02,,3.04,101.44"
    for n in range(10, 16)
]


def test_import_registry_reports_rows_read_as_it_goes(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    call_command("import_registry", str(write(tmp_path, employers=EMPLOYERS)))
    told = capsys.readouterr()
    assert re.findall(r"employers\.csv: (\d) rows read", told.err) == ["2", "4", "6"]
    assert "employers.csv: 6 rows, 6 inserted" in told.out


def test_rebuild_rollups_reports_each_month_with_the_share_done(capsys):
    today = timezone.localdate()
    start = today - timedelta(days=80)
    call_command("rebuild_rollups", "--from", start.isoformat(), "--to", today.isoformat())
    lines = capsys.readouterr().out.splitlines()
    shares = [int(share) for share in re.findall(r"\((\d+)%\)$", "\n".join(lines), flags=re.MULTILINE)]
    assert len(shares) == 3  # 81 days, a month (31 days) at a time
    assert shares == sorted(shares) and shares[-1] == 100
    assert lines[-1].startswith("Rebuilt ")


def test_assign_premises_prints_a_summary_and_progress_on_large_runs(capsys):
    ensure_demo_staff()
    area = AreaFactory(code="KLG-1", office=Office.objects.get(code="KLG"))
    InspectorFactory(areas=[area])
    PremisesFactory.create_batch(3)
    out, err = io.StringIO(), io.StringIO()
    call_command("assign_premises", stdout=out, stderr=err)
    assert re.search(
        r"Dispatch for \d{4}-\d\d-\d\d: 3 assigned, 0 moved, 0 closed, 0 in the queue", out.getvalue()
    )
    assert err.getvalue() == ""  # below 5,000 premises it says nothing until the summary
    command = AssignPremises(stdout=out, stderr=err)
    command._progress(5000, 120_000)  # what the solver calls every 1,000 premises of a national run
    assert err.getvalue() == "  placed 5000 of 120000\n"


def test_seed_demo_reports_each_stage_of_the_registry_it_builds(capsys, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 10)
    call_command("seed_demo", "--employers", "20", "--persons", "30", "--years", "2")
    told = capsys.readouterr()
    assert re.search(r"^  persons generated: \d+$", told.err, flags=re.MULTILINE)  # the generator's
    assert (
        len(re.findall(r"^  contributions\.csv: [\d,]+$", told.err, flags=re.MULTILINE)) > 10
    )  # the import's
    assert "Demo field work:" in told.out
