from datetime import date

import pytest
from django.core.management import call_command

from demo.fixed import FIXED_EMPLOYERS, FIXED_PERSONS
from demo.premises import unregistered_premises_for_demo
from demo.reference import towns
from demo.registry import Scale, build_demo_registry
from registry.identifiers import check_mykad_against, parse_mykad, postcode_areas
from registry.models import MALAYSIA_BOUNDS, ContributionYear, Employer, Employment, InsuredPerson
from registry.names import name_key

UNTIL = date(2026, 10, 1)
TINY = Scale(employers=40, persons=300, years=3)


@pytest.fixture
def demo(db):
    return build_demo_registry(scale=TINY, seed=7, until=UNTIL)


def paid_months(id_number: str) -> list[tuple[int, int, int]]:
    rows = ContributionYear.objects.filter(person__id_number=id_number).order_by("year")
    return [
        (row.year, month, wage)
        for row in rows
        for month, wage in enumerate(row.wages_sen, 1)
        if wage is not None
    ]


def test_the_demo_registry_holds_the_generated_and_the_fixed_records(demo):
    assert (demo.employers, demo.persons) == (40 + len(FIXED_EMPLOYERS), 300 + len(FIXED_PERSONS))
    assert Employer.objects.count() == demo.employers
    assert InsuredPerson.objects.count() == demo.persons
    assert demo.contributions > 0 and Employment.objects.exists()


def test_the_e12_person_paid_every_month_from_2015_07_to_2025_02_at_rm4200(demo):
    months = paid_months("850707145553")
    assert (months[0][:2], months[-1][:2], len(months)) == ((2015, 7), (2025, 2), 116)
    assert {wage for _, _, wage in months} == {420000}
    person = InsuredPerson.objects.get(id_number="850707145553")
    assert (person.date_of_birth, person.gender, person.nationality) == (date(1985, 7, 7), "M", "MY")


def test_the_fixed_employers_have_the_standings_their_notes_promise(demo):
    last_paid = dict(
        Employer.objects.filter(employer_code__in=[e.code for e in FIXED_EMPLOYERS]).values_list(
            "employer_code", "last_paid_month"
        )
    )
    assert last_paid["B9900000001S"] == UNTIL  # contributing
    assert last_paid["W9900000002K"] == date(2026, 5, 1)  # nothing for the last 5 months
    assert last_paid["B9900000003B"] == date(2023, 6, 1)  # ceased 2023-06-30


def test_a_foreign_worker_pays_second_category_contributions(demo):
    assert set(
        ContributionYear.objects.filter(person__id_number="X0900001").values_list("category", flat=True)
    ) == {2}


def test_generated_mykads_agree_with_date_of_birth_gender_and_a_real_place(demo):
    malaysians = InsuredPerson.objects.filter(nationality="MY")
    assert malaysians.count() > 200
    for person in malaysians:
        parse_mykad(person.id_number, on=UNTIL)
        check_mykad_against(person.id_number, born_on=person.date_of_birth, gender=person.gender)


def test_generated_employers_lie_in_malaysia_with_a_postcode_of_their_state(demo):
    for employer in Employer.objects.all():
        assert postcode_areas()[employer.postcode].state == employer.state
        assert MALAYSIA_BOUNDS["lat_min"] <= employer.location.y <= MALAYSIA_BOUNDS["lat_max"]


def test_people_of_every_community_and_foreign_workers_are_there(demo):
    names = list(InsuredPerson.objects.values_list("name", flat=True))
    assert any(" bin " in n for n in names) and any(" a/l " in n or " a/p " in n for n in names)
    assert any(" anak " in n for n in names)
    assert InsuredPerson.objects.exclude(nationality="MY").count() > 10


def test_a_second_run_finds_the_demo_loaded_and_adds_nothing(demo):
    assert build_demo_registry(scale=TINY, seed=7, until=UNTIL).skipped


def test_the_same_seed_regenerates_exactly_the_same_rows(demo):
    again = build_demo_registry(scale=TINY, seed=7, until=UNTIL, skip_if_loaded=False)
    assert (again.skipped, again.changed) == (False, 0)


def test_the_seed_demo_command_loads_staff_and_registry_then_adds_nothing(db, capsys):
    call_command("seed_demo", "--employers", "20", "--persons", "50", "--years", "2")
    assert "Demo registry: 25 employers, 57 persons" in capsys.readouterr().out
    call_command("seed_demo", "--employers", "20", "--persons", "50", "--years", "2")
    assert "already loaded" in capsys.readouterr().out


def test_towns_come_with_postcodes_of_their_own_state():
    all_towns, _ = towns()
    klang = next(t for t in all_towns if t.name == "Klang")
    assert klang.state == "Selangor"
    assert all(postcode_areas()[code].state == "Selangor" for code in klang.postcodes)


def test_unregistered_premises_are_the_same_every_time_and_near_klang_first():
    premises = unregistered_premises_for_demo()
    assert premises == unregistered_premises_for_demo()
    assert premises[0].name == "Warung Mak Teh"
    assert abs(premises[0].lat - 3.0449) < 0.01 and abs(premises[0].lon - 101.4450) < 0.01
    assert len({p.name for p in premises}) == len(premises)


def test_unregistered_premises_are_not_in_the_demo_registry(demo):
    keys = set(Employer.objects.values_list("name_key", flat=True)) | set(
        Employer.objects.values_list("trading_name_key", flat=True)
    )
    assert not {name_key(p.name) for p in unregistered_premises_for_demo()} & keys


def test_a_demo_of_a_single_year_of_contributions_loads(db):
    build_demo_registry(scale=Scale(employers=40, persons=300, years=1), seed=7, until=UNTIL)
    assert ContributionYear.objects.filter(year=UNTIL.year).count() > 100
