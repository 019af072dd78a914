"""Pure rules of opinions and attachments: no database."""

import datetime

# Uploads are checked by socle_site.kernel.uploads.check_upload (type from the
# bytes, 5 MB); a post carries a few files at most.
MAX_ATTACHMENTS_PER_POST = 3


def who_may_approve(
    *, is_pilot: bool, leads: bool, decided_in_meeting: bool
) -> bool:
    """An opinion speaks for the whole platform: the pilot approves it, or the
    secretariat records it as approved by citing the meeting whose minutes hold
    the decision (DOMAIN §4: the pilot and secretariat lead, the meeting decides).

    >>> who_may_approve(is_pilot=True, leads=True, decided_in_meeting=False)
    True
    >>> who_may_approve(is_pilot=False, leads=True, decided_in_meeting=False)
    False
    >>> who_may_approve(is_pilot=False, leads=True, decided_in_meeting=True)
    True
    >>> who_may_approve(is_pilot=False, leads=False, decided_in_meeting=True)
    False
    """
    return leads and (is_pilot or decided_in_meeting)


def may_publish_on(sent_on: datetime.date, today: datetime.date) -> bool:
    """An opinion is published with the date it was sent: today or earlier.

    >>> may_publish_on(datetime.date(2027, 1, 2), datetime.date(2027, 1, 1))
    False
    """
    return sent_on <= today
