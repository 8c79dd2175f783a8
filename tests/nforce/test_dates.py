"""Dates in sentences are written for the reader ("14 Mac 2025"), never ISO (issue 20)."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from nforce.dates import reader_date


@pytest.mark.parametrize(
    ("language", "day", "written"),
    [
        ("ms", date(2025, 3, 14), "14 Mac 2025"),
        ("ms", date(2025, 8, 1), "1 Ogos 2025"),
        ("ms", date(2024, 12, 31), "31 Disember 2024"),
        ("en", date(2025, 3, 14), "14 March 2025"),
    ],
)
def test_a_date_is_written_out_in_the_readers_language(language, day, written):
    with translation.override(language):
        assert reader_date(day) == written


def test_a_date_shown_without_a_format_in_malay_has_the_whole_month_name():
    # Django's own Malay format abbreviates ("14 Ogo 2025"), which no PERKESO letter does.
    page = Template("{{ day }} · {{ moment }}")
    moment = datetime(2025, 8, 14, 15, 5)
    with translation.override("ms"):
        shown = page.render(Context({"day": date(2025, 8, 14), "moment": moment}))
    assert shown == "14 Ogos 2025 · 14 Ogos 2025, 15:05"
