from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("rooms/", views.room_list, name="rooms"),
    path("rooms/my/", views.my_bookings, name="my_bookings"),
    path("rooms/feeds/", views.feeds, name="feeds"),
    path("rooms/feeds/reset/", views.reset_feed_token, name="reset_feed_token"),
    path("rooms/project/<slug:slug>/", views.project_calendar, name="project_calendar"),
    path("rooms/bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("rooms/bookings/<int:pk>/approve/", views.approve, name="approve"),
    path("rooms/bookings/<int:pk>/decline/", views.decline, name="decline"),
    path("rooms/bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("rooms/bookings/<int:pk>/activity/", views.announce_activity, name="announce_activity"),
    path("rooms/dates/<int:pk>/cancel/", views.cancel_occurrence, name="cancel_occurrence"),
    path("rooms/dates/<int:pk>/change/", views.move_occurrence, name="move_occurrence"),
    path("rooms/waiting/<int:pk>/leave/", views.leave_waiting_list, name="leave_waiting_list"),
    path("rooms/<slug:slug>/", views.room_detail, name="room"),
    path("rooms/<slug:slug>/book/", views.book, name="book"),
    path("rooms/<slug:slug>/wait/", views.join_waiting_list, name="join_waiting_list"),
    path("rooms/<slug:slug>/manage/", views.manage_room, name="manage_room"),
    path("rooms/<slug:slug>/photos/", views.add_room_photo, name="add_room_photo"),
    path("rooms/<slug:slug>/photos/<int:pk>/remove/", views.remove_room_photo, name="remove_room_photo"),
    path("rooms/<slug:slug>/hours/", views.opening_hours, name="opening_hours"),
    path("rooms/<slug:slug>/closures/", views.closures, name="closures"),
    path("rooms/<slug:slug>/closures/<int:pk>/", views.closure, name="closure"),
    path("rooms/<slug:slug>/closures/<int:pk>/remove/", views.remove_closure, name="remove_closure"),
    path("rooms/<slug:slug>/closures/<int:pk>/cancel/", views.cancel_for_closure, name="cancel_for_closure"),
    path("activities/", views.agenda, name="agenda"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/register/", views.register, name="register"),
    path("activities/<int:pk>/unregister/", views.unregister, name="unregister"),
    path("calendar/<str:token>/bookings.ics", views.my_feed, name="my_feed"),
    path("calendar/<str:token>/rooms/<slug:slug>.ics", views.room_feed, name="room_feed"),
]
