from django.urls import path

from . import views_chair, views_minutes, views_room

app_name = "governance_live"

urlpatterns = [
    path("assemblies/meetings/<int:pk>/console/", views_chair.console, name="console"),
    path("assemblies/meetings/<int:pk>/console/check-in/", views_chair.check_in, name="check_in"),
    path("assemblies/meetings/<int:pk>/console/check-out/", views_chair.check_out, name="check_out"),
    path("assemblies/meetings/<int:pk>/console/<str:step>/", views_chair.meeting_step, name="meeting_step"),
    path("assemblies/questions/<int:pk>/room-count/", views_room.room_count, name="room_count"),
    path("assemblies/meetings/<int:pk>/paper-proxies/", views_room.paper_proxy, name="paper_proxy"),
    path("assemblies/proxies/<int:pk>/scan/", views_room.proxy_scan, name="proxy_scan"),
    path("assemblies/questions/<int:pk>/console/<str:step>/", views_chair.question_step, name="question_step"),
    path("assemblies/meetings/<int:pk>/live.json", views_chair.state_json, name="state"),
    path("assemblies/meetings/<int:pk>/projector/", views_chair.projector, name="projector"),
    path("assemblies/meetings/<int:pk>/minutes/", views_chair.minutes, name="minutes"),
    path("assemblies/meetings/<int:pk>/minutes/draft/", views_chair.minutes_draft, name="minutes_draft"),
    path("assemblies/meetings/<int:pk>/minutes/approve/", views_chair.minutes_approve, name="minutes_approve"),
    path("assemblies/meetings/<int:pk>/minutes/pdf/", views_chair.minutes_pdf, name="minutes_pdf"),
    path("assemblies/meetings/<int:pk>/minutes/sign/", views_minutes.minutes_sign, name="minutes_sign"),
]
