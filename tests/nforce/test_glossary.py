"""The Malay catalogue follows the glossary (docs/glossary.csv): PERKESO's own terms, one word per
concept, the verbs an officer writes.

Every entry of locale/ms/LC_MESSAGES/django.po is checked, so a string added tomorrow is held to
the same terms: when its English uses a glossary term (the `match` pattern, or the term itself),
its Malay must use the glossary's Malay; and no Malay may use a rendering the glossary rules out
(`avoid`). Both patterns are Python regular expressions, case-insensitive, read against the text
with each placeholder written "#" ("Joined the premises recorded # m away"). To change a term,
change the glossary (with its source) and the catalogue together.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.csv"
CATALOGUE = ROOT / "locale" / "ms" / "LC_MESSAGES" / "django.po"
# %(name)s, %d, %%, {name}, HTML tags: names in placeholders are not words of the sentence.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]|\{[^{}]*\}|</?[a-zA-Z][^<>]*>"
)


@dataclass(frozen=True)
class Term:
    english: str
    malay: tuple[str, ...]  # any one of them will do ("Masukkan / Nyatakan")
    source: str
    match: re.Pattern[str]
    avoid: re.Pattern[str] | None

    def rendered_in(self, malay: str) -> bool:
        return any(_contains(malay, word) for word in self.malay)


def _contains(text: str, word: str) -> bool:
    """A name written with capitals (Pencen Ilat, Notis Keilatan) must keep them; a common word
    may start a sentence."""
    if all(part[0].isupper() for part in word.split()):
        return word in text
    return word.casefold() in text.casefold()


def _english_pattern(term: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(word) for word in term.split())
    return re.compile(rf"\b{words}(?:s|es)?\b", re.IGNORECASE)


def _term(row: dict[str, str]) -> Term:
    match = re.compile(row["match"], re.IGNORECASE) if row["match"] else _english_pattern(row["english"])
    avoid = re.compile(row["avoid"], re.IGNORECASE) if row["avoid"] else None
    return Term(
        row["english"], tuple(w.strip() for w in row["malay"].split(" / ")), row["source"], match, avoid
    )


@cache
def glossary() -> tuple[Term, ...]:
    with GLOSSARY.open(encoding="utf-8", newline="") as file:
        return tuple(_term(row) for row in csv.DictReader(file))


@cache
def catalogue() -> tuple[polib.POEntry, ...]:
    return tuple(entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete and entry.translated())


def _plain(text: str) -> str:
    """The sentence with each placeholder as "#": "%(counter)s record" does not start with "record"."""
    return PLACEHOLDER.sub("#", text)


def _sources(entry: polib.POEntry) -> list[str]:
    return [_plain(entry.msgid)] + ([_plain(entry.msgid_plural)] if entry.msgid_plural else [])


def _translations(entry: polib.POEntry) -> list[str]:
    return [_plain(text) for text in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])]


def departures(term: Term, entries) -> list[str]:
    """Entries whose English uses the term and whose Malay does not use the glossary's Malay."""
    found = []
    for entry in entries:
        if not any(term.match.search(text) for text in _sources(entry)):
            continue
        for text in _translations(entry):
            if not term.rendered_in(text):
                found.append(f"{entry.msgid!r}\n    msgstr {text!r}\n    wants {' or '.join(term.malay)!r}")
    return found


def ruled_out(term: Term, entries) -> list[str]:
    """Entries whose Malay uses a rendering the glossary rules out for this term."""
    if term.avoid is None:
        return []
    found = []
    for entry in entries:
        for text in _translations(entry):
            if hit := term.avoid.search(text):
                found.append(f"{entry.msgid!r}\n    msgstr {text!r}\n    {hit.group(0)!r} is ruled out")
    return found


def test_every_glossary_row_names_its_english_its_malay_and_a_source():
    rows = glossary()
    assert len(rows) >= 30, "the glossary lost its rows"
    for term in rows:
        assert term.english and all(term.malay) and term.source, term
        if "(" in term.english:
            assert term.match.pattern != _english_pattern(term.english).pattern, (
                f"{term.english!r} describes a use: give the English it matches in the match column"
            )


def test_the_glossary_gives_one_malay_per_english_term():
    english = [term.english.casefold() for term in glossary()]
    assert len(english) == len(set(english)), "a term appears twice in docs/glossary.csv"


@pytest.mark.parametrize("term", glossary(), ids=lambda term: term.english)
def test_strings_that_use_a_glossary_term_render_it_as_the_glossary_says(term):
    found = departures(term, catalogue())
    assert not found, (
        f"{len(found)} translations of {term.english!r} depart from docs/glossary.csv "
        f"({term.source}):\n" + "\n".join(found)
    )


@pytest.mark.parametrize("term", [t for t in glossary() if t.avoid], ids=lambda term: term.english)
def test_no_translation_uses_a_rendering_the_glossary_rules_out(term):
    found = ruled_out(term, catalogue())
    assert not found, f"{len(found)} translations use what docs/glossary.csv rules out:\n" + "\n".join(found)


def _term_named(english: str) -> Term:
    return next(term for term in glossary() if term.english == english)


@pytest.mark.parametrize(
    ("english", "msgid", "msgstr"),
    [
        ("notice of invalidity", "Date of the notice of invalidity", "Tarikh notis ilat"),
        ("dependant", "Shares of the dependants", "Bahagian tanggungan"),
        ("Record (the action)", "Record outcome", "Rekod hasil"),
        ("Record (the action)", "Not in the list? Record unregistered premises", "Tiada? Rekod premis"),
        ("Give (in a form message)", "Give the name on the signboard.", "Berikan nama pada papan tanda."),
        ("Later (period)", "Later", "Kemudian"),
        ("Invalidity Pension", "%(workers)s on Invalidity Pension", "%(workers)s menerima pencen ilat"),
        (
            "contributions first payable",
            "Contributions first became payable in %(month)s.",
            "Caruman mula perlu dibayar",
        ),
    ],
)
def test_a_string_added_with_another_rendering_is_caught(english, msgid, msgstr):
    """A new entry, as another helper might add it, that renders a glossary term another way."""
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
    assert departures(_term_named(english), [entry])


@pytest.mark.parametrize(
    ("english", "msgid"),
    [
        ("Record (the action)", "Records not sent yet"),
        ("Record (the action)", "This record was made on this phone by another officer."),
        ("Earlier (period)", "Dates before %(since)s fall under earlier rules."),
        ("inspector", "%(inspector)s does not serve the area of %(premises)s."),
    ],
)
def test_a_noun_an_other_sense_or_a_placeholder_name_is_not_taken_for_the_term(english, msgid):
    assert not _term_named(english).match.search(_plain(msgid))


def test_a_rendering_the_glossary_rules_out_is_caught_in_a_new_string():
    entry = polib.POEntry(msgid="Widows and their dependants", msgstr="Balu dan tanggungan mereka")
    assert ruled_out(_term_named("dependant"), [entry])
    fine = polib.POEntry(msgid="Widows and their dependants", msgstr="Balu dan orang tanggungan mereka")
    assert not ruled_out(_term_named("dependant"), [fine])
