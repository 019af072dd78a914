"""Convening co-owners by e-mail or by registered letter (Civil Code art. 3.87 §3).

A co-owner is convened by registered letter unless they agreed in writing to
be convened by e-mail (``EmailConsent``). The assembly's own service convenes
the meeting (``community.governance``): it sends the e-mail convocation only to
those no letter convenes, and the letters come from the base's one paper
mechanism (``community.governance.paper``), to which this module adds the
co-owners' registered letters (``CoownersPaper``, registered in ``apps.py``).
The base knows nothing of it: the syndic reaches the letters from the building's page.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.governance import paper
from community.governance.models import Meeting
from community.governance.paper import Letter, LetterFrame
from community.models import Household, User

from .meetings import representatives
from .models import Building, EmailConsent, RegisteredLetters
from .selectors import coowner_weights


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


def standing_consents_of(building: Building, household_ids):
    """The consents of the person's households not withdrawn, latest first."""
    return EmailConsent.objects.filter(
        building=building, household_id__in=list(household_ids), withdrawn_on__isnull=True
    ).order_by("-agreed_on", "-pk")


def consent_of(building: Building, household_ids) -> EmailConsent | None:
    """The standing consent of one of the person's households, for their own page."""
    return standing_consents_of(building, household_ids).first()


def coowners_today(building: Building, today: date | None = None) -> list[Household]:
    return sorted(coowner_weights(building, today or timezone.localdate()), key=lambda h: (h.name, h.pk))


def reference(building: Building, meeting: Meeting, household: Household) -> str:
    """The letter's reference, on the letter and on the post office's list."""
    return f"{building.slug.upper()[:20]}-{meeting.pk}-{household.pk}"


def convocations_of(building: Building, meeting: Meeting) -> Convocations:
    """The co-owners on the meeting's day split by how they are convened, and
    every letter of the meeting: the registered letters, and the base's to a
    member without e-mail no registered letter reaches."""
    households, consents, _letters = _split(building, meeting)
    return Convocations(
        by_email=[h for h in households if h.pk in consents],
        letters=paper.letters_for(meeting),
        sent=RegisteredLetters.objects.filter(meeting=meeting).first(),
    )


def _split(building: Building, meeting: Meeting):
    """The co-owners on the meeting's day (as the body seats them), the standing
    consents, and a registered letter to each co-owner without one, in its
    household's voter's language."""
    households = sorted(coowner_weights(building, timezone.localdate(meeting.starts_at)), key=lambda h: (h.name, h.pk))
    consents = standing_consents(building)
    by_letter = [h for h in households if h.pk not in consents]
    voters = representatives(h.pk for h in by_letter)
    languages = dict(User.objects.filter(pk__in=list(voters.values())).values_list("pk", "language"))
    fallback = translation.get_language() or "fr"
    letters = [
        Letter(name=str(h), street=h.address, postal_code=h.postal_code, municipality=h.municipality,
               country=h.country, reference=reference(building, meeting, h),
               language=languages.get(voters.get(h.pk)) or fallback,
               member_ids=frozenset({voters[h.pk]}) if h.pk in voters else frozenset())
        for h in by_letter
    ]
    return households, consents, letters


class CoownersPaper(paper.PaperConvocation):
    """Civil Code art. 3.87 §3: a registered letter to every co-owner who did not
    agree in writing to be convened by e-mail; the syndic signs as sender."""

    def letters(self, meeting: Meeting, members) -> list[Letter]:
        building = Building.objects.filter(body_id=meeting.body_id).first()
        return _split(building, meeting)[2] if building else []

    def frame(self, meeting: Meeting) -> LetterFrame:
        building = Building.objects.filter(body_id=meeting.body_id).first()
        sender = [building.name] if building else [str(meeting.body)]
        if building and building.address:
            sender.append(building.address)
        sender.append(_("The syndic"))
        return LetterFrame(
            sender=sender,
            kind=_("Registered letter"),
            title=_("Convocation to the co-owners' general meeting"),
            closing=[
                _("The documents of the agenda can be consulted with the syndic. If you cannot come, you may give a written proxy to another person."),
                _("You receive this convocation by registered letter (Civil Code art. 3.87 §3). To receive the next ones by e-mail, give the syndic your signed agreement."),
            ],
        )


PAPER = CoownersPaper()
