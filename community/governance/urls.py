from django.urls import path

from . import views, views_letters

app_name = "governance"

urlpatterns = [
    path("assemblies/", views.home, name="home"),
    path("assemblies/votes/", views.online_votes, name="online_votes"),
    path("assemblies/receipt/", views.verify_receipt, name="verify"),
    path("assemblies/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("assemblies/meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("assemblies/meetings/<int:pk>/reply/", views.rsvp, name="rsvp"),
    path("assemblies/meetings/<int:pk>/proxy/", views.give_proxy, name="give_proxy"),
    path("assemblies/meetings/<int:pk>/join/", views.join_online, name="join_online"),
    path("assemblies/proxies/<int:pk>/withdraw/", views.withdraw_proxy, name="withdraw_proxy"),
    path("assemblies/documents/<int:pk>/", views.document, name="document"),
    path("assemblies/questions/<int:pk>/", views.question_detail, name="question"),
    path("assemblies/questions/<int:pk>/vote/", views.vote, name="vote"),
    path("assemblies/prepare/", views.prepare, name="prepare"),
    path("assemblies/prepare/<int:pk>/", views.prepare_meeting, name="prepare_meeting"),
    path("assemblies/prepare/<int:pk>/cancel/", views.cancel_meeting, name="cancel_meeting"),
    path("assemblies/prepare/<int:pk>/postpone/", views.postpone_meeting, name="postpone_meeting"),
    path("assemblies/prepare/<int:pk>/letters/", views_letters.letters, name="letters"),
    path("assemblies/prepare/<int:pk>/letters.pdf", views_letters.letters_pdf, name="letters_pdf"),
    path("assemblies/prepare/<int:pk>/letters.csv", views_letters.post_office_list, name="post_office_list"),
    path("assemblies/prepare/<int:pk>/<str:action>/", views.meeting_action, name="meeting_action"),
    path("assemblies/questions/<int:pk>/run/<str:action>/", views.question_action, name="question_action"),
]
