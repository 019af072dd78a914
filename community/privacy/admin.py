"""The administration: the record of processing (read-only, from the code),
requests, consents and the access log (read-only: append-only by design)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.readonly_admin import ReadOnlyAdmin

from .models import AccessLog, Consent, DataRequest
from .registry import declarations, not_personal


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "user", "kind", "status", "deadline"]
    list_filter = ["kind", "status"]
    exclude = ["export_json", "export_html"]

    @admin.display(description=_("answer by"))
    def deadline(self, obj):
        return obj.deadline


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["given_at", "user", "purpose", "text_version", "withdrawn_at"]
    list_filter = ["purpose"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "viewer", "subject", "what", "target_repr"]
    list_select_related = ["viewer", "subject"]
    date_hierarchy = "at"


def record_view(request):
    """The record of processing (GDPR art. 30), read from the apps' declarations."""
    if not request.user.has_perm("privacy.view_record"):
        raise PermissionDenied(_("Only the data protection officer reads the record of processing."))
    from .engine import run_retention

    # The retention dry run: what the next daily run would delete or anonymise.
    due = {line.label: line.count for line in run_retention(dry_run=True)}
    context = {
        **admin.site.each_context(request),
        "title": _("Record of processing"),
        "declarations": [(d, due.get(d.label)) for d in declarations()],
        "not_personal": sorted(not_personal().items()),
    }
    return TemplateResponse(request, "privacy/admin_record.html", context)


_site_urls = admin.site.get_urls


def _get_urls():
    return [path("privacy/record/", admin.site.admin_view(record_view), name="privacy_record"), *_site_urls()]


admin.site.get_urls = _get_urls
