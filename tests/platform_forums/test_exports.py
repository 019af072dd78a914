"""A platform's actions as a file, for its members only: a member of another
platform cannot take them."""

import csv
import datetime
import io

from django.utils import timezone

from platform_forums.models import ActionItem, Meeting
from tests.platform_forums.conftest import person_of
from tests.refusals import assert_refused


def _actions(space):
    meeting = Meeting.objects.create(platform=space.platform, title="Plenary", starts_at=timezone.now(), place="Hall")
    ActionItem.objects.create(meeting=meeting, description="=HYPERLINK(\"http://evil\")", owner=space.seats["member"].organisation,
                              due_on=datetime.date(2026, 6, 1))
    ActionItem.objects.create(meeting=meeting, description="Write the opinion", owner=space.seats["pilot"].organisation,
                              due_on=datetime.date(2026, 5, 1))


def test_a_member_exports_the_platforms_actions(client_of, space):
    _actions(space)
    url = f"/en/exports/platform_forums.actions/{space.platform.pk}/"
    assert url in client_of(space.member).get(f"/en/platforms/{space.platform.slug}/members/").content.decode()
    response = client_of(space.member).get(url, {"format": "csv", "columns": ["action", "owner", "due_on"]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Action", "Owner organisation", "Due on"],
        ["Write the opinion", space.seats["pilot"].organisation.name, "2026-05-01"],
        # A formula a member typed is written as text, never run by a spreadsheet.
        ["'=HYPERLINK(\"http://evil\")", space.seats["member"].organisation.name, "2026-06-01"],
    ]


def test_a_member_of_another_platform_cannot_export_its_actions(client_of, space):
    _actions(space)
    url = f"/en/exports/platform_forums.actions/{space.platform.pk}/"
    for who in (space.other_platform, space.removed, space.outsider):
        response = client_of(who).get(url, {"format": "csv"})
        assert_refused(response, "Only the member organisations of this platform may see its members' space.")
        assert "Write the opinion" not in response.content.decode()


def test_a_member_exports_only_through_the_platform_it_names(client_of, space):
    """The platform is the one in the address: a member asking for another
    platform's number is refused, not given their own platform's actions."""
    other = space.other_forum.platform
    response = client_of(space.member).get(f"/en/exports/platform_forums.actions/{other.pk}/", {"format": "xlsx"})
    assert_refused(response, "Only the member organisations of this platform may see its members' space.")
    member_of_other = person_of(other.memberships.get().organisation)
    assert client_of(member_of_other).get(f"/en/exports/platform_forums.actions/{other.pk}/", {"format": "xlsx"}).status_code == 200
