"""Cases in words, for pages, documents and the API (in the active language)."""

from django.utils.translation import gettext_lazy as _

from .models import Section, State

ACTION_LABELS = {
    "notice": _("Issue notice to register"),
    "compound": _("Issue compound"),
    "record_payment": _("Record payment"),
    "waive": _("Waive"),
    "refer_prosecution": _("Refer for prosecution"),
    "close": _("Close case"),
}
WAIVE_REASON_LABELS = {"amnesty": _("Amnesty"), "reduction": _("Reduction decision")}
CLOSE_REASON_LABELS = {
    "registered": _("Registered"),
    "not_liable": _("Not liable (no employees)"),
    "ceased": _("Ceased trading"),
    "court_decided": _("Court decided"),
}


def state_words(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def section_words(section: str) -> str:
    return str(Section(section).label) if section in Section.values else section
