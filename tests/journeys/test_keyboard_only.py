"""An officer with a keyboard and no pointer: log in, open the check, search, record the check.

Every step is Tab, typing or Enter; every element that takes the focus shows that it has it.
"""

import pytest
from django.urls import reverse

from detection.models import Detection
from tests.browser.conftest import wait_until

from .conftest import words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False}
MAX_TABS = 40


def focused(page) -> dict:
    return page.evaluate(
        """() => {
             const el = document.activeElement, style = getComputedStyle(el);
             return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || "").trim(),
                     ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
                           || style.boxShadow !== "none"};
           }"""
    )


def tab_to(page, selector: str) -> list[dict]:
    """Presses Tab until `selector` has the focus; returns every stop on the way, the last included."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(
        f"{selector} never took the focus; the Tab stops were {[s['text'] or s['id'] for s in stops]}"
    )


def test_an_officer_checks_a_business_with_the_keyboard_only(klang, new_phone):
    page = new_phone(**DESK).new_page()
    page.goto("/accounts/login/")  # waits for "load"
    stops = tab_to(page, "#id_username")
    assert stops[0]["text"] == words("en", "Skip to content")  # the first stop skips the top bar
    page.keyboard.type(klang.officer.staff_number)
    tab_to(page, "#id_password")
    page.keyboard.type(klang.password)
    page.keyboard.press("Enter")
    page.wait_for_selector(".mainnav")
    page.wait_for_load_state("load")  # the style sheet too: the focus ring is read from it

    stops = tab_to(page, f".mainnav a[href='{reverse('registry:check')}']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#check-form")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('#check-form input[name=latitude]').value !== ''")
    stops += tab_to(page, "#id_q")
    page.keyboard.type("selera kampung")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results .result")
    stops += tab_to(page, "#results button.record-check")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"button.record-check:text-is('{words('en', 'Check recorded.')}')")
    wait_until(page, lambda: Detection.objects.filter(employer__employer_code=klang.registered_code).exists())

    unringed = [stop for stop in stops if not stop["ring"]]
    assert not unringed, f"focus not visible on {unringed}"
