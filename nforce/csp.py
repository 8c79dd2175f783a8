"""Content Security Policy: no inline script anywhere Nforce renders its own pages."""

from csp.middleware import CSPMiddleware, PolicyParts


class NforceCSPMiddleware(CSPMiddleware):
    """The admin's map widget (django-leaflet) initialises itself with an inline script.

    The admin is for a handful of staff on the office network; there the policy allows inline
    script. Every page officers, inspectors and supervisors use keeps the strict policy.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {
                **(parts.update or {}),
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
            }
        return parts
