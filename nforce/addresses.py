"""The address a request came from, as the login lockout, the API throttles and the audit log see it.

Behind a reverse proxy REMOTE_ADDR is the proxy's, and X-Forwarded-For is whatever the client
wrote into it, followed by what each proxy appended. Only the entries the trusted proxies added
can be believed: with TRUSTED_PROXY_COUNT proxies in front of Django, the client is the entry
that many places from the right. Anything else in the header (a forged left part, a malformed
value) is never read. With no TRUSTED_PROXY_HEADER set, REMOTE_ADDR alone is the client.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    header = settings.TRUSTED_PROXY_HEADER
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if not header:
        return remote
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(meta_key, "").split(",") if hop.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    if len(hops) < count:
        # Not come through every trusted proxy: only the connection's own address is known.
        return remote
    return _valid(hops[-count]) or remote


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
