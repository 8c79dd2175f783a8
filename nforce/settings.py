"""Nforce settings, read from the environment (see .env.example).

Local defaults need no .env: PostgreSQL and Redis on 127.0.0.1 with trust auth.
DJANGO_ENV=production turns on the strict mode: a real secret is required and
`manage.py check --deploy` is clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dashboard.schedule import DASHBOARD_BEAT_SCHEDULE
from dispatch.schedule import DISPATCH_BEAT_SCHEDULE
from enforcement.schedule import ENFORCEMENT_BEAT_SCHEDULE
from nforce import audit_keys
from nforce.db_router import replica_databases

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused in production
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
if PRODUCTION and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("Production needs SECRET_KEY: a random string of 50+ characters.")

# Keyed hashes of national IDs (audit log, worker lists): a key of their own, required in
# production; each hash names its key, older keys stay listed to match old hashes (audit_keys.py).
AUDIT_HASH_KEYS = audit_keys.audit_hash_keys(
    current_id=env.str("AUDIT_HASH_KEY_ID", default="k1"),
    current=env.str("AUDIT_HASH_KEY", default="" if PRODUCTION else audit_keys.DEV_KEY),
    older=env.str("AUDIT_HASH_OLD_KEYS", default=""),
    secret_key=SECRET_KEY,
    production=PRODUCTION,
)
AUDIT_HASH_KEY_ID, AUDIT_HASH_KEY = next(iter(AUDIT_HASH_KEYS.items()))

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "leaflet",
    "nforce",
    # Named by their config: each is an nforce.apps.AppOnTheGroundFloor, which Django would not pick
    # by itself from an apps.py that imports it (two configs there).
    "registry.apps.RegistryConfig",
    "eligibility.apps.EligibilityConfig",
    "detection.apps.DetectionConfig",
    "enforcement.apps.EnforcementConfig",
    "dispatch.apps.DispatchConfig",
    "dashboard.apps.DashboardConfig",
    "demo",  # seed_demo and demo_logins; nothing else imports it
]

MIDDLEWARE = [
    "nforce.middleware.DatabaseUnavailableMiddleware",  # first: also catches errors in other middleware
    "nforce.middleware.ApiProblemMiddleware",  # next: every error under /api/ leaves as a problem
    "django.middleware.security.SecurityMiddleware",
    "nforce.middleware.NoStoreMiddleware",
    "nforce.middleware.ClearCacheOnSignOutMiddleware",  # outside sessions: sees the cookie deleted
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nforce.csp.NforceCSPMiddleware",
    "nforce.middleware.QuotaExceededMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nforce.urls"
WSGI_APPLICATION = "nforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "nforce.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgis:///nforce",
        engine="django.contrib.gis.db.backends.postgis",
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
# Guard rail for every query issued by the app: a runaway search ends with an
# error instead of tying up a connection. Lookups set tighter local limits.
DATABASES["default"]["OPTIONS"].setdefault(
    "options", f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS', default=30000)}"
)
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_nforce")}
# Registry lookups from a read replica when DATABASE_REPLICA_URL is set (docs/scaling.md).
DATABASES.update(replica_databases(env.str("DATABASE_REPLICA_URL", default=""), DATABASES["default"]))
# After a failed connection to the replica, reads stay on the primary this long before it is tried again.
DATABASE_REPLICA_RETRY_S = env.float("DATABASE_REPLICA_RETRY_S", default=5.0)
DATABASE_ROUTERS = ["nforce.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

AUTH_USER_MODEL = "nforce.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "nforce.login_backoff.BackoffBackend",  # refuses a staff number that must wait, any password
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a staff number after repeated failures from one address only: officers on one mobile
# carrier share an address and must not lock each other out; the lock lifts by itself.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, whatever USERNAME_FIELD is
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy: the header it sets (e.g. X-Forwarded-For) and how many proxies of yours
# stand in front of Django. Unset, the connection's address is the client's (nforce/addresses.py).
TRUSTED_PROXY_HEADER = env.str("TRUSTED_PROXY_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is the number of your proxies: 1 or more.")
AXES_CLIENT_IP_CALLABLE = "nforce.addresses.client_address"
# Per staff number from any address: after this many failures, a wait that doubles each time.
LOGIN_BACKOFF_AFTER = env.int("LOGIN_BACKOFF_AFTER", default=10)
LOGIN_BACKOFF_MAX_S = env.int("LOGIN_BACKOFF_MAX_S", default=15 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ms", _("Bahasa Malaysia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Malay dates written out ("14 Ogos 2025") wherever a date is shown without an explicit format.
FORMAT_MODULE_PATH = ["nforce.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Kuala_Lumpur"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=environ.Path(BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=environ.Path(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def _zoom_range(text: str) -> tuple[int, int]:
    """Reads "12-16" as (12, 16), and "14" as (14, 14): the zooms whose tiles are kept offline."""
    low, dash, high = text.partition("-")
    try:
        zooms = (int(low), int(high) if dash else int(low))
    except ValueError:
        raise ImproperlyConfigured(f"MAP_OFFLINE_ZOOMS is two zoom levels, as 12-16, not {text!r}.") from None
    if not 0 <= zooms[0] <= zooms[1] <= 19:
        raise ImproperlyConfigured(f"MAP_OFFLINE_ZOOMS runs from low to high within 0-19, not {text!r}.")
    return zooms


# Every map draws Nforce's own base layer (land, towns, areas: docs/maps.md), so no tile server
# is needed. MAP_TILE_URL adds one underneath it, where one is reachable (empty: none); the
# service worker then keeps the tiles of the user's areas, at MAP_OFFLINE_ZOOMS, within
# MAP_OFFLINE_TILES_MB, for use with no signal.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_OFFLINE_ZOOMS = _zoom_range(env.str("MAP_OFFLINE_ZOOMS", default="12-16"))
MAP_OFFLINE_TILES_MB = env.int("MAP_OFFLINE_TILES_MB", default=40)
if MAP_TILE_URL and not MAP_TILE_ATTRIBUTION:
    raise ImproperlyConfigured("MAP_TILE_URL needs MAP_TILE_ATTRIBUTION: tile licences require it.")
LEAFLET_CONFIG = {
    "TILES": [("Tiles", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "DEFAULT_CENTER": (3.139, 101.6869),
    "DEFAULT_ZOOM": 7,
    # The admin's map widgets (areas, offices) draw the same base map as the app's pages.
    "PLUGINS": {"forms": {"js": ["js/basemap.js"], "css": ["css/basemap.css"]}},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "nforce.tokens.TokenAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "nforce.throttles.StaffRateThrottle",
        "nforce.throttles.AnonymousRateThrottle",
    ],
    # Requests a minute on the whole API, per login (or per client address before sign-in); the
    # person and employer lookups also count against their own quotas (nforce/quotas.py).
    "DEFAULT_THROTTLE_RATES": {
        "staff": env.str("API_THROTTLE_STAFF", default="300/minute"),
        "anonymous": env.str("API_THROTTLE_ANONYMOUS", default="30/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nforce.api.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (django-rest-knox): stored as SHA-512 digests, each ends after API_TOKEN_TTL_HOURS;
# a sign-out or a password change revokes every token of that login (nforce/tokens.py).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=12)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=5),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nforce API",
    "DESCRIPTION": "Registry lookup, field detection, dispatch and eligibility for enforcement.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["nforce.permissions.HasRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(hours=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 600)}
# Every task ends: at the soft limit it is told (SoftTimeLimitExceeded, its transaction rolls
# back), at the hard limit its process is killed. Tasks that need longer say so on their
# decorator (the nightly rebuild: ROLLUP_REBUILD_TIME_LIMIT_S).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=5 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=6 * 60)
ROLLUP_REBUILD_TIME_LIMIT_S = env.int("ROLLUP_REBUILD_TIME_LIMIT_S", default=2 * 60 * 60)
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_TASK_SOFT_TIME_LIMIT must be above 0 and below CELERY_TASK_TIME_LIMIT."
    )
# Assignment every 5 min, reconciliation every 15; dashboard rollups: recent days every 5 min,
# a full rebuild nightly (dispatch's bulk writes send no signals).
CELERY_BEAT_SCHEDULE = {**DISPATCH_BEAT_SCHEDULE, **ENFORCEMENT_BEAT_SCHEDULE, **DASHBOARD_BEAT_SCHEDULE}
# Per worker machine (docs/scaling.md): processes, and recycling after big imports.
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=os.cpu_count() or 2)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
# Oldest a detection's observed_at may be (a phone kept offline): older checks are refused.
DETECTION_MAX_AGE_DAYS = env.int("DETECTION_MAX_AGE_DAYS", default=30)
# Escalation emails (enforcement.escalation) and password resets: printed on the console in
# development; production names its backend (e.g. django.core.mail.backends.smtp.EmailBackend).
_MAIL = "django.core.mail.backends"
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default=f"{_MAIL}.smtp.EmailBackend" if PRODUCTION else f"{_MAIL}.console.EmailBackend"
)
# An area pack older than this is refused by the phone: a check answered from it could be wrong.
OFFLINE_PACK_MAX_AGE_HOURS = env.int("OFFLINE_PACK_MAX_AGE_HOURS", default=72)
# Days an inspector has to follow up an assigned premises before it shows as overdue.
DISPATCH_FOLLOW_UP_DAYS = env.int("DISPATCH_FOLLOW_UP_DAYS", default=14)
# Lookups one login may make per window; past it the lookup is refused and audited.
LOOKUP_QUOTA_WINDOW_S = env.int("LOOKUP_QUOTA_WINDOW_S", default=3600)
LOOKUP_QUOTAS = {
    "employer": env.int("LOOKUP_QUOTA_EMPLOYER", default=600),
    "person": env.int("LOOKUP_QUOTA_PERSON", default=200),
}
# Kinds whose lookups stop when their quota cannot be counted (Redis down); the others go on.
LOOKUP_QUOTAS_FAIL_CLOSED = frozenset(env.list("LOOKUP_QUOTAS_FAIL_CLOSED", default=["person"]))
HEALTH_CANARY_TIMEOUT_S = env.float("HEALTH_CANARY_TIMEOUT_S", default=3.0)
# /healthz makes its report (and sends a canary) at most once this often, whatever the traffic.
HEALTH_CACHE_S = env.float("HEALTH_CACHE_S", default=5.0)


def _origin(url: str) -> str:
    """scheme://host of a tile URL template, for the CSP's img-src."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].replace('{s}', '*')}"


_tile_origins = [_origin(MAP_TILE_URL)] if MAP_TILE_URL else []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_origins],
        # The service worker fetches the tiles it keeps for offline use (CORS).
        "connect-src": ["'self'", *_tile_origins],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # At DEBUG Django logs a template's whole context (with any ID typed into a form).
        "django.template": {"level": "INFO"},
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# GDAL older than 3.9 cannot block file and network access while parsing spatial
# references; Nforce only parses geometries from staff imports and its own API
# (GeoJSON points validated as numbers first), never raw SRS text from users.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
WHITENOISE_USE_FINDERS = DEBUG
