"""What an inspection can end in, as the contract other apps read (strings, not the enum).

enforcement opens a case for the non-compliant outcomes; dispatch follows the premises of the
outcomes that store one (detection.submission.PREMISES_OUTCOMES).
"""

from django.utils.translation import gettext_lazy as _

from .models import Detection

Outcome = Detection.Outcome

NON_COMPLIANT = frozenset({"unregistered", "employees_not_registered", "registered_not_contributing"})
# Older phones and the published API since v1 send "registered_contributing": stored as compliant.
SYNONYMS = {"registered_contributing": Outcome.COMPLIANT.value}
# What an officer may send: every finding; "checked" is made by the server from a lookup only.
FINDINGS = tuple(choice for choice in Outcome.choices if choice[0] != Outcome.CHECKED)
ACCEPTED = (*FINDINGS, ("registered_contributing", _("registered and contributing (synonym of compliant)")))


def canonical(outcome: str) -> str:
    """The stored form of an outcome as sent (its synonym resolved)."""
    return SYNONYMS.get(outcome, outcome)
