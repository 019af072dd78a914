"""URLs of the public site that are not Wagtail pages (inside i18n_patterns)."""

from django.urls import path
from socle_site import feeds, views

app_name = "socle_site"

urlpatterns = [
    path("sections/<slug:section>/", views.section, name="section"),
    path("search/", views.search, name="search"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:name>.<str:fmt>", views.open_data_file, name="open_data_file"),
    path("news/rss/", feeds.NewsFeed(), name="news_rss"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("page/<int:page_id>/", views.untranslated_page, name="untranslated_page"),
    path("events/<int:page_id>/register/", views.register, name="register"),
    path("events/<int:page_id>/cancel/", views.cancel_registration, name="cancel_registration"),
    path("events/<int:page_id>/order/", views.order_resources, name="order_resources"),
    path("events/<int:page_id>/visitors/", views.visitor_register, name="visitor_register"),
    path("events/visitors/confirm/<str:token>/", views.visitor_confirm, name="visitor_confirm"),
    path("events/visitors/cancel/<str:token>/", views.visitor_cancel, name="visitor_cancel"),
]
