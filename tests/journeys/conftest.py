"""Whole journeys in a real Chromium: fixtures and helpers shared by tests/journeys.

- `klang`: the small world a journey needs (demo logins OFF001, INS001 and SUP001 of the Klang
  office, one area around Klang town that INS001 serves, one registered, contributing employer).
  Committed rows: use with `pytest.mark.django_db(transaction=True)`.
- `town` / `live_town`: the larger world of tests/journeys/pages.py in which every page has
  something to show; `town` for the Django test client, `live_town` committed for a browser.
- `new_phone()`: a fresh phone (its own cookies, like a second person's phone): 390 x 844, touch,
  Malaysian time zone, GPS in Klang, requests to other sites (map tiles) refused.
- `artefacts(lang, journey)`: a `Camera` that saves numbered screenshots in
  test-artifacts/journeys/<lang>/, named after the journey (each journey clears only its own).
- `Journey`: one language's run of a journey; `page_done()` photographs the page and holds it to
  axe, `open_as()` opens a new phone's login page in that language and logs in.
- `run_axe(page)`: axe-core (static/vendor) on the page, WCAG 2.0 A/AA and 2.1 AA rules.
- `log_in(context, user)` (from tests/browser): a session without typing a password.
- In a page, wait with `page.wait_for_function("() => ...")`, never an expression string:
  Playwright polls an expression with eval(), which the pages' CSP (rightly) refuses.
- `words(lang, msgid)`: what the page says in that language (Malay must differ from English).

The browser itself (`chromium`) comes from tests/browser/conftest.py: Debian's /usr/bin/chromium,
never a downloaded one.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.templatetags.static import static
from django.utils import timezone, translation

from demo.staff import DEMO_PASSWORD, ensure_demo_staff
from nforce.models import Office, User
from tests.browser.conftest import chromium, log_in, playwright_sync  # noqa: F401 - fixtures used here
from tests.chromium import PHONE
from tests.conftest import ROOT
from tests.factories import AreaFactory, EmployerFactory, InspectorFactory

from .pages import Town, build_town, previous_month

ARTIFACTS = ROOT / "test-artifacts" / "journeys"
PHONE = {
    **PHONE,
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "accept_downloads": True,
}
TIMEOUT_MS = 20_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# Anything not served by the live server (OpenStreetMap tiles): the test machine has no internet,
# and a page must not wait for it.
ELSEWHERE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


# --- the world -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Klang:
    officer: User
    inspector: User
    supervisor: User
    registered_code: str
    registered_name: str
    password: str = DEMO_PASSWORD


@pytest.fixture
def klang(transactional_db, settings, tmp_path) -> Klang:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # signboard photos stay out of var/media
    ensure_demo_staff()
    office = Office.objects.get(code="KLG")
    area = AreaFactory(code="KLG-1", name="Klang Pusat", office=office, centre=(101.4450, 3.0449))
    inspector = User.objects.get(staff_number="INS001")
    InspectorFactory(user=inspector, areas=[area], base_location=office.location)
    EmployerFactory(
        employer_code="B9900000001S",
        name="RESTORAN SELERA KAMPUNG SDN. BHD.",
        trading_name="Restoran Selera Kampung",
        location=Point(101.4468, 3.0462, srid=4326),
        last_paid_month=previous_month(timezone.localdate()),
    )
    return Klang(
        officer=User.objects.get(staff_number="OFF001"),
        inspector=inspector,
        supervisor=User.objects.get(staff_number="SUP001"),
        registered_code="B9900000001S",
        registered_name="Restoran Selera Kampung",
    )


@pytest.fixture
def town(db, settings, tmp_path) -> Town:
    """Every page's world, for the Django test client (rolled back after the test)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_town()


@pytest.fixture
def live_town(transactional_db, settings, tmp_path) -> Town:
    """The same world committed, for the live server's thread."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_town()


# --- phones --------------------------------------------------------------------------------


@pytest.fixture
def new_phone(chromium, live_server) -> Iterator[Callable]:  # noqa: F811 - the imported fixture
    """new_phone(**overrides) -> a BrowserContext; every one is closed at the end of the test.

    block_elsewhere=False leaves requests uninterrupted (Playwright routing intercepts them all)."""
    opened = []

    def open_phone(*, block_elsewhere: bool = True, **overrides):
        context = chromium.new_context(
            **{**PHONE, **overrides}, base_url=live_server.url, service_workers="allow"
        )
        context.set_default_timeout(TIMEOUT_MS)
        if block_elsewhere:
            context.route(ELSEWHERE, lambda route: route.abort())
        opened.append(context)
        return context

    yield open_phone
    for context in opened:
        context.close()


def log_in_with_the_form(page, *, staff_number: str, password: str) -> None:
    page.fill("#id_username", staff_number)
    page.fill("#id_password", password)
    page.click("main button[type=submit].primary")
    page.wait_for_selector("main h1")


def switch_language(page, lang: str) -> None:
    """The top bar's language button (a POST to set_language), as a user switches."""
    if page.get_attribute("html", "lang") == lang:
        return
    page.click(f".langswitch button[value={lang}]")
    page.wait_for_selector(f"html[lang={lang}]")


def words(lang: str, msgid: str) -> str:
    """What the catalogue says for `msgid` in `lang`. In Malay it must be a real translation."""
    with translation.override(lang):
        text = translation.gettext(msgid)
    if lang != "en":
        assert text != msgid, f"{msgid!r} is not translated into {lang}"
    return text


def send_the_record_with_a_photo(journey, page, shop: str):
    """The signboard photo, "Record", and the list saying "Sent.": the officer's record reached
    the office. Returns the stored detection."""
    from detection.models import Detection

    page.set_input_files("#id_photo", {"name": "signboard.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    page.click("#record-submit")
    page.wait_for_selector(f'#record-list li:has(h3:text-is("{shop}")) .record-state[data-state="sent"]')
    assert page.inner_text("#record-list .record-state") == journey.t("Sent.")
    journey.page_done(page, "officer-recorded")
    return Detection.objects.select_related("premises__area").get(premises_name=shop)


def jpeg(width: int = 64, height: int = 48) -> bytes:
    """A small, real JPEG: a signboard-coloured rectangle."""
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="JPEG", quality=80)
    return out.getvalue()


# --- artefacts: screenshots and axe results --------------------------------------------------


@dataclass
class Camera:
    folder: Path
    journey: str
    taken: list[Path] = field(default_factory=list)

    def shoot(self, page, step: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w-]+", "-", step).strip("-")
        path = self.folder / f"{self.journey}-{len(self.taken) + 1:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def artefacts() -> Callable[[str, str], Camera]:
    """artefacts(lang, journey) -> a Camera over test-artifacts/journeys/<lang>/, cleared of that
    journey's pictures of an earlier run (another journey's stay)."""

    def camera(lang: str, journey: str) -> Camera:
        folder = ARTIFACTS / lang
        for old in folder.glob(f"{journey}-[0-9][0-9]-*.png"):
            old.unlink()
        return Camera(folder, journey)

    return camera


def run_axe(page, *, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page as it is now: [{id, impact, nodes, targets}]. By default
    the WCAG 2.0 A/AA and 2.1 AA rules; `rules` runs those rules only.

    Injected by URL from the live server: the pages' CSP allows script from 'self' only, so the
    inline <script> that add_script_tag(path=...) would write is refused (as it should be).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(
        """only => axe.run(document, {runOnly: only, resultTypes: ["violations"]})
             .then(result => result.violations.map(v => ({
               id: v.id, impact: v.impact, nodes: v.nodes.length,
               targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
             })))""",
        only,
    )


def by_impact(violations: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + violation["nodes"]
    return counts


def blocking(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def write_report(name: str, data) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


# --- a journey in one language -----------------------------------------------------------------


@dataclass
class Journey:
    """One language's run: takes the pictures and keeps every page's axe result."""

    lang: str
    camera: Camera
    axe: dict[str, dict] = field(default_factory=dict)

    def t(self, msgid: str) -> str:
        return words(self.lang, msgid)

    def page_done(self, page, step: str) -> None:
        assert page.get_attribute("html", "lang") == self.lang, f"{step} is not in {self.lang}"
        page.wait_for_load_state("load")  # style sheets in: axe reads contrast from them
        self.camera.shoot(page, step)
        # Against the phone's width, not innerWidth: a mobile browser widens its layout viewport
        # to a page too wide and shows it zoomed out.
        wide = page.evaluate("() => document.documentElement.scrollWidth") - page.viewport_size["width"]
        assert wide <= 0, f"{step} ({page.url}) is {wide}px wider than the phone: it scrolls sideways"
        violations = run_axe(page)
        self.axe[step] = {"url": page.url, "by_impact": by_impact(violations), "violations": violations}
        print(f"[{self.lang}] {step}: axe {by_impact(violations) or 'no violations'}")
        assert not blocking(violations), f"{step} ({page.url}): {blocking(violations)}"

    def open_as(self, context, user, password: str, *, next_url: str = "/", step: str = ""):
        """A new phone: the login page, the language button, then the staff number and password."""
        page = context.new_page()
        page.goto(f"/accounts/login/?next={next_url}")
        switch_language(page, self.lang)
        assert page.inner_text("main h1") == self.t("Log in")
        if step:
            self.page_done(page, step)
        log_in_with_the_form(page, staff_number=user.staff_number, password=password)
        return page
