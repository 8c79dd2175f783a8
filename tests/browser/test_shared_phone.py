"""Officers share phones: one officer's records and pages are never lost, sent or shown by another.

Every test here runs on one persistent browser profile (a real phone's profile, on disk), on which
officers sign in and out through the sign-in form, as they do in the field (docs/offline.md).
"""

import json

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from detection.models import Detection
from nforce.roles import Role
from tests.browser.conftest import wait_until
from tests.browser.test_detection_journeys import (
    API,
    ask_service_worker_to_send,
    open_record_page,
    outbox_count,
    record,
    wait_for_state,
    wait_until_kept_offline,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT_PAGES = "nforce-pages-"
SHELL = "nforce-shell-"


@pytest.fixture
def aminah(transactional_db):
    return UserFactory(roles=[Role.OFFICER], staff_number="OFF101", full_name="Aminah binti Yusof")


@pytest.fixture
def badrul(transactional_db):
    return UserFactory(roles=[Role.OFFICER], staff_number="OFF102", full_name="Badrul bin Hashim")


@pytest.fixture
def shared_phone(persistent_phone):
    """One page of one persistent profile: the phone the officers pass between them."""
    context = persistent_phone()
    return context.pages[0] if context.pages else context.new_page()


def sign_in(page, user) -> None:
    page.goto(reverse("login"))
    page.fill("#id_username", user.staff_number)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main button[type=submit].primary")
    page.wait_for_selector(f'body[data-user="{user.pk}"]')


def click_log_out(page) -> None:
    page.click("form[data-guard-unsent] button")


def choose_on_logout(page, choice: str) -> None:
    """The dialog about unsent records: "stay", "keep" or "delete"."""
    page.click(f'#unsent-dialog button[value="{choice}"]')


def entries_of(page, user) -> int:
    return page.evaluate("user => NforceOutboxCore.entriesOf(user).then(e => e.length)", str(user.pk))


def cache_names(page, prefix: str) -> list[str]:
    return page.evaluate("prefix => caches.keys().then(n => n.filter(k => k.startsWith(prefix)))", prefix)


def wait_until_no_kept_pages(page) -> None:
    wait_until(page, lambda: not cache_names(page, KEPT_PAGES))


def on_the_sign_in_page(page) -> None:
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_selector("#id_username")


def leave_unsent_and_walk_away(page, officer, names: list[str]) -> None:
    """The officer records with no signal, then her session ends without a logout (expired in
    the phone) and the phone comes back to the sign-in page."""
    context = page.context
    sign_in(page, officer)
    open_record_page(page)
    context.set_offline(True)
    for name in names:
        record(page, name)
    page.wait_for_selector("[data-outbox-badge]:not([hidden])")
    assert page.inner_text("[data-outbox-badge]") == f"{len(names)} unsent"
    context.clear_cookies()
    context.set_offline(False)
    page.goto(reverse("home"))
    on_the_sign_in_page(page)


def test_an_officer_logging_out_leaves_another_officers_unsent_records_on_the_phone(
    shared_phone, aminah, badrul, shoot
):
    page = shared_phone
    leave_unsent_and_walk_away(page, aminah, ["Kedai Runcit Ah Seng", "Bengkel Motor Ali"])

    sign_in(page, badrul)
    open_record_page(page)
    assert page.is_hidden("[data-outbox-badge]")  # hers are not his to count
    record(page, "Dobi Wangi")
    wait_for_state(page, "Dobi Wangi", "sent")
    assert ask_service_worker_to_send(page) == {"sent": 0, "failed": 0, "waiting": 0}
    page.goto(reverse("detection:mine"))
    assert page.is_hidden("#outbox")  # nor his to see
    click_log_out(page)  # he has nothing unsent: no question
    on_the_sign_in_page(page)
    assert entries_of(page, aminah) == 2
    assert entries_of(page, badrul) == 0
    assert not Detection.objects.filter(officer=aminah).exists()
    shoot(page, "signed-out-her-records-wait")

    sign_in(page, aminah)  # back on this phone: hers are sent, as hers
    wait_until(page, lambda: Detection.objects.filter(officer=aminah).count() == 2)
    wait_until(page, lambda: entries_of(page, aminah) == 0)  # once the answers are back on the phone
    page.wait_for_selector("[data-outbox-badge][hidden]", state="attached")
    assert sorted(Detection.objects.values_list("officer__staff_number", "premises_name")) == [
        ("OFF101", "Bengkel Motor Ali"),
        ("OFF101", "Kedai Runcit Ah Seng"),
        ("OFF102", "Dobi Wangi"),
    ]


def test_a_worker_still_holding_one_officers_session_cannot_file_her_records_as_anothers(
    shared_phone, aminah, badrul
):
    page = shared_phone
    leave_unsent_and_walk_away(page, aminah, ["Kedai Runcit Ah Seng", "Bengkel Motor Ali"])
    sign_in(page, badrul)
    # The phone's session still names her (a Background Sync between his sign-in and his first
    # page), while the cookie is his: the server must not file hers under his name.
    sent_as_her = page.evaluate(
        """user => NforceOutboxCore
             .setSession({user: user, csrf: Nforce.csrfToken(), url: "/api/v1/detections"})
             .then(() => NforceOutboxCore.flush())""",
        str(aminah.pk),
    )
    assert sent_as_her == {"sent": 0, "failed": 0, "waiting": 2}
    assert not Detection.objects.exists()
    assert entries_of(page, aminah) == 2


def test_the_sign_in_page_says_how_many_records_of_signed_out_officers_wait_on_the_phone(
    shared_phone, aminah, shoot
):
    page = shared_phone
    leave_unsent_and_walk_away(page, aminah, ["Kedai Runcit Ah Seng", "Bengkel Motor Ali"])
    page.wait_for_selector("[data-outbox-waiting]:not([hidden])")
    assert "signed out wait on this phone: 2." in page.inner_text("[data-outbox-waiting]")
    assert "Kedai" not in page.inner_text("main")  # a number, never what
    shoot(page, "sign-in-page-says-two-wait")


def test_logging_out_with_unsent_records_lets_the_officer_stay_keep_them_or_delete_them(
    shared_phone, aminah, shoot
):
    page, context = shared_phone, shared_phone.context
    context.route(API, lambda route: route.fulfill(status=503, body="down"))  # the office is unreachable
    sign_in(page, aminah)
    open_record_page(page)
    record(page, "Kedai Belum Hantar")
    record(page, "Kedai Kedua")

    click_log_out(page)
    page.wait_for_selector("#unsent-dialog[open]")
    assert page.inner_text("#unsent-dialog [data-unsent-count]") == "2"
    shoot(page, "asked-about-two-unsent")
    choose_on_logout(page, "stay")
    page.wait_for_selector("#unsent-dialog:not([open])", state="attached")
    assert page.url.endswith(reverse("detection:record"))
    assert outbox_count(page) == 2

    click_log_out(page)
    choose_on_logout(page, "keep")
    on_the_sign_in_page(page)
    assert entries_of(page, aminah) == 2
    page.wait_for_selector("[data-outbox-waiting]:not([hidden])")

    sign_in(page, aminah)
    click_log_out(page)
    choose_on_logout(page, "delete")
    on_the_sign_in_page(page)
    assert entries_of(page, aminah) == 0
    assert page.is_hidden("[data-outbox-waiting]")
    assert not Detection.objects.exists()


@pytest.mark.parametrize("ended_by", ["the server", "the phone's cookie expiring"])
def test_when_the_session_ends_unseen_the_phone_drops_the_officers_kept_pages_not_the_shell(
    shared_phone, aminah, ended_by
):
    page, context = shared_phone, shared_phone.context
    sign_in(page, aminah)
    open_record_page(page)
    wait_until_kept_offline(page, reverse("detection:record"))
    assert cache_names(page, SHELL)

    if ended_by == "the server":
        Session.objects.all().delete()
    else:
        context.clear_cookies()
    page.goto(reverse("home"))  # the app opens: the server no longer knows her
    on_the_sign_in_page(page)
    wait_until_no_kept_pages(page)
    assert cache_names(page, SHELL), "the shared app shell must stay for offline use"

    context.set_offline(True)
    page.goto(reverse("detection:record"))
    assert page.inner_text("h1") == "No signal"
    assert "Aminah" not in page.content()


def test_logging_out_clears_the_http_cache_and_the_officers_kept_pages_not_the_shell_or_outboxes(
    shared_phone, aminah, badrul
):
    page, context = shared_phone, shared_phone.context
    sign_in(page, badrul)
    open_record_page(page)
    context.route(API, lambda route: route.fulfill(status=503, body="down"))
    record(page, "Rekod Badrul")
    context.clear_cookies()  # his session lapses; his record stays on the phone
    context.unroute(API)

    sign_in(page, aminah)
    open_record_page(page)
    wait_until_kept_offline(page, reverse("detection:record"))
    with page.expect_response(lambda response: response.url.endswith(reverse("logout"))) as logout:
        click_log_out(page)
    on_the_sign_in_page(page)
    assert logout.value.all_headers().get("clear-site-data") == '"cache"'
    wait_until_no_kept_pages(page)
    assert cache_names(page, SHELL)
    assert entries_of(page, badrul) == 1

    context.set_offline(True)
    page.goto(reverse("detection:record"))
    assert page.inner_text("h1") == "No signal"


def test_a_success_that_does_not_name_the_record_keeps_it_on_the_phone(shared_phone, aminah):
    page, context = shared_phone, shared_phone.context
    sign_in(page, aminah)
    open_record_page(page)
    # A captive portal (hotel or shop Wi-Fi) answers every request with its own page, and 200.
    context.route(
        API, lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Wi-Fi</h1>")
    )
    record(page, "Kedai Wi-Fi Percuma")
    assert page.evaluate("NforceOutbox.flush()") == {"sent": 0, "failed": 0, "waiting": 1}
    assert outbox_count(page) == 1

    context.unroute(API)
    assert page.evaluate("NforceOutbox.flush()") == {"sent": 1, "failed": 0, "waiting": 0}
    wait_for_state(page, "Kedai Wi-Fi Percuma", "sent")
    assert Detection.objects.get().premises_name == "Kedai Wi-Fi Percuma"


def test_a_record_whose_uuid_the_server_holds_for_another_body_is_kept_and_shown_as_failed(
    shared_phone, aminah
):
    page, context = shared_phone, shared_phone.context
    sign_in(page, aminah)
    open_record_page(page)
    message = "Used for another record."
    conflict = {
        "status": 409,
        "title": "Conflict",
        "detail": "",
        "errors": [{"field": "client_uuid", "message": message}],
    }
    context.route(
        API,
        lambda route: route.fulfill(status=409, content_type="application/json", body=json.dumps(conflict)),
    )
    record(page, "Kedai Bertindih")
    wait_for_state(page, "Kedai Bertindih", "failed")
    assert outbox_count(page) == 1
    page.goto(reverse("detection:mine"))
    page.wait_for_selector("#outbox:not([hidden]) .outbox-entry[data-state=failed]")
    assert message in page.inner_text("#outbox")


def test_records_saved_by_the_previous_outbox_survive_its_upgrade_and_stay_their_officers(
    shared_phone, aminah, badrul
):
    page = shared_phone
    page.goto(reverse("detection:offline"))  # a page without the outbox: version 1 is made by hand
    body = {
        "client_uuid": "5d1e8f2a-3b4c-4d5e-8f60-718293a4b5c6",
        "latitude": 3.0449,
        "longitude": 101.4450,
        "accuracy_m": 12,
        "outcome": "unregistered",
        "premises_name": "Kedai Versi Satu",
    }
    page.evaluate(
        """([user, body]) => new Promise((resolve, reject) => {
             const opening = indexedDB.open("nforce-outbox", 1);
             opening.onupgradeneeded = () => {
               const db = opening.result;
               db.createObjectStore("entries", {keyPath: "client_uuid"}).createIndex("user", "user");
               db.createObjectStore("meta");
             };
             opening.onsuccess = () => {
               const tx = opening.result.transaction("entries", "readwrite");
               body.observed_at = new Date().toISOString();
               tx.objectStore("entries").put({client_uuid: body.client_uuid, user: user, body: body,
                                              photo: null, state: "pending", created_at: Date.now()});
               tx.oncomplete = () => { opening.result.close(); resolve(); };
               tx.onerror = () => reject(tx.error);
             };
             opening.onerror = () => reject(opening.error);
           })""",
        [str(aminah.pk), body],
    )

    sign_in(page, badrul)  # the sign-in page upgrades it; then another officer is signed in
    assert entries_of(page, aminah) == 1
    assert outbox_count(page) == 0
    click_log_out(page)
    on_the_sign_in_page(page)

    sign_in(page, aminah)
    wait_until(
        page, lambda: Detection.objects.filter(officer=aminah, premises_name="Kedai Versi Satu").exists()
    )
    wait_until(page, lambda: entries_of(page, aminah) == 0)  # once the answer is back on the phone
