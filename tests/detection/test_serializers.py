"""The detection record as answered: written out by hand, it must say what its fields say."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from detection.capture import record_detection
from detection.serializers import DetectionRecord, DetectionSubmission
from registry.models import Employer

from .test_api import jpeg


def rendered_by_the_fields(detection, context) -> list:
    """What DRF's generic Serializer makes of DetectionRecord's declared fields."""
    return list(serializers.Serializer.to_representation(DetectionRecord(context=context), detection).items())


def rendered(detection, context) -> list:
    return list(DetectionRecord(detection, context=context).data.items())


@pytest.fixture
def context():
    return {"request": APIRequestFactory().post("/api/v1/detections")}


@pytest.fixture
def employer(db):
    return Employer.objects.create(
        employer_code="A10000000001", name="Restoran Selera Sdn Bhd", registered_on=date(2010, 1, 1)
    )


def test_a_new_premises_record_is_rendered_as_its_fields_say(officer, submission, context):
    detection = record_detection(officer=officer, submission=submission(accuracy_m=0.0)).detection
    assert rendered(detection, context) == rendered_by_the_fields(detection, context)


def test_a_registered_employer_record_is_rendered_as_its_fields_say(officer, employer, submission, context):
    sent = submission(outcome="registered_contributing", employer_code="A10000000001", premises_name="")
    detection = record_detection(officer=officer, submission=sent).detection
    assert dict(rendered(detection, context))["employer_code"] == "A10000000001"
    assert rendered(detection, context) == rendered_by_the_fields(detection, context)


def test_a_replayed_record_with_a_photo_is_rendered_as_its_fields_say(officer, submission, context):
    sent = submission()
    record_detection(officer=officer, submission=sent)
    detection = record_detection(officer=officer, submission=sent).detection  # read back: a replay
    detection.photo.save("signboard.jpg", ContentFile(jpeg().read()), save=True)
    assert dict(rendered(detection, context))["photo"].startswith("http://testserver/")
    assert rendered(detection, context) == rendered_by_the_fields(detection, context)


def test_two_bodies_validated_side_by_side_keep_their_own_fields(body):
    good, bad = DetectionSubmission(data=body()), DetectionSubmission(data=body(latitude=91))
    assert good.is_valid() and not bad.is_valid()
    assert list(bad.errors) == ["latitude"]
    assert good.fields["latitude"] is not bad.fields["latitude"]
    assert (good.fields["latitude"].parent, bad.fields["latitude"].parent) == (good, bad)
    assert DetectionSubmission._declared_fields["latitude"].parent is None  # never bound
