"""Template filters of the one formatting path (``socle_site.kernel.formatting``):
``{{ meeting.starts_at|moment }}``, ``{{ due_on|day }}``, ``{{ event.starts_at|clock }}``,
``{{ amount_cents|money }}``, ``{{ home.price|euros }}`` (a Decimal of euros), in Brussels
time and the page's language. Lengths: ``|day:"medium"``, ``|day:"weekday"`` ("lundi 7
décembre"), ``|day:"month"``, ``|moment:"full"``. Machine formats (``<time datetime>``,
input values) stay ISO: ``{{ value|date:"c" }}``."""

from django import template
from socle_site.kernel import formatting
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.references import display

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


@register.filter
def euros(amount):
    return "" if amount is None or amount == "" else formatting.format_euros(amount)


@register.filter
def iban(value):
    """An IBAN grouped by four as printed (``BE62 5100 0754 7061``)."""
    return format_iban(value) if value else ""


@register.filter
def structured(value):
    """A structured communication as printed on a transfer form (``+++123/4567/89002+++``)."""
    return display(value) if value else ""
