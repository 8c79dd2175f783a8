"""Detection words for templates: how a detection joined its premises, its trust flags."""

from django import template

from detection import presenting

register = template.Library()


@register.filter
def match_text(premises_match: str) -> str:
    return presenting.match_text(premises_match)


@register.filter
def flag_texts(flags: list[str]) -> list[str]:
    return presenting.flag_texts(flags)


@register.filter
def label(detection) -> str:
    return presenting.label_of(detection)


@register.filter
def outcome_class(outcome: str) -> str:
    """The badge colour of an outcome: green when all is well, red when there is work."""
    return presenting.OUTCOME_CLASSES.get(outcome, "status-warn")
