"""Demo register, built through the services. Deterministic and safe to run
twice: households are keyed by name and skipped once they have a candidacy."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from community.demo import story_moment
from community.models import (
    Household,
    HouseholdMember,
    HousingProject,
    NotificationPreference,
    Organisation,
    User,
)
from community.services.audit import dated
from community.services.dwellings import move_in

from . import services
from .models import (
    ActivationStep,
    Application,
    Appraisal,
    Deed,
    Home,
    IncomeCategory,
    IncomeThreshold,
    IndexValue,
    Offer,
    Operator,
    OperatorPriceRule,
    PriorityRuleSetting,
    Resale,
    SupportingDocument,
)

# (code, rank, name) — ceilings are illustrative figures of the Brussels kind:
# (base for a person alone, each further adult, each dependant, price rule, value)
CATEGORIES = [
    ("A", 1, {"fr": "Revenus modestes", "nl": "Bescheiden inkomens", "en": "Modest incomes"}, ("27500", "7400", "2600", "share_of_cap", "60")),
    ("B", 2, {"fr": "Revenus bas", "nl": "Lage inkomens", "en": "Low incomes"}, ("35000", "9400", "3300", "share_of_cap", "75")),
    ("C", 3, {"fr": "Revenus moyens", "nl": "Gemiddelde inkomens", "en": "Middle incomes"}, ("45000", "12000", "4200", "share_of_cap", "90")),
    ("D", 4, {"fr": "Revenus modérés", "nl": "Gematigde inkomens", "en": "Moderate incomes"}, ("60000", "15000", "5000", "share_of_cap", "100")),
]
STEPS = [
    ("information-session", {"fr": "Séance d'information suivie", "nl": "Infosessie bijgewoond", "en": "Information session attended"}, 1),
    ("membership", {"fr": "Cotisation de membre payée", "nl": "Lidgeld betaald", "en": "Membership fee paid"}, 2),
]
# Each operator weighs its own priorities and may set its own price rule per
# category (within the legal cap); the income ceilings are the region's.
OPERATORS = [
    ("CLT Brussels", Operator.Kind.CLT, None, 14),
    ("Fonds du Logement bruxellois", Operator.Kind.SOCIAL_LANDLORD, "Fonds du Logement bruxellois", 10),
]
PRIORITIES = {
    "CLT Brussels": [("needs_accessibility", 3, True), ("wishes_municipality", 1, True), ("lives_in_municipality", 1, True)],
    "Fonds du Logement bruxellois": [("needs_accessibility", 2, True), ("wishes_municipality", 1, False), ("lives_in_municipality", 2, True)],
}
OPERATOR_PRICE_RULES = {"Fonds du Logement bruxellois": [("C", "share_of_cap", "85"), ("D", "share_of_cap", "95")]}
# Homes of the Anderlecht parish hall, bought when the project was delivered
# The land lease each demo deed carries: the CLT keeps the land for 50 years
# from the purchase, for a fee of € 15.00 a month, not indexed.
DEMO_LEASE = {"lease_years": 50, "lease_fee_cents": 1500, "lease_fee_period": "monthly", "lease_fee_indexed": False}
# (community.demo.DELIVERED), one deed of each kind; the first owner sells now. (label, bedrooms, area, accessible, price,
# cost price, land value, bought on, formula, deed values, resale values)
OWNED_HOMES = [
    ("Maison 1", 2, "82", False, "168000", "262000", "58000", date(2021, 5, 15), "appraisal",
     {"share_percent": Decimal(25), "appraisal_at_purchase": Decimal("240000")},
     {"appraisal_now": Decimal("318000"), "improvements": Decimal("6500")}),
    ("Maison 2", 3, "95", False, "181000", "251000", "62000", date(2021, 5, 15), "index",
     {"index_name": "Indice santé", "index_at_purchase": Decimal("100.74")}, None),
    ("Maison 3", 1, "61", True, "139000", "215000", "49000", date(2021, 6, 1), "fixed_rate",
     {"rate_percent": Decimal("2")}, None),
]
# Homes of the Rue du Niveau project, being built, to allocate now:
# (label, bedrooms, floor area, accessible, price, cost price, land value)
HOMES_PROJECT = "molenbeek-rue-du-niveau"
HOMES = [
    ("Rez-de-chaussée A", 2, "78", True, "185000", "255000", "62000"),
    ("1er étage B", 3, "96", False, "210000", "290000", "70000"),
    ("2e étage C", 1, "58", False, "150000", "205000", "50000"),
]
FIRST = ["Aïcha", "Bram", "Chantal", "Driss", "Elif", "Farid", "Greet", "Hamza", "Inès", "Joris",
         "Khadija", "Lucas", "Maryam", "Nico", "Oumou", "Pieter", "Rania", "Samir", "Tine", "Yasmina"]
LAST = ["Amrani", "Bosmans", "Cissé", "Dubois", "Ekinci", "Fofana", "Goossens", "Haddad", "Ilunga", "Jacobs",
        "Kaya", "Lemaire", "Mertens", "Nowak", "Ouedraogo", "Pauwels", "Rahmani", "Sow", "Tshibangu", "Vermeulen"]
MUNICIPALITIES = ["Molenbeek-Saint-Jean", "Anderlecht", "Forest", "Schaerbeek", "Saint-Gilles"]
PDF = b"%PDF-1.4\n% demo proof of income\n%%EOF\n"
START = datetime(2019, 1, 14, 9, 30)
DIALLO_SLOT = 26


def _household_plan(i: int) -> dict:
    first, last = FIRST[i % 20], LAST[(i * 7 + i // 20 * 3) % 20]
    adults = 1 + (i % 3 == 0)
    dependants = (i * 5) % 4
    income = Decimal(18000 + (i * 2371) % 42000)
    persons = [{"full_name": f"{first} {last}", "relationship": "adult", "birth_year": 1970 + i % 25,
                "national_number": f"{80 + i % 20:02d}.0{i % 9 + 1}.1{i % 9}-{100 + i:03d}.{(i * 13) % 97:02d}", "yearly_income": income}]
    if adults == 2:
        persons.append({"full_name": f"{FIRST[(i + 5) % 20]} {last}", "relationship": "adult", "birth_year": 1972 + i % 20,
                        "yearly_income": Decimal(9000 + (i * 1117) % 15000)})
    persons += [{"full_name": f"{FIRST[(i + k + 9) % 20]} {last}", "relationship": "dependant", "birth_year": 2010 + k} for k in range(dependants)]
    return {
        "name": f"Ménage {last} ({first})",
        "persons": persons,
        "municipality": MUNICIPALITIES[i % 5],
        "wishes": [MUNICIPALITIES[i % 5], "Molenbeek-Saint-Jean"] if i % 2 else [MUNICIPALITIES[(i + 1) % 5]],
        "bedrooms": (1, 3) if len(persons) < 4 else (2, 4),
        "accessible": i % 11 == 0,
        "both_operators": i % 3 == 0,
        "active": i % 8 != 7,
    }


def _activate(application: Application, staff: User) -> None:
    for person in application.persons.filter(relationship="adult"):
        if not person.documents.exists():
            document = services.upload_document(
                acting_user=staff, person=person, kind=SupportingDocument.Kind.INCOME,
                upload=SimpleUploadedFile("avertissement-extrait-de-role.pdf", PDF, content_type="application/pdf"),
            )
            services.review_document(acting_user=staff, document=document, validated=True)
    for step in ActivationStep.objects.all():
        services.complete_step(acting_user=staff, application=application, step=step)


def _submitted_at(slot: int) -> datetime:
    return timezone.make_aware(START + timedelta(days=53 * slot))


def _backdate(application: Application, slot: int) -> None:
    # Demo history only: the register's past, dated once right after the
    # INSERT and in the same order as the sequence (never done by the portal).
    when = _submitted_at(slot)
    Application.objects.filter(pk=application.pk).update(submitted_at=when, renew_by=(timezone.now() + timedelta(days=40 + slot * 7)).date())


@transaction.atomic
def load(out) -> None:
    year = timezone.localdate().year
    for code, rank, names, (base, per_adult, per_dependant, rule, value) in CATEGORIES:
        category, _c = IncomeCategory.objects.update_or_create(
            code=code, defaults={"rank": rank, **{f"name_{lang}": name for lang, name in names.items()}}
        )
        IncomeThreshold.objects.update_or_create(
            year=year, category=category,
            defaults={"base": base, "per_adult": per_adult, "per_dependant": per_dependant, "price_rule": rule, "price_value": value},
        )
    for code, names, order in STEPS:
        ActivationStep.objects.update_or_create(
            code=code, defaults={"order": order, **{f"name_{lang}": name for lang, name in names.items()}}
        )
    staff = User.objects.get(email="staff@socle.test")
    admin = User.objects.get(email="admin@socle.test")
    operators = []
    for name, kind, organisation, answer_days in OPERATORS:
        operator, _c = Operator.objects.update_or_create(
            name=name, defaults={"kind": kind, "organisation": Organisation.objects.filter(name=organisation).first(),
                                 "offer_answer_days": answer_days}
        )
        operator.staff.add(staff, admin)
        operators.append(operator)
        for kind_, points, enabled in PRIORITIES[name]:
            PriorityRuleSetting.objects.update_or_create(operator=operator, kind=kind_, defaults={"points": points, "is_enabled": enabled})
        for code, rule, value in OPERATOR_PRICE_RULES.get(name, []):
            OperatorPriceRule.objects.update_or_create(
                operator=operator, category=IncomeCategory.objects.get(code=code), defaults={"price_rule": rule, "price_value": value}
            )
    clt = operators[0]

    slot = 0
    for i in range(40):
        if slot == DIALLO_SLOT:
            _diallo(clt, staff)
            slot += 1
        plan = _household_plan(i)
        household, _c = Household.objects.get_or_create(name=plan["name"], defaults={"municipality": plan["municipality"]})
        if not household.candidacies.exists():
            # Its audit rows carry the story's dates: applied then, made active ten days later.
            with dated(story_moment(_submitted_at(slot))):
                application = services.submit_application(
                    acting_user=staff, household=household, persons=plan["persons"],
                    operators=operators if plan["both_operators"] else [clt],
                    current_tenure=Application.Tenure.PRIVATE_RENT if i % 4 else Application.Tenure.SOCIAL_RENT,
                    current_municipality=plan["municipality"], current_rent=Decimal(600 + (i * 37) % 500),
                    wished_municipalities=plan["wishes"], bedrooms_min=plan["bedrooms"][0], bedrooms_max=plan["bedrooms"][1],
                    needs_accessible=plan["accessible"], consents=True,
                )
            _backdate(application, slot)
            if plan["active"]:
                with dated(story_moment(_submitted_at(slot) + timedelta(days=10))):
                    _activate(application, staff)
        slot += 1

    # The first homes of the project being built are offered from the register.
    project = HousingProject.objects.get(slug=HOMES_PROJECT)
    for label, bedrooms, area, accessible, price, cost, land in HOMES:
        if not Home.objects.filter(housing_project=project, label=label).exists():
            services.create_home(acting_user=staff, operator=clt, housing_project=project, label=label, bedrooms=bedrooms,
                                 floor_area=Decimal(area), is_accessible=accessible, price=Decimal(price),
                                 cost_price=Decimal(cost), land_value=Decimal(land))
    _owners(clt, staff)
    _arc_en_ciel_owners(clt, admin)
    _estimate_values()
    out.write(f"\n  candidates: {Application.objects.count()} candidacies ({Application.objects.filter(status='active').count()} active), "
              f"{Operator.objects.count()} operators, {Home.objects.count()} homes, "
              f"{Deed.objects.count()} owners' deeds, {Resale.objects.count()} resale")


def _diallo(clt: Operator, staff: User) -> None:
    """candidate@socle.test applies online for the Ménage Diallo."""
    user = User.objects.get(email="candidate@socle.test")
    household = Household.objects.get(name="Ménage Diallo")
    if household.candidacies.exists():
        return
    HouseholdMember.objects.get_or_create(household=household, user=user, defaults={"full_name": user.get_full_name()})
    # The demo candidate follows the candidacy in the portal: loading the demo
    # sends no e-mail (the notifications are there in "Notifications").
    NotificationPreference.objects.get_or_create(
        user=user, category="candidacy", defaults={"email_frequency": NotificationPreference.Frequency.NEVER}
    )
    with dated(story_moment(_submitted_at(DIALLO_SLOT))):
        application = _diallo_applies(user, household, clt)
    _backdate(application, DIALLO_SLOT)
    with dated(story_moment(_submitted_at(DIALLO_SLOT) + timedelta(days=10))):
        _activate(application, staff)


def _diallo_applies(user: User, household: Household, clt: Operator) -> Application:
    return services.submit_application(
        acting_user=user, applicant=user, household=household, operators=[clt],
        persons=[
            {"full_name": "Mamadou Diallo", "relationship": "adult", "birth_year": 1986, "national_number": "86.04.12-215.37", "yearly_income": Decimal("24800")},
            {"full_name": "Awa Diallo", "relationship": "adult", "birth_year": 1989, "national_number": "89.11.03-184.52", "yearly_income": Decimal("11200")},
            {"full_name": "Ibrahima Diallo", "relationship": "dependant", "birth_year": 2016},
        ],
        current_tenure=Application.Tenure.PRIVATE_RENT, current_municipality="Molenbeek-Saint-Jean", current_rent=Decimal("890"),
        wished_municipalities=["Molenbeek-Saint-Jean", "Anderlecht"], bedrooms_min=1, bedrooms_max=3, consents=True,
    )


# The Arc-en-Ciel households that own their flats (community.demo.HOUSEHOLDS)
# bought them when the project was delivered, before the trust used Socle: their
# deeds are recorded as an import records them (services.record_imported_deed).
# (dwelling, household, bedrooms, area, price, cost price, land value, formula, deed terms)
ARC_EN_CIEL_DEEDS = [
    ("A3", "Famille El Amrani", 3, "92", "172000", "275000", "60000", "index",
     {"index_at_purchase": Decimal("108.42")}, "Indice santé"),
    ("B2", "Famille Peeters", 2, "74", "151000", "240000", "52000", "appraisal",
     {"share_percent": Decimal(25), "appraisal_at_purchase": Decimal("212000")}, ""),
    ("A5", "Ménage Nsimba", 2, "71", "148000", "230000", "51000", "fixed_rate", {"rate_percent": Decimal("2")}, ""),
]


def _arc_en_ciel_owners(clt: Operator, admin: User) -> None:
    from community.demo import DELIVERED

    from . import policy
    from .services.deeds import record_imported_deed

    project = HousingProject.objects.get(slug="molenbeek-arc-en-ciel")
    bought_on = DELIVERED["molenbeek-arc-en-ciel"]
    for label, name, bedrooms, area, price, cost, land, formula, terms, index_name in ARC_EN_CIEL_DEEDS:
        household = Household.objects.filter(name=name).first()
        if household is None or Home.objects.filter(housing_project=project, label=label).exists():
            continue
        with dated(story_moment(bought_on)):
            home = services.create_home(acting_user=admin, operator=clt, housing_project=project, label=label,
                                        bedrooms=bedrooms, floor_area=Decimal(area), is_accessible=False,
                                        price=Decimal(price), cost_price=Decimal(cost), land_value=Decimal(land))
            record_imported_deed(
                acting_user=admin, home=home, household=household, bought_on=bought_on, index_name=index_name,
                terms=policy.DeedTerms(formula=formula, price_paid=Decimal(price), bought_on=bought_on, **terms),
                lease=policy.LeaseTerms(starts_on=bought_on, years=DEMO_LEASE["lease_years"],
                                        fee_cents=DEMO_LEASE["lease_fee_cents"], fee_period=DEMO_LEASE["lease_fee_period"],
                                        indexed=DEMO_LEASE["lease_fee_indexed"]),
            )


# What the owners' files estimate a resale from: the published health index
# (Indice santé) and the appraisals staff entered, with their dates.
INDEX_VALUES = [("Indice santé", date(2025, 11, 1), Decimal("131.18")), ("Indice santé", date(2026, 11, 1), Decimal("134.02"))]
APPRAISALS = [("molenbeek-arc-en-ciel", "B2", date(2026, 6, 15), Decimal("268000"), "Bureau d'expertise Vandamme")]


def _estimate_values() -> None:
    for name, on, value in INDEX_VALUES:
        IndexValue.objects.update_or_create(name=name, on=on, defaults={"value": value})
    for slug, label, on, value, by in APPRAISALS:
        home = Home.objects.filter(housing_project__slug=slug, label=label).first()
        if home is not None:
            Appraisal.objects.update_or_create(home=home, on=on, defaults={"value": value, "by": by})


def _owners(clt: Operator, staff: User) -> None:
    """Owners of the Anderlecht homes, allocated from the register through
    the same services (offer, acceptance, deed); the first one sells now."""
    from . import selectors

    project = HousingProject.objects.get(slug="anderlecht-ancienne-salle-paroissiale")
    for label, bedrooms, area, accessible, price, cost, land, bought_on, formula, terms, resale in OWNED_HOMES:
        if Home.objects.filter(housing_project=project, label=label).exists():
            continue
        offered_at = timezone.make_aware(datetime.combine(bought_on - timedelta(days=45), datetime.min.time()))
        with dated(story_moment(offered_at - timedelta(days=30))):
            home = services.create_home(acting_user=staff, operator=clt, housing_project=project, label=label, bedrooms=bedrooms,
                                        floor_area=Decimal(area), is_accessible=accessible, price=Decimal(price),
                                        cost_price=Decimal(cost), land_value=Decimal(land))
        # The last eligible household of the list that had applied before the
        # purchase, so the demo candidate (Ménage Diallo) keeps their turn for
        # the homes of the Rue du Niveau.
        registered_before = set(
            Application.objects.filter(submitted_at__date__lt=bought_on).exclude(household__name="Ménage Diallo")
            .values_list("pk", flat=True)
        )
        lines = [line for line in selectors.ranking(home) if line.candidate.application_id in registered_before]
        application = Application.objects.get(pk=lines[-1].candidate.application_id)
        with dated(story_moment(offered_at + timedelta(hours=10))):
            # The households ranked before it today applied after this offer was made
            # (the register's order of that day): said, as the register asks.
            offer = services.make_offer(
                acting_user=staff, home=home, application=application,
                skip_reason="Offre faite dans l'ordre du registre de ce jour-là : les ménages classés avant celui-ci "
                            "aujourd'hui se sont inscrits après l'offre, ou avaient déjà un logement en vue (Ménage Diallo).")
        with dated(story_moment(offered_at + timedelta(days=6, hours=10))):
            services.answer_offer(acting_user=staff, offer=offer, accept=True)
        with dated(story_moment(bought_on)):
            deed = services.record_deed(acting_user=staff, home=home, bought_on=bought_on, price_paid=offer.max_price,
                                        formula=formula, **terms, **DEMO_LEASE, lease_starts_on=bought_on)
        # Demo history only: the offer was made and accepted before the purchase.
        Offer.objects.filter(pk=offer.pk).update(made_at=offered_at, answered_at=offered_at + timedelta(days=6),
                                                 answer_by=(offered_at + timedelta(days=14)).date())
        # The buyers live in the home they bought: their address is its dwelling's.
        move_in(household=deed.household, dwelling=home.dwelling)
        for person in application.persons.all():
            HouseholdMember.objects.get_or_create(
                household=deed.household, full_name=person.full_name,
                defaults={"relationship": "adult" if person.relationship == "adult" else "child", "since": bought_on},
            )
        if resale:
            services.record_resale(acting_user=staff, deed=deed, valued_on=timezone.localdate(), **resale)
