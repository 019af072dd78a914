from django.contrib import admin
from socle_site.models import ResourceOrder


@admin.register(ResourceOrder)
class ResourceOrderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event_title", "quantity_fr", "quantity_nl", "contact_name", "created_at"]
    list_filter = ["event_title"]
    search_fields = ["organisation", "contact_name", "email"]
