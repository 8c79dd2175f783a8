"""One factory per model, whose defaults build valid objects: staff and offices, areas, the
registry, detections and premises, inspectors and assignments. Everything is near Klang unless a
test says otherwise; a test that needs a particular value passes it.
"""

import importlib
import math
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from detection.models import Detection, DetectionWorker, Operation, Premises
from dispatch.models import Assignment, Inspector
from eligibility.months import Month
from enforcement.models import Case, CompoundRate, Finding, Section
from nforce.areas import area_containing
from nforce.models import Area, Office, User
from nforce.roles import Role
from registry.models import ContributionYear, Employer, Employment, InsuredPerson
from registry.names import name_key

DEFAULT_PASSWORD = "correct-horse-battery"
KLANG = (101.4450, 3.0449)  # (longitude, latitude): Klang town centre
KM_PER_DEGREE = 111.32
KL = ZoneInfo("Asia/Kuala_Lumpur")


# --- places and moments ---------------------------------------------------------------------------
def _klang() -> Point:
    return Point(*KLANG, srid=4326)


def near(origin: tuple[float, float], *, north_km: float = 0, east_km: float = 0) -> Point:
    lon, lat = origin
    east = east_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return Point(lon + east, lat + north_km / KM_PER_DEGREE, srid=4326)


def box(lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> MultiPolygon:
    corners = ((lon_min, lat_min), (lon_max, lat_min), (lon_max, lat_max), (lon_min, lat_max))
    ring = (*corners, corners[0])
    return MultiPolygon(Polygon(ring), srid=4326)


def square(centre: tuple[float, float], half_km: float = 5.0) -> MultiPolygon:
    """A square area of 2 x half_km around a centre."""
    lon, lat = centre
    d_lat = half_km / KM_PER_DEGREE
    d_lon = half_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return box(lon - d_lon, lat - d_lat, lon + d_lon, lat + d_lat)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Malaysian local time: dashboards count local days."""
    return datetime.combine(day, time(hour, minute), tzinfo=KL)


# --- the ground floor -------------------------------------------------------------------------------
class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"OF{n:03d}")
    name = factory.Sequence(lambda n: f"Pejabat {n}")
    state = "Selangor"
    location = factory.LazyFunction(lambda: Point(101.45, 3.04, srid=4326))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("staff_number",)
        skip_postgeneration_save = True

    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    full_name = factory.Faker("name")
    home_office = factory.SubFactory(OfficeFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        if create:
            self.save()


class AreaFactory(factory.django.DjangoModelFactory):
    """A 10 x 10 km square around Klang (or around `centre`), held by an office."""

    class Meta:
        model = Area
        django_get_or_create = ("code",)

    class Params:
        centre = KLANG

    code = factory.Sequence(lambda n: f"AR{n:03d}")
    name = factory.Sequence(lambda n: f"Kawasan {n}")
    office = factory.SubFactory(OfficeFactory)
    state = "Selangor"
    boundary = factory.LazyAttribute(lambda o: square(o.centre))


# --- registry ---------------------------------------------------------------------------------------
class EmployerFactory(factory.django.DjangoModelFactory):
    """A registered restaurant in Klang, with a valid employer code and SSM number."""

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
    location = factory.LazyFunction(_klang)
    registered_on = date(2015, 1, 1)


class InsuredPersonFactory(factory.django.DjangoModelFactory):
    """A Malaysian man born in Selangor in the 1980s, with a MyKad that agrees with it."""

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


# --- detection --------------------------------------------------------------------------------------
class PremisesFactory(factory.django.DjangoModelFactory):
    """An open, unregistered shop in Klang found a month ago by an officer; its area is resolved
    from its position, as detection does."""

    class Meta:
        model = Premises

    name = factory.Sequence(lambda n: f"Kedai Runcit Contoh {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    address = "Jalan Meru, Klang"
    kind = "kedai runcit"
    location = factory.LazyFunction(_klang)
    area = factory.LazyAttribute(lambda o: area_containing(o.location))
    detection_count = 1
    first_detected_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=30) + timedelta(minutes=n))
    created_by = factory.SubFactory(UserFactory, roles=[Role.OFFICER])


class DetectionFactory(factory.django.DjangoModelFactory):
    """An officer's check made just now: of an unregistered premises (made with it) unless the
    subject says otherwise; a check of an employer or a person has no premises."""

    class Meta:
        model = Detection

    class Params:
        of_premises = factory.LazyAttribute(lambda o: o.subject == Detection.Subject.PREMISES)

    client_uuid = factory.LazyFunction(uuid.uuid4)
    officer = factory.SubFactory(UserFactory, roles=[Role.OFFICER])
    observed_at = factory.LazyFunction(timezone.now)
    subject = Detection.Subject.PREMISES
    outcome = Detection.Outcome.UNREGISTERED
    premises = factory.Maybe("of_premises", factory.SubFactory(PremisesFactory), None)
    location = factory.LazyAttribute(lambda o: o.premises.location if o.premises else _klang())
    area = factory.LazyAttribute(lambda o: area_containing(o.location))
    accuracy_m = 12.0
    premises_name = factory.LazyAttribute(lambda o: o.premises.name if o.premises else "")
    workers_seen = 4


class OperationFactory(factory.django.DjangoModelFactory):
    """A local detection operation running from an hour ago for a week, over a new area around
    Klang (pass `areas=[...]`, `team=[...]` to choose)."""

    class Meta:
        model = Operation
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"OPS-TEST-{n:04d}")
    name = factory.Sequence(lambda n: f"Operasi ujian {n}")
    kind = Operation.Kind.DETECTION
    office = factory.SubFactory(OfficeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=7))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.areas.set(extracted if extracted is not None else [AreaFactory(office=self.office)])

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if create and extracted:
            self.team.set(extracted)


class DetectionWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DetectionWorker

    detection = factory.SubFactory(DetectionFactory)
    id_hash = factory.Sequence(lambda n: f"k1:{n:064x}")
    masked = "******-**-1234"
    registered = False


# --- dispatch ---------------------------------------------------------------------------------------
class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.INSPECTOR])
    capacity = 20
    base_location = factory.LazyFunction(_klang)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


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


# --- enforcement ------------------------------------------------------------------------------------
class CaseFactory(factory.django.DjangoModelFactory):
    """An open case at an unregistered shop in Klang, in the office of the shop's area."""

    class Meta:
        model = Case

    premises = factory.SubFactory(PremisesFactory)
    area = factory.LazyAttribute(lambda o: o.premises.area)
    office = factory.LazyAttribute(lambda o: o.area.office if o.area else OfficeFactory())
    opened_at = factory.LazyFunction(timezone.now)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    case = factory.SubFactory(CaseFactory)
    section = Section.ACT4_S4
    workers = 2


def ensure_compound_schedule() -> None:
    """The schedule migration 0002 loads: transactional tests flush every table, so a test that
    compounds loads it again (idempotent) when it is gone."""
    from django.apps import apps

    if not CompoundRate.objects.exists():
        importlib.import_module("enforcement.migrations.0002_compound_schedule").load(apps, None)
