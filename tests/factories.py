"""Factories whose defaults build valid objects."""

import factory
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point

from nforce.models import Office, User
from nforce.roles import Role

DEFAULT_PASSWORD = "correct-horse-battery"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"OF{n:03d}")
    name = factory.Sequence(lambda n: f"Pejabat {n}")
    state = "Selangor"
    location = factory.LazyFunction(lambda: Point(101.45, 3.04, srid=4326))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("staff_number",)
        skip_postgeneration_save = True

    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    full_name = factory.Faker("name")
    home_office = factory.SubFactory(OfficeFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        if create:
            self.save()
