"""What a platform's members export (registered in apps.ready): its actions,
for the members' space they come from."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, register_exporter

from .models import ActionItem, Platform


def _platform(pk: int) -> Platform:
    return get_object_or_404(Platform, pk=pk)


def action_rows(_user, platform, _params):
    return (
        ActionItem.objects.filter(meeting__platform=platform)
        .select_related("meeting", "owner")
        .order_by("due_on", "pk")
    )


ACTIONS = Exporter(
    name="platform_forums.actions",
    title=_("Actions of the platform"),
    description=_("Every action decided in the platform's meetings: who owns it, by when, and where it stands."),
    # The members' space's own perm: a member of another platform gets a 403.
    perm="platform_forums.view_members_space",
    refusal=_("Only the member organisations of this platform may see its members' space."),
    target=_platform,
    rows=action_rows,
    columns=(
        Column("meeting", _("Meeting"), lambda a: a.meeting.title),
        Column("meeting_date", _("Meeting date"), lambda a: a.meeting.starts_at),
        Column("action", _("Action"), lambda a: a.description),
        Column("owner", _("Owner organisation"), lambda a: a.owner.name),
        Column("due_on", _("Due on"), lambda a: a.due_on),
        Column("done_at", _("Done"), lambda a: a.done_at),
        Column("progress", _("Progress"), lambda a: a.progress_note),
    ),
)


def register() -> None:
    register_exporter(ACTIONS)
