from django import template

from ..minutes import signatures_of

register = template.Library()


@register.simple_tag
def minutes_signatures(minutes):
    """The signatures under ``minutes``, with their signers, in one query."""
    return signatures_of(minutes) if minutes else []
