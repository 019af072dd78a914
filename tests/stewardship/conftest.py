from datetime import date
from decimal import Decimal

import pytest

from community.models import Dwelling, Role
from community.services.dwellings import record_owner
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    HousingProjectFactory,
    UserFactory,
)


@pytest.fixture
def homes(db):
    """Two owned flats of one project, each with its owner household (a
    French-speaking and a Dutch-speaking member), a flat nobody owns, and a
    stewardship officer. Rules: occupancy opens on 1 December, insurance on
    1 February, 60 days to answer, a reminder 14 days before."""
    from community.stewardship.models import CheckRule
    from community.stewardship.services import ensure_rules

    ensure_rules()
    CheckRule.objects.filter(kind="occupancy").update(opens_month=12, opens_day=1, answer_days=60, reminder_days=14,
                                                      is_enabled=True)
    CheckRule.objects.filter(kind="insurance").update(opens_month=2, opens_day=1, answer_days=60, reminder_days=14,
                                                      is_enabled=True)
    project = HousingProjectFactory(name="Arc-en-Ciel")
    fatima = UserFactory(email="fatima@example.org", first_name="Fatima", language="fr")
    jan = UserFactory(email="jan@example.org", first_name="Jan", language="nl")
    first = HouseholdMemberFactory(user=fatima, household=HouseholdFactory(name="Famille El Amrani")).household
    second = HouseholdMemberFactory(user=jan, household=HouseholdFactory(name="Famille Peeters")).household
    a3 = record_owner(dwelling=Dwelling.objects.create(housing_project=project, label="A3"), household=first,
                      since=date(2021, 3, 15))
    b2 = record_owner(dwelling=Dwelling.objects.create(housing_project=project, label="B2"), household=second,
                      since=date(2021, 3, 15))
    empty = Dwelling.objects.create(housing_project=project, label="C1")
    steward = UserFactory(email="steward@example.org", first_name="Sam", roles=[Role.STEWARD])
    neighbour = UserFactory(email="neighbour@example.org", first_name="Nora", roles=[Role.RESIDENT, Role.COOWNER])
    return type("Homes", (), dict(project=project, fatima=fatima, jan=jan, first=first, second=second, a3=a3, b2=b2,
                                  empty=empty, steward=steward, neighbour=neighbour))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="certificate.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


TRUST_IBAN = "BE48001123456727"
BOUGHT = date(2025, 11, 30)


@pytest.fixture
def leases(homes):
    """The two owned flats with their deeds' land leases (15 € a month from 30
    November 2025, the first one indexed) and the trust's ground-lease account."""
    from community.candidates import policy as deed_policy
    from community.candidates.services import create_home
    from community.candidates.services.deeds import record_imported_deed
    from community.services.bank_accounts import set_trust_account
    from tests.candidates.factories import OperatorFactory

    officer = UserFactory(is_superuser=True)
    operator = OperatorFactory(name="CLT Bruxelles")
    operator.staff.add(officer)
    for dwelling, household, indexed in ((homes.a3, homes.first, True), (homes.b2, homes.second, False)):
        home = create_home(acting_user=officer, operator=operator, housing_project=homes.project, label=dwelling.label,
                           bedrooms=2, floor_area=Decimal(70), is_accessible=False, price=Decimal(150000),
                           cost_price=Decimal(250000), land_value=Decimal(60000))
        record_imported_deed(
            acting_user=officer, home=home, household=household, bought_on=BOUGHT,
            terms=deed_policy.DeedTerms(formula="fixed_rate", price_paid=Decimal(150000), bought_on=BOUGHT,
                                        rate_percent=Decimal(2)),
            lease=deed_policy.LeaseTerms(starts_on=BOUGHT, years=50, fee_cents=1500, fee_period="monthly", indexed=indexed))
    set_trust_account(acting_user=None, purpose="ground_lease", iban=TRUST_IBAN, holder="CLT Bruxelles — redevances")
    homes.officer = officer
    return homes


def statement(*entries) -> bytes:
    """The trust's ground-lease account statement (CAMT.053) with these entries."""
    from socle_site.kernel.banking.statements.camt_writer import write_camt053

    return write_camt053(TRUST_IBAN, list(entries), statement_id="2026-01")
