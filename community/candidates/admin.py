"""Staff enter, per year, the income thresholds and price rules, the
activation steps, the priority rules and the operators. Candidacies are
read-only here (readings are in the one access log, Personal data): writes go through the portal's services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_money
from socle_site.kernel.readonly_admin import ReadOnlyAdmin

from .models import (
    ActivationStep,
    Appraisal,
    Deed,
    Home,
    IncomeCategory,
    IncomeThreshold,
    IndexValue,
    Operator,
    OperatorPriceRule,
    PriorityRuleSetting,
    Resale,
)


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "offer_answer_days"]
    filter_horizontal = ["staff"]


@admin.register(IncomeCategory)
class IncomeCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rank"]


@admin.register(IncomeThreshold)
class IncomeThresholdAdmin(admin.ModelAdmin):
    list_display = ["year", "category", "base", "per_adult", "per_dependant", "price_rule", "price_value"]
    list_filter = ["year"]


@admin.register(ActivationStep)
class ActivationStepAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(PriorityRuleSetting)
class PriorityRuleSettingAdmin(admin.ModelAdmin):
    list_display = ["operator", "kind", "points", "is_enabled"]
    list_filter = ["operator"]


@admin.register(OperatorPriceRule)
class OperatorPriceRuleAdmin(admin.ModelAdmin):
    list_display = ["operator", "category", "price_rule", "price_value"]
    list_filter = ["operator"]


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    """Homes are described through the register's pages; here staff see
    which dwelling (and so which co-ownership lot) each one is."""

    list_display = ["label", "housing_project", "operator", "dwelling", "status", "price"]
    list_filter = ["operator", "status"]
    list_select_related = ["housing_project", "operator", "dwelling__housing_project"]
    readonly_fields = ["dwelling"]


@admin.register(Deed)
# Deeds and resales are written by the portal's services (computed and audited).
class DeedAdmin(ReadOnlyAdmin):
    list_display = ["home", "household", "bought_on", "price_paid", "formula", "lease_fee", "ended_on"]
    exclude = ["lease_fee_cents"]  # shown as money, not cents
    readonly_fields = ["lease_fee"]
    list_select_related = ["home__housing_project", "household"]

    @admin.display(description=_("Land lease fee"))
    def lease_fee(self, deed):
        # Money in cents shown the project's way (formatting.format_money).
        if deed.lease_fee_cents is None:
            return "—"
        period = deed.get_lease_fee_period_display()
        return f"{format_money(deed.lease_fee_cents)} ({period})"


@admin.register(Resale)
class ResaleAdmin(ReadOnlyAdmin):
    list_display = ["deed", "valued_on", "price"]
    list_select_related = ["deed__home__housing_project"]




# The values the owner's file estimates a resale price from ("if you sold
# today", selectors.estimate): staff enter each published index value and each
# appraisal with its date.
@admin.register(IndexValue)
class IndexValueAdmin(admin.ModelAdmin):
    list_display = ("name", "on", "value")
    list_filter = ("name",)


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ("home", "on", "value", "by")
    list_select_related = ("home__housing_project",)
