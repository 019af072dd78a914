"""Helpers shared by the governance tests."""

import threading

from django.db import connections
from django.utils import translation

from community.governance.models import Body, Meeting
from community.governance.services import meetings


def make_body(kind=Body.Kind.GENERAL_ASSEMBLY, **kwargs):
    defaults = dict(name="General assembly", slug=f"body-{Body.objects.count() + 1}", kind=kind)
    defaults.update(kwargs)
    return Body.objects.create(**defaults)


def run(meeting: Meeting, staff, time_machine, *present):
    """Convene (if needed), move to the start, start the meeting and check ``present`` in."""
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.DRAFT:
        if not meeting.agenda_items.exists():
            meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Accounts", kind="decision")
        meetings.convene_meeting(meeting=meeting, acting_user=staff)
    time_machine.move_to(meeting.starts_at, tick=False)
    meeting = meetings.start_meeting(meeting=meeting, acting_user=staff)
    for person in present:
        meetings.check_in(meeting=meeting, member=person, acting_user=staff)
    return meeting



def fire(targets, *, success: str = "counted"):
    """Run each target in its own thread (its own database connection), all
    released at once: ``success`` or the refusal's message per target, and
    the errors that are neither (a 500 would be one)."""
    from community.governance.errors import VoteRefusal

    barrier = threading.Barrier(len(targets))
    outcomes, errors = [], []

    def call(target):
        translation.activate("en")
        try:
            barrier.wait()
            target()
            outcomes.append(success)
        except VoteRefusal as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # noqa: BLE001 - a 500 would be a failure
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors
