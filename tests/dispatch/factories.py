"""Dispatch factories whose defaults build valid rows: areas are small squares, all near Klang."""

import math
import uuid
from datetime import date, timedelta

import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from detection.models import Detection, Premises
from dispatch.models import Assignment, Inspector
from nforce.areas import area_containing
from nforce.models import Area
from nforce.roles import Role
from registry.models import Employer
from registry.names import name_key
from tests.factories import OfficeFactory, UserFactory

KLANG = (101.4450, 3.0449)  # (longitude, latitude)
KM_PER_DEGREE = 111.32


def near(origin: tuple[float, float], *, north_km: float = 0, east_km: float = 0) -> Point:
    lon, lat = origin
    east = east_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return Point(lon + east, lat + north_km / KM_PER_DEGREE, srid=4326)


def square(centre: tuple[float, float], half_km: float = 5.0) -> MultiPolygon:
    """A square area of 2 x half_km around a centre."""
    lon, lat = centre
    d_lat = half_km / KM_PER_DEGREE
    d_lon = half_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    ring = (
        (lon - d_lon, lat - d_lat),
        (lon + d_lon, lat - d_lat),
        (lon + d_lon, lat + d_lat),
        (lon - d_lon, lat + d_lat),
        (lon - d_lon, lat - d_lat),
    )
    return MultiPolygon(Polygon(ring), srid=4326)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    class Params:
        centre = KLANG

    code = factory.Sequence(lambda n: f"DA-{n}")
    name = factory.Sequence(lambda n: f"Kawasan Ujian {n}")
    office = factory.SubFactory(OfficeFactory)
    state = "Selangor"
    boundary = factory.LazyAttribute(lambda o: square(o.centre))


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.INSPECTOR])
    capacity = 20
    base_location = factory.LazyFunction(lambda: Point(*KLANG, srid=4326))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class PremisesFactory(factory.django.DjangoModelFactory):
    """An open, unregistered premises whose area is resolved from its position, as detection does."""

    class Meta:
        model = Premises

    name = factory.Sequence(lambda n: f"Kedai Runcit Contoh {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    address = "Jalan Meru, Klang"
    kind = "kedai runcit"
    location = factory.LazyFunction(lambda: Point(*KLANG, srid=4326))
    area = factory.LazyAttribute(lambda o: area_containing(o.location))
    detection_count = 1
    first_detected_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=30) + timedelta(minutes=n))


class DetectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detection

    client_uuid = factory.LazyFunction(uuid.uuid4)
    officer = factory.SubFactory(UserFactory, roles=[Role.OFFICER])
    observed_at = factory.LazyFunction(timezone.now)
    location = factory.LazyAttribute(lambda o: o.premises.location)
    subject = Detection.Subject.PREMISES
    outcome = Detection.Outcome.UNREGISTERED
    premises = factory.SubFactory(PremisesFactory)
    premises_name = factory.LazyAttribute(lambda o: o.premises.name)
    workers_seen = 4


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    premises = factory.SubFactory(PremisesFactory)
    inspector = factory.SubFactory(InspectorFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    reason = "inside area DA-1; 1 of 20 open cases; 0.0 km from base"
    reason_data = factory.LazyAttribute(
        lambda o: {"area": "DA-1", "open_cases": 1, "capacity": 20, "distance_km": 0.0}
    )


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("employer_code",)

    employer_code = factory.Sequence(lambda n: f"D{n:010d}X")
    ssm_new = factory.Sequence(lambda n: f"2019{n:08d}")
    name = factory.Sequence(lambda n: f"SYARIKAT BERDAFTAR {n} SDN. BHD.")
    trading_name = ""
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    trading_name_key = factory.LazyAttribute(lambda o: name_key(o.trading_name))
    location = factory.LazyFunction(lambda: Point(*KLANG, srid=4326))
    registered_on = date(2020, 1, 1)
