"""A room calendar's day cells, each distinct cell rendered once per page.

A month across twenty rooms is 600+ day cells, and most print the same HTML
whatever the room: past days, closed days, days with the same free hours (the
rooms of a project mostly share their opening hours). Rendering every cell
through the template engine was most of the page's server time. A cell is
rendered with a marker where its room's booking address goes; the marker
cannot come from people's text, which is escaped (``<`` becomes ``&lt;``)."""

from django import template
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

CACHE = "events_calendar_days"
BOOK_URL = mark_safe("<book-url>")


@register.simple_tag(takes_context=True)
def calendar_days(context, cal):
    rendered = context.render_context.get(CACHE)
    if rendered is None:
        rendered = context.render_context[CACHE] = {}
    cell = get_template("events/includes/calendar_day.html")
    book_url = escape(cal.book_url)
    parts = []
    for day in cal.days:
        html = rendered.get(day.key)
        if html is None:
            html = rendered[day.key] = cell.render({"day": day, "book_url": BOOK_URL})
        parts.append(html.replace(BOOK_URL, book_url) if day.free else html)
    return mark_safe("".join(parts))
