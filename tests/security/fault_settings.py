"""Settings of the servers the fault tests start (gunicorn, Celery): the test settings, with
the hardening middleware, and the database and Redis of the test's own from the environment."""

from nforce.test_settings import *  # noqa: F403
from nforce.test_settings import MIDDLEWARE
from tests.security.middleware import with_security_middleware

MIDDLEWARE = with_security_middleware(MIDDLEWARE)
