from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

REMINDER_SCHEDULE = "events.booking_reminders"


def ensure_schedule(sender, **kwargs):
    """After each migrate: the day-before reminders run every hour. Idempotent."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=REMINDER_SCHEDULE,
        defaults={"func": "events.tasks.send_booking_reminders", "schedule_type": Schedule.HOURLY},
    )


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Rooms and activities")

    def ready(self):
        from community.menus import MAIN, MEMBER, VISITOR, MenuLink, register_link

        register_link(MAIN, MenuLink("agenda", _("Neighbourhood activities"), "events:agenda", order=40))
        register_link(MEMBER, MenuLink("rooms", _("Community rooms"), "events:rooms", order=30))
        register_link(VISITOR, MenuLink("rooms", _("Community rooms"), "events:rooms", order=10))
        # What members find in the one search box (community.search).
        from . import search as member_search

        member_search.register()
        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.myspace import NeedSource, Panel, register_need_source, register_panel
        from community.notifications import register_category
        from community.showcase import ProjectSection, register_project_section

        from . import api, exports, needs, panels
        from .models import Room

        register_demo("events.demo", Stage.FEATURES)
        # Staff import rooms, their windows and existing bookings (issue 23).
        from socle_site.kernel.dataio.importers import register_importer

        from .importers import BOOKINGS, ROOMS

        register_importer(ROOMS)
        register_importer(BOOKINGS)
        exports.register()
        api.register()

        # The rooms a person manages, read with the member's other access rows.
        register_access_source(AccessSource(
            key="events.managed_rooms", queryset=lambda user: Room.objects.filter(manager=user), ints=("pk",)
        ))

        register_category("bookings", _("My room bookings"))
        register_category("room_requests", _("Requests for the rooms I manage"))
        register_category("activities", _("Activities I registered for"))
        register_panel(
            Panel(key="bookings", title=_("My bookings"), template="events/panels/bookings.html", order=30, get_context=panels.bookings_panel)
        )
        register_need_source(NeedSource(key="events", branches=needs.branches, needs=needs.needs))
        # A project's public page lists the rooms one can book there.
        register_project_section(ProjectSection(
            key="events.rooms", template="events/includes/project_rooms.html", get_context=panels.project_rooms, order=10,
        ))
        post_migrate.connect(ensure_schedule, sender=self)
        _register_translatable()


def _register_translatable() -> None:
    """Rooms and activities are described by their managers and organisers, who
    translate them too (the perm that edits them)."""
    from django.urls import reverse

    from community.content_translation.registry import TranslatableKind, register_translatable

    from .models import Activity, Room

    register_translatable(TranslatableKind(
        code="events.room", model=Room, fields=("description", "equipment", "accessibility", "house_rules"),
        label=_("Room"), edit_perm="events.manage_room",
        page_url=lambda room: reverse("events:room", args=[room.slug]),
    ))
    register_translatable(TranslatableKind(
        code="events.activity", model=Activity, fields=("title", "description"), label=_("Activity"),
        edit_perm="events.edit_activity", page_url=lambda activity: reverse("events:activity", args=[activity.pk]),
    ))
