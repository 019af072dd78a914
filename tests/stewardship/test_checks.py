"""The yearly checks' services on a fixed clock across a year end: opened
once per home, answered by the owner (or on paper by the officer), checked,
reminded once, and past the deadline sent to the officer, never silently."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from socle_site.kernel.crypto import decrypt_bytes

from community.models import Notification
from community.stewardship import services
from community.stewardship.models import YearlyCheck
from community.stewardship.services import StewardshipRefusal
from tests.stewardship.conftest import PDF, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _titles(user) -> list[str]:
    return [n.title for n in Notification.objects.filter(recipient=user).order_by("pk")]


def _open(homes, today=date(2026, 12, 1)):
    services.open_checks(today=today)
    return YearlyCheck.objects.get(dwelling=homes.a3, kind="occupancy", year=2026)


def test_checks_open_once_per_owned_home_and_the_owners_are_told_in_their_language(homes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.open_checks(today=date(2026, 12, 1)) == 4  # two homes: 2026's occupancy, 2026's insurance
        assert services.open_checks(today=date(2026, 12, 2)) == 0  # idempotent
    assert not YearlyCheck.objects.filter(dwelling=homes.empty).exists()
    check = YearlyCheck.objects.get(dwelling=homes.b2, kind="occupancy")
    assert (check.year, check.opened_on, check.due_on, check.household) == (2026, date(2026, 12, 1), date(2027, 1, 30), homes.second)
    # The insurance year 2026 opened on 1 February: a home seen late still gets two weeks.
    insurance = YearlyCheck.objects.get(dwelling=homes.b2, kind="insurance")
    assert (insurance.year, insurance.due_on) == (2026, date(2026, 12, 15))
    with translation.override("nl"):
        assert any("jaarlijkse controle" in title.lower() for title in _titles(homes.jan)), _titles(homes.jan)
    with translation.override("fr"):
        assert any("vérification annuelle" in title.lower() for title in _titles(homes.fatima)), _titles(homes.fatima)
    # Across the year end the same year's check stays the one open.
    assert services.open_checks(today=date(2027, 1, 10)) == 0


def test_the_owner_answers_with_a_document_kept_encrypted(homes):
    check = _open(homes)
    services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf())
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.SUBMITTED and check.answered_by == homes.fatima
    assert bytes(check.document) != PDF and decrypt_bytes(bytes(check.document)) == PDF
    with pytest.raises(StewardshipRefusal, match="already sent"):
        services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf())


@pytest.mark.parametrize("who, declared, upload, message", [
    ("jan", True, "pdf", "Only the owner household of this home answers its checks."),
    ("neighbour", True, "pdf", "Only the owner household of this home answers its checks."),
    ("fatima", False, "pdf", "Tick the box to confirm what the check asks."),
    ("fatima", True, None, "Add the document the trust asks for."),
    ("fatima", True, "exe", "Send a PDF, PNG or JPEG file."),
])
def test_a_wrong_answer_is_refused_and_changes_nothing(homes, who, declared, upload, message):
    check = _open(homes)
    file = {"pdf": pdf(), None: None, "exe": SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03" * 20)}[upload]
    with pytest.raises(StewardshipRefusal) as refused:
        services.answer_check(acting_user=getattr(homes, who), check=check, declared=declared, upload=file)
    assert refused.value.message == message
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.OPEN and check.document_size == 0 and check.answered_at is None


def test_the_officer_enters_a_paper_answer_and_checks_it(homes, django_capture_on_commit_callbacks):
    check = _open(homes)
    services.answer_check(acting_user=homes.steward, check=check, declared=True, upload=pdf())
    with pytest.raises(StewardshipRefusal, match="Say why"):
        services.review_check(acting_user=homes.steward, check=check, accept=False, note="  ")
    with pytest.raises(StewardshipRefusal, match="Only the stewardship officers"):
        services.review_check(acting_user=homes.fatima, check=check, accept=True)
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.review_check(acting_user=homes.steward, check=check, accept=False, note="The certificate is older than three months.")
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.OPEN and check.review_note.startswith("The certificate")
    assert Notification.objects.filter(recipient=homes.fatima, body__contains="older than three months").exists()
    services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf("new.pdf"))
    services.review_check(acting_user=homes.steward, check=check, accept=True)
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.ACCEPTED and check.review_note == ""
    with pytest.raises(StewardshipRefusal, match="already accepted"):
        services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf())


def test_one_reminder_before_the_deadline_then_the_officer_is_told_once_the_day_after(homes, django_capture_on_commit_callbacks):
    check = _open(homes)
    services.answer_check(acting_user=homes.jan, check=YearlyCheck.objects.get(dwelling=homes.b2, kind="occupancy"),
                          declared=True, upload=pdf())
    YearlyCheck.objects.filter(kind="insurance").delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(today=date(2027, 1, 15)) == 0  # too early
        assert services.send_reminders(today=date(2027, 1, 16)) == 1  # Fatima's only: Jan answered
        assert services.send_reminders(today=date(2027, 1, 20)) == 0  # once
        assert services.escalate_overdue(today=date(2027, 1, 30)) == 0  # the deadline day is still in time
        assert services.escalate_overdue(today=date(2027, 1, 31)) == 1
        assert services.escalate_overdue(today=date(2027, 2, 1)) == 0  # once
    check.refresh_from_db()
    assert check.reminded_at is not None and check.escalated_at is not None and check.status == YearlyCheck.Status.OPEN
    assert len(_titles(homes.steward)) == 1 and "A3" in _titles(homes.steward)[0]
    assert not Notification.objects.filter(recipient=homes.jan, title__icontains="late").exists()


def test_a_sale_recorded_in_the_register_names_the_owner_the_checks_follow(homes):
    from decimal import Decimal

    from community.candidates import policy as register_policy
    from community.candidates.services import create_home
    from community.candidates.services.deeds import record_imported_deed
    from tests.candidates.factories import OperatorFactory
    from tests.factories import UserFactory

    officer = UserFactory(is_superuser=True)
    operator = OperatorFactory(name="CLT Brussels")
    operator.staff.add(officer)
    home = create_home(acting_user=officer, operator=operator,
                       housing_project=homes.project, label="C1", bedrooms=2, floor_area=Decimal(70),
                       is_accessible=False, price=Decimal(150000), cost_price=Decimal(250000), land_value=Decimal(60000))
    assert home.dwelling == homes.empty
    record_imported_deed(acting_user=officer, home=home, household=homes.second,
                         bought_on=date(2026, 12, 5), terms=register_policy.DeedTerms(
                             formula="fixed_rate", price_paid=Decimal(150000), bought_on=date(2026, 12, 5), rate_percent=Decimal(2)))
    homes.empty.refresh_from_db()
    assert (homes.empty.owner_household, homes.empty.owned_since) == (homes.second, date(2026, 12, 5))
    services.open_checks(today=date(2026, 12, 6))
    # Bought after 2026's opening day: first asked in 2027.
    assert not YearlyCheck.objects.filter(dwelling=homes.empty, kind="occupancy").exists()
    services.open_checks(today=date(2027, 12, 1))
    assert YearlyCheck.objects.filter(dwelling=homes.empty, kind="occupancy", year=2027, household=homes.second).exists()
