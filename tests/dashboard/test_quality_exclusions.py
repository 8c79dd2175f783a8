"""A supervisor's data-quality decisions reach the figures: a rejected check counts nowhere, a
premises seen only in rejected checks is not "found", merged premises are found once."""

from datetime import date

import pytest

from dashboard import records
from dashboard.filters import scoped_filters
from dashboard.kpis import compare
from detection.models import Detection
from detection.quality import decide, reviewable_by

from .world import CURRENT, KLG_CURRENT, PREVIOUS

TODAY = date(2025, 3, 20)
COUNTED_BY = {
    "checks": lambda f: records.checks_made(filters=f).count(),
    "premises_visited": lambda f: records.visits_made(filters=f).count(),
    "unregistered_found": lambda f: records.premises_found(filters=f).count(),
}


def _decide(world, detection, action, **fields):
    Detection.objects.filter(pk=detection.pk).update(gps_poor=True)  # in the queue
    return decide(
        detection_id=detection.pk,
        action=action,
        reason="Checked against the photo",
        by=world.supervisor,
        among=reviewable_by(world.supervisor),
        **fields,
    )


def _figures(world, period):
    filters = scoped_filters(user=world.supervisor, period=period)
    shown = compare(filters=filters, today=TODAY).current
    for kpi, count in COUNTED_BY.items():
        assert count(filters) == getattr(shown, kpi), kpi  # the records agree with the rollups
    return shown


@pytest.fixture
def decided(world, django_capture_on_commit_callbacks):
    def make(detection, action, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return _decide(world, detection, action, **fields)

    return make


def test_a_rejected_check_counts_in_no_figure_and_its_premises_is_not_found(world, decided):
    only_check_of_p2 = Detection.objects.get(premises=world.facts.p2)
    decided(only_check_of_p2, "reject")
    shown = _figures(world, CURRENT)
    assert (shown.checks, shown.premises_visited, shown.unregistered_found) == (
        KLG_CURRENT.checks - 1,
        KLG_CURRENT.premises_visited - 1,
        KLG_CURRENT.unregistered_found - 1,
    )


def test_an_accepted_check_counts_as_before(world, decided):
    decided(Detection.objects.get(premises=world.facts.p2), "accept")
    shown = _figures(world, CURRENT)
    assert (shown.checks, shown.premises_visited, shown.unregistered_found) == (
        KLG_CURRENT.checks,
        KLG_CURRENT.premises_visited,
        KLG_CURRENT.unregistered_found,
    )


def test_merged_premises_are_found_once_on_the_first_day_either_was_seen(world, decided):
    p1, p4 = world.facts.p1, world.facts.p4
    decided(Detection.objects.filter(premises=p1).first(), "merge", into=p4)
    current, previous = _figures(world, CURRENT), _figures(world, PREVIOUS)
    assert current.unregistered_found == KLG_CURRENT.unregistered_found - 1  # P1 is now P4's
    assert previous.unregistered_found == 2  # P4 (with P1's checks) and P5, as before
    assert current.checks == KLG_CURRENT.checks
