"""Convening co-owners by e-mail or by registered letter (Civil Code art. 3.87 §3).

A co-owner is convened by registered letter unless they agreed in writing to
be convened by e-mail (``EmailConsent``). The assembly's own service convenes
the meeting and sends its notice as for any body (``community.governance``);
this module reads the convened meeting and says who must also get a letter,
writes those letters as one PDF and the post office's list. The base knows
nothing of it: the syndic reaches it from the building's page.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from socle_site.kernel import formatting

from community.governance.models import Meeting
from community.meetings import rules as meeting_rules
from community.models import Household, User

from .meetings import representatives
from .models import Building, EmailConsent, RegisteredLetters
from .selectors import coowner_weights


@dataclass(frozen=True)
class Letter:
    household: Household
    reference: str
    language: str


@dataclass(frozen=True)
class Convocations:
    """Who is convened how for one meeting: households by e-mail (they agreed in
    writing) and the letters for the others, in the order of the post office's list."""

    by_email: list[Household]
    letters: list[Letter]
    sent: RegisteredLetters | None


def standing_consents(building: Building) -> dict[int, EmailConsent]:
    """household id -> its consent not withdrawn (one at most, a constraint keeps it so)."""
    rows = EmailConsent.objects.filter(building=building, withdrawn_on__isnull=True).select_related("household")
    return {consent.household_id: consent for consent in rows}


def consent_of(building: Building, household_ids) -> EmailConsent | None:
    """The standing consent of one of the person's households, for their own page."""
    return (
        EmailConsent.objects.filter(building=building, household_id__in=list(household_ids), withdrawn_on__isnull=True)
        .first()
    )


def coowners_today(building: Building, today: date | None = None) -> list[Household]:
    return sorted(coowner_weights(building, today or timezone.localdate()), key=lambda h: (h.name, h.pk))


def reference(building: Building, meeting: Meeting, household: Household) -> str:
    """The letter's reference, on the letter and on the post office's list."""
    return f"{building.slug.upper()[:20]}-{meeting.pk}-{household.pk}"


def convocations_of(building: Building, meeting: Meeting) -> Convocations:
    """The co-owners on the meeting's day (as the body seats them) split by how
    they are convened; each letter in its household's voter's language."""
    households = sorted(coowner_weights(building, timezone.localdate(meeting.starts_at)), key=lambda h: (h.name, h.pk))
    consents = standing_consents(building)
    by_letter = [h for h in households if h.pk not in consents]
    voters = representatives(h.pk for h in by_letter)
    languages = dict(User.objects.filter(pk__in=list(voters.values())).values_list("pk", "language"))
    fallback = translation.get_language() or "fr"
    letters = [
        Letter(household=h, reference=reference(building, meeting, h),
               language=languages.get(voters.get(h.pk)) or fallback)
        for h in by_letter
    ]
    return Convocations(
        by_email=[h for h in households if h.pk in consents],
        letters=letters,
        sent=RegisteredLetters.objects.filter(meeting=meeting).first(),
    )


def letters_pdf(building: Building, meeting: Meeting, letters: list[Letter]) -> bytes:
    """One PDF, one letter a page (or more) per household, each in its language."""
    from weasyprint import HTML

    items = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("documents"))
    agenda = [(item.title, [d.title for d in item.documents.all()]) for item in items]
    pages = []
    for letter in letters:
        with translation.override(letter.language):
            pages.append(render_to_string("coownership/letter_pdf.html", {
                "building": building, "meeting": meeting, "letter": letter, "agenda": agenda,
                "when": formatting.format_moment(meeting.starts_at, language=letter.language),
                "today": formatting.format_day(timezone.localdate(), language=letter.language),
                "place": meeting_rules.where(meeting.place, meeting.online_url),
                "body_name": meeting.body.name,
            }))
    html = render_to_string("coownership/letters_pdf.html", {"pages": pages, "building": building})
    return HTML(string=html).write_pdf()


def post_office_list(letters: list[Letter]) -> str:
    """The list handed to the post office with the registered letters."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Address"), _("Postal code"), _("Municipality"), _("Reference")])
    for letter in letters:
        h = letter.household
        writer.writerow([h.name, h.address, h.postal_code, h.municipality, letter.reference])
    return out.getvalue()
