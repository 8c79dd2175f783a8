from django import template

from dispatch.presenting import reason_text

register = template.Library()


@register.filter
def reason_words(assignment) -> str:
    """Why it came to this inspector, in the reader's language (stored English as a fallback)."""
    return reason_text(assignment.reason_data) if assignment.reason_data else assignment.reason
