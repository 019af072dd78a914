from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from socle_site.kernel.municipalities import address_errors, is_belgium

from community.models import (
    AuditEvent,
    College,
    Convocation,
    Dwelling,
    Gathering,
    Household,
    HouseholdMember,
    HousingProject,
    MeetingReply,
    Notification,
    Organisation,
    OrganisationMembership,
    Registration,
    RoleAssignment,
    User,
)
from community.services.roles import assign_role, end_role

admin.site.site_header = _("Socle administration")
admin.site.site_title = _("Socle administration")
admin.site.index_title = _("People, organisations and roles")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False  # ended roles stay as history
    fields = ["role", "organisation", "granted_at", "granted_by", "ended_at"]
    readonly_fields = ["granted_at", "granted_by"]
    autocomplete_fields = ["organisation"]


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    fields = ["full_name", "user", "relationship", "since", "until"]
    autocomplete_fields = ["user"]


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    fields = ["user", "organisation", "position", "is_contact", "since"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "language", "role_assignments__role"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "phone", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "language", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline, OrganisationMembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        # Roles go through the service: it keeps groups, staff flag and audit in step.
        for assignment in formset.save(commit=False):
            if assignment.pk is None:
                assign_role(
                    user=form.instance,
                    role=assignment.role,
                    organisation=assignment.organisation,
                    acting_user=request.user,
                )
            elif assignment.ended_at is not None:
                end_role(
                    assignment=RoleAssignment.objects.get(pk=assignment.pk),
                    acting_user=request.user,
                    ended_at=assignment.ended_at,
                )
            else:
                assignment.save()


@admin.register(Dwelling)
class DwellingAdmin(admin.ModelAdmin):
    """The one record of a home; the features' admins (the register's homes,
    the co-ownership's lots) show which dwelling each of theirs is."""

    list_display = ["label", "housing_project", "floor"]
    list_filter = ["housing_project"]
    search_fields = ["label"]
    list_select_related = ["housing_project"]


class BelgianAddressForm(forms.ModelForm):
    """An address typed in the administration: a Belgian municipality of the
    kernel's table, and a postcode that serves it (the same check as the
    members' address form and the imports). A household abroad says so in
    its country field and is not checked."""

    def clean(self):
        cleaned = super().clean()
        if is_belgium(cleaned.get("country") or ""):
            for name, reason in address_errors(cleaned.get("postal_code") or "", cleaned.get("municipality") or "").items():
                if name in self.fields:
                    self.add_error(name, reason)
                else:
                    self.add_error("municipality", reason)
        return cleaned


@admin.register(HousingProject)
class HousingProjectAdmin(admin.ModelAdmin):
    form = BelgianAddressForm
    list_display = ["name", "municipality", "status", "homes_count", "community_spaces_count"]
    list_filter = ["status", "municipality"]
    search_fields = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    form = BelgianAddressForm
    list_display = ["name", "municipality", "housing_project", "created_at"]
    search_fields = ["name", "municipality", "members__full_name"]
    list_filter = ["housing_project", "municipality"]
    autocomplete_fields = ["housing_project"]
    inlines = [HouseholdMemberInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = BelgianAddressForm
    list_display = ["name", "kind", "municipality", "college"]
    list_filter = ["kind", "college"]
    search_fields = ["name", "municipality"]
    inlines = [OrganisationMembershipInline]


@admin.register(College)
class CollegeAdmin(TranslationAdmin):
    list_display = ["name", "code", "order"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "granted_at", "ended_at"]
    list_filter = ["role", "ended_at"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            assigned = assign_role(
                user=obj.user, role=obj.role, organisation=obj.organisation, acting_user=request.user
            )
            obj.pk = assigned.pk
        elif obj.ended_at is not None and "ended_at" in form.changed_data:
            end_role(
                assignment=RoleAssignment.objects.get(pk=obj.pk),
                acting_user=request.user,
                ended_at=obj.ended_at,
            )
        else:
            super().save_model(request, obj, form, change)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "created_at"]
    readonly_fields = ["user", "status", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Places are given by the registration service, under its lock.
        return False


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    readonly_fields = ["key", "kind", "title", "created_at"]
    inlines = [RegistrationInline]


class MeetingReplyInline(admin.TabularInline):
    model = MeetingReply
    extra = 0
    fields = ["user", "answer", "answered_at", "lapsed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # A member replies on the meeting's page (community.services.meeting_replies).
        return False


@admin.register(Convocation)
class ConvocationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    readonly_fields = ["kind", "title", "starts_at", "created_at"]
    inlines = [MeetingReplyInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "category", "created_at", "read_at", "emailed_at"]
    list_filter = ["category"]
    search_fields = ["title", "recipient__email"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

# Partner API keys and their calls (community.api).
from community.api import admin as _api_admin  # noqa: E402, F401
