"""Staff set the early-warning thresholds and write the letters here; a
letter is usable once someone reviewed it (the action below), and changing
its text asks for a new review. The cases are not here: they are the support
worker's alone, read in the portal (each reading logged)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import LetterTemplate, SignalRule, SupportSetting


@admin.register(SupportSetting)
class SupportSettingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "signals_to_propose", "quiet_days")

    def has_add_permission(self, request):
        return not SupportSetting.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignalRule)
class SignalRuleAdmin(admin.ModelAdmin):
    list_display = ("key", "threshold", "is_enabled")
    readonly_fields = ("key",)

    def has_add_permission(self, request):
        return False  # one per registered signal, made after migrate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "language", "reviewed_by", "reviewed_at")
    list_filter = ("language",)
    readonly_fields = ("reviewed_by", "reviewed_at")
    actions = ["mark_reviewed"]

    def save_model(self, request, obj, form, change):
        if change and "body" in form.changed_data:
            obj.reviewed_by, obj.reviewed_at = None, None  # a new text is read again before use
        super().save_model(request, obj, form, change)

    @admin.action(description=_("I read these letters: they are kind and right"))
    def mark_reviewed(self, request, queryset):
        for template in queryset:
            services.review_template(acting_user=request.user, template=template)
        messages.success(request, _("The letters are reviewed and can be used."))
