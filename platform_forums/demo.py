"""Demo platforms and forums, built through the services; safe to run twice."""

import datetime

from django.db import transaction

from community.models import HousingProject, Organisation, OrganisationKind, User

from . import services
from .models import Forum, Platform, PlatformRole, Thread

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
        f"  platform_forums: {Platform.objects.count()} platforms, {Forum.objects.count()} forums, "
        f"{Thread.objects.count()} threads\n"
    )
