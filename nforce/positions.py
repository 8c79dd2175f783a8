"""Positions as phones and people send them: one parser, one form field, one serializer field.

A position is a `latitude` and a `longitude` in decimal degrees (WGS84). On the wire both
spellings are read everywhere: `latitude`/`longitude`, and `lat`/`lon` (the registry API's names
since its first version, which its schema still shows).
"""

import math
from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

AXES = ("latitude", "longitude")
SPELLINGS = {"latitude": ("latitude", "lat"), "longitude": ("longitude", "lon")}
LIMITS = {"latitude": 90, "longitude": 180}
# Malaysia's bounding box: enough to catch swapped coordinates or a phone reporting 0,0.
# What an officer records as seen is held to a finer outline (detection.malaysia).
MALAYSIA_BOUNDS = {"lon_min": 99.5, "lon_max": 119.5, "lat_min": 0.7, "lat_max": 7.6}

MESSAGES = {
    "incomplete": _("Give both latitude and longitude, or neither."),
    "not_a_number": _("Give both latitude and longitude, as numbers."),
    "off_earth": _("That is not a position on Earth."),
    "outside_malaysia": _("This position is outside Malaysia."),
}


class InvalidPosition(ValueError):
    """`field` is the coordinate at fault ("latitude" or "longitude"); `message` is translated."""

    def __init__(self, code: str, *, field: str) -> None:
        super().__init__(code)
        self.code = code
        self.field = field

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


def point(*, latitude: float, longitude: float) -> Point:
    return Point(longitude, latitude, srid=4326)


def parse_position(latitude: object, longitude: object, *, in_malaysia: bool = False) -> Point | None:
    """Numbers, or text (a query string, a CSV cell). Both empty: no position (None)."""
    pairs = zip(AXES, (latitude, longitude), strict=True)
    given = {axis: value for axis, value in pairs if not _empty(value)}
    if not given:
        return None
    missing = [axis for axis in AXES if axis not in given]
    if missing:
        raise InvalidPosition("incomplete", field=missing[0])
    degrees = {axis: _degrees(axis, value) for axis, value in given.items()}
    if in_malaysia and not inside_malaysia_bounds(**degrees):
        raise InvalidPosition("outside_malaysia", field="latitude")
    return point(**degrees)


def inside_malaysia_bounds(*, latitude: float, longitude: float) -> bool:
    box = MALAYSIA_BOUNDS
    return box["lat_min"] <= latitude <= box["lat_max"] and box["lon_min"] <= longitude <= box["lon_max"]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _degrees(axis: str, value: Any) -> float:
    try:
        degrees = float(value)
    except (TypeError, ValueError):
        raise InvalidPosition("not_a_number", field=axis) from None
    if not (math.isfinite(degrees) and abs(degrees) <= LIMITS[axis]):
        raise InvalidPosition("off_earth", field=axis)
    return degrees


def read_position(data: Mapping, *, in_malaysia: bool = False) -> Point | None:
    """The position in a request's data or query string, under either spelling."""
    latitude, longitude = (_given(data, axis) for axis in AXES)
    return parse_position(latitude, longitude, in_malaysia=in_malaysia)


def _given(data: Mapping, axis: str) -> object:
    return next((data[name] for name in SPELLINGS[axis] if name in data), None)


def query_position(query: Mapping) -> Point | None:
    """An API's query string: a 400 naming the coordinate at fault when it is not a position."""
    try:
        return read_position(query)
    except InvalidPosition as error:
        raise serializers.ValidationError({error.field: [error.message]}) from error


# --- pages --------------------------------------------------------------------------------------


class PositionWidget(forms.MultiWidget):
    """Two hidden inputs, `latitude` and `longitude`, that the page's script fills in."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__([forms.HiddenInput(), forms.HiddenInput()], attrs)

    def decompress(self, value: Point | None) -> list:
        return [value.y, value.x] if value else [None, None]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        for subwidget, axis in zip(context["widget"]["subwidgets"], AXES, strict=True):
            subwidget["name"] = axis
            subwidget["attrs"].pop("id", None)  # nothing labels a hidden input; two forms share a page
        return context

    def value_from_datadict(self, data: Mapping, files: Any, name: str) -> list:
        return [_given(data, axis) for axis in AXES]

    def value_omitted_from_data(self, data: Mapping, files: Any, name: str) -> bool:
        return not any(spelling in data for axis in AXES for spelling in SPELLINGS[axis])


class PositionField(forms.Field):
    """The phone's position on a page: a Point, or None when the phone gave none.

    The page's script fills both inputs or neither: half a position is taken as none (the
    check page always did so), not refused; what is not a position on Earth is refused.
    """

    widget = PositionWidget

    def __init__(self, *, in_malaysia: bool = False, **kwargs: Any) -> None:
        self.in_malaysia = in_malaysia
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Point | None:
        if value is None or isinstance(value, Point):
            return value
        try:
            return parse_position(*value, in_malaysia=self.in_malaysia)
        except InvalidPosition as error:
            if error.code == "incomplete":
                return None
            raise forms.ValidationError(error.message, code=error.code) from error


# --- API request bodies ---------------------------------------------------------------------------


class CoordinateField(serializers.FloatField):
    """A latitude or a longitude in degrees, read under either spelling. Whatever an operation
    calls it on the wire (its schema's name), the validated data says `latitude` or `longitude`."""

    def __init__(self, axis: str, **kwargs: Any) -> None:
        self.axis = axis
        super().__init__(min_value=-LIMITS[axis], max_value=LIMITS[axis], **kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        self.source = None if field_name == self.axis else self.axis
        super().bind(field_name, parent)

    def get_value(self, dictionary: Mapping) -> Any:
        alias = next((name for name in SPELLINGS[self.axis] if name in dictionary), self.field_name)
        if alias == self.field_name or self.field_name in dictionary:
            return super().get_value(dictionary)
        value = dictionary[alias]
        return empty if value == "" and not self.required else value


# A request body with an optional position, declared by subclasses as two CoordinateFields: the
# validated data holds `position` (a Point, or None) in place of the two numbers. (A comment, not
# a docstring: the schema would show a docstring as the description of every such body.)
class PositionSerializer(serializers.Serializer):
    position_in_malaysia: ClassVar[bool] = False

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        latitude, longitude = attrs.pop("latitude", None), attrs.pop("longitude", None)
        try:
            attrs["position"] = parse_position(latitude, longitude, in_malaysia=self.position_in_malaysia)
        except InvalidPosition as error:
            raise serializers.ValidationError({self._wire_name(error.field): [error.message]}) from error
        return attrs

    def _wire_name(self, axis: str) -> str:
        return next(name for name, field in self.fields.items() if getattr(field, "axis", None) == axis)
