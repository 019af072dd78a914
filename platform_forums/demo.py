"""Demo platforms and forums, built through the services; safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from community.demo import story_moment
from community.models import (
    HousingProject,
    NotificationPreference,
    Organisation,
    OrganisationKind,
    User,
)
from community.services.audit import dated
from community.services.notifications import set_email_frequency

from . import meetings, opinions, services, sub_commissions
from .models import (
    Forum,
    Meeting,
    Opinion,
    OpinionFollowUp,
    Platform,
    PlatformRole,
    Practice,
    SubCommission,
    Thread,
)

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
    if platform is None:
        with dated(story_moment(data["since"])):
            platform = services.create_platform(acting_user=None, **data)
    return platform


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
        with dated(story_moment(OURTHE_AMBLEVE["since"])):
            services.seat_organisation(
                acting_user=None,
                platform=ourthe,
                organisation=organisation,
                role=role,
                joined_at=OURTHE_AMBLEVE["since"],
            )

    brussels = _platform(BRUSSELS_WEST)
    for name, role in BRUSSELS_MEMBERS:
        with dated(story_moment(BRUSSELS_WEST["since"])):
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
    _sub_commissions(ourthe, brussels, nadia, claire)
    _opinions(brussels, nadia, claire)
    _practices(ourthe, brussels, nadia, claire)

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
        f"{SubCommission.objects.count()} sub-commissions, {Opinion.objects.count()} opinions, "
        f"{Practice.objects.count()} catalogue entries, "
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
    # The minutes were written the week after (the audit row says so).
    with dated(story_moment(held.starts_at + datetime.timedelta(days=7))):
        _record_held_minutes(held, secretariat)
    _convene_next(platform, secretariat, member, today, tz)


def _record_held_minutes(held: Meeting, secretariat: User) -> None:
    today = timezone.localdate()
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


def _convene_next(platform: Platform, secretariat: User, member: User, today: datetime.date, tz) -> None:
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
    meetings.answer_convocation(acting_user=member, meeting=upcoming, answer="in_person")
    meetings.propose_agenda_item(
        acting_user=member, meeting=upcoming, title="Accueil des familles à la rue Rossini"
    )


def _sub_commissions(ourthe: Platform, brussels: Platform, nadia: User, claire: User) -> None:
    """Thematic working groups, as in the Huy-Waremme network (DOMAIN §4)."""
    if not ourthe.sub_commissions.exists():
        sub_commissions.create_sub_commission(
            acting_user=None,
            platform=ourthe,
            name="Habitat permanent en zone de loisirs",
            purpose=(
                "Accompagner les ménages qui vivent toute l'année dans les campings et parcs "
                "résidentiels vers un logement décent, commune par commune."
            ),
        )
    if brussels.sub_commissions.exists():
        return
    transit = sub_commissions.create_sub_commission(
        acting_user=nadia,
        platform=brussels,
        name="Logement de transit",
        purpose=(
            "Recenser les logements de transit disponibles dans les trois communes, suivre "
            "les ménages qui les attendent et proposer une charte d'accueil commune."
        ),
        coordinator=nadia,
    )
    sub_commissions.join_sub_commission(acting_user=claire, sub_commission=transit)
    tz = timezone.get_current_timezone()
    day = timezone.localdate() + datetime.timedelta(days=16)
    meetings.convene_meetings(
        acting_user=nadia,
        platform=brussels,
        sub_commission=transit,
        title="Sous-commission transit : inventaire des logements",
        first_starts_at=datetime.datetime.combine(day, datetime.time(10), tz),
        place="CPAS de Forest, salle 2, rue du Curé 35",
        agenda=["Inventaire des logements de transit", "Projet de charte d'accueil"],
    )
    _thread(
        transit.forum,
        claire,
        "Inventaire : qui a des logements de transit libres ?",
        "Pour la réunion, pouvez-vous indiquer le nombre de logements de transit libres "
        "ou libérés d'ici trois mois dans votre service ?",
        [(nadia, "La commune en aura deux rue Vandenpeereboom en février.")],
    )


def _opinions(brussels: Platform, nadia: User, claire: User) -> None:
    """One opinion approved, sent and answered; one draft under discussion."""
    if brussels.opinions.exists():
        return
    today = timezone.localdate()
    # Drafted, discussed and revised five weeks ago; approved and sent three weeks ago.
    with dated(story_moment(today - datetime.timedelta(days=35))):
        sent = opinions.draft_opinion(
            acting_user=claire,
            platform=brussels,
            title="Avis sur le projet de 24 logements communaux, rue de Ribaucourt",
            addressee="Collège des bourgmestre et échevins de Molenbeek-Saint-Jean",
            text=(
                "La plateforme salue le projet de 24 logements communaux rue de Ribaucourt.\n\n"
                "Elle demande que :\n\n"
                "1. un tiers des logements soit réservé aux ménages suivis par le CPAS et l'AIS Ouest ;\n"
                "2. une salle commune soit prévue au rez-de-chaussée, ouverte aux associations en journée "
                "et aux habitants le soir et le week-end ;\n"
                "3. les futurs habitants soient réunis avant l'emménagement, comme pour Arc-en-Ciel."
            ),
        )
        opinions.comment_opinion(
            acting_user=nadia,
            opinion=sent,
            text="D'accord sur les trois points ; j'ajouterais la performance énergétique.",
        )
        opinions.revise_opinion(
            acting_user=nadia,
            opinion=sent,
            title=sent.title,
            addressee=sent.addressee,
            text=(
                "La plateforme salue le projet de 24 logements communaux rue de Ribaucourt.\n\n"
                "Elle demande que :\n\n"
                "1. un tiers des logements soit réservé aux ménages suivis par le CPAS et l'AIS Ouest ;\n"
                "2. une salle commune soit prévue au rez-de-chaussée, ouverte aux associations en journée "
                "et aux habitants le soir et le week-end ;\n"
                "3. les futurs habitants soient réunis avant l'emménagement, comme pour Arc-en-Ciel ;\n"
                "4. les logements visent le standard passif, pour des charges à la portée des ménages."
            ),
        )
    with dated(story_moment(today - datetime.timedelta(days=21))):
        sent = opinions.approve_opinion(
            acting_user=nadia,
            opinion=sent,
            sent_on=today - datetime.timedelta(days=21),
        )
    with dated(story_moment(today - datetime.timedelta(days=14))):
        opinions.record_follow_up(
            acting_user=nadia,
            opinion=sent,
            kind=OpinionFollowUp.Kind.ACKNOWLEDGED,
            happened_on=today - datetime.timedelta(days=14),
            note="Accusé de réception du secrétariat communal.",
        )
    with dated(story_moment(today - datetime.timedelta(days=4))):
        opinions.record_follow_up(
            acting_user=nadia,
            opinion=sent,
            kind=OpinionFollowUp.Kind.PARTLY,
            happened_on=today - datetime.timedelta(days=4),
            note="Le collège retient la salle commune et la rencontre avant l'emménagement ; "
            "la réservation d'un tiers des logements sera discutée avec le CPAS.",
        )
    opinions.draft_opinion(
        acting_user=claire,
        platform=brussels,
        title="Avis sur le règlement régional des logements de transit",
        addressee="Ministre bruxellois du Logement",
        text=(
            "Projet d'avis à compléter : la durée maximale de six mois est trop courte pour "
            "les familles nombreuses, faute de grands logements sociaux disponibles."
        ),
    )


def _practices(ourthe: Platform, brussels: Platform, nadia: User, claire: User) -> None:
    if not ourthe.practices.exists():
        opinions.add_practice(
            acting_user=None,
            platform=ourthe,
            kind=Practice.Kind.GOOD_PRACTICE,
            title="Relogement des habitants permanents des campings",
            theme="Habitat permanent en zone de loisirs",
            place="Aywaille, Sprimont",
            summary="Un accompagnement social par ménage et une prime au relogement, "
            "coordonnés entre les CPAS des communes voisines.",
            is_public=True,
        )
    if brussels.practices.exists():
        return
    opinions.add_practice(
        acting_user=nadia,
        platform=brussels,
        kind=Practice.Kind.INNOVATIVE_PROJECT,
        title="Arc-en-Ciel : un groupe d'habitants formé avant la construction",
        theme="Community land trust",
        place="Molenbeek-Saint-Jean, rue Vandenpeereboom",
        summary="Une trentaine de familles se sont réunies pendant des années avant d'emménager "
        "dans 32 logements CLT avec une salle commune.",
        text="Le terrain reste au community land trust ; les ménages achètent le bâtiment "
        "à un prix fixé selon leurs revenus, et le revendent aux mêmes conditions.",
        is_public=True,
    )
    opinions.add_practice(
        acting_user=claire,
        platform=brussels,
        kind=Practice.Kind.GOOD_PRACTICE,
        title="Permanences logement partagées entre services",
        theme="Accompagnement des candidats",
        place="Anderlecht, rue Rossini 24",
        summary="Chaque service tient une demi-journée de permanence par semaine : les "
        "ménages trouvent une porte ouverte chaque jour sans que personne ne porte tout.",
        is_public=False,
    )
    opinions.add_practice(
        acting_user=claire,
        platform=brussels,
        kind=Practice.Kind.GOOD_PRACTICE,
        title="Rénovation accompagnée des propriétaires en difficulté",
        theme="Rénovation",
        place="Forest",
        summary="Le CLT achète le terrain sous la maison d'un propriétaire précaire, qui "
        "peut ainsi financer sa rénovation et rester chez lui.",
        is_public=True,
    )
