from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from community.governance.services import bodies, meetings
from community.models import Notification
from tests.factories import CollegeFactory, UserFactory, make_staff
from tests.governance.helpers import make_body


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def ga(db, time_machine):
    """Tuesday 3 March 2026, 18:00 in Brussels. A general assembly of five
    members in two colleges (residents: ana, bob, chloe; civil society: dan,
    eva), a staff member, an outsider, and a meeting convened for 20 days later."""
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    residents = CollegeFactory(code="residents", name="Residents")
    civil = CollegeFactory(code="civil_society", name="Civil society")
    body = make_body(max_proxies_per_holder=1)
    people = {}
    for name, college in [("ana", residents), ("bob", residents), ("chloe", residents), ("dan", civil), ("eva", civil)]:
        people[name] = UserFactory(email=f"{name}@example.org", first_name=name.title(), last_name="Test", language="en")
        bodies.add_member(body=body, user=people[name], acting_user=None, college=college)
    staff = make_staff(email="staff@example.org", language="en")
    outsider = UserFactory(email="outsider@example.org", first_name="Out", last_name="Sider", language="en")
    meeting = meetings.create_meeting(
        body=body, acting_user=staff, title="Spring general assembly",
        starts_at=timezone.now() + timedelta(days=20), place="Community room, Rue Vandenpeereboom 12",
    )
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Accounts 2025", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=staff)
    meeting.refresh_from_db()
    Notification.objects.all().delete()
    return SimpleNamespace(body=body, meeting=meeting, staff=staff, outsider=outsider, residents=residents,
                           civil=civil, **people)
