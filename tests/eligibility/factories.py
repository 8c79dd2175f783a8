"""Registry objects for eligibility tests, with defaults that build valid rows."""

from datetime import date

import factory

from eligibility.months import Month
from registry.models import ContributionYear, Employer, Employment, InsuredPerson


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("employer_code",)

    employer_code = factory.Sequence(lambda n: f"EL{n:010d}")
    name = factory.Sequence(lambda n: f"Syarikat Contoh {n} Sdn Bhd")
    registered_on = date(2000, 1, 1)


class InsuredPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuredPerson
        django_get_or_create = ("id_number",)

    id_number = factory.Sequence(lambda n: f"800510{n:06d}")
    name = factory.Sequence(lambda n: f"Pekerja {n}")
    date_of_birth = date(1980, 5, 10)
    gender = InsuredPerson.Gender.MALE
    nationality = "MY"
    registered_on = factory.LazyAttribute(lambda person: person.date_of_birth)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(InsuredPersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    started_on = date(2005, 1, 1)
    ended_on = None


def paid_months(
    *, person: InsuredPerson, employer: Employer, first: str, last: str, wage_sen: int, category: int = 1
) -> list[ContributionYear]:
    """Contribution rows paying `wage_sen` for every month from `first` to `last` (YYYY-MM)."""
    years: dict[int, list[int | None]] = {}
    for month in Month.parse(first).through(Month.parse(last)):
        years.setdefault(month.year, [None] * 12)[month.month - 1] = wage_sen
    rows = [
        ContributionYear(person=person, employer=employer, year=year, category=category, wages_sen=wages)
        for year, wages in years.items()
    ]
    return ContributionYear.objects.bulk_create(rows)


def worker_with_record(
    *, employer: Employer | None = None, first: str, last: str, wage_sen: int, **person_fields
) -> InsuredPerson:
    """A person employed by `employer` since `first`, paid every month `first`..`last`."""
    employer = employer or EmployerFactory()
    person = InsuredPersonFactory(**person_fields)
    EmploymentFactory(person=person, employer=employer, started_on=Month.parse(first).first_day)
    paid_months(person=person, employer=employer, first=first, last=last, wage_sen=wage_sen)
    return person
