"""Governance in the Django admin: bodies, members, meetings and questions.
Ballots and participations are read-only, and a question's result is never
editable (``Question.save`` refuses to rewrite a frozen result)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from socle_site.kernel.readonly_admin import ReadOnlyAdmin

from . import live
from .models import (
    AgendaItem,
    Body,
    BodyMembership,
    Choice,
    Meeting,
    Participation,
    Proxy,
    Question,
    Seat,
)


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(TranslationAdmin):
    list_display = ["name", "kind", "notice_days", "quorum_share", "max_proxies_per_holder"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["secretaries"]
    inlines = [BodyMembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The quorum, the proxy limit or the members may have changed: meetings in progress count afresh.
        live.body_changed(form.instance.pk)


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "starts_at", "status"]
    list_filter = ["status", "body"]
    readonly_fields = ["status", "convened_at", "started_at", "closed_at", "reminded_at"]
    autocomplete_fields = ["chair", "secretary"]
    inlines = [AgendaItemInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "meeting", "kind", "status", "is_secret"]
    list_filter = ["status", "kind", "is_secret"]
    readonly_fields = ["status", "opened_at", "closed_at", "published_at", "result"]
    inlines = [ChoiceInline, SeatInline]


@admin.register(Proxy)
class ProxyAdmin(admin.ModelAdmin):
    list_display = ["meeting", "principal", "holder", "given_at", "withdrawn_at"]
    readonly_fields = ["meeting", "principal", "holder", "given_at", "withdrawn_at"]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        live.presence_changed_in([obj.meeting_id])

    def delete_queryset(self, request, queryset):
        meeting_ids = set(queryset.values_list("meeting_id", flat=True))
        super().delete_queryset(request, queryset)
        live.presence_changed_in(meeting_ids)


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["question", "member", "cast_by", "cast_at"]
    readonly_fields = ["question", "member", "cast_by", "cast_at"]
