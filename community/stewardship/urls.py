from django.urls import path

from . import views

app_name = "stewardship"

urlpatterns = [
    path("my/home/", views.my_home, name="my_home"),
    path("my/home/<int:dwelling_id>/", views.home_file, name="home_file"),
    path("my/home/checks/<int:pk>/", views.answer_check, name="answer_check"),
    path("my/home/checks/<int:pk>/document/", views.check_document, name="check_document"),
    path("stewardship/", views.dashboard, name="dashboard"),
    path("stewardship/checks/<int:pk>/review/", views.review_check, name="review_check"),
]
