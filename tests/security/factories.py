"""Dispatch objects for the security tests, with defaults that build valid rows."""

from datetime import timedelta

import factory
from django.utils import timezone

from dispatch.models import Assignment, Inspector
from tests.detection.factories import AreaFactory, PremisesFactory
from tests.factories import UserFactory


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, roles=["inspector"])


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    premises = factory.SubFactory(PremisesFactory, area=factory.SubFactory(AreaFactory))
    inspector = factory.SubFactory(InspectorFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
