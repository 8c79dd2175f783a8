"""Form and API fields that read identifiers with their one parser (registry.identifiers)."""

import pytest
from django import forms
from django.utils import translation
from rest_framework import serializers

from registry.fields import EmployerCodeField, EmployerCodeFormField, IdNumberField, IdNumberFormField


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


class CodeForm(forms.Form):
    employer_code = EmployerCodeFormField(max_length=20)
    id_number = IdNumberFormField(max_length=30, required=False)


class CodeBody(serializers.Serializer):
    employer_code = EmployerCodeField()
    id_number = IdNumberField(max_length=30, required=False, allow_blank=True)


@pytest.mark.parametrize("typed", ["A12345678901", " a12345678901 ", "A1234-5678-901", "a1 2345 6789 01"])
def test_an_employer_code_may_be_typed_with_spaces_dashes_and_small_letters(typed):
    form, body = CodeForm({"employer_code": typed}), CodeBody(data={"employer_code": typed})
    assert form.is_valid() and body.is_valid(), (form.errors, body.errors)
    assert form.cleaned_data["employer_code"] == body.validated_data["employer_code"] == "A12345678901"


@pytest.mark.parametrize("typed", ["800510-14-5671", "800510 14 5671", "800510145671"])
def test_a_mykad_is_read_with_or_without_dashes(typed):
    form = CodeForm({"employer_code": "A12345678901", "id_number": typed})
    body = CodeBody(data={"employer_code": "A12345678901", "id_number": typed})
    assert form.is_valid() and body.is_valid(), (form.errors, body.errors)
    assert form.cleaned_data["id_number"] == body.validated_data["id_number"] == "800510145671"


def test_a_passport_is_read_in_capitals():
    body = CodeBody(data={"employer_code": "A12345678901", "id_number": "a 1234 567"})
    assert body.is_valid() and body.validated_data["id_number"] == "A1234567"


@pytest.mark.parametrize(
    ("code", "english", "malay"),
    [
        (
            "AB-1",
            "An employer code has exactly 12 letters and digits; this one has 3.",
            "Kod majikan mempunyai tepat 12 huruf dan digit; kod ini mempunyai 3.",
        ),
    ],
)
def test_a_refused_code_says_why_in_english_and_malay_with_the_parser_s_code(code, english, malay):
    form = CodeForm({"employer_code": code})
    assert not form.is_valid()
    assert form.errors["employer_code"] == [english]
    assert form.has_error("employer_code", "employer_code_format")
    with translation.override("ms"):
        body = CodeBody(data={"employer_code": code})
        assert not body.is_valid()
        assert body.errors["employer_code"] == [malay]
        assert body.errors["employer_code"][0].code == "employer_code_format"


def test_a_refused_id_number_gets_the_mykad_message():
    body = CodeBody(data={"employer_code": "A12345678901", "id_number": "801310-14-5671"})
    assert not body.is_valid()
    assert "801310 is not a date" in body.errors["id_number"][0]


def test_the_length_is_held_to_the_text_as_typed():
    form = CodeForm({"employer_code": "A-1-2-3-4-5-6-7-8-9-0-1"})
    assert not form.is_valid() and form.has_error("employer_code", "max_length")


def test_an_empty_optional_identifier_is_left_empty():
    form = CodeForm({"employer_code": "A12345678901", "id_number": "  "})
    body = CodeBody(data={"employer_code": "A12345678901", "id_number": ""})
    assert form.is_valid() and body.is_valid()
    assert form.cleaned_data["id_number"] == body.validated_data["id_number"] == ""


def test_the_form_fields_ask_phones_for_capitals_and_no_spelling_help():
    html = str(CodeForm()["employer_code"])
    assert 'autocapitalize="characters"' in html and 'spellcheck="false"' in html
    assert 'autocomplete="off"' in html and 'maxlength="20"' in html
