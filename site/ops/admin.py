from django.contrib import admin

from .models import AlertSent, Bounce


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ["address", "occurred_at", "is_permanent", "reason", "user"]
    list_filter = ["is_permanent"]
    search_fields = ["address"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False  # recorded from the mail server's notices (manage.py record_bounce)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AlertSent)
class AlertSentAdmin(admin.ModelAdmin):
    list_display = ["problem", "day", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
