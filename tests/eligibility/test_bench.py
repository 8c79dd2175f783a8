from io import StringIO

import pytest
from django.core.management import call_command

from registry.models import InsuredPerson


@pytest.mark.django_db
def test_the_benchmark_reports_person_and_employer_timings_and_leaves_no_data(tmp_path):
    out = StringIO()
    call_command("bench_eligibility", "--quick", "--json", str(tmp_path / "bench.json"), stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["person", "person", "employer", "employer"]
    assert all(line.endswith(" ms") for line in lines)
    assert '"eligibility"' in (tmp_path / "bench.json").read_text()
    assert not InsuredPerson.objects.filter(id_number__startswith="BENCH").exists()
