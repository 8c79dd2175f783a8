from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nforce.models import AuditEvent
from nforce.volumes import lookup_volumes
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def lookups(actor, *, days_ago: float, count: int, action: str = "person.check") -> None:
    at = timezone.now() - timedelta(days=days_ago)
    AuditEvent.objects.bulk_create(AuditEvent(actor=actor, action=action, at=at) for _ in range(count))


def usual_month(actor, per_day: int) -> None:
    """Four weeks of working days before the last week, `per_day` lookups each."""
    for days_ago in range(8, 36):
        if days_ago % 7 not in (0, 6):
            lookups(actor, days_ago=days_ago, count=per_day)


@pytest.fixture
def office():
    return OfficeFactory()


@pytest.fixture
def supervisor(office):
    return UserFactory(roles=["supervisor"], home_office=office, full_name="Tan Mei Ling")


def staff(office, name: str):
    return UserFactory(roles=["officer"], home_office=office, full_name=name)


def test_a_day_far_above_ones_usual_day_is_flagged(supervisor, office):
    busy = staff(office, "Aminah")
    usual_month(busy, per_day=20)
    lookups(busy, days_ago=0.1, count=90)
    [volume] = lookup_volumes(viewer=supervisor, now=timezone.now())
    assert (volume.last_24h, volume.median_per_day) == (90, 20)
    assert volume.reasons == ("day_above_usual", "week_above_usual")


def test_an_ordinary_day_is_not_flagged(supervisor, office):
    steady = staff(office, "Muthu")
    usual_month(steady, per_day=20)
    lookups(steady, days_ago=0.1, count=25)
    lookups(steady, days_ago=2, count=18)
    [volume] = lookup_volumes(viewer=supervisor, now=timezone.now())
    assert volume.last_7d == 43
    assert volume.per_day_7d == 21.5
    assert not volume.unusual


def test_a_few_lookups_above_a_tiny_habit_are_not_flagged(supervisor, office):
    quiet = staff(office, "Rajesh")
    usual_month(quiet, per_day=1)
    lookups(quiet, days_ago=0.1, count=5)
    assert not lookup_volumes(viewer=supervisor, now=timezone.now())[0].unusual


def test_a_refusal_by_the_quota_is_flagged(supervisor, office):
    greedy = staff(office, "Nurul")
    lookups(greedy, days_ago=1.5, count=1, action="quota.exceeded")
    [volume] = lookup_volumes(viewer=supervisor, now=timezone.now())
    assert volume.refusals_7d == 1
    assert volume.reasons == ("quota_refused",)


def test_many_lookups_with_no_history_are_flagged(supervisor, office):
    lookups(staff(office, "Baru"), days_ago=0.1, count=60)
    assert lookup_volumes(viewer=supervisor, now=timezone.now())[0].reasons == ("no_history",)


def test_unusual_staff_come_first(supervisor, office):
    usual_month(staff(office, "Biasa"), per_day=10)
    lookups(staff(office, "Luar Biasa"), days_ago=0.1, count=1, action="quota.exceeded")
    names = [volume.staff.full_name for volume in lookup_volumes(viewer=supervisor, now=timezone.now())]
    assert names == ["Luar Biasa", "Biasa"]


def test_lookups_other_than_person_and_employer_reads_are_not_counted(supervisor, office):
    lookups(staff(office, "Aminah"), days_ago=0.1, count=3, action="dispatch.outcome")
    assert lookup_volumes(viewer=supervisor, now=timezone.now()) == []


def test_the_page_reads_in_a_fixed_number_of_queries(client, supervisor, office, django_assert_num_queries):
    for name in ("A", "B", "C", "D"):
        person = staff(office, name)
        usual_month(person, per_day=5)
        lookups(person, days_ago=0.1, count=3)
    client.force_login(supervisor)
    with django_assert_num_queries(6):  # session, user, roles; three reads
        response = client.get(reverse("lookup-volumes"))
    assert response.status_code == 200
    assert response.content.decode().count('class="num"') >= 4 * 5


def test_the_page_flags_in_words_and_is_in_the_supervisors_navigation(client, supervisor, office):
    lookups(staff(office, "Nurul"), days_ago=0.5, count=1, action="quota.exceeded")
    client.force_login(supervisor)
    response = client.get(reverse("lookup-volumes"))
    page = response.content.decode()
    assert "Unusual" in page and "refused for going over the lookup quota" in page
    labels = [str(entry["label"]) for entry in response.context["nav_entries"]]
    assert "Lookup volumes" in labels


def test_officers_do_not_see_the_page_or_its_navigation_entry(client, office):
    officer = staff(office, "Aminah")
    client.force_login(officer)
    assert client.get(reverse("lookup-volumes")).status_code == 403
    labels = [str(entry["label"]) for entry in client.get(reverse("home")).context["nav_entries"]]
    assert "Lookup volumes" not in labels
