"""Every page in Bahasa Malaysia: no text a user sees is left in English.

Walks every URL name of the access matrix (nforce.access) that answers GET, as a role allowed to
use it, with the language set the way the top-bar button sets it (django_language cookie); then the
pages that only a POST shows (search results, eligibility explanations, form errors). The text is
what a user sees: text nodes, aria-label/placeholder/title/alt, button values, the messages kept in
data-* attributes and json_script blocks for the page's script. A failure lists each English
string with the pages that show it and where it comes from (catalogue entry or source line).
"""

import csv
import io
import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from nforce.access import Who, matrix
from tests.conftest import ROOT

from .english import Seen, english_words, strings_in, visible_text
from .pages import NOT_PAGES, Render, Town, get_pages, more_views

pytestmark = pytest.mark.django_db

CATALOGUE = ROOT / "locale" / "ms" / "LC_MESSAGES" / "django.po"
SOURCES = ("templates", "nforce", "registry", "eligibility", "detection", "dispatch")
# English that Django's admin and third-party apps show on the admin index because their own
# Malay catalogues lack it (Django's admin: captions for screen readers, theme switch; django-axes
# and django-rest-knox: their model names). Not Nforce's strings; the admin serves a few people.
THIRD_PARTY_ENGLISH = {
    "Add link": "django.contrib.admin",
    "Change or view list link": "django.contrib.admin",
    "Model name": "django.contrib.admin",
    "Skip to main content": "django.contrib.admin",
    "Toggle theme (current theme: auto)": "django.contrib.admin",
    "Toggle theme (current theme: light)": "django.contrib.admin",
    "Toggle theme (current theme: dark)": "django.contrib.admin",
    "Access attempts": "django-axes",
    "Access failures": "django-axes",
    "Access logs": "django-axes",
    "Auth tokens": "django-rest-knox",
}


# --- rendering ---------------------------------------------------------------------------------


def client_in(lang: str, user) -> Client:
    """The language as the top-bar button sets it (the cookie), which wins over the browser's."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en" if lang == "ms" else "ms")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


def fetch(render: Render, town: Town, lang: str = "ms"):
    client = client_in(lang, town.users[render.who])
    if render.post is None:
        return client.get(render.url)
    return client.post(render.url, render.post)


def seen_in(response) -> list[Seen]:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    if "text/csv" in kind:
        return [Seen(cell, "CSV header") for cell in next(csv.reader(io.StringIO(text)))]
    if "json" in kind:
        return [Seen(value, "JSON") for value in _json_strings(json.loads(text))]
    return visible_text(text)


def _json_strings(value) -> list[str]:
    """Sentences only: identifiers, paths and colours in a manifest are not text."""
    return [text for text in strings_in(value) if " " in text]


# --- where an English string comes from --------------------------------------------------------


@cache
def catalogue() -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}


def origin(text: str) -> str:
    entry = catalogue().get(text)
    if entry is not None:
        places = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        state = "translated, yet shown in English (evaluated at import?)" if entry.msgstr else "untranslated"
        return f"catalogue: {state} ({places})"
    return f"not in the catalogue (unmarked?): {', '.join(source_lines(text)) or 'source not found'}"


def source_lines(text: str) -> list[str]:
    needle = text.strip()[:40]
    hits = []
    for folder in SOURCES:
        for path in sorted(Path(ROOT / folder).rglob("*")):
            if path.suffix not in (".html", ".py") or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if needle in line:
                    hits.append(f"{path.relative_to(ROOT)}:{number}")
    return hits[:3]


# --- the tests ---------------------------------------------------------------------------------


def test_every_page_and_message_is_in_malay(town):
    english: dict[tuple[str, str], list[str]] = defaultdict(list)
    problems = []
    for render in get_pages(town) + more_views(town):
        response = fetch(render, town)
        if response.status_code != render.status:
            problems.append(f"{render.label} ({render.url}) as {render.who}: HTTP {response.status_code}")
            continue
        html = response.content.decode() if not response.streaming else ""
        if "<html" in html and 'lang="ms"' not in html:
            problems.append(f"{render.label}: the page is not in Malay at all (no lang=ms)")
        for seen in seen_in(response):
            words = english_words(seen.text)
            if words and not (render.label == "admin:index" and seen.text in THIRD_PARTY_ENGLISH):
                english[(seen.text, seen.where)].append(f"{render.label} [{', '.join(sorted(set(words)))}]")
    for (text, where), pages in sorted(english.items()):
        problems.append(f"{text!r} ({where})\n    on: {'; '.join(pages[:4])}\n    {origin(text)}")
    assert not problems, f"{len(problems)} problems in Malay pages:\n" + "\n".join(problems)


def test_the_walk_covers_every_page_of_the_access_matrix(town):
    walked = {render.label for render in get_pages(town)}
    gets = {endpoint.name for endpoint in matrix() if "GET" in endpoint.methods}
    assert gets == walked | set(NOT_PAGES)
    assert len(walked) >= 25


def test_the_same_walk_in_english_is_caught_on_nearly_every_page(town):
    """The heuristic can fail: in English it flags (almost) every page it passes in Malay."""
    pages = missed = 0
    for render in get_pages(town) + more_views(town):
        response = fetch(render, town, lang="en")
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        if not any(english_words(seen.text) for seen in seen_in(response)):
            missed += 1
            print(f"no English found on the English {render.label}")
    assert pages >= 40
    assert missed <= pages // 20


INVALID = "Permintaan ini mempunyai medan yang tidak sah."  # "The request has invalid fields."


@pytest.mark.parametrize(
    ("url_name", "body", "field", "message"),
    [
        ("detection-api:detections", {"latitude": "north"}, "latitude", "Nombor yang sah diperlukan."),
        ("detection-api:detections", {"client_uuid": "x"}, "client_uuid", "Mestilah UUID yang sah."),
        ("registry-api:person-check", {}, "id_number", "Medan ini diperlukan."),
        ("registry-api:person-check", {"id_number": "12"}, "id_number", None),  # Nforce's own message
        (
            "eligibility-api:invalidity",
            {"id_number": "800510105431", "notice_date": "15/01/2025"},
            "notice_date",
            None,
        ),
    ],
)
def test_an_api_error_is_told_in_malay(town, api_as, url_name, body, field, message):
    response = api_as(town.users[Who.OFFICER]).post(
        reverse(url_name), body, format="json", HTTP_ACCEPT_LANGUAGE="ms"
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "ms"
    problem = response.json()
    assert problem["title"] == INVALID
    told = {error["field"]: error["message"] for error in problem["errors"]}
    assert field in told, problem
    if message is not None:
        assert told[field] == message
    english = {name: text for name, text in told.items() if english_words(text)}
    assert not english, f"API errors left in English: {english}"
