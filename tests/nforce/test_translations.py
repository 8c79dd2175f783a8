"""The Bahasa Malaysia catalogue is complete, keeps every placeholder and is up to date with the code.

When a test here fails after you added or changed a user-facing string, regenerate the catalogue and
translate the new entries (terms: docs/glossary.csv, checked by test_glossary.py):

    .venv/bin/python manage.py makemessages -l ms --add-location=file --ignore '.venv/*' \
        --ignore 'static/vendor/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*' \
        --ignore 'test-artifacts/*' -v 0
    # fill every empty msgstr in locale/ms/LC_MESSAGES/django.po, remove "#, fuzzy" once checked
    .venv/bin/python manage.py compilemessages -v 0 --ignore '.venv/*'
"""

import os
import re
import shutil
import subprocess
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ms" / "LC_MESSAGES" / "django.po"
IGNORE = [".venv/*", "static/vendor/*", "var/*", "bench/*", "tests/*", "test-artifacts/*"]
HOW_TO_FIX = (
    "Run makemessages -l ms (see this file's docstring), translate the new entries in "
    "locale/ms/LC_MESSAGES/django.po, then compilemessages."
)

# %(name)s, %(km).1f, %d, %s, %% ; {name} ; HTML tags.
PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
BRACES = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _where(entry: polib.POEntry) -> str:
    places = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
    return f"{entry.msgid!r} ({places or 'no location'})"


def _placeholders(text: str) -> tuple[frozenset, Counter, frozenset]:
    """Named %-placeholders as a set (a sentence may use one twice or once), positional ones and
    %% counted (their number matters), braces and tags as sets."""
    percents = PERCENT.findall(text)
    named = frozenset(p for p in percents if p.startswith("%("))
    positional = Counter(p for p in percents if not p.startswith("%("))
    return named, positional, frozenset(BRACES.findall(text) + TAG.findall(text))


def test_the_catalogue_is_for_malay_with_one_plural_form():
    metadata = _catalogue().metadata
    assert metadata["Language"] == "ms"
    assert metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in metadata["Content-Type"]


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue()
    untranslated = [_where(entry) for entry in catalogue.untranslated_entries()]
    fuzzy = [_where(entry) for entry in catalogue.fuzzy_entries()]
    problems = [f"untranslated: {where}" for where in untranslated] + [f"fuzzy: {where}" for where in fuzzy]
    assert not problems, f"{len(problems)} entries need a translator. {HOW_TO_FIX}\n" + "\n".join(problems)


def test_every_translation_keeps_the_placeholders_of_its_source():
    problems = []
    for entry in _catalogue().translated_entries():
        if entry.msgid_plural:
            # Malay has one form, used for every count: it must carry the plural's placeholders.
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                problems.append(f"{_where(entry)}\n    msgstr {translation!r}")
    assert not problems, "Placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_the_catalogue_compiles_with_format_checks():
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install gettext (make system-packages)."
    result = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(CATALOGUE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@contextmanager
def _working_directory(path: Path):
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _messages_in_the_code(tmp_path: Path) -> polib.POFile:
    """makemessages over the project, written into tmp_path and never into the project.

    tmp_path holds symlinks to the project's top-level entries (not its locale/) and an empty
    locale/, which is also LOCALE_PATHS for the run: makemessages writes where the files it reads
    live, and here they live under tmp_path.
    """
    for entry in ROOT.iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    locale = tmp_path / "locale"
    locale.mkdir()
    with override_settings(LOCALE_PATHS=[str(locale)]), _working_directory(tmp_path):
        call_command("makemessages", locale=["ms"], ignore_patterns=IGNORE, symlinks=True, verbosity=0)
    return polib.pofile(str(locale / "ms" / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid, entry.msgid_plural or None


def test_the_catalogue_has_every_string_of_the_code(tmp_path):
    in_code = _messages_in_the_code(tmp_path)
    assert len(in_code) > 100, "makemessages found almost nothing: the scan itself is broken"
    catalogue = {_key(entry) for entry in _catalogue()}
    missing = [entry for entry in in_code if _key(entry) not in catalogue]
    assert not missing, (
        f"{len(missing)} strings marked for translation in the code are not in the Malay catalogue. "
        f"{HOW_TO_FIX}\n" + "\n".join(_where(entry) for entry in missing)
    )


@pytest.mark.parametrize(
    ("english", "malay"),
    [
        ("Registered, contributing", "Berdaftar, mencarum"),
        ("Log out", "Log keluar"),
        ("Check", "Semak"),
        ("Near me", "Berhampiran saya"),
        ("My premises", "Premis saya"),
        ("My detections", "Pengesanan saya"),
        ("Dashboard", "Papan pemuka"),
        ("Invalidity Pension", "Pencen Ilat"),
        ("Survivors' Pension", "Pencen Penakat"),
    ],
)
def test_glossary_terms_are_translated_as_perkeso_says(english, malay):
    entry = _catalogue().find(english)
    if entry is None:
        pytest.skip(f"{english!r} is no longer in the code")
    assert entry.msgstr == malay
