"""Two officers at the same shop at the same moment, on real concurrent transactions."""

import threading
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from detection import premises as premises_module
from detection.capture import record_detection
from detection.models import Detection, Premises
from tests.detection.conftest import moved
from tests.factories import KLANG, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*jobs):
    """Runs each job in its own thread (and database connection), all released together."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


@pytest.fixture
def slow_search(monkeypatch):
    """Widens the gap between "is it there?" and "make it" so that, unlocked, both would make it."""
    search = premises_module._same_premises_nearby

    def searched_then_paused(*args, **kwargs):
        found = search(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(premises_module, "_same_premises_nearby", searched_then_paused)


def test_two_officers_recording_the_same_shop_at_once_make_one_premises(submission, slow_search):
    aminah, muthu = UserFactory(roles=["officer"]), UserFactory(roles=["officer"])
    _at_once(
        lambda: record_detection(
            officer=aminah, submission=submission(premises_name="Restoran Selera Kampung")
        ),
        lambda: record_detection(
            officer=muthu,
            submission=submission(premises_name="Restoran Selera Kampong", position=moved(*KLANG, east_m=20)),
        ),
    )
    premises = Premises.objects.get()
    assert premises.detection_count == 2
    assert Detection.objects.filter(premises=premises).count() == 2


def test_one_submission_arriving_twice_at_once_is_stored_once(submission, slow_search):
    aminah = UserFactory(roles=["officer"])
    sent = submission()
    _at_once(
        lambda: record_detection(officer=aminah, submission=sent),
        lambda: record_detection(officer=aminah, submission=sent),
    )
    assert Detection.objects.count() == 1
    assert Premises.objects.get().detection_count == 1


def test_a_sighting_made_while_a_supervisor_merges_its_premises_ends_in_the_kept_one(
    submission, slow_search, monkeypatch
):
    from detection import quality
    from detection.quality import decide, reviewable_by
    from nforce.roles import Role
    from tests.factories import AreaFactory, DetectionFactory, PremisesFactory

    supervisor = UserFactory(roles=[Role.SUPERVISOR])
    AreaFactory(code="KLG-M", office=supervisor.home_office)
    kept = PremisesFactory(name="Kedai Kopi Hock Lee", location=Point(*moved(*KLANG, north_m=40), srid=4326))
    twin = PremisesFactory(name="Restoran Selera Kampung")
    doubtful = DetectionFactory(premises=twin, gps_poor=True)
    fill_blanks = quality._fill_blanks

    def slow_fill_blanks(*args):
        fill_blanks(*args)
        time.sleep(0.3)  # the detections are moved, the premises not yet marked merged

    monkeypatch.setattr(quality, "_fill_blanks", slow_fill_blanks)
    officer = UserFactory(roles=["officer"])
    _at_once(
        lambda: decide(
            detection_id=doubtful.pk,
            action="merge",
            reason="Same shop",
            by=supervisor,
            among=reviewable_by(supervisor),
            into=kept,
        ),
        lambda: record_detection(
            officer=officer, submission=submission(premises_name="Restoran Selera Kampung")
        ),
    )
    assert Premises.objects.get(pk=twin.pk).status == Premises.Status.MERGED
    assert not Detection.objects.filter(premises=twin).exists()
    # Joined before the merge, it moved with it; searched after, it found no open twin.
    assert Detection.objects.get(officer=officer).premises.status == Premises.Status.OPEN
