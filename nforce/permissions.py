"""Role checks for pages and API views, enforced on the server."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import User
from .roles import Role, has_role


def role_required(*roles: Role):
    """Page decorator: anonymous users go to the login page, other roles get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def signed_in_user(request: HttpRequest | Request) -> User:
    """The member of staff behind a request that role_required or HasRole let through."""
    if not isinstance(request.user, User):  # anonymous: those checks were left off the view
        raise PermissionDenied
    return request.user


def any_staff_role(view):
    """Page decorator for what every officer, inspector and supervisor may use."""
    return role_required(*Role)(view)


class HasRole(BasePermission):
    """API permission: `permission_classes = [HasRole.of(Role.INSPECTOR)]`."""

    roles: tuple[Role, ...] = tuple(Role)

    @classmethod
    def of(cls, *roles: Role) -> type["HasRole"]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and has_role(request.user, *self.roles))
