"""Coordinates out of geography columns, for the solver and the map."""

from django.db.models import FloatField, Func


class Latitude(Func):
    function = "ST_Y"
    template = "%(function)s(%(expressions)s::geometry)"
    output_field = FloatField()


class Longitude(Func):
    function = "ST_X"
    template = "%(function)s(%(expressions)s::geometry)"
    output_field = FloatField()
