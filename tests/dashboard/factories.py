"""Factories for the dashboard tests: defaults build valid facts (kept here, independent of the
factories other apps are writing)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from detection.models import Detection, Premises
from dispatch.models import Assignment, Inspector
from nforce.models import Area
from registry.models import Employer, Employment, InsuredPerson
from tests.factories import OfficeFactory, UserFactory

KL = ZoneInfo("Asia/Kuala_Lumpur")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Malaysian local time: dashboards count local days."""
    return datetime.combine(day, time(hour, minute), tzinfo=KL)


def square(lon: float, lat: float, size: float = 0.05) -> MultiPolygon:
    ring = ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat))
    return MultiPolygon(Polygon(ring, srid=4326), srid=4326)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AR{n:03d}")
    name = factory.Sequence(lambda n: f"Kawasan {n}")
    office = factory.SubFactory(OfficeFactory)
    state = "Selangor"
    boundary = factory.LazyFunction(lambda: square(101.40, 3.00))


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    employer_code = factory.Sequence(lambda n: f"E{n:011d}")
    name = factory.Sequence(lambda n: f"Syarikat {n} Sdn Bhd")
    registered_on = date(2024, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuredPerson

    id_number = factory.Sequence(lambda n: f"900101{n:06d}")
    name = factory.Sequence(lambda n: f"Pekerja {n}")
    date_of_birth = date(1990, 1, 1)
    gender = InsuredPerson.Gender.FEMALE
    registered_on = date(2010, 1, 1)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    started_on = date(2024, 6, 1)


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Premises

    name = factory.Sequence(lambda n: f"Kedai Runcit {n}")
    location = factory.LazyFunction(lambda: Point(101.42, 3.02, srid=4326))
    area = factory.SubFactory(AreaFactory)
    created_by = factory.SubFactory(UserFactory)
    first_detected_at = factory.LazyFunction(lambda: at(date(2025, 3, 10)))
    last_detected_at = factory.SelfAttribute("first_detected_at")


class DetectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detection

    officer = factory.SubFactory(UserFactory)
    observed_at = factory.LazyFunction(lambda: at(date(2025, 3, 10)))
    location = factory.LazyFunction(lambda: Point(101.42, 3.02, srid=4326))
    subject = Detection.Subject.PREMISES
    outcome = Detection.Outcome.UNREGISTERED
    area = factory.SubFactory(AreaFactory)


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    user = factory.SubFactory(UserFactory, roles=["inspector"])


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    premises = factory.SubFactory(PremisesFactory)
    inspector = factory.SubFactory(InspectorFactory)
    assigned_at = factory.LazyFunction(lambda: at(date(2025, 3, 10)))
    due_on = date(2025, 3, 24)
