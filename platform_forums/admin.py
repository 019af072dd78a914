from django.contrib import admin

from .models import Forum, Platform, PlatformMembership, Post, PostFlag, Thread


class SeatInline(admin.TabularInline):
    model = PlatformMembership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "municipalities", "since"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SeatInline]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "housing_project"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "post_count", "last_post_at", "is_pinned", "is_locked"]
    list_filter = ["forum"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "created_at", "is_hidden"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author"]


@admin.register(PostFlag)
class PostFlagAdmin(admin.ModelAdmin):
    list_display = ["post", "flagged_by", "created_at", "resolved_at"]
    raw_id_fields = ["post", "flagged_by"]
