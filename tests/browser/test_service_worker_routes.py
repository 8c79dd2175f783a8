"""What the service worker never answers goes around it (static/js/sw.js, Static Routing API): a
field check's post does not wait for a sleeping worker to wake and hand it back; the app shell's
files are still served by the worker, as offline use needs."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.browser.conftest import service_worker_ready
from tests.factories import EmployerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Which rule of the worker's router matched a request, and what answered it.
ROUTE = """(path) => {
  const e = performance.getEntriesByType("resource").filter(r => new URL(r.name).pathname === path).pop();
  return e ? [e.workerMatchedSourceType, e.workerFinalSourceType] : null;
}"""


@pytest.fixture
def check_page(officer_page):
    officer_page.goto(reverse("registry:check"))
    service_worker_ready(officer_page)
    return officer_page


def test_a_check_posted_from_a_page_the_worker_controls_goes_straight_to_the_network(check_page):
    employer = EmployerFactory()

    check_page.fill("#id_q", employer.employer_code)
    check_page.keyboard.press("Enter")
    check_page.wait_for_selector(f'#results dd.mono:text-is("{employer.employer_code}")')

    assert check_page.evaluate(ROUTE, reverse("registry:check-results")) == ["network", "network"]


def test_the_app_shell_is_still_answered_by_the_worker(check_page):
    htmx = static("vendor/htmx/htmx.min.js")
    with check_page.expect_response(lambda response: response.url.endswith(htmx)) as answer:
        check_page.evaluate("(url) => fetch(url).then(r => r.text())", htmx)

    assert answer.value.from_service_worker
    assert check_page.evaluate(ROUTE, htmx)[0] == ""  # no rule matched: the fetch handler decided
