"""Demo assemblies, built through the services. Deterministic and safe to run twice:
the general assembly (every resident, candidate and partner, in their colleges) and
the board; a past closed meeting with published results (one vote taken by a show
of hands, its totals recorded through the service), a past meeting cancelled
before it took place, an upcoming convened meeting with a motion, an election
per college and a few members' replies, and an online vote open now."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community.demo import DELIVERED, DEMO_PASSWORD, story_moment
from community.models import College, HouseholdMember, Role, User
from community.services.audit import dated
from community.services.roles import assign_role

from .models import Body, Meeting, Question
from .selectors import membership as bodies_membership
from .services import bodies, meetings, voting

BRUSSELS = timezone.get_default_timezone()

# Residents of the demo projects who take part in assemblies (DOMAIN.md §2: every resident is a member).
MORE_RESIDENTS = [
    ("grace.nsimba@socle.test", "Grace", "Nsimba", "fr"),
    ("anna.kowalski@socle.test", "Anna", "Kowalski", "en"),
    ("luc.janssens@socle.test", "Luc", "Janssens", "nl"),
    ("rita.janssens@socle.test", "Rita", "Janssens", "nl"),
]

BODIES = [
    ("general-assembly", Body.Kind.GENERAL_ASSEMBLY,
     {"fr": "Assemblée générale", "nl": "Algemene vergadering", "en": "General assembly"},
     {"fr": "Tous les habitants, les candidats-propriétaires et les associations partenaires.",
      "nl": "Alle bewoners, kandidaat-eigenaars en partnerverenigingen.",
      "en": "Every resident, candidate owner and partner association."}),
    ("board", Body.Kind.BOARD,
     {"fr": "Conseil d'administration", "nl": "Raad van bestuur", "en": "Board"},
     {"fr": "Trois collèges : habitants, société civile, pouvoirs publics.",
      "nl": "Drie colleges: bewoners, middenveld, overheden.",
      "en": "Three colleges: residents, civil society, public authorities."}),
]


UPCOMING_TITLE = "Assemblée générale : budget et élection du conseil"


def _at(day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


@transaction.atomic
def load(out) -> None:
    staff = _user("staff@socle.test")
    if staff is None:
        return
    # The assemblies' members joined when the first projects were delivered (audit rows dated so).
    joined = story_moment(min(DELIVERED.values()))
    for email, first, last, language in MORE_RESIDENTS:
        user = _user(email)
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, language=language)
        with dated(joined):
            assign_role(user=user, role=Role.RESIDENT, acting_user=staff)
        # The account is the person the community demo named in their household.
        HouseholdMember.objects.filter(full_name=f"{first} {last}", user__isnull=True).exclude(
            household__members__user=user
        ).update(user=user)

    made = {}
    for slug, kind, names, descriptions in BODIES:
        made[slug], _created = Body.objects.update_or_create(
            slug=slug,
            defaults={"kind": kind, "max_proxies_per_holder": 2,
                      **{f"name_{lang}": name for lang, name in names.items()},
                      **{f"description_{lang}": text for lang, text in descriptions.items()}},
        )
        made[slug].secretaries.add(staff)
    ga, board = made["general-assembly"], made["board"]
    with dated(joined):
        bodies.sync_general_assembly(body=ga, acting_user=staff)
        colleges = {c.code: c for c in College.objects.all()}
        for email, college in [("resident@socle.test", "residents"), ("coowner@socle.test", "residents"),
                               ("partner@socle.test", "civil_society"), ("platform@socle.test", "public_authorities")]:
            if _user(email):
                bodies.add_member(body=board, user=_user(email), acting_user=staff, college=colleges.get(college))

    today = timezone.localdate()
    _past_meeting(ga, staff, colleges, today)
    _upcoming_meeting(ga, staff, colleges, today)
    _cancelled_meeting(ga, staff, today)
    _online_vote(ga, staff)
    out.write(f"  governance: {Body.objects.count()} bodies, {Meeting.objects.count()} meetings, "
              f"{Question.objects.count()} questions")


def _past_meeting(ga: Body, staff: User, colleges, today) -> None:
    # The ordinary assembly of this year, two months ago, approved last year's accounts.
    starts_at = _at(today - timedelta(days=60), 18, 30)
    title = f"Assemblée générale ordinaire {starts_at.year}"
    if Meeting.objects.filter(body=ga, title=title).exists():
        return
    # Its audit rows carry the story's dates: prepared and convened three weeks before, held that evening.
    with dated(starts_at - timedelta(days=21)):
        meeting = meetings.create_meeting(body=ga, acting_user=staff, title=title, starts_at=starts_at,
                                          place="Salle communautaire Arc-en-Ciel, rue Vandenpeereboom 12, Molenbeek",
                                          chair=_user("resident@socle.test"), secretary=staff)
        item = meetings.add_agenda_item(meeting=meeting, acting_user=staff, title=f"Approbation des comptes {starts_at.year - 1}", kind="decision")
        meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Activités de la salle communautaire", kind="decision")
        accounts = voting.add_question(body=ga, meeting=meeting, agenda_item=item, acting_user=staff,
                                       title=f"Approuvez-vous les comptes {starts_at.year - 1} ?", majority="absolute")
        activities = voting.add_question(body=ga, meeting=meeting, acting_user=staff, kind="multiple", max_choices=2,
                                         title="Quelles activités lancer en priorité ?",
                                         options=["Cuisine de quartier", "Cours de vélo", "École des devoirs", "Table de conversation"])
        party = voting.add_question(body=ga, meeting=meeting, acting_user=staff, majority="simple",
                                    title="Approuvez-vous le budget de la fête de quartier (1 200 €) ?")
        meetings.convene_meeting(meeting=meeting, acting_user=staff, now=starts_at - timedelta(days=20))
    with dated(starts_at):
        meeting = meetings.start_meeting(meeting=meeting, acting_user=staff)
        members = User.objects.filter(pk__in=list(ga.memberships.active().values_list("user_id", flat=True))).order_by("email")
        for member in members:
            meetings.check_in(meeting=meeting, member=member, acting_user=staff)
        for question in (accounts, activities):
            voting.open_question(question=question, acting_user=staff)
        yes, no, abstain = (accounts.choices.get(code=c).pk for c in ("yes", "no", "abstain"))
        options = list(activities.choices.values_list("pk", flat=True))
        pattern = [yes, yes, yes, no, abstain, yes, yes, yes]
        for i, member in enumerate(members):
            voting.cast_ballots(question=accounts, acting_user=member, instructions={member.pk: [pattern[i % len(pattern)]]})
            voting.cast_ballots(question=activities, acting_user=member,
                                instructions={member.pk: [options[i % 4], options[(i + 2) % 4]] if i % 3 else [options[0]]})
        for question in (accounts, activities):
            voting.close_question(question=question, acting_user=staff)
            voting.publish_results(question=question, acting_user=staff)
        _show_of_hands(party, staff, voters=len(members), when=starts_at + timedelta(minutes=75))
        meetings.close_meeting(meeting=meeting, acting_user=staff)
    # The services stamp "now"; the demo dates this meeting's life back to its evening.
    Meeting.objects.filter(pk=meeting.pk).update(
        convened_at=starts_at - timedelta(days=20), started_at=starts_at, closed_at=starts_at + timedelta(hours=2)
    )


def _show_of_hands(question: Question, staff: User, *, voters: int, when: datetime) -> None:
    """A vote taken by a show of hands, its totals recorded by the secretary
    through the same service as in a live meeting (``voting.record_room_count``)."""
    voting.open_question(question=question, acting_user=staff, now=when - timedelta(minutes=5))
    code = {c.code: c.pk for c in question.choices.all()}
    against, abstaining = min(2, voters // 4), min(1, voters // 8)
    voting.record_room_count(
        question=question, acting_user=staff, method="show_of_hands", counted_by="Fatima El Amrani, Jan Peeters", now=when,
        totals={(code["yes"], None): (voters - against - abstaining, None), (code["no"], None): (against, None),
                (code["abstain"], None): (abstaining, None)},
    )
    voting.publish_results(question=question, acting_user=staff)


def _upcoming_meeting(ga: Body, staff: User, colleges, today) -> None:
    # In three weeks: next year's budget (the accounts were approved at the
    # ordinary assembly) and the board's election.
    title = UPCOMING_TITLE
    if Meeting.objects.filter(body=ga, title=title).exists():
        return
    starts_at = _at(today + timedelta(days=21), 18, 30)
    budget_year = starts_at.year + 1
    meeting = meetings.create_meeting(
        body=ga, acting_user=staff, title=title, starts_at=starts_at,
        place="Salle communautaire Calico, rue du Charroi 33, Forest", online_url="https://meet.example.org/socle-ag",
        description="<p>Accueil à partir de 18 h. Garderie pour les enfants sur place.</p>",
        chair=_user("resident@socle.test"), secretary=staff,
    )
    accounts_item = meetings.add_agenda_item(meeting=meeting, acting_user=staff, title=f"Approbation du budget {budget_year}", kind="decision",
                                             description="<p>Le budget a été préparé avec le conseil d'administration.</p>")
    meetings.attach_document(item=accounts_item, acting_user=staff, title=f"Budget {budget_year} (résumé)", filename=f"budget-{budget_year}.txt",
                             content=(f"Budget {budget_year} – résumé\nRecettes prévues : 412 500 €\nDépenses prévues : 398 200 €\n"
                                      "Réserve : 14 300 €\n").encode(),
                             content_type="text/plain")
    election_item = meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Élection du conseil d'administration", kind="election")
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Nouvelles du projet Calico", kind="information")
    voting.add_question(body=ga, meeting=meeting, agenda_item=accounts_item, acting_user=staff,
                        title=f"Approuvez-vous le budget {budget_year} ?", majority="absolute")
    candidates = [(name, _user(email), colleges.get(code)) for name, email, code in [
        ("Fatima El Amrani", "resident@socle.test", "residents"), ("Jan Peeters", "coowner@socle.test", "residents"),
        ("Grace Nsimba", "grace.nsimba@socle.test", "residents"), ("Claire Dumont", "partner@socle.test", "civil_society"),
        ("Nadia Benali", "platform@socle.test", "public_authorities"),
    ]]
    voting.add_question(body=ga, meeting=meeting, agenda_item=election_item, acting_user=staff, kind="election", is_secret=True,
                        title="Élection des administrateurs par collège", candidates=candidates,
                        seats={colleges["residents"]: 2, colleges["civil_society"]: 1, colleges["public_authorities"]: 1})
    meeting = meetings.convene_meeting(meeting=meeting, acting_user=staff)
    # Some members already replied (the chair's console and My space show it); the demo resident has not yet.
    for email, answer in [("grace.nsimba@socle.test", "in_person"), ("anna.kowalski@socle.test", "online"),
                          ("luc.janssens@socle.test", "absent"), ("coowner@socle.test", "in_person")]:
        if _user(email) and bodies_membership(ga, _user(email)):
            meetings.answer_rsvp(meeting=meeting, acting_user=_user(email), answer=answer)
    candidate, resident = _user("candidate@socle.test"), _user("resident@socle.test")
    if candidate and resident:
        meetings.give_proxy(meeting=meeting, principal=candidate, holder=resident, acting_user=candidate)


def _cancelled_meeting(ga: Body, staff: User, today) -> None:
    title = "Assemblée générale extraordinaire : toiture de Calico"
    if Meeting.objects.filter(body=ga, title=title).exists():
        return
    starts_at = _at(today - timedelta(days=25), 18, 30)
    with dated(starts_at - timedelta(days=18)):
        meeting = meetings.create_meeting(body=ga, acting_user=staff, title=title, starts_at=starts_at,
                                          place="Salle communautaire Calico, rue du Charroi 33, Forest", secretary=staff)
        meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Choix de l'entreprise pour la toiture", kind="decision")
        meetings.convene_meeting(meeting=meeting, acting_user=staff, now=starts_at - timedelta(days=18))
    with dated(starts_at - timedelta(days=3)):
        meetings.cancel_meeting(
            meeting=meeting, acting_user=staff, now=starts_at - timedelta(days=3),
            reason="La salle Calico est inondée après l'orage : l'assemblée sera convoquée à nouveau "
                   "quand les trois devis de toiture seront comparés.",
        )


def _online_vote(ga: Body, staff: User) -> None:
    title = "Adoptez-vous le règlement d'ordre intérieur de la salle communautaire ?"
    if Question.objects.filter(body=ga, title=title).exists():
        return
    now = timezone.now()
    question = voting.add_question(body=ga, acting_user=staff, title=title, majority="simple",
                                   description="<p>Le règlement fixe les heures des habitants (soirs et week-ends) et celles de l'association.</p>",
                                   opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=6))
    voting.open_question(question=question, acting_user=staff)
