"""Settings for the test suite: its own Redis database so a running `make run` is left alone."""

from .settings import *  # noqa: F403
from .settings import env

REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
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
