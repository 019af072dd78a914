from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_notice, name="notice"),
    path("my/data/", views.my_data, name="my_data"),
    path("my/data/export/", views.request_export, name="request_export"),
    path("my/data/export/<int:pk>.<str:fmt>", views.download_export, name="download_export"),
    path("my/data/correction/", views.request_correction, name="request_correction"),
    path("my/data/erasure/", views.request_erasure, name="request_erasure"),
    path("my/data/consents/give/", views.give_consent, name="give_consent"),
    path("my/data/consents/<int:pk>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("staff/data-requests/", views.queue, name="queue"),
    path("staff/data-requests/<int:pk>/", views.handle, name="handle"),
    path("staff/data-access-log/", views.access_log, name="access_log"),
]
