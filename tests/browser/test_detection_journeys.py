"""An officer records premises on a phone, with and without signal: nothing lost, nothing doubled."""

import pytest
from django.contrib.gis.geos import Point
from django.templatetags.static import static
from django.urls import reverse

from detection import pwa
from detection.models import Detection
from tests.browser.conftest import service_worker_ready, wait_until
from tests.factories import DetectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API = "**/api/v1/detections"


def open_record_page(page) -> None:
    page.goto(reverse("detection:record"))
    service_worker_ready(page)
    page.wait_for_selector("#position-status[data-state=good]")


def record(page, name: str, *, workers: str = "") -> None:
    page.fill("#id_premises_name", name)
    page.fill("#id_workers_seen", workers)
    page.click("#record-submit")
    page.wait_for_selector(f'#record-list li:has(h3:text-is("{name}"))')


def state_of(page, name: str) -> str:
    return page.get_attribute(f'#record-list li:has(h3:text-is("{name}")) .record-state', "data-state")


def wait_for_state(page, name: str, state: str) -> None:
    page.wait_for_selector(f'#record-list li:has(h3:text-is("{name}")) .record-state[data-state="{state}"]')


def kept_offline(page, path: str) -> bool:
    return page.evaluate(
        """path => caches.keys()
             .then(names => names.filter(name => name.startsWith("nforce-pages-")))
             .then(names => Promise.all(names.map(name => caches.open(name).then(c => c.match(path)))))
             .then(hits => hits.some(Boolean))""",
        path,
    )


def wait_until_kept_offline(page, path: str) -> None:
    """The service worker keeps the page for offline use once a live page has asked it to.
    Polled from here: wait_for_function takes a returned Promise for a truthy answer."""
    wait_until(page, lambda: kept_offline(page, path))


def outbox_count(page) -> int:
    return page.evaluate("NforceOutbox.count()")


def ask_service_worker_to_send(page) -> dict:
    """The worker sends the outbox itself (as on Background Sync) and says how it went."""
    return page.evaluate(
        """() => new Promise(resolve => {
             navigator.serviceWorker.addEventListener("message", function answer(event) {
               if (event.data.type !== "nforce-flushed") return;
               navigator.serviceWorker.removeEventListener("message", answer);
               resolve(event.data.summary);
             });
             navigator.serviceWorker.controller.postMessage({type: "flush"});
           })"""
    )


def test_recorded_online_then_three_offline_reloaded_offline_arrive_exactly_once(officer_page, shoot):
    page, context = officer_page, officer_page.context
    open_record_page(page)
    assert "within 12 m" in page.inner_text("#position-status")
    record(page, "Restoran Selera Kampung", workers="4")
    wait_for_state(page, "Restoran Selera Kampung", "sent")
    shoot(page, "online-sent")
    assert Detection.objects.count() == 1
    wait_until_kept_offline(page, reverse("detection:record"))

    context.set_offline(True)
    for name in ("Kedai Runcit Ah Seng", "Bengkel Motor Ali", "Dobi Wangi"):
        record(page, name)
        assert state_of(page, name) == "saved"
    page.wait_for_selector("[data-outbox-badge]:not([hidden])")
    assert page.inner_text("[data-outbox-badge]") == "3 unsent"
    shoot(page, "offline-three-saved")
    # Offline means the service worker's own network too: asked to send, it can send nothing.
    assert ask_service_worker_to_send(page) == {"sent": 0, "failed": 0, "waiting": 3}
    assert Detection.objects.count() == 1

    page.reload()  # with no network: the service worker answers with the kept page
    page.wait_for_selector("[data-outbox-badge]:not([hidden])")
    assert page.inner_text("[data-outbox-badge]") == "3 unsent"
    assert page.is_visible("#record-form")
    shoot(page, "offline-reloaded")
    assert Detection.objects.count() == 1

    context.set_offline(False)  # the `online` event sends them
    page.wait_for_selector("[data-outbox-badge][hidden]", state="attached")
    shoot(page, "back-online")
    assert outbox_count(page) == 0
    names = sorted(Detection.objects.values_list("premises_name", flat=True))
    assert names == ["Bengkel Motor Ali", "Dobi Wangi", "Kedai Runcit Ah Seng", "Restoran Selera Kampung"]


def test_a_submission_whose_response_is_lost_after_the_commit_is_stored_once(officer_page):
    page, context = officer_page, officer_page.context
    open_record_page(page)
    answered = []

    def lose_the_response(route):
        answered.append(route.fetch().status)  # the server stores it and answers...
        route.abort("connectionreset")  # ...and the answer never reaches the phone

    context.route(API, lose_the_response)
    record(page, "Kedai Makan Mei Ling")
    wait_until(page, lambda: answered)  # Playwright runs the route handler while the test waits
    page.wait_for_timeout(300)  # the phone sees the connection drop and keeps the entry
    assert answered == [201]
    assert state_of(page, "Kedai Makan Mei Ling") == "saved"
    assert outbox_count(page) == 1
    assert Detection.objects.count() == 1

    context.unroute(API)
    assert page.evaluate("NforceOutbox.flush()") == {"sent": 1, "failed": 0, "waiting": 0}
    wait_for_state(page, "Kedai Makan Mei Ling", "sent")
    assert outbox_count(page) == 0
    assert Detection.objects.count() == 1


def test_a_record_the_server_refuses_is_shown_and_not_retried_until_the_officer_says(officer_page, shoot):
    page = officer_page
    open_record_page(page)
    refused = {
        "latitude": 1.29,
        "longitude": 103.85,
        "accuracy_m": 10,
        "outcome": "unregistered",
        "premises_name": "Di Singapura",
    }
    page.evaluate("body => NforceOutbox.enqueue(body)", refused)
    page.wait_for_selector("[data-outbox-badge]:not([hidden])")
    page.goto(reverse("detection:mine"))
    page.wait_for_selector("#outbox:not([hidden]) .outbox-entry[data-state=failed]")
    assert page.inner_text("#outbox").count("is outside Malaysia") == 1  # said once, not per field
    shoot(page, "refused-shown")
    assert page.evaluate("NforceOutbox.flush()") == {"sent": 0, "failed": 0, "waiting": 0}
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#outbox button:text-is('Discard')")
    page.wait_for_selector("#outbox", state="hidden")
    assert outbox_count(page) == 0
    assert not Detection.objects.exists()


def test_a_service_worker_update_keeps_what_is_waiting_in_the_outbox(officer_page, monkeypatch):
    page, context = officer_page, officer_page.context
    open_record_page(page)
    old_shell = f"nforce-shell-{pwa.shell_version(pwa.SHELL_REVISION)}"
    context.route(API, lambda route: route.fulfill(status=503, body="down for maintenance"))
    record(page, "Kedai Gunting Rambut Raju")
    record(page, "Kedai Dobi Wangi")
    assert outbox_count(page) == 2

    monkeypatch.setattr(pwa, "SHELL_REVISION", "test-update")
    new_shell = f"nforce-shell-{pwa.shell_version('test-update')}"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    wait_until(
        page,
        lambda: page.evaluate(
            "([fresh, stale]) => caches.keys().then(n => n.includes(fresh) && !n.includes(stale))",
            [new_shell, old_shell],
        ),
    )
    assert outbox_count(page) == 2
    wait_until_kept_offline(page, reverse("detection:record"))  # the new worker keeps it again

    context.unroute(API)
    assert page.evaluate("NforceOutbox.flush()") == {"sent": 2, "failed": 0, "waiting": 0}
    assert Detection.objects.count() == 2


def test_a_rough_position_is_warned_on_the_phone_and_flagged_on_the_record(officer_page, shoot):
    page = officer_page
    page.context.set_geolocation({"latitude": 3.0449, "longitude": 101.4450, "accuracy": 250})
    page.goto(reverse("detection:record"))
    page.wait_for_selector("#position-warning:not([hidden])")
    assert "worse than 100 m" in page.inner_text("#position-warning")
    shoot(page, "rough-position-warned")
    record(page, "Kedai Dalam Lorong")
    wait_for_state(page, "Kedai Dalam Lorong", "sent")
    detection = Detection.objects.get()
    assert detection.gps_poor
    assert detection.accuracy_m == 250


def test_my_detections_shows_todays_checks_on_a_map_and_in_a_list(officer_page, officer, shoot):
    page = officer_page
    page.context.route("https://*.openstreetmap.org/**", lambda route: route.abort())  # no internet here
    DetectionFactory(officer=officer, premises_name="Restoran Selera Kampung")
    DetectionFactory(officer=officer, premises_name="Dobi Wangi", location=Point(101.4460, 3.0455, srid=4326))
    refused_by_policy = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused_by_policy.append(message.text),
    )
    page.goto(reverse("detection:mine"))
    page.wait_for_selector("#detections-map .leaflet-interactive")
    assert page.locator("#detections-map path.leaflet-interactive").count() == 2
    assert page.locator(".detection-list > li").count() == 2
    page.locator("#detections-map path.leaflet-interactive").first.dispatch_event("click")
    page.wait_for_selector(".leaflet-popup .map-popup")
    shoot(page, "map-and-list")
    assert refused_by_policy == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 412


@pytest.mark.parametrize("url_name", ["detection:record", "detection:mine"])
def test_the_detection_pages_pass_an_accessibility_check(officer_page, url_name):
    page = officer_page
    page.context.route("https://*.openstreetmap.org/**", lambda route: route.abort())
    page.goto(reverse(url_name))
    page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))  # CSP: 'self' only
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))")
    assert violations == []


def test_a_page_not_kept_offline_shows_the_no_signal_page_that_leads_to_the_record_form(officer_page, shoot):
    page, context = officer_page, officer_page.context
    open_record_page(page)
    wait_until_kept_offline(page, reverse("detection:record"))
    context.set_offline(True)
    page.goto(reverse("detection:mine"))  # today's list carries registry data: never kept
    assert page.inner_text("h1") == "No signal"
    shoot(page, "no-signal")
    page.click("text=Record unregistered premises")
    page.wait_for_selector("#record-form")
    assert page.url.endswith(reverse("detection:record"))


def test_the_page_the_installed_app_opens_on_is_kept_for_offline_use_at_sign_in(officer_page, officer):
    page, context = officer_page, officer_page.context
    open_record_page(page)  # never visits the home page while online
    wait_until_kept_offline(page, reverse("home"))
    context.set_offline(True)
    page.goto(reverse("home"))
    assert officer.full_name in page.inner_text("footer")
    assert page.inner_text("h1") != "No signal"


def test_records_made_in_quick_succession_are_all_sent_at_once(officer_page):
    page = officer_page
    open_record_page(page)
    for name in ("Kedai Satu", "Kedai Dua", "Kedai Tiga"):
        record(page, name)
    for name in ("Kedai Satu", "Kedai Dua", "Kedai Tiga"):
        wait_for_state(page, name, "sent")  # well before the 30 s retry timer
    assert Detection.objects.count() == 3


# The phone stores each record (IndexedDB) before it says so; here the store waits for the test.
HOLD_THE_STORE = """() => {
  const enqueue = window.NforceOutbox.enqueue;
  window.NforceOutbox.enqueue = (body, options) => new Promise((resolve, reject) => {
    window.releaseStore = (ok) =>
      ok ? enqueue(body, options).then(resolve, reject) : reject(new Error("disk full"));
  });
}"""
SUBMIT_ENABLED = "() => !document.getElementById('record-submit').disabled"


def test_the_next_premises_typed_while_one_is_being_stored_is_not_wiped(officer_page):
    page = officer_page
    open_record_page(page)
    page.evaluate(HOLD_THE_STORE)
    record(page, "Kedai Pertama")
    page.fill("#id_premises_name", "Kedai Kedua")
    page.evaluate("() => window.releaseStore(true)")
    page.wait_for_function(SUBMIT_ENABLED)
    assert page.input_value("#id_premises_name") == "Kedai Kedua"


def test_a_record_the_phone_could_not_store_gives_back_what_was_typed(officer_page):
    page = officer_page
    open_record_page(page)
    page.evaluate(HOLD_THE_STORE)
    record(page, "Kedai Tak Tersimpan", workers="4")
    page.evaluate("() => window.releaseStore(false)")
    page.wait_for_function(SUBMIT_ENABLED)
    assert page.input_value("#id_premises_name") == "Kedai Tak Tersimpan"
    assert page.input_value("#id_workers_seen") == "4"
    assert page.locator('#record-list li:has(h3:text-is("Kedai Tak Tersimpan"))').count() == 0
    assert "disk full" in page.inner_text("main")
