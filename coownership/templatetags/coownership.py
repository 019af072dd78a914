from django import template

from ..selectors import format_euros

register = template.Library()


@register.filter
def euros(cents) -> str:
    """Whole cents shown as euros in the page's language (€ 1.234,56 in French)."""
    return format_euros(int(cents or 0))
