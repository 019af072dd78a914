from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("support/", views.dashboard, name="dashboard"),
    path("support/households/<int:household_id>/open/", views.open_case, name="open_case"),
    path("support/households/<int:household_id>/decline/", views.decline, name="decline"),
    path("support/cases/<int:pk>/", views.case, name="case"),
    path("support/cases/<int:pk>/note/", views.add_note, name="add_note"),
    path("support/cases/<int:pk>/letter/", views.send_letter, name="send_letter"),
    path("support/cases/<int:pk>/close/", views.close_case, name="close_case"),
]
