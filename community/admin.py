from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from socle_site.kernel.banking.iban import format_iban, validate_iban
from socle_site.kernel.municipalities import address_errors, is_belgium
from socle_site.kernel.readonly_admin import ReadOnlyAdmin
from socle_site.kernel.refusals import Refusal

from community.models import (
    AuditEvent,
    BankAccount,
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
from community.services.bank_accounts import set_trust_account
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
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "target"]

class _DryRun(Exception):
    """Rolls back the service's trial run in the form's check."""


class TrustAccountForm(forms.ModelForm):
    """The trust's account for one purpose, checked by the service itself
    (community.services.bank_accounts.set_trust_account: who may, a valid IBAN,
    each IBAN recorded once) in a trial run that is rolled back, so that a refusal
    is shown on the form, in the words the person reads, and nothing is written."""

    acting_user = None  # set per request by TrustAccountAdmin.get_form
    iban = forms.CharField(label=_("IBAN"), max_length=42, validators=[validate_iban],
                           help_text=_("e.g. BE68 5390 0754 7034; the BIC is found from it."))

    class Meta:
        model = BankAccount
        fields = ["trust_purpose", "iban", "holder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["iban"] = format_iban(self.instance.iban)
        if "trust_purpose" in self.fields:
            self.fields["trust_purpose"].required = True  # an account added here is the trust's own

    def validate_unique(self):
        # One account per IBAN and per purpose: the service decides, with its own message.
        pass

    def clean(self):
        cleaned = super().clean()
        purpose = cleaned.get("trust_purpose", self.instance.trust_purpose)
        if self.errors or not purpose:
            return cleaned
        if self.instance.pk is None and BankAccount.objects.filter(trust_purpose=purpose).exists():
            self.add_error("trust_purpose", _("The trust already has an account for this: change that one."))
            return cleaned
        try:
            with transaction.atomic():
                set_trust_account(acting_user=self.acting_user, purpose=purpose, iban=cleaned["iban"],
                                  holder=cleaned.get("holder", ""))
                raise _DryRun
        except _DryRun:
            pass
        except Refusal as refusal:
            raise ValidationError(refusal.message) from None
        return cleaned


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    """The accounts Socle manages, for the trust's staff (community.manage_trust_accounts).
    The trust's own are added and changed here through set_trust_account (its rules,
    its audit row); a feature's account (a building's working or reserve fund) is
    changed on that feature's own page and only shown here. The base names no
    feature: what points at an account is found from the model's reverse relations."""

    form = TrustAccountForm
    list_display = ["formatted_iban", "bic", "holder", "used_for"]
    search_fields = ["iban", "holder"]
    list_filter = ["trust_purpose"]

    @staticmethod
    def _pointers() -> list:
        return [rel for rel in BankAccount._meta.related_objects if rel.one_to_one]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*(rel.get_accessor_name() for rel in self._pointers()))

    @admin.display(description=_("IBAN"), ordering="iban")
    def formatted_iban(self, obj: BankAccount) -> str:
        return format_iban(obj.iban)

    @admin.display(description=_("Used for"))
    def used_for(self, obj: BankAccount) -> str:
        if obj.trust_purpose:
            return obj.get_trust_purpose_display()
        for rel in self._pointers():
            try:
                owner = getattr(obj, rel.get_accessor_name())
            except ObjectDoesNotExist:
                continue
            return f"{owner} — {rel.field.verbose_name}"
        return "—"

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.trust_purpose:
            return ["formatted_iban", "bic", "holder", "used_for"]
        return ["trust_purpose", "iban", "holder"] + (["bic"] if obj is not None else [])

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A trust account keeps its purpose (change another purpose's account instead).
        return ["trust_purpose", "bic", "formatted_iban", "used_for"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # a fresh class per request (modelform_factory)
        return form

    def _may(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("community.manage_trust_accounts")

    def has_module_permission(self, request) -> bool:
        return self._may(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_add_permission(self, request) -> bool:
        return self._may(request)

    def has_change_permission(self, request, obj=None) -> bool:
        # A building's fund account is changed on the building's settings page.
        return self._may(request) and (obj is None or bool(obj.trust_purpose))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # what points at an account keeps it (PROTECT); an account is replaced, not removed

    def save_model(self, request, obj, form, change):
        account = set_trust_account(
            acting_user=request.user, purpose=obj.trust_purpose, iban=form.cleaned_data["iban"],
            holder=form.cleaned_data.get("holder", ""),
        )
        obj.pk = account.pk
        obj.refresh_from_db()


# Partner API keys and their calls (community.api).
from community.api import admin as _api_admin  # noqa: E402, F401
