from django.urls import path

from . import views, views_groups, views_meetings

app_name = "platform_forums"

urlpatterns = [
    path("platforms/", views.platform_list, name="platforms"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform"),
    path("platforms/<slug:slug>/members/", views.members, name="members"),
    path("platforms/<slug:slug>/join/", views.ask_to_join, name="ask_to_join"),
    path("platforms/seats/<int:seat_id>/accept/", views.accept, name="accept"),
    path("platforms/<slug:slug>/convene/", views_meetings.convene, name="convene"),
    path("platforms/meetings/<int:meeting_id>/", views_meetings.meeting, name="meeting"),
    path(
        "platforms/meetings/<int:meeting_id>/calendar.ics",
        views_meetings.meeting_ics,
        name="meeting_ics",
    ),
    path("platforms/meetings/<int:meeting_id>/answer/", views_meetings.answer, name="answer"),
    path("platforms/meetings/<int:meeting_id>/propose/", views_meetings.propose, name="propose"),
    path("platforms/meetings/<int:meeting_id>/minutes/", views_meetings.minutes, name="minutes"),
    path("platforms/agenda/<int:item_id>/move/", views_meetings.move_item, name="move_item"),
    path("platforms/actions/<int:action_id>/", views_meetings.update_action, name="update_action"),
    path(
        "platforms/<slug:slug>/sub-commissions/new/",
        views_groups.create_sub_commission,
        name="create_sub_commission",
    ),
    path(
        "platforms/<slug:slug>/sub-commissions/<slug:sub_slug>/",
        views_groups.sub_commission,
        name="sub_commission",
    ),
    path(
        "platforms/<slug:slug>/sub-commissions/<slug:sub_slug>/membership/",
        views_groups.join_or_leave,
        name="join_or_leave",
    ),
    path("platforms/<slug:slug>/opinions/new/", views_groups.new_opinion, name="new_opinion"),
    path("platforms/opinions/<int:opinion_id>/", views_groups.opinion, name="opinion"),
    path(
        "platforms/opinions/<int:opinion_id>/revise/",
        views_groups.revise_opinion,
        name="revise_opinion",
    ),
    path(
        "platforms/opinions/<int:opinion_id>/comment/",
        views_groups.comment_opinion,
        name="comment_opinion",
    ),
    path(
        "platforms/opinions/<int:opinion_id>/approve/",
        views_groups.approve_opinion,
        name="approve_opinion",
    ),
    path(
        "platforms/opinions/<int:opinion_id>/follow-up/",
        views_groups.follow_up_opinion,
        name="follow_up_opinion",
    ),
    path("platforms/<slug:slug>/practices/", views_groups.practices, name="practices"),
    path("platforms/<slug:slug>/practices/new/", views_groups.new_practice, name="new_practice"),
    path("platforms/practices/<int:practice_id>/", views_groups.practice, name="practice"),
    path(
        "platforms/practices/<int:practice_id>/edit/",
        views_groups.edit_practice,
        name="edit_practice",
    ),
    path(
        "forums/attachments/<int:attachment_id>/",
        views_groups.attachment,
        name="attachment",
    ),
    path("forums/", views.forum_list, name="forums"),
    path("forums/moderation/", views.moderation, name="moderation"),
    path("forums/<slug:slug>/", views.forum, name="forum"),
    path("forums/<slug:slug>/new/", views.new_thread, name="new_thread"),
    path("forums/<slug:slug>/people/", views.mention_suggestions, name="mention_suggestions"),
    path("forums/threads/<int:thread_id>/", views.thread, name="thread"),
    path("forums/threads/<int:thread_id>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("forums/posts/<int:post_id>/", views.post_fragment, name="post"),
    path("forums/posts/<int:post_id>/edit/", views.edit, name="edit"),
    path("forums/posts/<int:post_id>/flag/", views.flag, name="flag"),
    path("forums/posts/<int:post_id>/moderate/", views.moderate_post, name="moderate_post"),
]
