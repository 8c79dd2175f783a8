"""Every error of the API is a problem: `{"status", "title", "detail", "errors": [{"field", "message"}]}`.

problem_body() builds every one of them: the exception handler's (nforce.api), the ones views
answer by hand (problem()), and the middleware's 429 and 503. `field` is None for an error of
the whole request.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # a lazy translation, to mypy

FieldError = tuple[str | None, str]


def problem_body(*, status: int, title: str, errors: Iterable[FieldError] = (), detail: str = "") -> dict:
    """`detail` says every error in one line when not given (the title when there is none)."""
    items = [{"field": field, "message": str(message)} for field, message in errors]
    said = "; ".join(_said(item) for item in items)
    return {"status": status, "title": str(title), "detail": str(detail or said or title), "errors": items}


def _said(item: dict) -> str:
    return f"{item['field']}: {item['message']}" if item["field"] else item["message"]


def problem(*, status_code: int, field: str | None, message: str) -> Response:
    """One error found outside a serializer (not found, conflict, refused by the domain)."""
    body = problem_body(status=status_code, title=message, errors=[(field, message)])
    return Response(body, status=status_code)


def refuse_fields(problems: Mapping[str, "str | _StrPromise | None"]) -> None:
    """A 400 problem naming each field that has a problem (None: that field is fine), through the
    exception handler; nothing happens when every field is fine."""
    errors = {field: [message] for field, message in problems.items() if message}
    if errors:
        raise ValidationError(errors)


class Refused(Exception):
    """A domain refusal that becomes a problem: `field` names the input at fault (None: the
    whole request); `conflict` says the state changed meanwhile (409), not a wrong input (400)."""

    def __init__(self, *, field: str | None, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.field, self.message, self.conflict = field, message, conflict


class _ProblemItem(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class _Problem(serializers.Serializer):
    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()


def problem_serializer(name: str, *, item_name: str, description: str = "") -> type[serializers.Serializer]:
    """The problem's shape for the schema, under the component names (and description) each app's
    operations have always referred to: the published schema keeps them."""
    item = type(item_name, (_ProblemItem,), {"__module__": __name__})
    attributes = {"__module__": __name__, "__doc__": description or None, "errors": item(many=True)}
    return type(name, (_Problem,), attributes)
