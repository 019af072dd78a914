"""Partner keys in the administration: staff issue a key (shown once),
revoke it, and read its calls."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import ApiCall, PartnerToken

from . import services


class IssueForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=PartnerToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PartnerToken
        fields = ["organisation", "label", "scopes", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.now() + datetime.timedelta(days=365)


class ApiCallInline(admin.TabularInline):
    model = ApiCall
    fields = ["at", "route", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ["-at"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-at")


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    list_display = ["organisation", "label", "prefix", "scopes", "expires_at", "revoked_at"]
    list_filter = ["organisation"]
    search_fields = ["organisation__name", "label", "prefix"]
    actions = ["revoke"]
    inlines = [ApiCallInline]

    def get_inlines(self, request, obj):
        # The calls of a key once it exists; none when issuing it.
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IssueForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # An issued key changes only by being revoked: a new scope is a new key.
        return ["organisation", "label", "scopes", "expires_at", "prefix", "revoked_at", "created_by", "created_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = services.issue_token(
            acting_user=request.user, organisation=form.cleaned_data["organisation"], label=form.cleaned_data["label"],
            scopes=form.cleaned_data["scopes"], expires_at=form.cleaned_data["expires_at"],
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("The key, shown only this once: %(key)s — give it to the partner now; Socle keeps only a fingerprint of it.") % {"key": key},
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(acting_user=request.user, token=token)
        messages.success(request, _("Keys revoked: %(count)d.") % {"count": queryset.count()})
