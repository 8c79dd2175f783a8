"""Plan shapes, not timings: the queries the benchmarks time can be answered from their indexes.

Each test runs the real domain function, takes the SQL it sent (as PostgreSQL received it) and
asks EXPLAIN for its plan with sequential scans priced out, as on a national-size table. Name
search and the person-record range read are pinned in tests/registry/test_queries.py.
"""

from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eligibility.queries import current_workers_facts, person_facts
from registry.models import ContributionYear, Employer, Employment, InsuredPerson
from registry.names import name_key
from registry.queries import employer_by_code, employers_by_registration_no, employers_near

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)
KLANG = Point(101.4450, 3.0449, srid=4326)


@pytest.fixture
def registry():
    """A few employers around Klang, one person with two years at the first of them."""
    employers = [
        Employer.objects.create(
            employer_code=f"E{n:011d}",
            name=f"Kedai Runcit {n}",
            name_key=name_key(f"Kedai Runcit {n}"),
            ssm_new=f"2019010{n:05d}",
            ssm_old=f"{100000 + n}-A",
            registered_on=date(2015, 3, 1),
            location=Point(KLANG.x + n * 1e-4, KLANG.y, srid=4326),
        )
        for n in range(1, 31)
    ]
    person = InsuredPerson.objects.create(
        id_number="850707145553", name="Ahmad bin Ali", date_of_birth=date(1985, 7, 7), gender="M",
        registered_on=date(2015, 7, 1),
    )  # fmt: skip
    Employment.objects.create(person=person, employer=employers[0], started_on=date(2015, 7, 1))
    for year in (2025, 2026):
        ContributionYear.objects.create(
            person=person, employer=employers[0], year=year, category=1, wages_sen=[300_000] * 12
        )
    return employers


def _plans_of(call, table: str) -> str:
    """EXPLAIN of every statement `call` sent that reads `table`, sequential scans priced out."""
    with CaptureQueriesContext(connection) as captured:
        call()
    statements = [
        q["sql"] for q in captured.captured_queries if f'"{table}"' in q["sql"] or f" {table} " in q["sql"]
    ]
    assert statements, f"{call} sent no query on {table}"
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in statements:
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


def _read_by_index(plan: str, column: str) -> bool:
    """An index scan whose condition is on `column` (whichever of its indexes the planner picks:
    the unique one and Django's varchar_pattern_ops twin cost the same)."""
    return "Seq Scan" not in plan and f"Index Cond: (({column})::text = " in plan


def test_exact_code_lookup_reads_an_index_on_the_code(registry):
    plan = _plans_of(lambda: employer_by_code("E00000000007", on=TODAY), "registry_employer")
    assert _read_by_index(plan, "employer_code")


@pytest.mark.parametrize(
    ("new", "old", "column"), [("201901000007", None, "ssm_new"), (None, "100007-A", "ssm_old")]
)
def test_registration_number_lookup_reads_an_index_on_the_number(registry, new, old, column):
    plan = _plans_of(lambda: employers_by_registration_no(new=new, old=old, on=TODAY), "registry_employer")
    assert _read_by_index(plan, column)


def test_near_me_takes_the_nearest_from_the_spatial_index(registry):
    plan = _plans_of(lambda: employers_near(point=KLANG, radius_m=500, on=TODAY), "registry_employer")
    # KNN: the index returns rows nearest first ("Order By: location <-> point"), no sort of all rows.
    assert "Index Scan using" in plan
    assert "Order By: (location <->" in plan
    assert "Sort" not in plan.split("Index Scan")[0]


def test_one_employers_contributions_of_a_year_read_their_index(registry):
    employer = registry[0]

    def read() -> None:
        list(
            ContributionYear.objects.filter(employer=employer, year=2026).values_list(
                "person_id", "wages_sen"
            )
        )

    assert "contribution_employer_year" in _plans_of(read, "registry_contributionyear")


def test_current_workers_of_an_employer_come_from_the_partial_index(registry):
    plan = _plans_of(lambda: current_workers_facts(employer=registry[0]), "registry_employment")
    assert "employment_current_idx" in plan


def test_a_persons_facts_read_the_contributions_by_primary_key(registry):
    plan = _plans_of(lambda: person_facts(id_number="850707145553"), "registry_contributionyear")
    assert "registry_contributionyear_pkey" in plan
    assert _read_by_index(plan, "id_number")
