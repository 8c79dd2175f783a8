import copy
import socket
from datetime import date

import pytest
from celery import Celery
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings

from eligibility.queries import person_facts
from nforce import db_router
from nforce.audit import record_event
from nforce.db_router import ReplicaRouter, replica_databases
from nforce.models import AuditEvent, User
from registry.models import ContributionYear, Employer, Employment, InsuredPerson
from registry.name_search import employers_named
from registry.queries import search_employers

ROUTERS = ["nforce.db_router.ReplicaRouter"]
TODAY = date(2026, 11, 29)


# A second alias on its own connection to the test database: what a streaming replica looks like
# to Django. It must exist before pytest-django sets the test databases up, as a mirror of
# default (nothing is created for it); it is unused unless a test routes to it. The handler gets
# a copy of its settings: settings.DATABASES itself stays without a replica.
connections.settings = {
    **connections.settings,
    "replica": {**copy.deepcopy(connections.settings["default"]), "TEST": {"MIRROR": "default"}},
}
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
on_both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    """The replica configured (settings.DATABASES) and the router on. Tests using it commit
    (transaction=True), so that rows written on default are visible on the replica connection."""
    settings.DATABASES = {**settings.DATABASES, "replica": connections["replica"].settings_dict}
    settings.DATABASE_ROUTERS = ROUTERS
    return connections["replica"]


def _employer(code: str = "E00000000001") -> Employer:
    return Employer.objects.create(
        employer_code=code, name="Restoran Selera Kampung", name_key="RESTORAN SELERA KAMPUNG",
        registered_on=date(2015, 3, 1), last_paid_month=date(2026, 10, 1),
    )  # fmt: skip


def _queried_tables(captured: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


# --- decisions ------------------------------------------------------------------------------------


def test_without_a_replica_every_read_goes_to_default():
    router = ReplicaRouter()
    with override_settings(DATABASE_ROUTERS=ROUTERS):
        assert router.db_for_read(Employer) is None
        assert Employer.objects.all().db == "default"


@on_both_databases
@pytest.mark.parametrize("model", [Employer, InsuredPerson, Employment, ContributionYear])
def test_registry_reads_go_to_the_replica_when_one_is_configured(replica, model):
    assert model.objects.all().db == "replica"


@on_both_databases
@pytest.mark.parametrize("model", [AuditEvent, User])
def test_audit_and_logins_are_read_from_default_even_with_a_replica(replica, model):
    assert model.objects.all().db == "default"


@on_both_databases
def test_writes_go_to_default_even_for_the_registry(replica):
    assert ReplicaRouter().db_for_write(Employer) == "default"
    with CaptureQueriesContext(connections["default"]) as on_default:
        _employer()
    assert 'INSERT INTO "registry_employer"' in _queried_tables(on_default)


@on_both_databases
def test_a_transaction_on_default_reads_its_own_snapshot(replica):
    from django.db import transaction

    with transaction.atomic():
        assert Employer.objects.all().db == "default"
    assert Employer.objects.all().db == "replica"


@on_both_databases
def test_an_employer_read_on_the_replica_may_be_linked_to_a_row_written_on_default(replica):
    _employer()
    employer = Employer.objects.get(employer_code="E00000000001")
    assert employer._state.db == "replica"
    person = InsuredPerson.objects.create(
        id_number="850707145553", name="Ahmad bin Ali", date_of_birth=date(1985, 7, 7), gender="M",
        registered_on=date(2015, 7, 1),
    )  # fmt: skip
    Employment.objects.create(person=person, employer=employer, started_on=date(2020, 1, 1))
    assert Employment.objects.using("default").filter(employer_id=employer.pk).count() == 1


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is None


# --- on real connections ------------------------------------------------------------------------------


@on_both_databases
def test_an_employer_search_reads_on_the_replica_and_audits_on_default(replica):
    _employer()
    officer = User.objects.create_user("OFF900", full_name="Aminah binti Yusof")
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        outcome = search_employers(actor=officer, q="E00000000001", near=None, radius_m=500, on=TODAY)
    assert [match.employer.employer_code for match in outcome.results] == ["E00000000001"]
    assert 'FROM "registry_employer"' in _queried_tables(on_replica)
    assert 'INSERT INTO "nforce_auditevent"' in _queried_tables(on_default)
    assert "nforce_auditevent" not in _queried_tables(on_replica)


@on_both_databases
def test_a_misspelt_name_search_reads_on_the_replica(replica):
    _employer()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert employers_named("RESTORAN SLERA KAMPONG", limit=20)
    assert "registry_nameword" in _queried_tables(on_replica)
    assert "name_words &&" in _queried_tables(on_replica)


@on_both_databases
def test_one_persons_eligibility_facts_are_read_on_the_replica(replica):
    InsuredPerson.objects.create(
        id_number="850707145553", name="Ahmad bin Ali", date_of_birth=date(1985, 7, 7), gender="M",
        registered_on=date(2015, 7, 1),
    )  # fmt: skip
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert person_facts(id_number="850707145553").name == "Ahmad bin Ali"
    assert "registry_contributionyear" in _queried_tables(on_replica)


@on_both_databases
def test_the_audit_row_is_readable_at_once_because_it_is_read_where_it_was_written(replica):
    record_event(actor=None, action="employer.search", query={"q": "x"})
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert AuditEvent.objects.filter(action="employer.search").count() == 1
    assert not on_replica.captured_queries


# --- an unreachable replica -------------------------------------------------------------------------


@pytest.fixture
def unreachable_replica(replica, monkeypatch):
    """The replica alias pointed at a port nothing listens on (a stopped standby refuses there).
    Its settings are a copy: as a test mirror it shares default's dict."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    replica.close()
    monkeypatch.setattr(replica, "settings_dict", {**replica.settings_dict, "HOST": "127.0.0.1"})
    replica.settings_dict["PORT"] = closed_port
    yield replica
    replica.close()


@pytest.fixture(autouse=True)
def replica_not_marked_down():
    db_router._replica_down_at = None
    yield
    db_router._replica_down_at = None


def _tries_to_connect(replica, monkeypatch) -> list:
    """Records each connection attempt on the replica (the real attempt still runs)."""
    attempts = []
    connect = replica.connect
    monkeypatch.setattr(replica, "connect", lambda: (attempts.append(1), connect())[1])
    return attempts


@on_both_databases
def test_with_the_replica_unreachable_registry_reads_go_to_default(unreachable_replica, settings):
    settings.DATABASE_REPLICA_RETRY_S = 60
    _employer()
    InsuredPerson.objects.create(
        id_number="850707145553", name="Ahmad bin Ali", date_of_birth=date(1985, 7, 7), gender="M",
        registered_on=date(2015, 7, 1),
    )  # fmt: skip
    assert Employer.objects.get(employer_code="E00000000001")._state.db == "default"
    assert person_facts(id_number="850707145553").name == "Ahmad bin Ali"  # hand-written SQL too


@on_both_databases
def test_an_unreachable_replica_is_not_tried_again_until_the_retry_time_has_passed(
    unreachable_replica, settings, monkeypatch
):
    settings.DATABASE_REPLICA_RETRY_S = 60
    attempts = _tries_to_connect(unreachable_replica, monkeypatch)
    assert [Employer.objects.all().db for _ in range(5)] == ["default"] * 5
    assert len(attempts) == 1
    settings.DATABASE_REPLICA_RETRY_S = 0
    assert Employer.objects.all().db == "default"
    assert len(attempts) == 2


@on_both_databases
def test_a_replica_that_answers_again_is_read_from_after_the_retry_time(replica, settings, monkeypatch):
    settings.DATABASE_REPLICA_RETRY_S = 0
    monkeypatch.setattr(db_router, "_replica_down_at", 0.0)
    assert Employer.objects.all().db == "replica"
    assert db_router._replica_down_at is None


# --- settings -------------------------------------------------------------------------------------------


def test_no_replica_url_configures_no_replica():
    assert replica_databases("", {"ENGINE": "django.contrib.gis.db.backends.postgis"}) == {}


def test_a_replica_url_becomes_a_replica_alias_with_the_primarys_options():
    primary = {
        "ENGINE": "django.contrib.gis.db.backends.postgis",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"options": "-c statement_timeout=30000", "connect_timeout": 5},
    }
    found = replica_databases("postgis://nforce@db-replica-1:5432/nforce", primary)["replica"]
    assert (found["HOST"], found["PORT"], found["NAME"], found["USER"]) == (
        "db-replica-1",
        5432,
        "nforce",
        "nforce",
    )
    assert found["ENGINE"] == primary["ENGINE"]
    # The primary's options, but a short connect timeout: an unreachable replica is given up on.
    assert found["OPTIONS"] == {"options": "-c statement_timeout=30000", "connect_timeout": 2}
    assert primary["OPTIONS"]["connect_timeout"] == 5
    assert found["CONN_MAX_AGE"] == 60
    assert found["TEST"] == {"MIRROR": "default"}  # tests run the replica alias on the test database


@override_settings(CELERY_WORKER_CONCURRENCY=3, CELERY_WORKER_MAX_TASKS_PER_CHILD=500)
def test_celery_workers_take_their_settings_from_django_settings():
    app = Celery("nforce-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    assert app.conf.worker_concurrency == 3
    assert app.conf.worker_max_tasks_per_child == 500
    assert app.conf.worker_prefetch_multiplier == 1  # acks_late tasks are not hoarded by one machine
