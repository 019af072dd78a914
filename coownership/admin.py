from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_money

from .models import (
    BudgetLine,
    Building,
    BuildingDocument,
    BuildingRole,
    CallForFunds,
    DistributionKey,
    Expense,
    Lot,
    Ownership,
    Payment,
    Statement,
    Ticket,
)


@admin.display(description=_("amount"), ordering="amount_cents")
def amount(obj) -> str:
    """Money in the admin too goes through the one formatting path (issue 22)."""
    return format_money(obj.amount_cents)


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    # The dwelling is the one record of a flat, shared with the register's home.
    readonly_fields = ["dwelling"]


class RoleInline(admin.TabularInline):
    model = BuildingRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "housing_project", "total_shares"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LotInline, RoleInline]


@admin.register(Ownership)
class OwnershipAdmin(admin.ModelAdmin):
    list_display = ["lot", "household", "starts_on", "ends_on"]
    list_filter = ["lot__building"]
    list_select_related = ["lot", "household"]


@admin.register(DistributionKey)
class KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "building", "kind"]
    list_filter = ["building"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["building", "year", "key", amount, "is_reserve"]
    list_filter = ["building", "year"]


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["spent_on", "supplier", "building", "key", amount, "kind"]
    list_filter = ["building", "kind"]
    # Expenses are written through the service, which allocates them.
    readonly_fields = ["building", "key", "amount_cents", "spent_on", "document", "recorded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(CallForFunds)
class CallAdmin(admin.ModelAdmin):
    list_display = ["building", "year", "quarter", "due_on"]

    def has_add_permission(self, request):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["paid_on", "household", "building", amount, "source"]
    list_filter = ["building", "source"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["building", "household", "year", "status", "requested_at"]
    exclude = ["pdf"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["title", "building", "status", "created_at"]
    list_filter = ["building", "status"]


@admin.register(BuildingDocument)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "building", "kind", "uploaded_at"]
    exclude = ["file"]
