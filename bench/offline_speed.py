"""Checks with no signal (issue 18), in Debian's Chromium with the phone profile of the browser
tests: an area pack of 20,000 employers (size gzipped, time to apply on the phone) and an offline
check from Enter to the answer on screen.

The pack is made by registry.packs (pack_row, pack_body) from generated employers of the
dataset's vocabulary; no database. The check runs the page's own scripts (offline-names.js,
outbox.js, offline-store.js, offline-check.js, htmx) on the check form's markup, served from a
routed origin, with the network cut. Each row has a floor measured in the same page, and the
issue's absolute limit.
"""

import json
import random
import statistics
import time
from datetime import date

from django.utils import timezone
from django.utils.text import compress_string

from registry.names import name_key
from registry.packs import Pack, pack_body, pack_row

from .harness import ROOT, Row
from .words import DISTINCTIVE, INDUSTRIES, PREMISES_KINDS

ORIGIN = "https://bench.nforce.test"
EMPLOYERS = 20_000
CHECKS = 60
STATIC = ROOT / "static"
ON = date(2026, 12, 1)


def generated_pack(count: int = EMPLOYERS, *, seed: int = 18) -> dict:
    """A whole pack of `count` employers around Klang, as GET .../employers/pack answers it."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        name = f"{rng.choice(PREMISES_KINDS)} {rng.choice(DISTINCTIVE)} {rng.choice(DISTINCTIVE)}"
        trading = f"{rng.choice(DISTINCTIVE)} {rng.choice(INDUSTRIES)} SDN. BHD." if n % 3 == 0 else ""
        ssm_new = f"{rng.randint(1990, 2025)}0{rng.randint(1, 6)}{n:06d}" if n % 10 < 6 else None
        ssm_old = f"{rng.randint(100000, 1999999)}-{chr(65 + n % 26)}" if n % 10 >= 3 else None
        paid = date(2026, rng.randint(1, 11), 1) if n % 7 else None
        keys = (name_key(name), name_key(trading) if trading else "")
        ceased = date(2025, 6, 1) if n % 41 == 0 else None
        lat, lon = 3.0449 + rng.uniform(-0.05, 0.05), 101.445 + rng.uniform(-0.05, 0.05)
        row = (
            f"B{n:010d}K",
            ssm_new,
            ssm_old,
            trading or name,
            *keys,
            date(2015, 1, 1),
            ceased,
            paid,
            lat,
            lon,
        )
        rows.append(pack_row(row, on=ON))
    pack = Pack(
        version=f"1.{ON}.000000000000.{count}", full=True, as_of=ON, areas=[], employers=rows, total=count
    )
    return pack_body(pack, generated_at=timezone.now(), max_age_hours=72)


def pack_size_row(pack: dict) -> Row:
    body = json.dumps(pack, separators=(",", ":")).encode()
    codes = json.dumps([row[0] for row in pack["employers"]], separators=(",", ":")).encode()
    subject, floor = len(compress_string(body)) / 1e6, len(compress_string(codes)) / 1e6
    return Row(
        f"area pack of {EMPLOYERS:,} employers, gzipped (as the API sends it) vs their codes alone, gzipped",
        None,
        floor=floor,
        subject=subject,
        ratio=subject / floor,
        unit="MB",
        limit=2.0,
        detail={"raw_mb": round(len(body) / 1e6, 3)},
    )


def browser_rows(pack: dict) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from tests.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE

    body = json.dumps(pack, separators=(",", ":"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**PHONE)
            context.route(f"{ORIGIN}/**", lambda route: _serve(route, body))
            page = context.new_page()
            page.goto(f"{ORIGIN}/check/")
            applied = _apply_row(page)
            checked = _check_row(page, context, pack)
        finally:
            browser.close()
    return [applied, checked]


def _apply_row(page) -> Row:
    """From the body received to the pack in use: parse, index and store, as offline-check.js
    does at a sync (the download itself is the network's: Playwright's routing would only add its
    own overhead); floor: JSON.parse of the same body alone."""
    timings = page.evaluate(
        """async () => {
          const text = await (await fetch("/pack")).text();
          const runs = [];
          for (let i = 0; i < 3; i++) {
            const t0 = performance.now(); JSON.parse(text); const parse = performance.now() - t0;
            const t = performance.now();
            const pack = JSON.parse(text);
            NforceNames.buildIndex(pack);
            await NforceKept.put("1", "pack", pack);
            runs.push([parse, performance.now() - t]);
          }
          return runs;
        }"""
    )
    floor = statistics.median(run[0] for run in timings) / 1000
    subject = statistics.median(run[1] for run in timings) / 1000
    name = f"area pack of {EMPLOYERS:,} applied on the phone (parse, index, store) vs JSON.parse alone"
    return Row(name, None, floor=floor, subject=subject, ratio=subject / floor, unit="s", limit=2.0)


def _check_row(page, context, pack: dict) -> Row:
    """Enter to the answer on screen (p50), with the network cut; floor: Enter to an echo of the
    typed text in the same page."""
    page.reload()  # offline-check.js starts with the pack now kept
    page.wait_for_selector("#pack-status[data-pack]")
    context.set_offline(True)
    queries = _queries(pack)
    subject = [_enter_to_screen(page, "#id_q", "#results", query) for query in queries]
    floor = [_enter_to_screen(page, "#echo-q", "#echo", query) for query in queries]
    context.set_offline(False)
    p50, floor_p50 = statistics.median(subject), statistics.median(floor)
    return Row(
        "offline check, Enter to answer on screen p50 (phone Chromium, 20k pack) vs Enter to an echo p50",
        None,
        floor=floor_p50,
        subject=p50,
        ratio=p50 / floor_p50 if floor_p50 else None,
        unit="ms",
        limit=30,
        detail={"checks": len(queries), "p95_ms": round(sorted(subject)[int(len(subject) * 0.95) - 1], 2)},
    )


def _queries(pack: dict) -> list[str]:
    rng = random.Random(42)
    rows = rng.sample(pack["employers"], CHECKS)
    kinds = ("code", "ssm", "name")
    picked = []
    for n, row in enumerate(rows):
        kind = kinds[n % 3]
        if kind == "ssm" and (row[1] or row[2]):
            picked.append(row[1] or row[2])
        elif kind == "name":
            picked.append(row[4].split("|")[0].title())
        else:
            picked.append(row[0])
    return picked


def _enter_to_screen(page, field: str, target: str, text: str) -> float:
    page.fill(field, text)
    return page.evaluate(
        """([field, target]) => new Promise(resolve => {
          const input = document.querySelector(field);
          const box = document.querySelector(target);
          let pressed = 0;
          input.addEventListener("keydown", e => { pressed = e.timeStamp; }, { once: true, capture: true });
          const seen = new MutationObserver(() => {
            seen.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - pressed));
          });
          seen.observe(box, { childList: true, subtree: true, characterData: true });
          input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
          input.form.requestSubmit();
        })""",
        [field, target],
    )


def _serve(route, body: str) -> None:
    path = route.request.url[len(ORIGIN) :].split("?")[0]
    if path == "/pack":
        route.fulfill(status=200, content_type="application/json", body=body)
    elif path.startswith("/static/"):
        file = STATIC / path[len("/static/") :]
        kind = "text/css" if file.suffix == ".css" else "application/javascript"
        route.fulfill(status=200, content_type=kind, body=file.read_bytes())
    elif path == "/check/":
        route.fulfill(status=200, content_type="text/html", body=_CHECK_PAGE)
    else:
        route.fulfill(status=404, body="")


_STRINGS = {
    "answer": "Offline answer, registry as of {date}.",
    "pack": "{count} employers",
    "no_pack": "no pack",
    "too_old": "too old",
    "not_in_pack": "{query} not in pack",
    "no_match": "no match",
    "person": "person",
    "queued_answered": "answered",
    "record": "Record",
    "last_paid": "last paid {month}",
    "code": "Employer code",
    "status": {"registered_contributing": "Registered, contributing"},
}

# The check page's form and the elements offline-check.js reads (templates/registry/check.html),
# and an echo form for the floor.
_CHECK_PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"></head>
<body data-user="1">
<form id="check-form" hx-post="/check/results" hx-target="#results" hx-trigger="submit">
  <input id="id_q" name="q"></form>
<p id="pack-status"></p><div id="results"></div><div id="queued-answers"></div>
<form id="echo-form"><input id="echo-q"></form><p id="echo"></p>
<script type="application/json" id="offline-strings">{json.dumps(_STRINGS)}</script>
<span id="offline-check" data-pack-url="/pack" data-search-url="/search"></span>
<script src="/static/vendor/htmx/htmx.min.js"></script>
<script src="/static/js/outbox.js"></script>
<script src="/static/js/offline-store.js"></script>
<script src="/static/js/offline-names.js"></script>
<script>window.Nforce = {{ csrfToken: () => "" }};
document.getElementById("echo-form").addEventListener("submit", e => {{
  e.preventDefault();
  document.getElementById("echo").textContent = document.getElementById("echo-q").value;
}});
</script>
<script src="/static/js/offline-check.js"></script>
</body></html>"""


def offline_rows() -> list[Row]:
    started = time.perf_counter()
    pack = generated_pack()
    rows = [pack_size_row(pack), *browser_rows(pack)]
    print(f"offline rows in {time.perf_counter() - started:.1f} s", flush=True)
    return rows
