from datetime import date

import pytest

from eligibility.months import Month
from eligibility.queries import current_workers_facts, person_facts
from eligibility.rules import Kind, invalidity_verdict
from registry.models import ContributionYear
from tests.factories import (
    EmployerFactory,
    EmploymentFactory,
    InsuredPersonFactory,
    paid_months,
    worker_with_record,
)

pytestmark = pytest.mark.django_db


def test_a_twenty_year_record_is_read_in_one_query(django_assert_num_queries):
    person = worker_with_record(first="2005-01", last="2024-12", wage_sen=300_000, id_number="800510105431")
    with django_assert_num_queries(1):
        facts = person_facts(id_number=person.id_number)
    assert facts is not None
    assert len(facts.contributions.paid) == 240
    assert facts.first_employment_on == date(2005, 1, 1)


def test_facts_of_the_e1_person_give_the_full_pension_of_the_worked_example():
    person = worker_with_record(first="2005-01", last="2024-12", wage_sen=300_000)
    verdict = invalidity_verdict(
        insured=person_facts(id_number=person.id_number).insured(), notice_on=date(2025, 1, 15)
    )
    assert (verdict.kind, verdict.rate_percent, verdict.monthly_pension_sen) == (Kind.FULL, 65, 191_750)


def test_wages_of_one_month_from_two_employers_are_summed_and_the_month_counts_once():
    person = worker_with_record(first="2024-01", last="2024-12", wage_sen=150_000)
    paid_months(person=person, employer=EmployerFactory(), first="2024-06", last="2024-06", wage_sen=80_000)
    contributions = person_facts(id_number=person.id_number).insured().contributions
    assert len(contributions.paid) == 12
    assert contributions.wages_sen[Month.at(2024, 6)] == 230_000


def test_second_category_months_are_kept_apart_from_the_invalidity_record():
    person = worker_with_record(first="2024-01", last="2024-03", wage_sen=150_000)
    paid_months(
        person=person, employer=EmployerFactory(), first="2024-04", last="2024-05", wage_sen=1, category=2
    )
    contributions = person_facts(id_number=person.id_number).insured().contributions
    assert contributions.paid == (Month.at(2024, 1), Month.at(2024, 2), Month.at(2024, 3))
    assert contributions.second_category_only == {Month.at(2024, 4), Month.at(2024, 5)}


def test_first_payable_month_is_the_earliest_employment_start():
    person = worker_with_record(first="2010-03", last="2010-04", wage_sen=150_000)
    EmploymentFactory(person=person, employer=EmployerFactory(), started_on=date(2008, 7, 15))
    assert person_facts(id_number=person.id_number).insured().first_payable == Month.at(2008, 7)


def test_an_unknown_id_number_has_no_facts():
    assert person_facts(id_number="000000000000") is None


def test_current_workers_of_an_employer_are_read_in_one_query(django_assert_num_queries):
    employer = EmployerFactory()
    for _ in range(5):
        worker_with_record(employer=employer, first="2015-01", last="2024-12", wage_sen=250_000)
    former = worker_with_record(employer=employer, first="2015-01", last="2016-12", wage_sen=250_000)
    former.employments.update(ended_on=date(2016, 12, 31))
    EmploymentFactory(person=InsuredPersonFactory(), employer=EmployerFactory())
    with django_assert_num_queries(1):
        workers = current_workers_facts(employer=employer)
    assert len(workers) == 5
    assert all(len(worker.contributions.paid) == 120 for worker in workers)


def test_second_category_months_count_only_where_no_first_category_wage_was_paid():
    person = worker_with_record(first="2024-01", last="2024-06", wage_sen=150_000)
    employer = EmployerFactory()
    ContributionYear.objects.create(
        person=person, employer=employer, year=2024, category=2, wages_sen=[90_000] * 12
    )
    contributions = person_facts(id_number=person.id_number).contributions
    assert contributions.wages_sen[Month.at(2024, 3)] == 150_000
    assert contributions.second_category_only == frozenset(Month.at(2024, m) for m in range(7, 13))
