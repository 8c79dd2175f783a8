"""Dates as a reader expects them inside a sentence: "14 Mac 2025", "14 March 2025", never ISO.

Machine-readable places (APIs, CSV, URLs, <input type="date">, reason data) keep ISO 8601; this is
only for text a person reads, in the active language.
"""

from datetime import date

from django.utils.formats import date_format

# Day, full month name, year: how PERKESO's letters and notices write a date in Malay.
READER_DATE = "j F Y"


def reader_date(day: date) -> str:
    return date_format(day, READER_DATE)
