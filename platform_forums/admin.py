from django.contrib import admin

from .models import (
    Forum,
    Opinion,
    OpinionFollowUp,
    Platform,
    PlatformMembership,
    Post,
    PostAttachment,
    PostFlag,
    Practice,
    SubCommission,
    SubCommissionMember,
    Thread,
)


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


class SubCommissionMemberInline(admin.TabularInline):
    model = SubCommissionMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(SubCommission)
class SubCommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "platform"]
    list_filter = ["platform"]
    inlines = [SubCommissionMemberInline]


class FollowUpInline(admin.TabularInline):
    model = OpinionFollowUp
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    # Text and approval go through the members' pages (revisions, audit); read here.
    list_display = ["title", "platform", "addressee", "status", "published_on"]
    list_filter = ["platform", "status"]
    readonly_fields = ["body_html", "status", "approved_by", "approved_in", "published_on"]
    raw_id_fields = ["created_by"]
    inlines = [FollowUpInline]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "kind", "theme", "is_public"]
    list_filter = ["platform", "kind", "is_public"]
    search_fields = ["title", "summary", "theme"]
    raw_id_fields = ["created_by"]


@admin.register(PostAttachment)
class PostAttachmentAdmin(admin.ModelAdmin):
    # The file itself is opened only through the forum's permission-checked view.
    list_display = ["filename", "content_type", "size", "uploaded_at"]
    readonly_fields = ["post", "filename", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
