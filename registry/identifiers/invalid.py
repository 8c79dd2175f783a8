"""Every refusal of an identifier: a stable code (for APIs, imports and tests) and a message
translated when it is read, so that the same exception serves a Malay page and an English import
report. Formats: ../shared/reference/socso-rules.md section 5.
"""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from nforce.dates import reader_date

MESSAGES = {
    "id_empty": _("Enter an ID number."),
    "mykad_length": _("A MyKad number has 12 digits; this one has %(count)d."),
    "mykad_format": _("A MyKad number has only digits, with dashes or spaces if you like."),
    "mykad_date": _(
        "The first six digits of a MyKad number are the date of birth (YYMMDD); %(digits)s is not a date."
    ),
    "mykad_place": _("%(place_code)s is not a place-of-birth code used in MyKad numbers (digits 7 and 8)."),
    "mykad_required": _("The ID number of a Malaysian is a 12-digit MyKad number."),
    "mykad_birth_date": _(
        "The MyKad number says born on %(digits)s (YYMMDD), but the date of birth is %(born_on)s."
    ),
    "mykad_gender": _(
        "The last digit of the MyKad number is odd for men and even for women; it does not match the gender."
    ),
    "passport_format": _("A passport number has 6 to 20 letters and digits, at least one of them a digit."),
    "passport_country": _("This is not how passports of %(country)s are numbered (for example %(example)s)."),
    "employer_code_format": _("An employer code has exactly 12 letters and digits; this one has %(count)d."),
    "ssm_format": _(
        "A business registration number is 12 digits (201901000005) "
        "or the old style with a check letter (1312525-A)."
    ),
    "ssm_year": _(
        "The first four digits of a business registration number are the year of registration; "
        "%(year)s is not possible."
    ),
    "ssm_entity_type": _(
        "Digits 5 and 6 of a business registration number are the entity type, 01 to 06; %(type)s is not one."
    ),
    "ssm_repeated": _("Give at most one new-style and one old-style business registration number."),
    "postcode_format": _("A postcode has 5 digits."),
    "postcode_unknown": _("%(postcode)s is not a Malaysian postcode."),
    "postcode_state": _("Postcode %(postcode)s is in %(expected)s, not in %(state)s."),
    "state_unknown": _("%(state)s is not a Malaysian state or federal territory."),
}


class InvalidIdentifier(ValueError):
    """A value that is not a valid identifier. `message` is rendered in the active language."""

    MESSAGES = MESSAGES

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        # Dates stay dates until read, so that they are written for the reader's language.
        shown = {key: reader_date(v) if isinstance(v, date) else v for key, v in self.params.items()}
        return str(self.MESSAGES[self.code]) % shown

    def __str__(self) -> str:
        return self.message


_SEPARATORS = re.compile(r"[\s\-]+")


def compact(text: str) -> str:
    """Spaces and dashes are how people group the characters, never part of an identifier."""
    return _SEPARATORS.sub("", text).upper()
