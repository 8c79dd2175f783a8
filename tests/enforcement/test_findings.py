"""From detection to case: the outcomes of today and the new strings of ENFORCEMENT.md."""

import base64
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from detection.models import Detection
from detection.signals import detection_recorded
from enforcement.findings import NON_COMPLIANT, SWEEP_DAYS, Workers, record_findings, sections_found
from enforcement.models import Case, Finding
from enforcement.tasks import record_findings_task, record_missing_findings_task
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


def _send_recorded(detection, capture) -> None:
    """What detection.capture does once a detection is committed."""
    with capture(execute=True):
        detection_recorded.send(sender=Detection, detection_id=detection.pk)


def test_a_recorded_detection_queues_its_findings_for_the_worker(
    klang, broker, django_capture_on_commit_callbacks
):
    detection = DetectionFactory()
    _send_recorded(detection, django_capture_on_commit_callbacks)
    assert not Case.objects.exists()  # the officer's request did not wait for the case
    (message,) = [json.loads(raw) for raw in broker.lrange("celery", 0, -1)]
    assert message["headers"]["task"] == "enforcement.tasks.record_findings_task"
    args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    assert args == [detection.pk]
    record_findings_task(detection.pk)  # what the worker runs
    assert Case.objects.filter(premises=detection.premises).exists()


def test_with_the_broker_down_the_findings_are_recorded_at_once(
    klang, broker, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(record_findings_task, "delay", down)
    detection = DetectionFactory()
    _send_recorded(detection, django_capture_on_commit_callbacks)
    assert Case.objects.filter(premises=detection.premises).exists()
    assert "findings not queued" in caplog.text


def test_the_sweep_records_the_findings_a_lost_task_left_behind(klang):
    lost = DetectionFactory()  # stored, its task lost: no findings
    done = DetectionFactory()
    record_findings(detection_id=done.pk)
    DetectionFactory(outcome="registered_contributing")
    DetectionFactory(observed_at=timezone.now() - timedelta(days=SWEEP_DAYS + 1))  # too old to sweep
    assert record_missing_findings_task() == {"recorded": 1}
    assert Finding.objects.filter(detection=lost).exists()
    assert record_missing_findings_task() == {"recorded": 0}


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
