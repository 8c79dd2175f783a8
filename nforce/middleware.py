from django.http import JsonResponse
from django.shortcuts import render

from .quotas import QuotaExceeded


class QuotaExceededMiddleware:
    """A refused lookup answers 429 with a clear message: JSON for the API, a page otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, QuotaExceeded):
            return None
        if request.path.startswith("/api/"):
            body = {"status": 429, "title": exception.message, "detail": exception.message, "errors": []}
            return JsonResponse(body, status=429, headers={"Retry-After": str(exception.window_s)})
        template = (
            "nforce/_quota_exceeded.html"
            if request.headers.get("HX-Request")
            else "nforce/quota_exceeded.html"
        )
        return render(request, template, {"message": exception.message}, status=429)
