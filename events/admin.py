from django.contrib import admin

from .models import Activity, AvailabilityWindow, Booking, Closure, Occurrence, Room, RoomPhoto


class WindowInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class PhotoInline(admin.TabularInline):
    model = RoomPhoto
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "housing_project", "capacity", "manager", "partner_organisation"]
    list_filter = ["housing_project"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WindowInline, ClosureInline, PhotoInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    # Read-only: bookings change through the portal's services (policy, conflicts, notifications).
    list_display = ["title", "room", "booked_by", "status", "created_at"]
    list_filter = ["status", "room"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "is_public", "capacity"]


admin.site.register(Occurrence, admin.ModelAdmin)
