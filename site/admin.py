from django.contrib import admin
from socle_site.models import EventRegistration, ResourceOrder


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = ["event_title", "user", "status", "created_at"]
    list_filter = ["status", "event_title"]
    list_select_related = ["user"]
    search_fields = ["event_title", "user__email"]


@admin.register(ResourceOrder)
class ResourceOrderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event_title", "quantity_fr", "quantity_nl", "contact_name", "created_at"]
    list_filter = ["event_title"]
    search_fields = ["organisation", "contact_name", "email"]
