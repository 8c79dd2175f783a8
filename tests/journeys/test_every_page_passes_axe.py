"""axe-core on every page of Nforce (not only those of the journey), in both languages, on a phone.

Each page is opened as a role allowed to use it, in the world of tests/journeys/pages.py, and
must show no serious or critical violation of WCAG 2.0 A/AA or 2.1 AA, and text contrast of 7:1
(AAA: "outdoors-grade", readable in full sun). Django's admin is audited and reported but not held
to it: its templates are Django's.
"""

import pytest
from django.conf import settings

from .conftest import blocking, by_impact, run_axe, write_report
from .pages import get_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Files, and the fragments htmx puts into "My premises" and the check and record pages (audited
# there, as part of those pages).
NOT_PAGES = (
    "dashboard:export",
    "dashboard:records-export",
    "pwa-manifest",
    "dispatch:mine-list",
    "detection:running-operation",
)
REPORTED_ONLY = {"admin:index": "Django's own admin templates"}


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_every_page_has_no_serious_or_critical_accessibility_violation(
    lang, live_town, new_phone, log_in, live_server
):
    phones, results, failures = {}, {}, []
    for render in get_pages(live_town):
        if render.label in NOT_PAGES:
            continue
        if render.who not in phones:
            phones[render.who] = phone_as(
                new_phone, log_in, live_town.users[render.who], lang, live_server.url
            )
        page = phones[render.who]
        page.goto(render.url, wait_until="networkidle")
        violations = run_axe(page)
        aaa = sum(v["nodes"] for v in run_axe(page, rules=["color-contrast-enhanced"]))
        results[render.label] = {
            "url": render.url,
            "as": str(render.who),
            "by_impact": by_impact(violations),
            "below_aaa_contrast": aaa,
        }
        print(
            f"[{lang}] {render.label}: {by_impact(violations) or 'no violations'}; below AAA contrast: {aaa}"
        )
        if render.label in REPORTED_ONLY:
            continue
        if blocking(violations):
            failures.append(f"{render.label} ({render.url}): {blocking(violations)}")
        if aaa:
            failures.append(f"{render.label} ({render.url}): {aaa} elements below 7:1 contrast")
    write_report(f"axe-every-page-{lang}.json", results)
    assert not failures, "\n".join(failures)


def phone_as(new_phone, log_in, user, lang: str, base: str):
    """A phone in `lang` (the cookie the top-bar button sets), logged in as `user` unless None."""
    context = new_phone()
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}])
    if user is not None:
        log_in(context, user)
    return context.new_page()
