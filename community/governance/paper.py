"""Convocations on paper: the one mechanism for every kind of assembly.

When a meeting is convened, the members Socle cannot (or may not) convene by
e-mail get a letter: the base writes one to each member without an e-mail
address, at their household's postal address. A feature whose law adds its
own letters registers a ``PaperConvocation`` for its kind of body when its app
loads (the co-owners' registered letters, Civil Code art. 3.87 §3: every
co-owner who did not agree in writing to e-mail); the base knows no feature.

The letters are printed as one PDF (one letter a page, each in its reader's
language, with the agenda) and listed for the post office as CSV. Whoever the
letters convene gets no convocation by e-mail (``convened_by_letter``).
"""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from socle_site.kernel import formatting

from community.meetings import rules as meeting_rules
from community.models import HouseholdMember, User

from . import selectors
from .models import Meeting


@dataclass(frozen=True)
class Letter:
    """One letter: to whom, where, its reference and language, and the members it convenes."""

    name: str
    street: str
    postal_code: str
    municipality: str
    country: str
    reference: str
    language: str
    member_ids: frozenset[int] = frozenset()

    @property
    def has_address(self) -> bool:
        return bool(self.street.strip() and self.municipality.strip())


@dataclass(frozen=True)
class LetterFrame:
    """What a letter says around the agenda, written in the letter's language."""

    sender: list[str]
    kind: str  # above the address, e.g. "Registered letter"; may be empty
    title: str
    closing: list[str]


class PaperConvocation:
    """How a kind of body convenes on paper. The base's: no letters of its own
    (members without e-mail get theirs anyway) and a plain frame."""

    def letters(self, meeting: Meeting, members: Mapping[int, object]) -> list[Letter]:
        """The letters this kind's law requires, beyond those to members without e-mail."""
        return []

    def frame(self, meeting: Meeting) -> LetterFrame:
        return LetterFrame(
            sender=[str(meeting.body)],
            kind="",
            title=_("Convocation: %(meeting)s") % {"meeting": meeting.title},
            closing=[_("You receive this convocation by post because Socle has no e-mail address for you. "
                       "If you cannot come, you may give a signed paper proxy to another member.")],
        )


BASE_PAPER = PaperConvocation()
_PAPER: dict[str, PaperConvocation] = {}


def register_paper_convocation(kind: str, paper: PaperConvocation) -> None:
    """A feature's bodies of ``kind`` convene on paper as ``paper`` says; from its AppConfig.ready()."""
    _PAPER[kind] = paper


def paper_for(body) -> PaperConvocation:
    return _PAPER.get(body.kind, BASE_PAPER)


def reference(meeting: Meeting, user_id: int) -> str:
    return f"{meeting.body.slug.upper()[:20]}-{meeting.pk}-M{user_id}"


def letters_for(meeting: Meeting) -> list[Letter]:
    """Every letter convening this meeting: the kind's own, then one to each member
    without e-mail no letter already reaches, at their household's address."""
    members = selectors.members_of(meeting.body)
    own = paper_for(meeting.body).letters(meeting, members)
    covered = {member for letter in own for member in letter.member_ids}
    without_email = User.objects.filter(pk__in=[m for m in members if m not in covered], email__isnull=True,
                                        is_active=True).order_by("last_name", "first_name", "pk")
    homes = {
        row.user_id: row.household
        for row in HouseholdMember.objects.filter(user__in=without_email, until__isnull=True).select_related("household")
    }
    personal = []
    for person in without_email:
        home = homes.get(person.pk)
        personal.append(Letter(
            name=person.get_full_name() or str(person),
            street=home.address if home else "", postal_code=home.postal_code if home else "",
            municipality=home.municipality if home else "", country=home.country if home else "",
            reference=reference(meeting, person.pk), language=person.language, member_ids=frozenset({person.pk}),
        ))
    return own + personal


def convened_by_letter(meeting: Meeting) -> set[int]:
    """The members a letter convenes: no convocation by e-mail for them."""
    return {member for letter in letters_for(meeting) for member in letter.member_ids}


def letters_pdf(meeting: Meeting, letters: list[Letter]) -> bytes:
    """One PDF, one letter a page (or more) each in its reader's language, with the agenda."""
    from weasyprint import HTML

    paper = paper_for(meeting.body)
    items = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("documents"))
    agenda = [(item.title, [d.title for d in item.documents.all()]) for item in items]
    pages = []
    for letter in letters:
        with translation.override(letter.language):
            pages.append(render_to_string("governance/letter_pdf.html", {
                "meeting": meeting, "letter": letter, "agenda": agenda, "frame": paper.frame(meeting),
                "when": formatting.format_moment(meeting.starts_at, language=letter.language),
                "today": formatting.format_day(timezone.localdate(), language=letter.language),
                "place": meeting_rules.where(meeting.place, meeting.online_url),
            }))
    html = render_to_string("governance/letters_pdf.html", {"pages": pages, "meeting": meeting})
    return HTML(string=html).write_pdf()


def post_office_list(letters: list[Letter]) -> str:
    """The list handed to the post office with the letters (CSV)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Address"), _("Postal code"), _("Municipality"), _("Country"), _("Reference")])
    for letter in letters:
        writer.writerow([letter.name, letter.street, letter.postal_code, letter.municipality, letter.country,
                         letter.reference])
    return out.getvalue()
