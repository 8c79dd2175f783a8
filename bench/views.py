"""The floor of the API benchmarks: a view that does nothing but what every endpoint does.

Same server, middleware, token authentication, role check and JSON rendering as the endpoints;
no lookup, no audit write. An endpoint's throughput divided by this one's is the share left to
its own work.
"""

from django.views.decorators.cache import never_cache
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from nforce.permissions import HasRole


@never_cache
@api_view(["POST"])
@permission_classes([HasRole])
def bare(request: Request) -> Response:
    return Response({"results": []})
