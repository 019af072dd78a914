"""{% export_link "app.name" obj %}: the link to an export, shown only to
those whose perm lets them take it (the same perm as the page)."""

from django import template
from socle_site.kernel.dataio.exporters import get_exporter

from community.exports import export_url

register = template.Library()


@register.inclusion_tag("community/includes/export_link.html", takes_context=True)
def export_link(context, name: str, target=None):
    exporter = get_exporter(name)
    user = getattr(context.get("request"), "user", None)
    allowed = exporter is not None and user is not None and user.has_perm(exporter.perm, target)
    return {"url": export_url(name, target) if allowed else "", "exporter": exporter}
