"""Detection objects with defaults that build valid rows (a shop in Klang, open, seen today)."""

import uuid

import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from detection.models import Detection, Premises
from nforce.models import Area
from registry.names import name_key
from tests.factories import UserFactory

KLANG = (101.4450, 3.0449)  # (longitude, latitude): Klang town centre


def square(lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> MultiPolygon:
    ring = (
        (lon_min, lat_min),
        (lon_max, lat_min),
        (lon_max, lat_max),
        (lon_min, lat_max),
        (lon_min, lat_min),
    )
    return MultiPolygon(Polygon(ring), srid=4326)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AR{n:03d}")
    name = factory.Sequence(lambda n: f"Kawasan {n}")
    state = "Selangor"
    boundary = factory.LazyFunction(lambda: square(101.40, 3.00, 101.50, 3.10))


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Premises

    name = factory.Sequence(lambda n: f"Kedai Contoh {n}")
    name_key = factory.LazyAttribute(lambda premises: name_key(premises.name))
    location = factory.LazyFunction(lambda: Point(*KLANG, srid=4326))
    detection_count = 1
    created_by = factory.SubFactory(UserFactory, roles=["officer"])


class DetectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detection

    client_uuid = factory.LazyFunction(uuid.uuid4)
    officer = factory.SubFactory(UserFactory, roles=["officer"])
    observed_at = factory.LazyFunction(timezone.now)
    location = factory.LazyFunction(lambda: Point(*KLANG, srid=4326))
    accuracy_m = 12.0
    subject = Detection.Subject.PREMISES
    outcome = Detection.Outcome.UNREGISTERED
    premises_name = factory.Sequence(lambda n: f"Kedai Contoh {n}")
