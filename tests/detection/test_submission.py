"""What a submission says by itself, read without the database (detection.submission)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from detection.submission import Submission, parse_submission
from registry.identifiers import Ssm

KLANG = (3.0449, 101.4450)


def submitted(**fields) -> Submission:
    defaults = {
        "client_uuid": uuid.uuid4(),
        "observed_at": timezone.now(),
        "latitude": KLANG[0],
        "longitude": KLANG[1],
        "accuracy_m": 12.0,
        "outcome": "unregistered",
        "premises_name": "Restoran Selera Kampung",
    }
    return Submission(**(defaults | fields))


def test_identifiers_are_read_with_the_registry_s_parsers():
    reading = parse_submission(
        submitted(
            employer_code="a1000-0000 001", id_number="800510-14-5671", business_registration_no="1312525-a"
        ),
        now=timezone.now(),
    )
    assert reading.errors == {}
    assert (reading.employer_code, reading.id_number) == ("A10000000001", "800510145671")
    assert reading.ssm == Ssm(old="1312525-A")


@pytest.mark.parametrize(
    ("fields", "fields_at_fault"),
    [
        ({"employer_code": "AB-1"}, {"employer_code"}),
        ({"id_number": "801310-14-5671"}, {"id_number"}),
        ({"business_registration_no": "12"}, {"business_registration_no"}),
        ({"latitude": 1.29, "longitude": 103.85}, {"latitude", "longitude"}),  # Singapore
        ({"latitude": float("nan")}, {"latitude", "longitude"}),
        ({"accuracy_m": -1.0}, {"accuracy_m"}),
        ({"outcome": "registered_contributing"}, {"employer_code"}),
        ({"premises_name": ""}, {"premises_name"}),
    ],
)
def test_what_is_wrong_is_noted_under_its_field(fields, fields_at_fault):
    assert set(parse_submission(submitted(**fields), now=timezone.now()).errors) == fields_at_fault


@pytest.mark.parametrize(
    ("ahead", "refused"),
    [(timedelta(minutes=4), False), (timedelta(minutes=6), True), (timedelta(days=2), True)],
)
def test_a_clock_more_than_five_minutes_ahead_is_refused(ahead, refused):
    now = timezone.now()
    reading = parse_submission(submitted(observed_at=now + ahead), now=now)
    assert list(reading.errors) == (["observed_at"] if refused else [])


@pytest.mark.parametrize(("age", "refused"), [(timedelta(days=6), False), (timedelta(days=8), True)])
def test_a_check_older_than_the_allowed_age_is_refused(age, refused):
    now = timezone.now()
    reading = parse_submission(submitted(observed_at=now - age), now=now, max_age=timedelta(days=7))
    assert list(reading.errors) == (["observed_at"] if refused else [])
    assert not refused or "7 days" in reading.errors["observed_at"]


def test_a_position_outside_malaysia_is_not_placed_in_any_area():
    assert parse_submission(submitted(), now=timezone.now()).placed
    assert not parse_submission(submitted(latitude=51.5, longitude=-0.12), now=timezone.now()).placed


def test_the_subject_is_the_person_the_employer_or_else_the_premises():
    assert submitted(id_number="A1234567", employer_code="A10000000001").subject == "person"
    assert submitted(employer_code="A10000000001").subject == "employer"
    assert submitted().subject == "premises"
