"""Demo platforms and forums, built through the services; safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from community.models import (
    HousingProject,
    NotificationPreference,
    Organisation,
    OrganisationKind,
    User,
)
from community.services.notifications import set_email_frequency

from . import meetings, services
from .models import Forum, Meeting, Platform, PlatformRole, Thread

OURTHE_AMBLEVE = {
    "name": "Plateforme logement Ourthe-Amblève",
    "slug": "ourthe-ambleve",
    "municipalities": "Aywaille, Comblain-au-Pont, Esneux, Sprimont",
    "since": datetime.date(2014, 9, 1),
    "purpose": (
        "Depuis septembre 2014, les quatre communes, leurs CPAS et les associations locales "
        "se réunissent pour mieux loger les habitants : partager les situations difficiles, "
        "coordonner les logements de transit et porter ensemble des projets d'habitat durable."
    ),
    "forum_title": "Forum de la plateforme Ourthe-Amblève",
    "themes": "Logement de transit, Habitat permanent en zone de loisirs, Insalubrité, Community land trust",
}
BRUSSELS_WEST = {
    "name": "Plateforme logement Bruxelles-Ouest",
    "slug": "bruxelles-ouest",
    "municipalities": "Molenbeek-Saint-Jean, Anderlecht, Forest",
    "since": datetime.date(2019, 3, 1),
    "purpose": (
        "Les services publics et les associations de l'ouest de Bruxelles coordonnent l'accès "
        "au logement abordable, l'accompagnement des ménages candidats et la gestion "
        "des projets de community land trust du quartier."
    ),
    "forum_title": "Forum de la plateforme Bruxelles-Ouest",
    "themes": "Logement abordable, Accompagnement des candidats, Community land trust, Rénovation",
}
OURTHE_MEMBERS = [
    ("Commune d'Aywaille", OrganisationKind.MUNICIPALITY, "Aywaille", PlatformRole.PILOT),
    (
        "CPAS d'Aywaille",
        OrganisationKind.SOCIAL_WELFARE_CENTRE,
        "Aywaille",
        PlatformRole.SECRETARIAT,
    ),
    (
        "Commune de Comblain-au-Pont",
        OrganisationKind.MUNICIPALITY,
        "Comblain-au-Pont",
        PlatformRole.MEMBER,
    ),
    ("Commune d'Esneux", OrganisationKind.MUNICIPALITY, "Esneux", PlatformRole.MEMBER),
    ("Commune de Sprimont", OrganisationKind.MUNICIPALITY, "Sprimont", PlatformRole.MEMBER),
]
BRUSSELS_MEMBERS = [
    ("Commune de Molenbeek-Saint-Jean", PlatformRole.PILOT),
    ("CPAS de Forest", PlatformRole.MEMBER),
    ("Agence immobilière sociale Ouest", PlatformRole.MEMBER),
    ("Entraide Cureghem", PlatformRole.MEMBER),
    ("Maison de quartier Vandenpeereboom", PlatformRole.MEMBER),
]


def _platform(data: dict) -> Platform:
    platform = Platform.objects.filter(slug=data["slug"]).first()
    return platform or services.create_platform(acting_user=None, **data)


def _thread(
    forum: Forum, author: User, title: str, body: str, replies: list[tuple[User, str]]
) -> None:
    if Thread.objects.filter(forum=forum, title=title).exists():
        return
    thread = services.start_thread(acting_user=author, forum=forum, title=title, body=body)
    for who, text in replies:
        services.reply(acting_user=who, thread=thread, body=text)


@transaction.atomic
def load(out) -> None:
    ourthe = _platform(OURTHE_AMBLEVE)
    for name, kind, municipality, role in OURTHE_MEMBERS:
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "municipality": municipality}
        )
        services.seat_organisation(
            acting_user=None,
            platform=ourthe,
            organisation=organisation,
            role=role,
            joined_at=OURTHE_AMBLEVE["since"],
        )

    brussels = _platform(BRUSSELS_WEST)
    for name, role in BRUSSELS_MEMBERS:
        services.seat_organisation(
            acting_user=None,
            platform=brussels,
            organisation=Organisation.objects.get(name=name),
            role=role,
            joined_at=BRUSSELS_WEST["since"],
        )
    # The pilot commune also keeps the secretariat (platform@socle.test works
    # there): one seat holds one role, and the pilot has every right of the secretariat.

    nadia = User.objects.get(email="platform@socle.test")
    claire = User.objects.get(email="partner@socle.test")
    fatima = User.objects.get(email="resident@socle.test")
    forum = brussels.forums.first()
    _thread(
        forum,
        nadia,
        "Permanences logement communes : qui assure quoi en 2027 ?",
        "Bonjour à toutes et à tous,\n\nPour préparer la réunion de janvier, pouvez-vous indiquer les jours "
        "de permanence logement de votre service ? Claire, l'Entraide Cureghem peut-elle "
        "reprendre le jeudi matin ?",
        [
            (
                claire,
                "Oui, nous reprenons le jeudi matin à partir du 7 janvier, au 24 rue Rossini.",
            ),
            (
                nadia,
                "Merci Claire, je l'ajoute au tableau partagé : https://example.org/permanences",
            ),
        ],
    )
    _thread(
        forum,
        claire,
        "Ménages en attente d'un logement de transit",
        "Trois ménages accompagnés attendent un logement de transit depuis plus de six mois. "
        "Pourrions-nous en parler à la prochaine réunion de la plateforme ?",
        [],
    )

    _meetings(brussels, nadia, claire)

    arc_en_ciel = HousingProject.objects.get(slug="molenbeek-arc-en-ciel")
    residents = services.open_residents_forum(
        acting_user=None, housing_project=arc_en_ciel, title="Forum des habitants d'Arc-en-Ciel"
    )
    _thread(
        residents,
        fatima,
        "Potager de la cour : planning d'arrosage",
        "Qui peut arroser le potager pendant les vacances de Noël ? Je propose un tableau à la salle commune.",
        [],
    )
    out.write(
        f"  platform_forums: {Meeting.objects.count()} meetings, "
        f"{Platform.objects.count()} platforms, {Forum.objects.count()} forums, "
        f"{Thread.objects.count()} threads\n"
    )


def _next_second_tuesday(after: datetime.date) -> datetime.date:
    day = datetime.date(after.year + (after.month // 12), after.month % 12 + 1, 1)
    while day.weekday() != 1:
        day += datetime.timedelta(days=1)
    return day + datetime.timedelta(days=7)


def _meetings(platform: Platform, secretariat: User, member: User) -> None:
    """The plenary every two months: the last one held, with minutes and
    actions, and the next three convened."""
    if platform.meetings.exists():
        return
    # Loading the demo sends no e-mail: the convocations are in "Notifications".
    for person in meetings.platform_people(platform):
        set_email_frequency(
            user=person, category="platform", frequency=NotificationPreference.Frequency.NEVER
        )
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    # The last plenary took place before the demo was loaded: a record of the
    # past (a convocation can only be sent for a date to come).
    held = Meeting.objects.create(
        platform=platform,
        title="Plénière de la plateforme",
        starts_at=datetime.datetime.combine(
            today - datetime.timedelta(days=30), datetime.time(14), tz
        ),
        place="Maison communale de Molenbeek, salle du conseil, rue du Comte de Flandre 20",
        convened_at=timezone.now() - datetime.timedelta(days=60),
    )
    for position, title in enumerate(
        [
            "Permanences logement 2027",
            "Ménages en attente d'un logement de transit",
            "Arc-en-Ciel : bilan de la première année",
        ]
    ):
        held.agenda_items.create(title=title, proposed_by=secretariat, position=position)
    meetings.record_minutes(
        acting_user=secretariat,
        meeting=held,
        minutes=(
            "Présents : Commune de Molenbeek-Saint-Jean, CPAS de Forest, AIS Ouest, Entraide Cureghem. "
            "Excusée : Maison de quartier Vandenpeereboom.\n\n"
            "1. Permanences : l'Entraide Cureghem reprend le jeudi matin.\n\n"
            "2. Transit : trois ménages attendent depuis plus de six mois ; l'AIS Ouest vérifie ses logements disponibles.\n\n"
            "3. Arc-en-Ciel : les habitant·es ont créé un potager collectif."
        ),
        actions=[
            (
                "Publier l'horaire des permanences du jeudi",
                Organisation.objects.get(name="Entraide Cureghem"),
                today + datetime.timedelta(days=20),
            ),
            (
                "Lister les logements de transit disponibles",
                Organisation.objects.get(name="Agence immobilière sociale Ouest"),
                today - datetime.timedelta(days=3),
            ),
        ],
    )
    first = datetime.datetime.combine(_next_second_tuesday(today), datetime.time(14), tz)
    meetings.convene_meetings(
        acting_user=secretariat,
        platform=platform,
        title="Plénière de la plateforme",
        first_starts_at=first,
        place="Maison communale de Molenbeek, salle du conseil, rue du Comte de Flandre 20",
        agenda=["Approbation du procès-verbal", "Suivi des actions", "Logements de transit"],
        every_months=2,
        count=3,
    )
    upcoming = platform.meetings.filter(starts_at__gt=timezone.now()).first()
    meetings.answer_convocation(acting_user=member, meeting=upcoming, answer="present")
    meetings.propose_agenda_item(
        acting_user=member, meeting=upcoming, title="Accueil des familles à la rue Rossini"
    )
