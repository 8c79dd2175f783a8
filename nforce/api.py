"""API conventions shared by every app: errors as JSON problems naming the field."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of {field, message}."""
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
            return [{"field": prefix or None, "message": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += _flatten(item, f"{prefix}[{index}]")
        return found
    return [{"field": prefix or None, "message": str(detail)}]


def problem_exception_handler(exc, context):
    """Every API error as `{"status", "title", "detail", "errors": [{"field", "message"}]}`."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = _flatten(exc.detail)
        title = _("The request has invalid fields.")
    else:
        errors = []
        title = str(getattr(exc, "detail", "")) or response.status_text
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    response.data = {
        "status": response.status_code,
        "title": title,
        "detail": detail or title,
        "errors": errors,
    }
    return response


def problem(*, status_code: int, field: str | None, message: str) -> Response:
    """A problem response built by hand, for errors found outside a serializer."""
    return Response(
        {
            "status": status_code,
            "title": message,
            "detail": f"{field}: {message}" if field else message,
            "errors": [{"field": field, "message": message}],
        },
        status=status_code,
    )


__all__ = ["problem", "problem_exception_handler", "status"]
