"""The floors of the benchmarks: views that do nothing but what every endpoint or page does.

`bare`: same server, middleware, token authentication, role check and JSON rendering as the
endpoints; no lookup, no audit write. An endpoint's throughput divided by this one's is the share
left to its own work.

`bare_page`: the same for the pages' htmx posts (session, CSRF, role check, an HTML fragment), the
floor of the field check in a phone's browser (bench/field_check.py).
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from nforce.permissions import HasRole, any_staff_role


@never_cache
@api_view(["POST"])
@permission_classes([HasRole])
def bare(request: Request) -> Response:
    return Response({"results": []})


@never_cache
@any_staff_role
@require_POST
def bare_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse('<p class="help">0</p>')
