"""Settings for the test suite: its own Redis database so a running `make run` is left alone."""

import os

from .settings import *  # noqa: F403
from .settings import env


def _redis_of_this_test_process(url: str) -> str:
    """Under pytest-xdist each worker (gw0, gw1...) takes the Redis database below the previous
    one's, as pytest-django gives it its own test database; Celery workers it starts inherit it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number or 0) - int(worker[2:])) % 16}"


REDIS_URL = _redis_of_this_test_process(env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15"))
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Every test signs in from 127.0.0.1: the throttles' own tests set their rates low.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"staff": "100000/minute", "anonymous": "100000/minute"},
}
HEALTH_CACHE_S = 0  # each health test sees its own services; the cache's own test sets it
