"""Finding English left on a Malay page: the text a user sees, and a word-list heuristic.

The heuristic flags words that are common in English and are not Malay words (nor loanwords
Malay spells the same way: "status", "data", "format", "total", "menu", "log" as in "log masuk"
stay out of the list). Proper names, codes and units are allowed; so is anything in capitals,
which on these pages is an acronym or registry data (employer names are stored in capitals).
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

ENGLISH = frozenset(
    """
    a about above after again against all also an and another any anyone are as ask asked at
    available away back be because been before being below between both but by can cannot could
    did do does done down during each either else enough ever every few first for found from
    further had has have having he her here hers him his how however if in into is it its just
    last least less let like made make many may me might more most much must my near never new
    next nor not nothing now of off often old on once one only onto or other our out over own
    please rather same see seen shall she should since so some something still such than
    that the their them then there these they this those though through to too two three under
    until up upon us very was we were what when where whether which while who whom whose why will
    with within without would yes yet you your yours
    account address again amount apply area areas assigned assignment assignments away
    back business calculator cancel cases ceased change changed chart check checked checks choose
    closed code codes contributing contribution contributions count counted covered dashboard
    date day days death details detection detections discard distance download due earlier
    eligibility eligible employer employers enter error export exported figures find finding
    follow form found group help hide history home inspector inspectors invalid invalidity keep
    kept kind later leave list lookup lookups map missing month months move moved name names
    navigate needed needs notes notice number numbers officer officers open outcome overdue page
    paid password pension period person phone photo position premises previous queue reason
    reasons record recorded records refused register registered registration registrations remove
    required result results retry save saved search searching send sent shop show sign signal
    signboard skip sort start state still submit survivors table today try unknown unregistered
    unsent visit visited volumes wait waiting week weeks worker workers year years yesterday
    access actions add attempts auth breadcrumbs content current failures link logs main
    none recent site theme toggle token tokens view welcome
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Names, codes and units that read the same in both languages.
ALLOWED_WORDS = frozenset(
    """
    nforce perkeso socso mykad en bm csv xlsx gps ssm api km m rm leaflet openstreetmap google
    maps swagger openapi htmx
    """.split()  # noqa: SIM905
)
# Whole phrases allowed wherever they appear (the map's licence attribution must stay as it is).
ALLOWED_PHRASES = ("OpenStreetMap contributors", "Google Maps")
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
SKIPPED_TAGS = ("script", "style", "template", "svg")
APOSTROPHES = "'\u2019"
WORD = re.compile(f"[A-Za-z][A-Za-z{APOSTROPHES}]*")
# Not words: {placeholders}, %(placeholders)s, anything with a digit (codes, UUIDs, amounts),
# snake_case and dotted identifiers, paths and URLs.
CODE_LIKE = re.compile(r"\{\w*\}|%\(\w+\)\w|\S*\d\S*|\S*[_/]\S*|\b\w+(?:\.\w+)+\b")
# A JSON string that is one lowercase token is a value for the script (a status, a kind), not text.
JSON_CODE = re.compile(r"[a-z][a-z_]*")


@dataclass(frozen=True)
class Seen:
    """One piece of text a user sees, and where on the page it is."""

    text: str
    where: str  # "text in <button>", "aria-label of <nav>", "json #record-strings", ...


class VisibleText(HTMLParser):
    """Text nodes, user-facing attributes, button values and the strings of json_script blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Seen] = []
        self.stack: list[str] = []
        self.skipping = 0
        self.json_block: str | None = None
        self.json_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("type") == "application/json":
            self.json_block, self.json_text = values.get("id") or "?", []
        elif tag in SKIPPED_TAGS:
            self.skipping += 1
        for name in ATTRIBUTES:
            if values.get(name):
                self.found.append(Seen(values[name], f"{name} of <{tag}>"))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.found.append(Seen(values["value"], f"value of <{tag}>"))
        # Strings kept in data-* attributes for the page's script to show (messages, labels).
        for name, value in values.items():
            if name.startswith("data-") and value and " " in value.strip() and "/" not in value:
                self.found.append(Seen(value, f"{name} of <{tag}>"))
        if tag not in ("input", "img", "br", "meta", "link", "hr", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self.json_block is not None:
            for text in strings_in(json.loads("".join(self.json_text) or "null")):
                if not JSON_CODE.fullmatch(text):
                    self.found.append(Seen(text, f"json #{self.json_block}"))
            self.json_block = None
        elif tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.json_block is not None:
            self.json_text.append(data)
        elif not self.skipping and data.strip():
            self.found.append(
                Seen(" ".join(data.split()), f"text in <{self.stack[-1] if self.stack else '?'}>")
            )


def strings_in(value) -> list[str]:
    """Every string value of a JSON document (keys are code, not text)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def visible_text(html: str) -> list[Seen]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.found


def english_words(text: str) -> list[str]:
    """The words of `text` that are English and not Malay (codes, names and capitals aside)."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    text = CODE_LIKE.sub(" ", text)
    found = []
    for word in WORD.findall(text):
        plain = word.strip(APOSTROPHES)
        if len(plain) < 2 or (plain.isupper() and len(plain) > 1):
            continue
        lower = plain.lower()
        if lower not in ALLOWED_WORDS and lower in ENGLISH:
            found.append(plain)
    return found
