from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def stored_moment(value):
    """A moment frozen in a result as ISO text (``recorded_at``), in the reader's language and Brussels time."""
    from django.utils.dateparse import parse_datetime
    from socle_site.kernel import formatting

    moment = parse_datetime(value) if isinstance(value, str) else value
    return formatting.format_moment(moment) if moment else ""
