"""Assemblies in the record of processing. Votes, tallies and approved
minutes keep their legal value: on erasure the person is taken out (the
ballot loses its link, the account is anonymised) and the results stay."""

from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import Category, LegalBasis, Retention, declare

from .models import (
    Attendance,
    Ballot,
    Body,
    BodyMembership,
    Choice,
    Meeting,
    Minutes,
    MinutesSignature,
    Participation,
    Proxy,
    RoomCount,
)

MEMBERS = _("the body's members and the staff")
RECORD = _("As long as the assembly's records are kept (the association's legal archive); the person is anonymised on erasure")

declare(
    Body,
    purpose=_("Say who prepares and runs each governance body's meetings"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY],
    visible_to=MEMBERS,
    retention=Retention(_("As long as the person is a secretary of the body")),
    subject=["secretaries"],
    on_erasure=lambda rows, user: sum(1 for body in rows if body.secretaries.remove(user) is None),
)
declare(
    BodyMembership,
    purpose=_("Know who sits in each governance body, in which college and with which weight"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["user"],
    on_erasure=rr.keep_rows,
)
declare(
    Meeting,
    purpose=_("Convene and run the general assemblies and boards"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["chair", "secretary", "created_by", "cancelled_by"],
    on_erasure=rr.null_out("chair", "secretary", "created_by", "cancelled_by"),
)
declare(
    Attendance,
    purpose=_("Record who attended, for the quorum and the minutes"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["member", "checked_in_by"],
    on_erasure=rr.null_out("checked_in_by"),
)
declare(
    Proxy,
    purpose=_("Record the proxies given for a meeting (Civil Code and the association's statutes), online or "
              "signed on paper with the scan of the signed form"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["principal", "holder", "recorded_by"],
    on_erasure=rr.keep_rows,
)
declare(
    RoomCount,
    purpose=_("Record the totals of a vote taken in the room, who counted them and who recorded them; never who chose what"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["recorded_by"],
    on_erasure=rr.keep_rows,
)
declare(
    Choice,
    purpose=_("Present candidates in an election"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["candidate"],
    on_erasure=rr.keep_rows,
)
declare(
    Participation,
    purpose=_("Know who has voted, so nobody votes twice; never what they voted on a secret question"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["member", "cast_by"],
    on_erasure=rr.keep_rows,
)
declare(
    Ballot,
    purpose=_("Count the votes of named questions, whose minutes name those against and abstaining; a secret question keeps only totals"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(_("As long as the assembly's records are kept; on erasure the ballot stays in the tally without its voter")),
    subject=["member"],
    # Ballots and results of a closed question are final, in the database
    # too: the ballot keeps pointing at the account, which erasure
    # anonymises, so the tally stays whole and names nobody.
    on_erasure=rr.keep_rows,
)
declare(
    Minutes,
    purpose=_("Write and approve the minutes of each meeting"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["approved_by"],
    on_erasure=rr.null_out("approved_by"),
)
declare(
    MinutesSignature,
    purpose=_("Record who signed the minutes at the end of the meeting (Civil Code art. 3.87 §10)"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=MEMBERS,
    retention=Retention(RECORD),
    subject=["signer"],
    # The signature keeps its legal value: it points at the account, which erasure anonymises.
    on_erasure=rr.keep_rows,
)
