"""The field check row (bench/field_check.py): its arithmetic, its relay and its floor view. No
timing here: the row's figures are the benchmark's."""

import socket
import threading

import pytest
from django.urls import reverse

from bench.field_check import LIMITS_MS, Pair, Passes, _row
from bench.link import DelayedLink


def _pairs(checks: list[float], floors: list[float]) -> list[Pair]:
    return [
        Pair(floor={"total": floor, "first_byte": floor / 2}, check={"shown": check, "requests": ["submit"]})
        for check, floor in zip(checks, floors, strict=True)
    ]


def test_the_rows_compare_the_checks_with_the_floor_at_the_same_percentile_against_the_issue_limits():
    four_g = _pairs(checks=[float(v) for v in range(81, 101)], floors=[float(v) for v in range(41, 61)])
    passes = Passes(four_g=four_g, chromium_4g=four_g, direct=four_g)

    p50, p95 = (_row(q, passes) for q in LIMITS_MS)

    assert (p50.subject, p50.floor, p50.ratio, p50.limit) == (90, 50, 1.8, 100)
    assert (p95.subject, p95.floor, p95.limit) == (99, 59, 150)
    assert p50.met and p95.met
    assert p50.detail["four_g"]["typed_requests"] == 0
    assert "20 checks" in p50.note


def test_a_check_over_its_limit_is_not_met_whatever_its_ratio():
    slow = _pairs(checks=[160.0] * 20, floors=[150.0] * 20)

    row = _row(95, Passes(four_g=slow, chromium_4g=slow, direct=slow))

    assert row.ratio < 1.1
    assert row.met is False


def _echo_server() -> socket.socket:
    """Answers each connection with what it sent, uppercased, then closes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            received = b""
            while chunk := connection.recv(4096):
                received += chunk
            connection.sendall(received.upper())

    threading.Thread(target=serve, daemon=True).start()
    return listener


def test_the_relay_passes_every_byte_both_ways_and_the_end_of_each_stream():
    server = _echo_server()
    sent = b"field check " * 10_000  # more than one read on each side
    with DelayedLink(server.getsockname()[1], one_way_ms=1) as link:
        client = socket.create_connection(("127.0.0.1", link.port), timeout=10)
        client.sendall(sent)
        client.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
        client.close()
    server.close()
    assert answer == sent.upper()


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_urls")
def test_the_floor_page_asks_what_the_check_asks_a_signed_in_member_of_staff_posting(client, officer):
    url = reverse("bench-page")
    assert client.post(url).status_code == 302  # to the sign-in page

    client.force_login(officer)

    assert client.get(url).status_code == 405
    answer = client.post(url, {"q": "E00000000001"})
    assert answer.status_code == 200
    assert answer["Cache-Control"].startswith("max-age=0")
