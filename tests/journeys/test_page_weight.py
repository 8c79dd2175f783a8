"""The check page is light on a phone's data plan, and a repeat visit takes its files from the
service worker, not the network. Byte counts from Chromium's DevTools protocol, not timings.

The live server sends files uncompressed; behind WhiteNoise in production they are compressed, so
the first-load figure here is an upper bound.
"""

from dataclasses import dataclass

import pytest

from tests.browser.conftest import service_worker_ready

from .conftest import write_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 150 * 1024
TILES = ["*tile.openstreetmap.org*", "*://*.tile.*"]


@dataclass
class Transfer:
    url: str
    from_service_worker: bool = False
    bytes: int = 0


class Network:
    """What the page's own requests brought over the wire, per request (Network.loadingFinished)."""

    def __init__(self, context, page) -> None:
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setBlockedURLs", {"urls": TILES})  # before map tiles, by the terms
        self.seen: dict[str, Transfer] = {}
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event) -> None:
        response = event["response"]
        self.seen[event["requestId"]] = Transfer(response["url"], response.get("fromServiceWorker", False))

    def _finished(self, event) -> None:
        if event["requestId"] in self.seen:
            self.seen[event["requestId"]].bytes = int(event["encodedDataLength"])

    def visit(self, page, path: str) -> list[Transfer]:
        self.seen = {}
        page.goto(path, wait_until="networkidle")
        return list(self.seen.values())


def table(transfers: list[Transfer]) -> list[str]:
    return [
        f"{t.bytes:>8,} B  {'SW ' if t.from_service_worker else 'net'}  {t.url.split('/', 3)[-1]}"
        for t in sorted(transfers, key=lambda t: -t.bytes)
    ]


def test_the_check_page_is_under_150_kb_and_comes_back_from_the_service_worker(klang, new_phone, log_in):
    context = new_phone(block_elsewhere=False)  # no routing: it would intercept every request
    log_in(context, klang.officer)
    page = context.new_page()
    network = Network(context, page)

    first = network.visit(page, "/registry/check")
    total = sum(t.bytes for t in first)
    print(f"first load: {total:,} bytes in {len(first)} responses", *table(first), sep="\n  ")
    assert total < BUDGET_BYTES, f"{total:,} bytes > {BUDGET_BYTES:,}"
    assert not any(t.from_service_worker for t in first)  # a first visit: no worker yet

    service_worker_ready(page)
    second = network.visit(page, "/registry/check")
    third = network.visit(page, "/registry/check")
    print("repeat visit:", *table(third), sep="\n  ")
    statics = [t.url for t in third if "/static/" in t.url]
    assert statics, "the repeat visit loaded no static file at all"
    assert all(t.from_service_worker for t in third if "/static/" in t.url), table(third)
    kept = page.evaluate("urls => Promise.all(urls.map(u => caches.match(u).then(Boolean)))", statics)
    assert all(kept), dict(zip(statics, kept, strict=True))  # in its cache: served without the network
    write_report(
        "page-weight.json",
        {"first_load_bytes": total, "first": table(first), "second": table(second), "repeat": table(third)},
    )
