"""One position parser, one form field, one serializer field: both spellings read, one set of words."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation
from rest_framework import serializers

from nforce.positions import (
    MESSAGES,
    CoordinateField,
    InvalidPosition,
    PositionField,
    PositionSerializer,
    parse_position,
    query_position,
    read_position,
)

KLANG = (3.0449, 101.4450)  # latitude, longitude


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


SINGAPORE = (1.29, 103.85)
LONDON = (51.5, -0.12)


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (3.0449, 101.445, (101.445, 3.0449)),
        ("3.0449", " 101.445 ", (101.445, 3.0449)),
        (-90, 180, (180, -90)),
        (None, None, None),
        ("", " ", None),
    ],
)
def test_a_position_is_read_from_numbers_or_text(latitude, longitude, expected):
    position = parse_position(latitude, longitude)
    assert (position.coords if position else None) == expected
    assert position is None or position.srid == 4326


@pytest.mark.parametrize(
    ("latitude", "longitude", "code", "field"),
    [
        (3.04, None, "incomplete", "longitude"),
        ("", "101.4", "incomplete", "latitude"),
        ("north", "101.4", "not_a_number", "latitude"),
        (3.04, "east", "not_a_number", "longitude"),
        (91, 101.4, "off_earth", "latitude"),
        (3.04, -180.5, "off_earth", "longitude"),
        ("nan", 101.4, "off_earth", "latitude"),
        (3.04, "inf", "off_earth", "longitude"),
    ],
)
def test_what_is_not_a_position_is_refused_naming_the_coordinate(latitude, longitude, code, field):
    with pytest.raises(InvalidPosition) as refused:
        parse_position(latitude, longitude)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_in_malaysia_holds_a_position_to_the_country_s_box():
    assert parse_position(*SINGAPORE, in_malaysia=True) is not None  # the box is coarse on purpose
    with pytest.raises(InvalidPosition) as refused:
        parse_position(*LONDON, in_malaysia=True)
    assert refused.value.code == "outside_malaysia"
    assert parse_position(*LONDON) is not None


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_refusal_has_english_and_malay_words(code):
    refused = InvalidPosition(code, field="latitude")
    english = refused.message
    with translation.override("ms"):
        assert refused.message and refused.message != english


@pytest.mark.parametrize(
    "query", [{"latitude": "3.0449", "longitude": "101.445"}, {"lat": "3.0449", "lon": "101.445"}]
)
def test_a_request_may_spell_the_coordinates_either_way(query):
    assert read_position(QueryDict(mutable=True) | query).coords == (101.445, 3.0449)


def test_the_full_spelling_wins_when_both_are_sent():
    assert read_position({"latitude": 3.0, "lat": 4.0, "longitude": 101.0}).coords == (101.0, 3.0)


def test_a_query_that_is_not_a_position_is_a_400_naming_the_coordinate():
    with pytest.raises(serializers.ValidationError) as refused:
        query_position({"lat": "3.04"})
    assert refused.value.detail == {"longitude": ["Give both latitude and longitude, or neither."]}


class PageForm(forms.Form):
    position = PositionField(in_malaysia=True)


@pytest.mark.parametrize(
    "data", [{"latitude": "3.0449", "longitude": "101.445"}, {"lat": "3.0449", "lon": "101.445"}]
)
def test_the_form_field_reads_either_spelling_into_a_point(data):
    form = PageForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["position"].coords == (101.445, 3.0449)


def test_the_form_field_is_optional_and_none_without_a_position():
    form = PageForm({})
    assert form.is_valid() and form.cleaned_data["position"] is None


def test_half_a_position_on_a_page_is_taken_as_none():
    form = PageForm({"latitude": "3.04"})
    assert form.is_valid() and form.cleaned_data["position"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"latitude": "north", "longitude": "101.4"}, "Give both latitude and longitude, as numbers."),
        ({"latitude": "95", "longitude": "101.4"}, "That is not a position on Earth."),
        ({"latitude": "51.5", "longitude": "-0.12"}, "This position is outside Malaysia."),
    ],
)
def test_the_form_field_refuses_with_the_parser_s_words(data, message):
    form = PageForm(data)
    assert not form.is_valid()
    assert form.errors["position"] == [message]


def test_the_form_field_renders_two_hidden_inputs_named_latitude_and_longitude():
    html = str(PageForm({"lat": "3.0449", "lon": "101.445"})["position"])
    assert html.count('type="hidden"') == 2
    assert 'name="latitude" value="3.0449"' in html and 'name="longitude" value="101.445"' in html
    assert "id=" not in html


class ShortSpelling(PositionSerializer):
    lat = CoordinateField("latitude", required=False)
    lon = CoordinateField("longitude", required=False)


class FullSpelling(PositionSerializer):
    position_in_malaysia = True
    latitude = CoordinateField("latitude", required=False)
    longitude = CoordinateField("longitude", required=False)


@pytest.mark.parametrize("serializer", [ShortSpelling, FullSpelling])
@pytest.mark.parametrize(
    "body", [{"lat": 3.0449, "lon": 101.445}, {"latitude": 3.0449, "longitude": 101.445}]
)
def test_a_body_may_spell_the_coordinates_either_way_whatever_its_schema_says(serializer, body):
    given = serializer(data=body)
    assert given.is_valid(), given.errors
    assert dict(given.validated_data) == {"position": parse_position(3.0449, 101.445)}


def test_a_body_without_a_position_has_none():
    given = ShortSpelling(data={})
    assert given.is_valid() and given.validated_data["position"] is None


def test_a_refusal_names_the_coordinate_as_the_operation_spells_it():
    short, full = ShortSpelling(data={"latitude": 3.04}), FullSpelling(data={"lat": 51.5, "lon": -0.12})
    assert not short.is_valid() and not full.is_valid()
    assert short.errors == {"lon": ["Give both latitude and longitude, or neither."]}
    assert full.errors == {"latitude": ["This position is outside Malaysia."]}


def test_a_coordinate_off_the_earth_is_refused_by_the_field():
    given = FullSpelling(data={"latitude": 91, "longitude": 101})
    assert not given.is_valid() and list(given.errors) == ["latitude"]


def test_a_multipart_body_may_use_the_short_spelling():
    body = QueryDict("lat=3.0449&lon=101.445")
    given = FullSpelling(data=body)
    assert given.is_valid(), given.errors
    assert given.validated_data["position"].coords == (101.445, 3.0449)
