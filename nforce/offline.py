"""Pages the installed app may keep to open with no signal (the service worker, detection/pwa.py,
caches a page only when it carries OFFLINE_HEADER)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

# The header by which a page says that the service worker may keep it for use offline. Only
# pages free of registry and personal data carry it (forms, the home page), never a result.
OFFLINE_HEADER = "X-Nforce-Offline"
# Whose page it is (the user's pk, never a personal identifier): the worker keeps it in that
# officer's cache only, and shows it only while that officer is the one signed in on the phone.
USER_HEADER = "X-Nforce-User"
# Sent by the outbox with every entry: the user the entry was made under on the phone. An API
# that files what a phone queued refuses (403) an entry made under someone else.
OFFICER_HEADER = "X-Nforce-Officer"


def made_by_the_sender(request: HttpRequest) -> bool:
    """Without the header (other clients), the entry is the sender's by definition."""
    made_by = request.headers.get(OFFICER_HEADER)
    return made_by is None or made_by == str(request.user.pk)


def offline_shell(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Page decorator: the service worker may keep this page to open it offline."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_authenticated:
            response[OFFLINE_HEADER] = "shell"
            response[USER_HEADER] = str(request.user.pk)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
