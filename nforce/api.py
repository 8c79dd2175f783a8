"""API conventions shared by every app: operations for staff roles, never cached, and errors as
JSON problems naming the field (nforce.problems)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import exception_handler

from .permissions import HasRole
from .problems import FieldError, problem, problem_body

# Django REST framework ships no Malay catalogue. These are its messages that Nforce's API can
# return (field validation and request errors), marked here so that makemessages keeps their
# Malay in locale/ms: DRF looks each one up, by the same English text, when it is shown.
DRF_MESSAGES = (
    gettext_noop("This field may not be null."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Datetime value out of range."),
    gettext_noop("A valid number is required."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),
    gettext_noop("String value too large."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("No filename could be determined."),
    gettext_noop("Ensure this filename has at most {max_length} characters (it has {length})."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
)


def api_operation(
    method: str, *, parsers: Sequence[type[BaseParser]] = (), **schema: Any
) -> Callable[[Callable], Callable]:
    """A function view as an API operation open to every staff role, documented by `schema`
    (extend_schema's arguments) and never cached: answers may hold personal data."""

    def operation(view: Callable) -> Callable:
        view = permission_classes([HasRole])(view)
        if parsers:
            view = parser_classes(list(parsers))(view)
        return extend_schema(**schema)(never_cache(api_view([method])(view)))

    return operation


def validated(serializer_class: type[Serializer], request: Request, **context: Any) -> dict:
    """The request's body, or its query string for a GET, validated: a 400 problem otherwise."""
    data = request.query_params if request.method == "GET" else request.data
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _flatten(detail, prefix: str = "") -> list[FieldError]:
    """DRF's nested error detail as a flat list of (field, message)."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            if isinstance(key, int):  # DRF keys the errors of a list's items by position
                found += _flatten(value, f"{prefix}[{key}]")
                continue
            name = key if key != "non_field_errors" else ""
            found += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [(prefix or None, str(item)) for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += _flatten(item, f"{prefix}[{index}]")
        return found
    return [(prefix or None, str(detail))]


def problem_exception_handler(exc, context):
    """Every API error as a problem: a ValidationError's fields are named, one error each."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        title, errors = _("The request has invalid fields."), _flatten(exc.detail)
    else:
        title, errors = str(getattr(exc, "detail", "")) or response.status_text, []
    response.data = problem_body(status=response.status_code, title=title, errors=errors)
    return response


# nforce.problems.problem, where the dashboard has always imported it from.
__all__ = ["problem", "problem_exception_handler"]
