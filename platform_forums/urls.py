from django.urls import path

from . import views, views_meetings

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
    path("forums/", views.forum_list, name="forums"),
    path("forums/moderation/", views.moderation, name="moderation"),
    path("forums/<slug:slug>/", views.forum, name="forum"),
    path("forums/<slug:slug>/new/", views.new_thread, name="new_thread"),
    path("forums/threads/<int:thread_id>/", views.thread, name="thread"),
    path("forums/threads/<int:thread_id>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("forums/posts/<int:post_id>/", views.post_fragment, name="post"),
    path("forums/posts/<int:post_id>/edit/", views.edit, name="edit"),
    path("forums/posts/<int:post_id>/flag/", views.flag, name="flag"),
    path("forums/posts/<int:post_id>/moderate/", views.moderate_post, name="moderate_post"),
]
