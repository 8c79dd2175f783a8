import logging
import sys
from http import HTTPStatus

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .access import personal_url_names
from .problems import problem_body
from .quotas import QuotaExceeded, QuotaUnavailable


class QuotaExceededMiddleware:
    """A refused lookup answers 429 with a clear message (503 when its quota cannot be counted):
    JSON for the API, a page otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, QuotaExceeded):
            return _refused(request, exception.message, status=429, retry_after=exception.window_s)
        if isinstance(exception, QuotaUnavailable):
            return _refused(request, exception.message, status=503, retry_after=exception.retry_after_s)
        return None


def _refused(request, message: str, *, status: int, retry_after: int) -> HttpResponse:
    headers = {"Retry-After": str(retry_after)}
    if request.path.startswith("/api/"):
        return JsonResponse(problem_body(status=status, title=message), status=status, headers=headers)
    partial = request.headers.get("HX-Request")
    template = "nforce/_quota_exceeded.html" if partial else "nforce/quota_exceeded.html"
    response = render(request, template, {"message": message, "paused": status == 503}, status=status)
    response["Retry-After"] = headers["Retry-After"]
    return response


class NoStoreMiddleware:
    """Personal data is never kept by a browser or a proxy: the endpoints nforce.access marks
    personal answer with `Cache-Control: no-store` (and no-cache, private, max-age=0)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.personal = personal_url_names()  # made once every app is ready and has registered

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in self.personal:
            add_never_cache_headers(response)
        return response


class ClearCacheOnSignOutMiddleware:
    """Phones are shared: when a session ends on a browser, what that browser keeps in its HTTP
    cache (pages, photos) goes with it. `Clear-Site-Data: "cache"`, never "storage", which would
    also wipe IndexedDB: the outboxes of other officers who recorded on this phone (static/js/
    outbox.js). The service worker's own caches are dropped by the phone (docs/offline.md).

    Sent on the answer that ends a session (logout, or a request whose session has expired or
    was ended elsewhere: Django deletes the cookie), and on the sign-in page shown to someone
    not signed in, which is where a phone lands once its session cookie has expired unseen.
    Outside SessionMiddleware, so that it sees the cookie deleted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _ends_session(response) or _sign_in_page_for_nobody(request):
            response["Clear-Site-Data"] = '"cache"'
        return response


def _ends_session(response) -> bool:
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie is not None and str(cookie["max-age"]) == "0"


def _sign_in_page_for_nobody(request) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return match is not None and match.view_name == "login" and user is not None and not user.is_authenticated


# What "the database cannot be reached" looks like: refused or timed-out connections, a
# connection killed under a request, a statement cut by statement_timeout.
DATABASE_DOWN = (OperationalError, InterfaceError)
# Headers of the error response that the replacement keeps: the security policy of the site.
_KEPT_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)
RETRY_AFTER_S = 30
logger = logging.getLogger(__name__)


@receiver(got_request_exception, dispatch_uid="nforce.database_down")
def _remember_database_down(sender, request=None, **kwargs) -> None:
    """An error escaping a middleware becomes a 500 before the outermost one sees it; note why."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
        request.nforce_database_down = type(error).__name__


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE. When the database cannot be reached, answer 503 with Retry-After at
    once (a JSON problem for the API, a plain page otherwise) instead of a 500 and a traceback.

    The page is rendered without the request: the context processors would ask the database
    for the user again. Phones keep their unsent detections in the outbox and retry later.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "nforce_database_down", "")
        if response.status_code == 500 and error:
            unavailable = database_unavailable(request, error=error)
            for header in _KEPT_HEADERS:
                if header in response:
                    unavailable[header] = response[header]
            return unavailable
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request, error=type(exception).__name__)
        return None


def database_unavailable(request, *, error: str) -> HttpResponse:
    # The path only: bodies (where IDs travel) are never logged.
    logger.warning("database unavailable (%s): 503 for %s %s", error, request.method, request.path)
    message = _(
        "Nforce cannot reach its database just now. Try again in a minute. Detections recorded on "
        "this phone stay in its outbox and are sent when the service is back."
    )
    if request.path.startswith("/api/"):
        title = _("The service is unavailable for a moment.")
        body = problem_body(status=503, title=title, detail=message)
        response: HttpResponse = JsonResponse(body, status=503)
    else:
        html = render_to_string("nforce/unavailable.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    add_never_cache_headers(response)
    return response


# Titles of the errors that reach /api/ from outside the API's views (an unknown path, a method a
# view does not take, a CSRF refusal, a crash): said as the API says its own.
_API_ERROR_TITLES = {
    400: _("The request could not be read."),
    403: _("You may not do this."),
    404: _("No API operation has this path. Check it against /api/schema/."),
    405: _("This operation does not take this method."),
    500: _("Something went wrong on our side. It has been logged; try again later."),
}
_NOT_COPIED = {"content-type", "content-length", "content-language", "vary"}


class ApiProblemMiddleware:
    """Every error under /api/ is a JSON problem (application/problem+json), whatever made it:
    Django's 404 page for an unknown path, a 405, a CSRF 403 or the 500 page become problems. What
    the API's views answer is a problem already (nforce.problems) and left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400 or _is_json(response):
            return response
        status = response.status_code
        title = _API_ERROR_TITLES.get(status) or HTTPStatus(status).phrase
        problem = JsonResponse(
            problem_body(status=status, title=title), status=status, content_type="application/problem+json"
        )
        for header, value in response.items():
            if header.lower() not in _NOT_COPIED:
                problem[header] = value
        return problem


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type == "application/json" or content_type.endswith("+json")
