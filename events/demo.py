"""Demo rooms, bookings and activities, built through the services.
Deterministic and safe to run twice: dates are fixed relative to the week
the demo is loaded, and nothing is created when it already exists."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from socle_site.kernel.formatting import BRUSSELS

from community.models import HousingProject, Organisation, User

from .errors import BookingRefusal
from .models import Activity, AvailabilityWindow, Booking, Closure, Room
from .policy import Audience, Window
from .services import activities, bookings, room_management

WEEKDAYS, WEEKEND = range(0, 5), range(5, 7)

# (project slug, room slug, name, capacity, partner association, equipment, accessibility)
ROOMS = [
    ("anderlecht-ancienne-salle-paroissiale", "salle-paroissiale", "Salle de l'ancienne paroisse", 40, "Entraide Cureghem",
     "Cuisine équipée, 40 chaises, 8 tables, projecteur", "Entrée de plain-pied, toilette adaptée"),
    ("molenbeek-arc-en-ciel", "arc-en-ciel-salle", "Salle commune Arc-en-Ciel", 35, "Maison de quartier Vandenpeereboom",
     "Cuisine, tableau blanc, 6 ordinateurs portables, vélos d'apprentissage", "Rez-de-chaussée, porte de 90 cm, boucle magnétique"),
    ("forest-calico", "calico-espace", "Espace commun Calico", 30, "Collectif Calico",
     "Cuisine, jeux pour enfants, piano", "Ascenseur, toilette adaptée"),
]

HOUSE_RULES = "Laisser la salle rangée et propre. Pas de bruit après 22 h. Rendre la clé au gestionnaire."


def _next_weekday(today, weekday: int, weeks_ahead: int = 1):
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BRUSSELS)


@transaction.atomic
def load(out) -> None:
    staff = User.objects.get(email="staff@socle.test")
    resident = User.objects.get(email="resident@socle.test")
    coowner = User.objects.get(email="coowner@socle.test")
    partner = User.objects.get(email="partner@socle.test")
    rooms = {}
    for project_slug, slug, name, capacity, partner_name, equipment, accessibility in ROOMS:
        room, created = Room.objects.get_or_create(
            slug=slug,
            defaults={
                "housing_project": HousingProject.objects.get(slug=project_slug), "name": name, "capacity": capacity,
                "partner_organisation": Organisation.objects.filter(name=partner_name).first(),
                "equipment": equipment, "accessibility": accessibility, "house_rules": HOUSE_RULES, "manager": staff,
                "description": "Un espace commun du CLT : le jour pour l'association partenaire, le soir et le week-end pour les habitants.",
            },
        )
        if created:
            # DOMAIN.md §2: the association by day, residents in the evenings
            # and at weekends, other organisations on request.
            windows = [AvailabilityWindow(room=room, audience=Audience.PARTNER, weekday=d, starts=time(9), ends=time(17)) for d in WEEKDAYS]
            windows += [AvailabilityWindow(room=room, audience=Audience.RESIDENT, weekday=d, starts=time(17, 30), ends=time(22)) for d in WEEKDAYS]
            windows += [AvailabilityWindow(room=room, audience=Audience.RESIDENT, weekday=d, starts=time(9), ends=time(22), needs_approval=True) for d in WEEKEND]
            windows += [AvailabilityWindow(room=room, audience=Audience.OTHER, weekday=d, starts=time(9), ends=time(17), needs_approval=True) for d in WEEKDAYS]
            AvailabilityWindow.objects.bulk_create(windows)
        rooms[slug] = room

    if Booking.objects.filter(room__in=rooms.values()).exists():
        _managed_hours_and_closure(rooms, staff)
        out.write(f"\n  events: {len(rooms)} rooms (bookings already there)")
        return
    today = timezone.localdate()
    molenbeek = rooms["arc-en-ciel-salle"]
    # The Molenbeek partner association's coordinator: partner@ works for the
    # Anderlecht association; the homework club is run by the Molenbeek one,
    # booked here by the manager on its behalf.
    wednesday = _next_weekday(today, 2, 0) if today.weekday() != 2 else today + timedelta(days=7)
    homework = bookings.request_booking(
        acting_user=staff, room=molenbeek, starts_at=_at(wednesday, 14), ends_at=_at(wednesday, 16, 30),
        title="École des devoirs", frequency="weekly", until=today + timedelta(days=170),
    )
    activities.announce_activity(
        acting_user=staff, booking=homework, kind=Activity.Kind.HOMEWORK, title="École des devoirs du mercredi",
        description="Aide aux devoirs pour les enfants de 6 à 12 ans, avec des bénévoles de la maison de quartier.",
        is_public=True, capacity=12,
    )
    first_saturday = _next_weekday(today, 5, 0)
    while first_saturday.day > 7:
        first_saturday += timedelta(days=7)
    kitchen = bookings.request_booking(
        acting_user=staff, room=molenbeek, starts_at=_at(first_saturday, 11), ends_at=_at(first_saturday, 15),
        title="Cuisine de quartier", frequency="monthly", until=today + timedelta(days=170),
    )
    activities.announce_activity(
        acting_user=staff, booking=kitchen, kind=Activity.Kind.KITCHEN, title="Cuisine de quartier",
        description="Chaque premier samedi du mois : on cuisine ensemble et on partage le repas. Apportez un plat de chez vous !",
        is_public=True, capacity=25,
    )
    # Residents' requests waiting for the manager (weekends need approval).
    for user, room, weekday, hour, title in [
        (resident, molenbeek, 6, 14, "Anniversaire d'Amina"),
        # Jan Peeters co-owns a flat at Arc-en-Ciel: he books his own building's room.
        (coowner, molenbeek, 5, 18, "Réunion des copropriétaires"),
    ]:
        day = _next_weekday(today, weekday, 2)
        try:
            bookings.request_booking(acting_user=user, room=room, starts_at=_at(day, hour), ends_at=_at(day, hour + 3), title=title)
        except BookingRefusal as refusal:
            out.write(f"\n  events: demo request refused: {refusal.message}")
    # The Anderlecht partner association's weekly computer class, confirmed at once.
    tuesday = _next_weekday(today, 1, 1)
    computer = bookings.request_booking(
        acting_user=partner, room=rooms["salle-paroissiale"], starts_at=_at(tuesday, 10), ends_at=_at(tuesday, 12),
        title="Cours d'informatique", frequency="weekly", until=today + timedelta(days=90),
    )
    activities.announce_activity(
        acting_user=partner, booking=computer, kind=Activity.Kind.COMPUTER, title="Initiation à l'informatique",
        description="Apprendre à utiliser un ordinateur, envoyer un courriel et faire ses démarches en ligne.", is_public=True, capacity=8,
    )
    _managed_hours_and_closure(rooms, staff)
    out.write(f"\n  events: {len(rooms)} rooms, {Booking.objects.count()} bookings, {Activity.objects.count()} activities")


def _managed_hours_and_closure(rooms, manager) -> None:
    """What a manager sets in the portal: Calico's residents keep the room an
    hour longer on Friday evenings and other organisations ask only on Tuesdays
    and Thursdays; the old parish hall closes a week for painting, over some
    dates of the computer class (listed on the closure's page)."""
    calico = rooms["calico-espace"]
    if not AvailabilityWindow.objects.filter(room=calico, audience=Audience.RESIDENT, weekday=4, ends=time(23)).exists():
        windows = [Window(Audience.PARTNER, d, time(9), time(17)) for d in WEEKDAYS]
        windows += [Window(Audience.RESIDENT, d, time(17, 30), time(23 if d == 4 else 22)) for d in WEEKDAYS]
        windows += [Window(Audience.RESIDENT, d, time(10), time(22), True) for d in WEEKEND]
        windows += [Window(Audience.OTHER, d, time(9), time(17), True) for d in (1, 3)]
        room_management.set_opening_hours(acting_user=manager, room=calico, windows=windows)
    hall = rooms["salle-paroissiale"]
    if not Closure.objects.filter(room=hall).exists():
        first = timezone.localdate() + timedelta(days=40)
        room_management.add_closure(acting_user=manager, room=hall, first_day=first, last_day=first + timedelta(days=6), reason="Travaux de peinture")
