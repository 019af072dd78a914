from django import template

from community import menus

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context, name: str):
    """{% menu "member" %}: the ``<li>`` links the apps registered for one of
    base.html's menus (community.menus), for this visitor at this address."""
    request = context.get("request")
    return menus.render(name, context.get("user"), request.path if request is not None else "")
