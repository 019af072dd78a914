"""Staff set when each yearly check opens and how long owners have to answer.
The checks themselves are read-only here: they are answered and checked in the
portal, through the services."""

from django.contrib import admin
from socle_site.kernel.readonly_admin import ReadOnlyAdmin

from .models import (
    CheckRule,
    DecisionRule,
    FeeCharge,
    FeeCredit,
    FeeSetting,
    OwnerRequest,
    ResaleSetting,
    SaleNotice,
    YearlyCheck,
)


@admin.register(CheckRule)
class CheckRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "opens_day", "opens_month", "answer_days", "reminder_days", "is_enabled")


@admin.register(YearlyCheck)
class YearlyCheckAdmin(ReadOnlyAdmin):
    list_display = ("dwelling", "kind", "year", "status", "due_on", "escalated_at")
    list_filter = ("kind", "year", "status")
    exclude = ("document",)


@admin.register(DecisionRule)
class DecisionRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "staff_up_to_cents", "staff_up_to_months")


@admin.register(OwnerRequest)
class OwnerRequestAdmin(ReadOnlyAdmin):
    list_display = ("dwelling", "kind", "status", "submitted_at", "for_board")
    list_filter = ("kind", "status", "for_board")


@admin.register(ResaleSetting)
class ResaleSettingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "first_refusal_days")

    def has_add_permission(self, request):
        return not ResaleSetting.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SaleNotice)
class SaleNoticeAdmin(ReadOnlyAdmin):
    list_display = ("dwelling", "given_on", "status", "first_refusal_until", "decided_on")
    list_filter = ("status",)


@admin.register(FeeSetting)
class FeeSettingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "index_name", "grace_days")

    def has_add_permission(self, request):
        return not FeeSetting.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FeeCharge)
class FeeChargeAdmin(ReadOnlyAdmin):
    list_display = ("dwelling", "household", "due_on", "amount_cents")
    list_filter = ("due_on",)
    date_hierarchy = "due_on"


@admin.register(FeeCredit)
class FeeCreditAdmin(ReadOnlyAdmin):
    list_display = ("booked_on", "amount_cents", "counterparty_name", "status", "dwelling")
    list_filter = ("status",)
