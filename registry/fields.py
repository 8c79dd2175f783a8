"""Form and API fields that read an identifier with its one parser (registry.identifiers).

The text is held to the field's max_length as typed, then parsed: the cleaned value is the
identifier as the registry stores it; a refusal is the parser's own message (English or Malay)
and code.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from .identifiers import EMPLOYER_CODE, InvalidIdentifier, normalise_id_number, parse_employer_code

# Codes and IDs are copied off cards and letters: no spelling help, capitals on phones.
TYPED_OFF_A_CARD = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


def _parsed(
    parse: Callable[[str], str],
    text: str,
    error_class: type[forms.ValidationError] | type[serializers.ValidationError],
) -> str:
    if not text:
        return text
    try:
        return parse(text)
    except InvalidIdentifier as error:
        raise error_class(error.message, code=error.code) from error


class _IdentifierFormField(forms.CharField):
    parse: staticmethod

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs=TYPED_OFF_A_CARD))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return _parsed(self.parse, super().clean(value), forms.ValidationError)


class EmployerCodeFormField(_IdentifierFormField):
    parse = staticmethod(parse_employer_code)


class IdNumberFormField(_IdentifierFormField):
    """A MyKad or passport number (registry.identifiers.normalise_id_number)."""

    parse = staticmethod(normalise_id_number)


class _IdentifierField(serializers.CharField):
    parse: staticmethod

    def run_validation(self, data: Any = empty) -> Any:
        value = super().run_validation(data)
        return _parsed(self.parse, value, serializers.ValidationError) if isinstance(value, str) else value


@extend_schema_field({"type": "string", "pattern": f"^{EMPLOYER_CODE.pattern}$"})
class EmployerCodeField(_IdentifierField):
    """Documented as stored (capitals and digits); spaces, dashes and small letters are accepted."""

    parse = staticmethod(parse_employer_code)


class IdNumberField(_IdentifierField):
    """A MyKad or passport number (registry.identifiers.normalise_id_number)."""

    parse = staticmethod(normalise_id_number)
