"""The yearly checks of the demo's owners, opened and answered through the
services as the daily task and the households would have, over two years:
last year's all accepted; this year the El Amrani household's occupancy is
sent and waits for the officer, the Peeters household has still to answer,
and one Anderlecht household and the Nsimba household (also behind with its
ground-lease fee: the support worker is proposed its case) missed their
insurance deadline (sent to the officer)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.models import Role, User
from community.services.audit import dated
from community.services.roles import assign_role

from . import policy, services
from .models import CheckRule, FeeCharge, FeeCredit, FeeReference, OwnerRequest, YearlyCheck

PDF = b"%PDF-1.4\n% Socle demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _owner(check: YearlyCheck) -> User | None:
    return User.objects.filter(household_memberships__household=check.household,
                               household_memberships__until__isnull=True).first()


def load(out) -> None:
    from community.demo import story_moment

    admin = User.objects.get(email="admin@socle.test")
    staff = User.objects.get(email="staff@socle.test")
    if not staff.role_assignments.filter(role=Role.STEWARD, ended_at__isnull=True).exists():
        assign_role(user=staff, role=Role.STEWARD, acting_user=admin)
    services.ensure_rules()
    if YearlyCheck.objects.exists():
        return
    today = timezone.localdate()
    rules = list(CheckRule.objects.filter(is_enabled=True))
    # Each opening day of the last two years, as the daily task saw it.
    days = sorted({policy.opens_on(services._calendar(rule), year) for rule in rules
                   for year in (today.year - 2, today.year - 1, today.year)})
    for day in [d for d in days if d <= today]:
        with dated(story_moment(day, hour=6)):
            services.open_checks(today=day)
        _answer_earlier(day, today, staff, story_moment)
    with dated(story_moment(today, hour=6)):
        services.escalate_overdue(today=today)
    _requests(today, staff, story_moment)
    _sale(today, staff, story_moment)
    _fees(today, staff, story_moment)
    out.write(f"  stewardship: {YearlyCheck.objects.count()} yearly checks, {FeeCharge.objects.count()} ground-lease fees, "
              f"{FeeCredit.objects.count()} payments read from the account's statement\n")


def _answer_earlier(day: date, today: date, steward: User, story_moment) -> None:
    """The checks opened on ``day``: answered and accepted, except the story's
    latest ones (see the module's docstring)."""
    for check in YearlyCheck.objects.filter(opened_on=day).select_related("household", "dwelling"):
        latest = (today - day).days < 365
        story = check.household.name
        if latest and story == "Famille Peeters" and check.kind == "occupancy":
            continue  # the Dutch-speaking owner answers in the walk-through
        if latest and check.kind == "insurance" and (check.dwelling.label == "Maison 3" or story == "Ménage Nsimba"):
            continue  # never answered: past its deadline, the officer is told
        sent_first = latest and story == "Famille El Amrani" and check.kind == "occupancy"
        answered_on = day + timedelta(days=2) if sent_first else day + (check.due_on - day) / 3
        if answered_on > today:
            continue  # not yet: the household still has time
        # Households without an account answer on paper: the officer enters it for them.
        owner = _owner(check) or steward
        with dated(story_moment(answered_on)):
            services.answer_check(acting_user=owner, check=check, declared=True,
                                  upload=_document(f"{check.kind}-{check.year}.pdf"))
        # Demo history only: the answer came then (the services stamp the present moment).
        YearlyCheck.objects.filter(pk=check.pk).update(answered_at=story_moment(answered_on))
        if sent_first:
            continue  # sent, waiting for the officer
        reviewed_on = min(answered_on + (check.due_on - answered_on) / 4, today)
        with dated(story_moment(reviewed_on)):
            services.review_check(acting_user=steward, check=check, accept=True)
        YearlyCheck.objects.filter(pk=check.pk).update(reviewed_at=story_moment(reviewed_on))


def _requests(today: date, steward: User, story_moment) -> None:
    """The El Amrani household insulated its roof (approved, invoices in: it
    counts in the resale price); the Nsimba household asks to borrow against
    its flat, above what the officers decide alone: the board decides."""
    from community.models import Dwelling

    services.ensure_decision_rules()
    if OwnerRequest.objects.exists():
        return
    a3 = Dwelling.objects.filter(housing_project__slug="molenbeek-arc-en-ciel", label="A3").first()
    a5 = Dwelling.objects.filter(housing_project__slug="molenbeek-arc-en-ciel", label="A5").first()
    fatima = User.objects.filter(email="resident@socle.test").first()
    if a3 is not None and a3.owner_household_id and fatima is not None:
        asked = date(today.year - 2, 3, 10)
        with dated(story_moment(asked)):
            works = services.submit_request(
                acting_user=fatima, dwelling=a3, kind="works", amount="9800",
                reason="Isolation de la toiture-terrasse et remplacement des châssis du séjour (devis Toitures Bruxelloises).",
            )
        OwnerRequest.objects.filter(pk=works.pk).update(submitted_at=story_moment(asked))
        with dated(story_moment(asked + timedelta(days=9))):
            services.decide_request(acting_user=steward, request=works, approve=True, approved_amount="9000",
                                    note="Accord pour 9 000 € : la toiture et les châssis ; la peinture reste à votre charge.")
        OwnerRequest.objects.filter(pk=works.pk).update(decided_at=story_moment(asked + timedelta(days=9)))
        with dated(story_moment(asked + timedelta(days=130))):
            services.record_invoices(acting_user=steward, request=works, invoiced_amount="8640")
        OwnerRequest.objects.filter(pk=works.pk).update(invoices_recorded_at=story_moment(asked + timedelta(days=130)))
    if a5 is not None and a5.owner_household_id:
        # The household has no account: it wrote to the trust, and the officer entered its letter.
        with dated(story_moment(today - timedelta(days=6))):
            services.submit_request(acting_user=steward, dwelling=a5, kind="refinance", amount="60000",
                                    reason="Regrouper deux crédits à la consommation dans un prêt hypothécaire (Crédal). "
                                           "Lettre du 28 novembre.")


def _sale(today: date, steward: User, story_moment) -> None:
    """The owners of Maison 1 at Anderlecht sell (the register records the
    resale's price today): they gave notice by letter ten weeks ago, and the
    trust let its right of first refusal go, so that the home goes to the next
    household of the register."""
    from community.models import Dwelling

    from .models import SaleNotice

    home = Dwelling.objects.filter(housing_project__slug="anderlecht-ancienne-salle-paroissiale", label="Maison 1").first()
    if home is None or home.owner_household_id is None or SaleNotice.objects.filter(dwelling=home).exists():
        return
    given, decided = today - timedelta(days=70), today - timedelta(days=40)
    with dated(story_moment(given)):
        notice = services.give_notice(acting_user=steward, dwelling=home, note="Lettre du ménage : départ pour Liège.")
    SaleNotice.objects.filter(pk=notice.pk).update(
        given_on=given, first_refusal_until=policy.first_refusal_until(given, 60))
    notice.refresh_from_db()
    with dated(story_moment(decided)):
        services.decide_first_refusal(acting_user=steward, notice=notice, buy_back=False,
                                      note="Le CLT ne rachète pas : le logement va au prochain ménage du registre, "
                                           "au prix de la formule de l'acte.")
    SaleNotice.objects.filter(pk=notice.pk).update(decided_on=decided)


# Who pays how: every owner by standing order with their structured
# communication, but the Nsimba household stopped three months ago (arrears
# the officer sees) and the El Amrani household paid last month by a transfer
# typed by hand, without it (waiting for the officer, proposed by name and amount).
MISSED_MONTHS = {"Ménage Nsimba": 3}
TYPED_BY_HAND = "Famille El Amrani"


def _fees(today: date, steward: User, story_moment) -> None:
    """Every fee since each deed, opened as the daily task did, and the
    ground-lease account's statement imported through the service."""
    from socle_site.kernel.banking.statements.camt_writer import Entry, write_camt053

    from community.models import BankAccount

    account = BankAccount.objects.filter(trust_purpose=BankAccount.TrustPurpose.GROUND_LEASE).first()
    if account is None or FeeCharge.objects.exists():
        return
    with dated(story_moment(today, hour=6)):
        services.open_fees(today=today)
    entries = []
    for reference in FeeReference.objects.select_related("household").order_by("pk"):
        name = reference.household.name
        charges = list(FeeCharge.objects.filter(dwelling_id=reference.dwelling_id, household_id=reference.household_id)
                       .order_by("due_on"))
        paid = charges[:len(charges) - MISSED_MONTHS.get(name, 0)]
        for number, charge in enumerate(paid):
            booked_on = charge.due_on + timedelta(days=2)
            if booked_on > today:
                continue
            by_hand = name == TYPED_BY_HAND and number == len(paid) - 2
            entries.append(Entry(booked_on, charge.amount_cents, name=name, reference="" if by_hand else reference.digits,
                                 communication=f"redevance {charge.due_on:%m/%Y}" if by_hand else ""))
    with dated(story_moment(today, hour=9)):
        services.import_fee_statement(acting_user=steward, content=write_camt053(account.iban, entries, statement_id="demo"))
