"""Where the hardening middleware goes in settings.MIDDLEWARE (plain module: settings import it)."""

DATABASE_UNAVAILABLE = "nforce.middleware.DatabaseUnavailableMiddleware"
NO_STORE = "nforce.middleware.NoStoreMiddleware"


def with_security_middleware(middleware: list[str]) -> list[str]:
    """First the 503 guard (outermost: it sees errors of every other middleware), then
    SecurityMiddleware, then no-store; the rest as they were."""
    chosen = [name for name in middleware if name not in (DATABASE_UNAVAILABLE, NO_STORE)]
    security = chosen.index("django.middleware.security.SecurityMiddleware")
    return [DATABASE_UNAVAILABLE, *chosen[: security + 1], NO_STORE, *chosen[security + 1 :]]
