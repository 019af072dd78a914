from django.urls import path

from community import (
    exports,
    views,
    views_accounts,
    views_household_changes,
    views_invitations,
    views_people,
    views_search,
)
from community.api import docs as api_docs
from community.content_translation import views as translation_views

app_name = "community"

urlpatterns = [
    path("accounts/resend-confirmation/", views_accounts.resend_confirmation, name="account_email_resend"),
    path("accounts/welcome/<str:uidb36>/<str:key>/", views_invitations.welcome, name="account_welcome"),
    path("my/", views.my_space, name="my_space"),
    path("my/search/", views_search.search, name="search"),
    path("my/profile/", views.edit_profile, name="edit_profile"),
    path("my/notifications/", views.notification_list, name="notifications"),
    path("my/notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("my/notifications/read-all/", views.notifications_mark_all_read, name="notifications_read_all"),
    path("my/notifications/unread.json", views.notifications_unread_count, name="notifications_unread"),
    path("my/notifications/preferences/", views.notification_preferences, name="notification_preferences"),
    path("members/without-email/", views_people.members, name="members"),
    path("members/without-email/<int:pk>/", views_people.member, name="member"),
    path("households/changes/", views_household_changes.changes, name="household_changes"),
    path("households/changes/<int:pk>/", views_household_changes.change, name="household_change"),
    path("households/changes/<int:pk>/steps/<slug:key>/", views_household_changes.step_done, name="household_change_step"),
    path("api/", api_docs.api_documentation, name="api_docs"),
    path("exports/", exports.exports_help, name="exports_help"),
    path("exports/<str:name>/", exports.export, name="export"),
    path("exports/<str:name>/<int:pk>/", exports.export, name="export_of"),
    path("translate/<str:kind>/<int:pk>/<str:language>/", translation_views.translate, name="translate"),
]
