"""Pure rules of opinions and uploads: no database."""

import datetime

# PDF, PNG and JPEG: the first bytes decide,
# never the name or the type the browser claims.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_POST = 3


def sniffed_content_type(head: bytes) -> str | None:
    """The type of a file from its first bytes, or None if it is not allowed.

    >>> sniffed_content_type(b"%PDF-1.7 ...")
    'application/pdf'
    >>> sniffed_content_type(b"<script>alert(1)</script>") is None
    True
    """
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


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
