"""Pages and files that show records of other people's work are audited: a premises' page, the
dashboard's record lists, map and exports. Who took which records (the filters that chose them),
and how many; a premises outside the viewer's scope is audited too (a 404, nothing shown)."""

import pytest
from django.urls import reverse

from nforce.models import AuditEvent
from tests.dashboard.conftest import eager_rollups, world  # noqa: F401 - the fixtures
from tests.factories import AssignmentFactory, InspectorFactory, PremisesFactory, UserFactory

PERIOD = {"from": "2025-03-10", "to": "2025-03-16"}


def only_event(action: str) -> AuditEvent:
    (event,) = AuditEvent.objects.filter(action=action)
    return event


def test_a_premises_page_is_audited_whoever_opens_it(client, officer):
    mine = PremisesFactory(created_by=officer)
    client.force_login(officer)
    assert client.get(reverse("detection:premises", args=[mine.pk])).status_code == 200
    event = only_event("premises.view")
    assert (event.actor, event.query, event.result_count) == (officer, {"premises": mine.pk}, 1)


def test_a_premises_outside_the_scope_is_not_found_and_the_attempt_audited(client, officer):
    other = PremisesFactory(created_by=UserFactory(roles=["officer"]), area=None)
    client.force_login(officer)
    assert client.get(reverse("detection:premises", args=[other.pk])).status_code == 404
    assert only_event("premises.view").result_count == 0


def test_an_inspector_opening_an_assigned_premises_is_audited(client, inspector):
    assignment = AssignmentFactory(inspector=InspectorFactory(user=inspector))
    client.force_login(inspector)
    assert client.get(reverse("dispatch:assignment", args=[assignment.pk])).status_code == 200
    assert only_event("premises.view").query == {
        "premises": assignment.premises_id,
        "assignment": assignment.pk,
    }


def test_a_dashboard_record_list_is_audited_with_its_filters_and_page(client, world):  # noqa: F811
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard:records", args=["checks"]), {**PERIOD, "area": "KLG-1"})
    event = only_event("dashboard.records")
    assert event.actor == world.supervisor
    assert event.result_count == len(page.context["rows"]) > 0
    assert {
        "kind": "checks",
        "page": 1,
        "from": "2025-03-10",
        "to": "2025-03-16",
        "area": "KLG-1",
    }.items() <= (event.query.items())


@pytest.mark.parametrize(
    ("url", "what"),
    [
        (reverse("dashboard:records-export", args=["checks", "csv"]), {"kind": "checks", "fmt": "csv"}),
        (
            reverse("dashboard:records-export", args=["registrations_won", "xlsx"]),
            {"kind": "registrations_won"},
        ),
        (reverse("dashboard:export", args=["area", "csv"]), {"table": "area", "fmt": "csv"}),
        (reverse("dashboard:export", args=["series", "csv"]), {"table": "series"}),
    ],
)
def test_every_export_is_audited_with_what_it_holds(client, world, url, what):  # noqa: F811
    client.force_login(world.supervisor)
    response = client.get(url, PERIOD)
    sent = b"".join(response.streaming_content)
    event = only_event("dashboard.export")
    assert what.items() <= event.query.items()
    assert event.result_count > 0
    if url.endswith(".csv"):
        assert event.result_count == len(sent.decode().strip().splitlines()) - 1  # the header aside


def test_the_dashboard_map_is_audited_with_how_many_premises_it_drew(client, world):  # noqa: F811
    client.force_login(world.supervisor)
    drawn = client.get(reverse("dashboard:map"), PERIOD).json()["features"]
    assert only_event("dashboard.map").result_count == len(drawn) > 0
