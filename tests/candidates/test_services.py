"""The register's writes: each success and each refusal (clear message, nothing changed)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.candidates import selectors, services
from community.candidates.models import Application, Home, Offer, SupportingDocument
from community.candidates.policy import PriceAboveCap
from community.candidates.services import CandidacyRefusal
from community.models import AuditEvent, Notification
from community.privacy.models import AccessLog

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name="proof.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def activate(application, setup):
    for person in application.persons.filter(relationship="adult"):
        doc = services.upload_document(acting_user=setup.officer, person=person, kind="income", upload=pdf())
        services.review_document(acting_user=setup.officer, document=doc, validated=True)
    services.complete_step(acting_user=setup.officer, application=application, step=setup.step)
    application.refresh_from_db()
    return application


class TestApply:
    def test_application_is_classed_numbered_and_notified(self, register_setup, apply_for, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            application = apply_for()
        assert application.status == Application.Status.PENDING
        assert application.category.code == "A"  # 28,000 ≤ 30,000 + 8,000 + 3,000
        assert (application.household_size, application.adults) == (3, 2)
        assert application.renew_by == (application.submitted_at + timedelta(days=365)).date()
        assert Notification.objects.filter(recipient=register_setup.applicant, category="candidacy").exists()
        assert AuditEvent.objects.filter(action="candidacy.submitted", target_id=str(application.pk)).exists()
        # The applicant now holds the candidate-owner role of the community core.
        assert register_setup.applicant.role_assignments.filter(role="candidate", ended_at__isnull=True).exists()

    def test_sequence_orders_applications_in_the_same_second(self, register_setup, apply_for, user_factory, time_machine):
        time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
        first = apply_for(user_factory())
        second = apply_for(user_factory())
        assert first.submitted_at == second.submitted_at and first.pk < second.pk

    def test_a_household_registers_once(self, register_setup, apply_for):
        apply_for()
        with pytest.raises(CandidacyRefusal, match="already in the register"):
            apply_for()
        assert Application.objects.count() == 1

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"consents": False}, "consent"),
            ({"operators": []}, "at least one operator"),
            ({"persons": [{"full_name": "Kid", "relationship": "dependant", "birth_year": 2015}]}, "at least one adult"),
            ({"bedrooms_min": 4, "bedrooms_max": 2}, "cannot exceed"),
            ({"persons": [{"full_name": "A", "relationship": "adult", "birth_year": 1990, "yearly_income": "-5"}]}, "cannot be negative"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_stored(self, register_setup, apply_for, overrides, message):
        with pytest.raises(CandidacyRefusal, match=message):
            apply_for(**overrides)
        assert Application.objects.count() == 0

    def test_paper_application_only_by_the_operators_staff(self, register_setup, apply_for, household):
        with pytest.raises(CandidacyRefusal, match="paper application"):
            apply_for(user=register_setup.other_officer, applicant=None, household=household)
        application = apply_for(user=register_setup.officer, applicant=None, household=household)
        assert application.channel == Application.Channel.PAPER


class TestActivationAndDocuments:
    def test_steps_and_validated_proofs_make_it_active(self, register_setup, apply_for):
        application = apply_for()
        assert len(selectors.missing_items(application)) == 3  # one step, two adults' proofs
        activate(application, register_setup)
        assert application.status == Application.Status.ACTIVE
        assert selectors.missing_items(application) == []

    def test_documents_are_stored_encrypted(self, register_setup, apply_for):
        application = apply_for()
        person = application.persons.first()
        doc = services.upload_document(acting_user=register_setup.applicant, person=person, kind="income", upload=pdf())
        assert PDF not in bytes(SupportingDocument.objects.get(pk=doc.pk).encrypted_content)

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("x.exe", b"MZ\x90\x00rest", content_type="application/pdf"), "PDF, PNG or JPEG"),
            (SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"), "5 MB"),
        ],
    )
    def test_type_and_size_are_checked(self, register_setup, apply_for, upload, message):
        person = apply_for().persons.first()
        with pytest.raises(CandidacyRefusal, match=message):
            services.upload_document(acting_user=register_setup.applicant, person=person, kind="income", upload=upload)
        assert not SupportingDocument.objects.exists()

    def test_someone_else_cannot_upload_or_review(self, register_setup, apply_for, user_factory):
        application = apply_for()
        person = application.persons.first()
        with pytest.raises(CandidacyRefusal, match="not yours"):
            services.upload_document(acting_user=user_factory(), person=person, kind="income", upload=pdf())
        doc = services.upload_document(acting_user=register_setup.applicant, person=person, kind="income", upload=pdf())
        for intruder in (register_setup.applicant, register_setup.other_officer):
            with pytest.raises(CandidacyRefusal, match="register staff"):
                services.review_document(acting_user=intruder, document=doc, validated=True)
        doc.refresh_from_db()
        assert doc.status == SupportingDocument.Status.SUBMITTED

    def test_a_rejection_needs_a_reason(self, register_setup, apply_for):
        person = apply_for().persons.first()
        doc = services.upload_document(acting_user=register_setup.applicant, person=person, kind="income", upload=pdf())
        with pytest.raises(CandidacyRefusal, match="why"):
            services.review_document(acting_user=register_setup.officer, document=doc, validated=False)


class TestRenewalAndLapse:
    def test_reminder_notice_then_lapse_never_silent(self, register_setup, apply_for, django_capture_on_commit_callbacks):
        application = activate(apply_for(), register_setup)
        renew_by = application.renew_by
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_renewal_reminders(today=renew_by - timedelta(days=10))["reminded"] == 1
            assert services.send_renewal_reminders(today=renew_by - timedelta(days=9))["reminded"] == 0  # once
            assert services.send_renewal_reminders(today=renew_by + timedelta(days=1))["noticed"] == 1
        application.refresh_from_db()
        assert application.status == Application.Status.ACTIVE
        Application.objects.filter(pk=application.pk).update(lapse_notice_sent_at=timezone.now() - timedelta(days=31))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_renewal_reminders(today=renew_by + timedelta(days=32))["lapsed"] == 1
        application.refresh_from_db()
        assert application.status == Application.Status.LAPSED
        titles = list(Notification.objects.filter(recipient=register_setup.applicant).values_list("title", flat=True))
        assert any("renouvel" in t.lower() or "renew" in t.lower() for t in titles)
        assert any("caduque" in t.lower() or "lapsed" in t.lower() for t in titles)

    def test_renewal_moves_the_date_keeps_the_number_and_reclasses(self, register_setup, apply_for):
        application = activate(apply_for(), register_setup)
        before = application.renew_by
        from tests.candidates.conftest import persons

        renewed = services.renew_application(acting_user=register_setup.applicant, application=application, persons=persons(income_1="40000"))
        assert renewed.pk == application.pk and renewed.renew_by == before + timedelta(days=365)
        assert renewed.category.code == "B"

    def test_a_lapsed_candidacy_cannot_be_renewed(self, register_setup, apply_for):
        application = apply_for()
        Application.objects.filter(pk=application.pk).update(status=Application.Status.LAPSED)
        from tests.candidates.conftest import persons

        with pytest.raises(CandidacyRefusal, match="lapsed"):
            services.renew_application(acting_user=register_setup.applicant, application=application, persons=persons())

    def test_correction_is_audited_with_a_reason(self, register_setup, apply_for):
        application = apply_for()
        with pytest.raises(CandidacyRefusal, match="reason"):
            services.correct_register(acting_user=register_setup.officer, application=application, status="withdrawn", reason=" ")
        with pytest.raises(CandidacyRefusal):
            services.correct_register(acting_user=register_setup.other_officer, application=application, status="withdrawn", reason="asked")
        services.correct_register(acting_user=register_setup.officer, application=application, status="withdrawn", reason="Asked by phone")
        event = AuditEvent.objects.get(action="candidacy.corrected")
        assert event.data == {"before": "pending", "after": "withdrawn", "reason": "Asked by phone"}
        application.refresh_from_db()
        assert (event.target_id, application.status) == (str(application.pk), "withdrawn")


class TestAllocation:
    def make_home(self, setup, project, **kw):
        values = dict(acting_user=setup.officer, operator=setup.operator, housing_project=project, label="Ground floor", bedrooms=2,
                      floor_area=Decimal(75), is_accessible=False, price=Decimal(180000), cost_price=Decimal(250000), land_value=Decimal(60000))
        values.update(kw)
        return services.create_home(**values)

    def test_price_above_the_legal_cap_is_refused(self, register_setup, housing_project):
        with pytest.raises(PriceAboveCap, match="134/2"):
            self.make_home(register_setup, housing_project, price=Decimal(190001))
        assert not Home.objects.exists()

    def test_only_the_operators_staff_describe_homes(self, register_setup, housing_project):
        with pytest.raises(CandidacyRefusal):
            self.make_home(register_setup, housing_project, acting_user=register_setup.other_officer)

    def test_offer_accept_and_everything_audited(self, register_setup, apply_for, housing_project, django_capture_on_commit_callbacks):
        application = activate(apply_for(), register_setup)
        home = self.make_home(register_setup, housing_project)
        with django_capture_on_commit_callbacks(execute=True):
            offer = services.make_offer(acting_user=register_setup.officer, home=home, application=application)
        # Category A: 60% of the cap (190,000) = 114,000, below the home's price.
        assert offer.max_price == Decimal("114000.00")
        assert Notification.objects.filter(recipient=register_setup.applicant, title__icontains=str(home.label)).exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=True)
        home.refresh_from_db()
        application.refresh_from_db()
        assert (home.status, application.status) == (Home.Status.ALLOCATED, Application.Status.HOUSED)
        assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"candidacy.offer_made", "candidacy.offer_answered", "candidacy.home_created"}
        assert Notification.objects.filter(recipient=register_setup.officer, category="candidacy_staff").exists()

    def test_offer_to_an_ineligible_household_is_refused(self, register_setup, apply_for, housing_project):
        pending = apply_for()  # not active yet
        home = self.make_home(register_setup, housing_project)
        with pytest.raises(CandidacyRefusal, match="not eligible"):
            services.make_offer(acting_user=register_setup.officer, home=home, application=pending)
        assert not Offer.objects.exists()
        home.refresh_from_db()
        assert home.status == Home.Status.OPEN

    def test_decline_needs_a_reason_and_reopens_the_home(self, register_setup, apply_for, housing_project, user_factory):
        application = activate(apply_for(), register_setup)
        home = self.make_home(register_setup, housing_project)
        offer = services.make_offer(acting_user=register_setup.officer, home=home, application=application)
        with pytest.raises(CandidacyRefusal, match="already offered"):
            services.make_offer(acting_user=register_setup.officer, home=home, application=application)
        with pytest.raises(CandidacyRefusal, match="not made to your household"):
            services.answer_offer(acting_user=user_factory(), offer=offer, accept=True)
        with pytest.raises(CandidacyRefusal, match="why"):
            services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=False)
        services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=False, reason="Too far from school")
        home.refresh_from_db()
        assert home.status == Home.Status.OPEN
        with pytest.raises(CandidacyRefusal, match="already been answered"):
            services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=True)


def test_readings_go_to_the_one_access_log_once_per_member_with_an_account(register_setup, apply_for, user_factory):
    from community.models import HouseholdMember
    from community.privacy.selectors import accesses_to, readings_of

    application = apply_for()
    partner = user_factory()
    HouseholdMember.objects.create(household=application.household, user=partner, full_name="Partner")
    services.log_access(user=register_setup.officer, application=application, what="candidacy")
    assert set(AccessLog.objects.values_list("subject", flat=True)) == {register_setup.applicant.pk, partner.pk}
    assert {entry.target_repr for entry in AccessLog.objects.all()} == {str(application)}
    # Each member sees it in "who opened my file"; the candidacy's page shows one reading.
    for member in (register_setup.applicant, partner):
        assert [e["what"] for e in accesses_to(member)] == ["candidacy"]
    assert len(readings_of(application)) == 1


def test_access_log_is_append_only(register_setup, apply_for):
    application = apply_for()
    services.log_access(user=register_setup.officer, application=application, what="candidacy")
    entry = AccessLog.objects.get()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_anonymised_figures_suppress_small_groups(register_setup, application_factory, income_category_factory):
    b = income_category_factory(code="B", rank=2)
    application_factory.create_batch(5, household_size=2)
    application_factory.create_batch(2, household_size=4, category=b)
    figures = selectors.anonymised_figures()
    assert dict(figures["category"]) == {"A – Modest": 5, f"B – {b.name}": None}
    assert dict(figures["size"]) == {"2": 5, "4": None}
    from community.candidates.stats import registered_candidate_count

    assert registered_candidate_count() == 7


def test_refusals_are_translated(register_setup, apply_for):
    from django.utils import translation

    apply_for()
    for language, text in [("fr", "déjà inscrit au registre"), ("nl", "staat al in het register")]:
        with translation.override(language), pytest.raises(CandidacyRefusal, match=text):
            apply_for()
