"""Template filters of the one formatting path (``socle_site.kernel.formatting``):
``{{ meeting.starts_at|moment }}``, ``{{ due_on|day }}``, ``{{ event.starts_at|clock }}``,
``{{ amount_cents|money }}``, in Brussels time and the page's language."""

from django import template
from socle_site.kernel import formatting

register = template.Library()


@register.filter
def moment(value, length: str = "long"):
    return formatting.format_moment(value, length=length) if value else ""


@register.filter
def day(value, length: str = "long"):
    return formatting.format_day(value, length=length) if value else ""


@register.filter
def clock(value):
    return formatting.format_time(value) if value else ""


@register.filter
def money(cents):
    return "" if cents is None else formatting.format_money(int(cents))
