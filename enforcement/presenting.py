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
EVENT_LABELS = {
    **ACTION_LABELS,
    "opened": _("Case opened"),
    "finding": _("Finding added"),
    "hand_to": _("Handed to an inspector"),
    "registered": _("Business found in the registry"),
}
# Detection outcomes: today's and those of ENFORCEMENT.md (ops' branch).
OUTCOME_LABELS = {
    "compliant": _("registered and contributing"),
    "registered_contributing": _("registered and contributing"),
    "registered_not_contributing": _("registered, not contributing"),
    "not_liable": _("not liable (no employees)"),
    "unregistered": _("unregistered"),
    "employees_not_registered": _("employees not registered"),
    "ceased": _("ceased"),
    "refused": _("refused entry"),
    "not_found": _("not found"),
    "checked": _("checked only"),
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


def event_words(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


def outcome_words(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))


def history(events) -> list[dict]:
    """A case's events as the page shows them: when, what, who, from which state to which."""
    return [
        {
            "at": event.at,
            "what": event_words(event.action),
            "who": event.actor.full_name if event.actor else "Nforce",
            "moved": event.from_state != event.to_state,
            "from": state_words(event.from_state) if event.from_state else "",
            "to": state_words(event.to_state),
        }
        for event in events
    ]


def report_tables(figures: dict) -> dict:
    """The report's outcomes and sections in words, for the page."""
    return {
        "outcomes": [(outcome_words(outcome), count) for outcome, count in figures["by_outcome"].items()],
        "sections": [
            (section_words(section), line["count"], line["amount_rm"])
            for section, line in figures["compounds"]["by_section"].items()
        ],
    }
