"""Settings of the benchmark server and process: the app's own, plus the floor views.

The bench database is never the app's (`nforce`): DATABASE_URL is set by bench/__main__.py.
"""

from django.core.exceptions import ImproperlyConfigured

from nforce.settings import *  # noqa: F403
from nforce.settings import DATABASES, env

if DATABASES["default"]["NAME"] == "nforce":
    raise ImproperlyConfigured("The benchmarks must not run on the app's database: set DATABASE_URL.")

# The app's URLs, plus the bare view the endpoints are compared with (bench/urls.py).
ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# A Redis database of its own: tasks queued by the endpoints under load must not reach the
# workers of `make run`.
REDIS_URL = env.str("BENCH_REDIS_URL", default="redis://127.0.0.1:6379/8")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL

# A log line per request would measure the console, not the app.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The quota check stays in the path (one Redis round trip per lookup, as in production), but a
# benchmark makes in minutes more lookups than an officer makes in a year.
LOOKUP_QUOTAS = dict.fromkeys(LOOKUP_QUOTAS, 10**9)  # noqa: F405

# The API's throttle stays in the path (its Redis count on every request, as in production), but
# a benchmark sends through one login in a minute what an office sends in a day.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "staff": "100000000/minute"},  # noqa: F405
}
