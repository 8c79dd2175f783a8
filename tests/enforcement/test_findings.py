"""From detection to case: the outcomes of today and the new strings of ENFORCEMENT.md."""

from datetime import date

import pytest

from enforcement.findings import NON_COMPLIANT, Workers, record_findings, sections_found
from enforcement.models import Case, Finding
from tests.factories import DetectionFactory, DetectionWorkerFactory, EmployerFactory, PremisesFactory, at


@pytest.mark.parametrize(
    ("outcome", "workers", "seen", "act800", "expected"),
    [
        ("unregistered", Workers(0, 0), 3, True, [("act4_s4", 3, 0), ("act800_s14", 3, 0)]),
        ("unregistered", Workers(0, 0), 3, False, [("act4_s4", 3, 0)]),
        (
            "unregistered",
            Workers(1, 1),
            2,
            True,
            [("act4_s4", 2, 1), ("act800_s14", 1, 0), ("act4_s5", 2, 1), ("act800_s16", 1, 0)],
        ),
        ("unregistered", Workers(0, 2), 2, True, [("act4_s4", 2, 2), ("act4_s5", 2, 2)]),
        ("employees_not_registered", Workers(2, 0), 5, True, [("act4_s5", 2, 0), ("act800_s16", 2, 0)]),
        ("employees_not_registered", Workers(0, 0), 3, True, [("act4_s5", 3, 0), ("act800_s16", 3, 0)]),
        ("registered_not_contributing", Workers(0, 0), 4, True, [("arrears", 4, 0)]),
        ("compliant", Workers(0, 0), 4, True, []),
    ],
)
def test_sections_by_outcome_and_workers(outcome, workers, seen, act800, expected):
    assert sections_found(outcome=outcome, workers=workers, seen=seen, on_act800=act800) == expected


def test_the_non_compliant_strings_are_those_of_the_contract():
    assert {"unregistered", "employees_not_registered", "registered_not_contributing"} == NON_COMPLIANT


def test_an_unregistered_detection_opens_a_case_in_the_office_of_its_area(klang):
    detection = DetectionFactory(observed_at=at(date(2026, 12, 1)), workers_seen=3)
    case = record_findings(detection_id=detection.pk)
    assert case.office == klang.office and case.state == "open"
    assert sorted(case.findings.values_list("section", flat=True)) == ["act4_s4", "act800_s14"]


def test_a_second_detection_of_the_premises_adds_to_its_open_case(klang):
    premises = PremisesFactory()
    first = DetectionFactory(premises=premises)
    employer = EmployerFactory()
    second = DetectionFactory(
        premises=premises, outcome="registered_not_contributing", employer=employer, subject="premises"
    )
    case = record_findings(detection_id=first.pk)
    assert record_findings(detection_id=second.pk) == case
    case.refresh_from_db()
    assert case.employer == employer
    assert Case.objects.filter(premises=premises).count() == 1
    assert "arrears" in case.findings.values_list("section", flat=True)


def test_a_detection_delivered_twice_counts_once(klang):
    detection = DetectionFactory()
    record_findings(detection_id=detection.pk)
    record_findings(detection_id=detection.pk)
    assert Finding.objects.filter(detection=detection).count() == 2  # s.4 and s.14, once each
    assert Case.objects.get().events.count() == 1


def test_compliant_and_unknown_detections_open_nothing(klang):
    assert record_findings(detection_id=DetectionFactory(outcome="registered_contributing").pk) is None
    assert record_findings(detection_id=0) is None
    assert not Case.objects.exists()


def test_a_recorded_detection_reaches_the_case(klang, django_capture_on_commit_callbacks):
    from detection.models import Detection
    from detection.signals import detection_recorded

    detection = DetectionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        detection_recorded.send(sender=Detection, detection_id=detection.pk)
    assert Case.objects.filter(premises=detection.premises).exists()


def test_a_compliant_outcome_with_unregistered_workers_keeps_its_outcome_and_makes_findings(klang):
    detection = DetectionFactory(outcome="compliant", workers_seen=3, observed_at=at(date(2026, 12, 1)))
    DetectionWorkerFactory(detection=detection, registered=False)
    DetectionWorkerFactory(detection=detection, registered=False, foreign=True)
    DetectionWorkerFactory(detection=detection, registered=True)
    case = record_findings(detection_id=detection.pk)
    detection.refresh_from_db()
    assert detection.outcome == "compliant"
    assert sorted(case.findings.values_list("section", "workers", "foreign_workers")) == [
        ("act4_s5", 2, 1),
        ("act800_s16", 1, 0),
    ]


def test_a_compliant_outcome_with_every_worker_registered_opens_nothing(klang):
    detection = DetectionFactory(outcome="compliant")
    DetectionWorkerFactory(detection=detection, registered=True)
    assert record_findings(detection_id=detection.pk) is None
    assert not Case.objects.exists()
