"""Staff enter, per year, the income thresholds and price rules, the
activation steps, the priority rules and the operators. Candidacies and the
access log are read-only here: writes go through the portal's services."""

from django.contrib import admin

from .models import (
    AccessLog,
    ActivationStep,
    IncomeCategory,
    IncomeThreshold,
    Operator,
    PriorityRuleSetting,
)


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation"]
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
    list_display = ["kind", "points", "is_enabled"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "application", "what"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
