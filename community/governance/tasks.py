"""Background jobs of governance (django-q2)."""

from .services import meetings, voting


def run_governance_jobs() -> dict:
    """Scheduled every five minutes (see apps.py): online votes open and
    close on time, members are reminded of meetings and closing votes."""
    result = voting.run_online_votes()
    result["meeting_reminders"] = meetings.send_reminders()
    return result
