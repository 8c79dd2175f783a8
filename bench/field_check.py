"""The field check over 4G (issue 19), in Debian's Chromium with the Pixel 7 profile of the browser
tests (412x915, DPR 2.625, mobile, touch, its user agent) against the bench's gunicorn.

The bench officer is signed in on the check page, controlled by the service worker as on a
phone that has used the app before, with its position known. Each check types a real employer
code of the dataset and presses Enter (a real key press, so the form submits as on a phone); it
is timed in the page, from the Enter key's event to the frame that shows the result card of that
employer. Before each check the service worker is stopped, as the browser stops it after 30 s
without a request: an officer walks from shop to shop.

The link: 40 ms added to every round trip by a relay (bench/link.py: Chromium's own latency
emulation hides the server's time inside its 40 ms), 9 Mbit/s down and 1.5 Mbit/s up by CDP's
Network.emulateNetworkConditions. Chromium's own 4G emulation and no throttling at all are
measured too, for the detail.

Floor: a bare page's round trip (bench/views.py `bare_page`: session, CSRF, role check, a small
fragment), posted from the same page over the same link, one before each check.

Where the time goes is in the rows' note and detail: the check's phases from the page's Resource
Timing (Enter to the request leaving: the page's JS, htmx, the service worker; to its first byte:
the link and the server; to its last byte; to the card in the page: htmx's swap; to the frame that
shows it), the floor's own, and the same with the link unthrottled, where what is left is the
server and the page.
"""

import statistics
import sys
from dataclasses import dataclass

from . import samples
from .harness import Row, Server, percentile
from .link import DelayedLink

CHECK_PATH = "/registry/check"
RESULTS_PATH = "/registry/check/results"
FLOOR_PATH = "/bench/page"
# Issue 19's 4G: a 40 ms round trip (20 ms each way, held by bench/link.py), 9 Mbit/s down and
# 1.5 Mbit/s up (Chromium's emulation, in bytes per second).
ONE_WAY_MS = 20
BANDWIDTH = {"offline": False, "latency": 0, "downloadThroughput": 9e6 / 8, "uploadThroughput": 1.5e6 / 8}
# The same link as Chromium alone emulates it: its latency overlaps the server's time (link.py).
CHROMIUM_4G = {**BANDWIDTH, "latency": 2 * ONE_WAY_MS}
UNTHROTTLED = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
LIMITS_MS = {50: 100, 95: 150}
WARM_UP = 5
TIMEOUT_MS = 15_000

NAME = (
    "field check, Enter to result on screen p{q} (Pixel 7 Chromium, 4G: 40 ms, 9/1.5 Mbit/s) "
    "vs a bare page's round trip p{q}"
)


@dataclass(frozen=True)
class Pair:
    floor: dict  # ms: total, and its Resource Timing phases
    check: dict  # ms: shown, in_page, and the phases of its request


@dataclass(frozen=True)
class Passes:
    four_g: list[Pair]  # the rows: 40 ms added to every round trip, Chromium's bandwidth
    chromium_4g: list[Pair]  # Chromium's own 4G emulation, latency and all
    direct: list[Pair]  # no throttling: what is left is the server and the page


def field_check_rows(server: Server, *, checks: int) -> list[Row]:
    others = max(5, checks // 2)
    codes = iter(samples.employer_codes(WARM_UP + checks + 2 * others))
    cookie = samples.bench_session()
    passes = _measure(server, cookie, codes, checks=checks, others=others)
    rows = [_row(q, passes) for q in LIMITS_MS]
    print(rows[0].note, file=sys.stderr, flush=True)
    return rows


def _measure(server: Server, cookie: tuple[str, str], codes, *, checks: int, others: int) -> Passes:
    from playwright.sync_api import sync_playwright

    from tests.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE

    with DelayedLink(server.port) as relay, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            phone = Phone(browser, relay, cookie, PHONE)

            def run(count: int, one_way_ms: float, conditions: dict) -> list[Pair]:
                phone.link(one_way_ms, conditions)
                return [phone.pair(next(codes)) for _ in range(count)]

            run(WARM_UP, ONE_WAY_MS, BANDWIDTH)
            return Passes(
                four_g=run(checks, ONE_WAY_MS, BANDWIDTH),
                chromium_4g=run(others, 0, CHROMIUM_4G),
                direct=run(others, 0, UNTHROTTLED),
            )
        finally:
            browser.close()


class Phone:
    """The check page, signed in, its position known, controlled by the service worker."""

    def __init__(self, browser, relay: DelayedLink, cookie: tuple[str, str], profile: dict) -> None:
        context = browser.new_context(**profile, base_url=relay.url, service_workers="allow")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": relay.url}])
        self.relay = relay
        self.page = page = context.new_page()
        page.goto(CHECK_PATH)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload(wait_until="networkidle")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_function("document.getElementById('check-form').elements.latitude.value !== ''")
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("ServiceWorker.enable")

    def link(self, one_way_ms: float, conditions: dict) -> None:
        self.relay.one_way_ms = one_way_ms
        self.cdp.send("Network.emulateNetworkConditions", conditions)

    def idle(self) -> None:
        """As after 30 s without a request: the browser has stopped the service worker."""
        self.cdp.send("ServiceWorker.stopAllWorkers")

    def pair(self, code: str) -> Pair:
        self.idle()
        floor = self.page.evaluate(_FLOOR, FLOOR_PATH)
        self.idle()
        self.page.evaluate(_ARM, [code, RESULTS_PATH, TIMEOUT_MS])
        self.page.fill("#id_q", code)
        self.page.keyboard.press("Enter")
        check = self.page.evaluate("window.nforceFieldCheck")
        if "error" in check:
            raise RuntimeError(f"field check of {code}: {check['error']}")
        return Pair(floor, check)


# The floor: the check form's own body posted to the bare page, as htmx would post it.
_FLOOR = """async (path) => {
  performance.clearResourceTimings();
  const form = document.getElementById("check-form");
  const started = performance.now();
  const response = await fetch(path, {
    method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)),
    headers: { "X-CSRFToken": window.Nforce.csrfToken(), "HX-Request": "true" },
  });
  await response.text();
  const total = performance.now() - started;
  if (!response.ok) throw new Error("bare page: HTTP " + response.status);
  const entry = performance.getEntriesByType("resource").filter(e => e.name.endsWith(path)).pop();
  return { total, ...phases(entry, started) };
  function phases(e, from) {
    return e ? { sent: e.requestStart - from, first_byte: e.responseStart - e.requestStart,
                 last_byte: e.responseEnd - e.responseStart, bytes: e.encodedBodySize } : {};
  }
}"""

# Arms one check: the next Enter in the field starts the clock; the frame that shows the card of
# the typed code (a MutationObserver, then requestAnimationFrame) stops it.
_ARM = """([code, path, timeout]) => {
  const input = document.getElementById("id_q");
  const results = document.getElementById("results");
  results.replaceChildren();
  performance.clearResourceTimings();
  window.nforceFieldCheck = new Promise(resolve => {
    let pressed = null;
    const typed = [];
    const onRequest = e => {
      const trigger = e.detail.requestConfig && e.detail.requestConfig.triggeringEvent;
      typed.push(trigger ? trigger.type : "?");
    };
    const onKey = e => { if (e.key === "Enter" && pressed === null) pressed = e.timeStamp; };
    input.addEventListener("keydown", onKey, true);
    document.body.addEventListener("htmx:beforeRequest", onRequest);
    const done = answer => {
      input.removeEventListener("keydown", onKey, true);
      document.body.removeEventListener("htmx:beforeRequest", onRequest);
      resolve(answer);
    };
    const late = setTimeout(() => {
      seen.disconnect();
      done({ error: "no card in " + timeout + " ms" });
    }, timeout);
    const seen = new MutationObserver(() => {
      const cards = Array.from(results.querySelectorAll(".result dd.mono"));
      if (pressed === null || !cards.some(dd => dd.textContent.trim() === code)) return;
      seen.disconnect();
      clearTimeout(late);
      const inPage = performance.now();
      requestAnimationFrame(() => {
        const shown = performance.now();
        const e = performance.getEntriesByType("resource").filter(r => r.name.endsWith(path)).pop();
        const timing = e ? {
          sent: e.requestStart - pressed, first_byte: e.responseStart - e.requestStart,
          last_byte: e.responseEnd - e.responseStart, swapped: inPage - e.responseEnd,
          bytes: e.encodedBodySize,
        } : {};
        const own = { shown: shown - pressed, in_page: inPage - pressed, frame: shown - inPage };
        done({ ...own, requests: typed, ...timing });
      });
    });
    seen.observe(results, { childList: true, subtree: true });
  });
}"""


def _row(q: int, passes: Passes) -> Row:
    floor = percentile([p.floor["total"] for p in passes.four_g], q)
    subject = percentile([p.check["shown"] for p in passes.four_g], q)
    return Row(
        NAME.format(q=q),
        None,
        floor=floor,
        subject=subject,
        ratio=subject / floor,
        unit="ms",
        limit=LIMITS_MS[q],
        note=_where_the_time_goes(passes) if q == 50 else "",
        detail=_detail(passes) if q == 50 else {},
    )


CHECK_KEYS = ("shown", "in_page", "sent", "first_byte", "last_byte", "swapped", "frame", "bytes")
FLOOR_KEYS = ("total", "sent", "first_byte", "last_byte", "bytes")


def _median(pairs: list[Pair], side: str, key: str) -> float | None:
    values = [getattr(p, side)[key] for p in pairs if key in getattr(p, side)]
    return round(statistics.median(values), 1) if values else None


def _summary(pairs: list[Pair]) -> dict:
    checks, floors = [p.check["shown"] for p in pairs], [p.floor["total"] for p in pairs]
    return {
        "checks": len(pairs),
        "check_p50_ms": round(percentile(checks, 50), 1),
        "check_p95_ms": round(percentile(checks, 95), 1),
        "floor_p50_ms": round(percentile(floors, 50), 1),
        "floor_p95_ms": round(percentile(floors, 95), 1),
        "check_median_ms": {k: _median(pairs, "check", k) for k in CHECK_KEYS},
        "floor_median_ms": {k: _median(pairs, "floor", k) for k in FLOOR_KEYS},
        # Requests sent by typing (the field's 400 ms pause) before Enter: should be none.
        "typed_requests": sum(p.check["requests"].count("input") for p in pairs),
    }


def _detail(passes: Passes) -> dict:
    return {
        "link": {"one_way_ms": ONE_WAY_MS, "chromium": BANDWIDTH},
        "four_g": _summary(passes.four_g),
        "chromium_4g": {"conditions": CHROMIUM_4G, **_summary(passes.chromium_4g)},
        "unthrottled": _summary(passes.direct),
    }


def _where_the_time_goes(passes: Passes) -> str:
    t, c, d = passes.four_g, passes.chromium_4g, passes.direct

    def ms(pairs: list[Pair], side: str, key: str) -> str:
        value = _median(pairs, side, key)
        return "-" if value is None else f"{value:g}"

    def p(pairs: list[Pair], side: str, q: int) -> str:
        key = "shown" if side == "check" else "total"
        return f"{percentile([getattr(x, side)[key] for x in pairs], q):.1f}"

    return (
        f"{len(t)} checks; median ms, check (floor): Enter to request sent {ms(t, 'check', 'sent')} "
        f"({ms(t, 'floor', 'sent')}), to first byte {ms(t, 'check', 'first_byte')} "
        f"({ms(t, 'floor', 'first_byte')}), to last byte {ms(t, 'check', 'last_byte')} "
        f"({ms(t, 'floor', 'last_byte')}), swap {ms(t, 'check', 'swapped')}, "
        f"frame {ms(t, 'check', 'frame')}; {ms(t, 'check', 'bytes')} bytes gzipped. "
        f"Chromium's own 4G emulation ({len(c)}): check p50/p95 {p(c, 'check', 50)}/{p(c, 'check', 95)}, "
        f"floor {p(c, 'floor', 50)}/{p(c, 'floor', 95)}. Unthrottled ({len(d)}): check p50 "
        f"{p(d, 'check', 50)} (first byte {ms(d, 'check', 'first_byte')}), floor {p(d, 'floor', 50)} "
        f"(first byte {ms(d, 'floor', 'first_byte')})"
    )
