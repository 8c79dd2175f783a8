"""API tokens: django-rest-knox's, kept as SHA-512 digests and ending after REST_KNOX's TOKEN_TTL.

A sign-out (of any session) and a password change revoke every token of that login: a phone
handed back, or a password changed because it leaked, leaves no key behind that still works.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, as the API has always read it; knox checks the digest."""


class TokenScheme(OpenApiAuthenticationExtension):
    """The scheme under the name and description the published schema has always given it."""

    target_class = "nforce.tokens.TokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }


def issue_token(*, user) -> str:
    """A new token for `user`; the key is shown once, only its digest is stored."""
    _instance, key = AuthToken.objects.create(user=user)
    return key


def revoke_tokens(*, user) -> int:
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted


@receiver(user_logged_out, dispatch_uid="nforce.tokens.revoke_on_logout")
def _revoke_on_logout(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        revoke_tokens(user=user)
