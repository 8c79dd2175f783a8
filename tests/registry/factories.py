"""Registry factories whose defaults build valid objects (a real MyKad, a place in Klang)."""

from datetime import date, timedelta

import factory
from django.contrib.gis.geos import Point

from registry.models import ContributionYear, Employer, Employment, InsuredPerson
from registry.names import name_key


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("employer_code",)

    employer_code = factory.Sequence(lambda n: f"F{n:010d}K")
    business_registration_no = factory.Sequence(lambda n: f"2015010{n:05d}")
    ssm_new = factory.LazyAttribute(lambda o: o.business_registration_no)
    name = factory.Sequence(lambda n: f"RESTORAN UJIAN {n} SDN. BHD.")
    trading_name = factory.Sequence(lambda n: f"Restoran Ujian {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    trading_name_key = factory.LazyAttribute(lambda o: name_key(o.trading_name))
    address = "No. 1, Jalan Meru, Klang"
    postcode = "41050"
    state = "Selangor"
    msic_code = "56101"
    location = factory.LazyFunction(lambda: Point(101.4450, 3.0449, srid=4326))
    registered_on = date(2015, 1, 1)


class InsuredPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuredPerson
        django_get_or_create = ("id_number",)

    class Params:
        serial = factory.Sequence(lambda n: n)

    date_of_birth = factory.Sequence(lambda n: date(1980, 1, 1) + timedelta(days=n))
    gender = "M"
    # Born in Selangor (10); the last digit is odd for men, even for women.
    id_number = factory.LazyAttribute(
        lambda o: f"{o.date_of_birth:%y%m%d}10{(o.serial % 5000) * 2 + (o.gender == 'M'):04d}"
    )
    name = factory.Sequence(lambda n: f"Pekerja {n} bin Ujian")
    nationality = "MY"
    registered_on = date(2010, 1, 1)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(InsuredPersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    started_on = date(2015, 1, 1)


class ContributionYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionYear

    person = factory.SubFactory(InsuredPersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    year = 2024
    category = 1
    wages_sen = factory.LazyFunction(lambda: [300000] * 12)
