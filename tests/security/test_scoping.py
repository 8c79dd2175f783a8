import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from detection.models import Detection, Premises
from dispatch.models import Assignment, Inspector
from nforce.audit import record_event
from nforce.models import Area, AuditEvent, User
from nforce.scoping import get_visible_or_404, scoped_labels, visible_to
from registry.models import Employer
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    DetectionFactory,
    EmployerFactory,
    InspectorFactory,
    OfficeFactory,
    PremisesFactory,
    UserFactory,
)

PROJECT_APPS = ("nforce", "registry", "eligibility", "detection", "dispatch", "dashboard")

pytestmark = pytest.mark.django_db


def test_every_model_of_the_project_has_a_scope():
    models = {model._meta.label for app in PROJECT_APPS for model in apps.get_app_config(app).get_models()}
    missing = sorted(models - scoped_labels())
    assert not missing, f"Give these models a scope in the scopes.py of their app: {missing}"


def test_a_model_without_a_scope_is_refused_rather_than_shown_whole(officer):
    from django.contrib.auth.models import Group

    with pytest.raises(ImproperlyConfigured):
        visible_to(officer, Group)


def test_anonymous_and_inactive_users_see_nothing():
    DetectionFactory()
    assert not visible_to(AnonymousUser(), Detection).exists()
    assert not visible_to(UserFactory(roles=["officer"], is_active=False), Detection).exists()


def test_superusers_see_everything():
    DetectionFactory()
    assert visible_to(UserFactory(is_superuser=True, is_staff=True), Detection).count() == 1


def test_an_officer_sees_their_own_detections_only(officer):
    mine = DetectionFactory(officer=officer)
    DetectionFactory()
    assert list(visible_to(officer, Detection)) == [mine]


def test_an_inspector_sees_the_detections_behind_their_own_assignments(inspector):
    assigned = AssignmentFactory(inspector=InspectorFactory(user=inspector))
    behind = DetectionFactory(premises=assigned.premises)
    DetectionFactory(premises=AssignmentFactory().premises)
    assert list(visible_to(inspector, Detection)) == [behind]


def test_a_supervisor_sees_the_detections_premises_and_assignments_of_their_office():
    here, there = OfficeFactory(), OfficeFactory()
    supervisor = UserFactory(roles=["supervisor"], home_office=here)
    near = AssignmentFactory(premises=PremisesFactory(area=AreaFactory(office=here)))
    AssignmentFactory(premises=PremisesFactory(area=AreaFactory(office=there)))
    seen = DetectionFactory(area=near.premises.area, premises=near.premises)
    elsewhere = AreaFactory(office=there)
    DetectionFactory(area=elsewhere, premises__area=elsewhere)
    assert list(visible_to(supervisor, Detection)) == [seen]
    assert list(visible_to(supervisor, Assignment)) == [near]
    assert list(visible_to(supervisor, Premises).filter(area__isnull=False)) == [near.premises]


@pytest.mark.parametrize("where", ["outside every area", "in an area of no office"])
def test_premises_no_office_holds_are_for_administrators_and_whoever_found_them(where):
    area = None if where == "outside every area" else AreaFactory(office=None)
    finder = UserFactory(roles=["officer"])
    lost = PremisesFactory(area=area, created_by=finder)
    case = AssignmentFactory(premises=lost)
    for office in (OfficeFactory(), OfficeFactory()):  # not one supervisor, nor every one of them
        supervisor = UserFactory(roles=["supervisor"], home_office=office)
        assert lost not in visible_to(supervisor, Premises)
        assert case not in visible_to(supervisor, Assignment)
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert lost in visible_to(admin, Premises) and case in visible_to(admin, Assignment)
    assert lost in visible_to(finder, Premises)


def test_an_inspector_sees_only_their_own_assignments_and_a_404_for_others(inspector):
    own = AssignmentFactory(inspector=InspectorFactory(user=inspector))
    other = AssignmentFactory()
    assert list(visible_to(inspector, Assignment)) == [own]
    assert get_visible_or_404(inspector, Assignment, pk=own.pk) == own
    with pytest.raises(Http404):
        get_visible_or_404(inspector, Assignment, pk=other.pk)


def test_an_officer_sees_no_assignments_and_no_inspectors(officer):
    AssignmentFactory()
    assert not visible_to(officer, Assignment).exists()
    assert not visible_to(officer, Inspector).exists()


def test_a_supervisor_sees_the_audit_events_and_staff_of_their_own_office_only():
    here, there = OfficeFactory(), OfficeFactory()
    supervisor = UserFactory(roles=["supervisor"], home_office=here)
    colleague, stranger = UserFactory(home_office=here), UserFactory(home_office=there)
    seen = record_event(actor=colleague, action="person.check")
    record_event(actor=stranger, action="person.check")
    assert list(visible_to(supervisor, AuditEvent)) == [seen]
    assert set(visible_to(supervisor, User)) == {supervisor, colleague}


def test_a_supervisor_without_an_office_sees_no_office():
    record_event(actor=UserFactory(), action="person.check")
    assert not visible_to(UserFactory(roles=["supervisor"], home_office=None), AuditEvent).exists()


def test_areas_are_seen_by_the_inspectors_serving_them_and_their_office(inspector):
    here = OfficeFactory()
    served, other = AreaFactory(office=here), AreaFactory()
    InspectorFactory(user=inspector).areas.add(served)
    assert list(visible_to(inspector, Area)) == [served]
    assert list(visible_to(UserFactory(roles=["supervisor"], home_office=here), Area)) == [served]
    assert other not in visible_to(UserFactory(roles=["supervisor"], home_office=here), Area)


def test_the_registry_is_open_to_every_role_and_closed_to_users_without_one(officer):
    EmployerFactory()
    assert visible_to(officer, Employer).count() == 1
    assert not visible_to(UserFactory(), Employer).exists()


def test_a_narrower_queryset_stays_narrow(officer):
    DetectionFactory(officer=officer, outcome=Detection.Outcome.UNREGISTERED)
    DetectionFactory(officer=officer, outcome=Detection.Outcome.CEASED)
    narrowed = Detection.objects.filter(outcome=Detection.Outcome.CEASED)
    assert visible_to(officer, narrowed).count() == 1
