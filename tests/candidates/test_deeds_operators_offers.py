"""Issue 9's last gaps: the owner's deed and its resale, rules per operator,
offers that expire. Each success next to the refusal a person would see."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from socle_site.kernel.formatting import format_euros, format_money

from community.candidates import policy, selectors, services
from community.candidates.models import (
    Deed,
    Home,
    Offer,
    OperatorPriceRule,
    PriorityRuleSetting,
    Resale,
)
from community.candidates.policy import DeedTerms, LeaseRefusal, ResaleRefusal, SaleFacts
from community.candidates.services import CandidacyRefusal
from community.models import AuditEvent, Notification
from tests.refusals import assert_refused

PDF = b"%PDF-1.4\n%%EOF\n"


# --- Pure: the resale computation explained -----------------------------------


class TestResaleComputation:
    def test_appraisal_based_lines_add_up(self):
        terms = DeedTerms(formula="appraisal", price_paid=Decimal(168000), bought_on=date(2015, 9, 1),
                          share_percent=Decimal(25), appraisal_at_purchase=Decimal(240000))
        price, lines = policy.resale_computation(
            terms, SaleFacts(sold_on=date(2026, 12, 1), appraisal_now=Decimal(318000), improvements=Decimal(6500)))
        # 168,000 + 25% × (318,000 − 240,000) + 6,500 works = 194,000
        assert price == Decimal("194000.00")
        assert [amount for _label, amount in lines] == [Decimal("168000.00"), Decimal("19500.00"), Decimal("6500.00")]
        assert sum(amount for _label, amount in lines) == price
        # Amounts in the reader's language through the one formatting path (en_BE here).
        assert lines[1][0] == "25% of the increase in appraised value (240.000,00\xa0€ then, 318.000,00\xa0€ now: +78.000,00\xa0€)"

    def test_index_based(self):
        terms = DeedTerms(formula="index", price_paid=Decimal(181000), bought_on=date(2015, 9, 1), index_at_purchase=Decimal("100.74"))
        price, lines = policy.resale_computation(terms, SaleFacts(sold_on=date(2026, 12, 1), index_now=Decimal("131.20")))
        assert price == policy.resale_index_based(price_paid=Decimal(181000), index_at_purchase=Decimal("100.74"), index_now=Decimal("131.20"))
        assert price == Decimal("235727.62")
        assert sum(amount for _label, amount in lines) == price
        assert "100.74 at purchase, 131.2 today" in lines[1][0]

    def test_fixed_rate_counts_full_years_only(self):
        terms = DeedTerms(formula="fixed_rate", price_paid=Decimal(100000), bought_on=date(2016, 3, 15), rate_percent=Decimal(2))
        price, lines = policy.resale_computation(terms, SaleFacts(sold_on=date(2026, 3, 14)))
        assert price == Decimal("119509.26")  # 100,000 × 1.02^9: the tenth year is not complete
        assert "9 full years" in lines[1][0]
        assert sum(amount for _label, amount in lines) == price

    @pytest.mark.parametrize(
        ("terms", "sale", "message"),
        [
            (dict(formula="appraisal", share_percent=Decimal(25)), dict(appraisal_now=Decimal(1)), "appraised value at purchase"),
            (dict(formula="appraisal", share_percent=Decimal(125), appraisal_at_purchase=Decimal(1)), dict(appraisal_now=Decimal(1)), "between 0 and 100"),
            (dict(formula="appraisal", share_percent=Decimal(25), appraisal_at_purchase=Decimal(1)), dict(), "today's appraised value"),
            (dict(formula="index", index_at_purchase=Decimal(0)), dict(index_now=Decimal(1)), "positive"),
            (dict(formula="index", index_at_purchase=Decimal(100)), dict(), "today's index"),
            (dict(formula="fixed_rate", rate_percent=Decimal(30)), dict(), "between 0 and 20"),
            (dict(formula="lottery"), dict(), "formula"),
            (dict(formula="fixed_rate", rate_percent=Decimal(2)), dict(sold_on=date(2000, 1, 1)), "before the purchase"),
        ],
    )
    def test_refusals(self, terms, sale, message):
        deed = DeedTerms(price_paid=Decimal(100000), bought_on=date(2016, 1, 1), **terms)
        with pytest.raises(ResaleRefusal, match=message):
            policy.resale_computation(deed, SaleFacts(**{"sold_on": date(2026, 1, 1), **sale}))


# --- Services ------------------------------------------------------------------


def activate(application, setup):
    for person in application.persons.filter(relationship="adult"):
        doc = services.upload_document(acting_user=setup.officer, person=person, kind="income",
                                       upload=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"))
        services.review_document(acting_user=setup.officer, document=doc, validated=True)
    services.complete_step(acting_user=setup.officer, application=application, step=setup.step)
    application.refresh_from_db()
    return application


def make_home(setup, project, operator=None, **kw):
    values = dict(acting_user=setup.officer, operator=operator or setup.operator, housing_project=project, label="Ground floor", bedrooms=2,
                  floor_area=Decimal(75), is_accessible=False, price=Decimal(180000), cost_price=Decimal(250000), land_value=Decimal(60000))
    values.update(kw)
    return services.create_home(**values)


APPRAISAL = dict(formula="appraisal", share_percent=Decimal(25), appraisal_at_purchase=Decimal(240000))


@pytest.fixture
def owned(db, register_setup, apply_for, housing_project, user_factory):
    """A home offered to the first household, accepted; and a second active
    household waiting."""
    first = activate(apply_for(), register_setup)
    second_user = user_factory(email="second@example.org")
    second = activate(apply_for(user=second_user), register_setup)
    home = make_home(register_setup, housing_project)
    offer = services.make_offer(acting_user=register_setup.officer, home=home, application=first)
    services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=True)
    home.refresh_from_db()
    return type("Owned", (), dict(home=home, offer=offer, first=first, second=second, second_user=second_user))


@pytest.mark.django_db
class TestDeedAndResale:
    def test_deed_needs_an_accepted_offer_and_the_operators_staff(self, register_setup, apply_for, housing_project, owned):
        open_home = make_home(register_setup, housing_project, label="Other")
        with pytest.raises(CandidacyRefusal, match="accepted the home"):
            services.record_deed(acting_user=register_setup.officer, home=open_home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        with pytest.raises(CandidacyRefusal, match="register staff of this operator"):
            services.record_deed(acting_user=register_setup.other_officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        with pytest.raises(ResaleRefusal, match="appraised value at purchase"):
            services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000),
                                 formula="appraisal", share_percent=Decimal(25))
        assert not Deed.objects.exists()
        deed = services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        assert (deed.household, deed.application, deed.formula) == (owned.first.household, owned.first, "appraisal")
        assert deed.index_at_purchase is None and deed.rate_percent is None  # only what the formula uses
        with pytest.raises(CandidacyRefusal, match="already recorded"):
            services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        assert AuditEvent.objects.filter(action="candidacy.deed_recorded").count() == 1

    def test_a_deed_s_land_lease_all_four_parts_or_none(self, register_setup, owned):
        record = dict(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5),
                      price_paid=Decimal(114000), **APPRAISAL)
        lease = dict(lease_starts_on=date(2026, 1, 5), lease_years=50, lease_fee_cents=1500, lease_fee_period="monthly")
        refusals = [
            (dict(lease, lease_fee_cents=None),
             "A land lease needs its start, duration, fee and period together (or none of them)."),
            (dict(lease, lease_starts_on=date(2026, 1, 4)), "The land lease cannot start before the purchase."),
            (dict(lease, lease_years=0), "The lease's duration must be between 1 and 999 years."),
            (dict(lease, lease_years=1000), "The lease's duration must be between 1 and 999 years."),
            (dict(lease, lease_fee_cents=-1), "The lease's fee cannot be negative."),
            (dict(lease_fee_indexed=True), "An indexed fee needs the lease: its start, duration, fee and period."),
        ]
        for given, message in refusals:
            with translation.override("en"), pytest.raises(LeaseRefusal) as refused:
                services.record_deed(**record, **given)
            assert refused.value.message == message
        assert not Deed.objects.exists()
        deed = services.record_deed(**record, **lease, lease_fee_indexed=True)
        assert (deed.lease_starts_on, deed.lease_years, deed.lease_fee_cents, deed.lease_fee_period,
                deed.lease_fee_indexed, deed.lease_ends_on) == (date(2026, 1, 5), 50, 1500, "monthly", True, date(2076, 1, 5))

    def test_the_model_refuses_a_partial_lease_in_the_reader_s_language(self, register_setup, owned):
        deed = Deed(home=owned.home, household=owned.first.household, bought_on=date(2026, 1, 5), price_paid=114000,
                    formula="fixed_rate", rate_percent=2, lease_years=50)
        with translation.override("fr"), pytest.raises(ValidationError) as refused:
            deed.clean()
        assert refused.value.message_dict == {"lease_starts_on": [
            "Un bail foncier demande ensemble son début, sa durée, sa redevance et sa périodicité (ou aucun des quatre)."
        ]}

    def test_resale_priced_by_the_deed_then_the_next_buyer_from_the_register(self, register_setup, owned, django_capture_on_commit_callbacks, time_machine):
        time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 1, 5, 10)))
        deed = services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        with pytest.raises(CandidacyRefusal, match="register staff"):
            services.record_resale(acting_user=register_setup.other_officer, deed=deed, valued_on=date(2036, 1, 5), appraisal_now=Decimal(300000))
        with pytest.raises(ResaleRefusal, match="today's appraised value"):
            services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2036, 1, 5))
        assert not Resale.objects.exists()
        time_machine.move_to(timezone.make_aware(timezone.datetime(2036, 1, 6, 10)))
        with django_capture_on_commit_callbacks(execute=True):
            resale = services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2036, 1, 5),
                                            appraisal_now=Decimal(300000), improvements=Decimal(4000))
        # 114,000 + 25% × 60,000 + 4,000
        assert resale.price == Decimal("133000.00")
        home = Home.objects.get(pk=owned.home.pk)
        assert (home.status, home.price, home.is_resale) == (Home.Status.OPEN, Decimal("133000.00"), True)
        assert [a for _l, a in selectors.resale_lines(resale)] == [Decimal("114000.00"), Decimal("15000.00"), Decimal("4000.00")]
        event = AuditEvent.objects.get(action="candidacy.resale_recorded")
        assert event.data["price"] == "133000.00" and len(event.data["computation"]) == 3
        assert Notification.objects.filter(recipient=register_setup.applicant, title__contains=format_euros(Decimal(133000), language=register_setup.applicant.language)).exists()
        with pytest.raises(CandidacyRefusal, match="already recorded"):
            services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2036, 1, 5), appraisal_now=Decimal(1))
        # The buyer comes from the same ranked list, and pays the deed's price.
        assert [line.candidate.application_id for line in selectors.ranking(home)] == [owned.second.pk]
        offer = services.make_offer(acting_user=register_setup.officer, home=home, application=owned.second)
        assert offer.max_price == Decimal("133000.00")
        services.answer_offer(acting_user=owned.second_user, offer=offer, accept=True)
        new = services.record_deed(acting_user=register_setup.officer, home=home, bought_on=date(2036, 3, 1), price_paid=offer.max_price,
                                   formula="fixed_rate", rate_percent=Decimal("1.5"))
        deed.refresh_from_db()
        assert deed.ended_on == date(2036, 3, 1)
        assert selectors.current_deed(home) == new

    def test_a_second_deed_without_a_resale_is_refused(self, register_setup, owned):
        services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5), price_paid=Decimal(114000), **APPRAISAL)
        # Staff could not allocate it again anyway: the home is not open.
        with pytest.raises(CandidacyRefusal, match="already offered or allocated"):
            services.make_offer(acting_user=register_setup.officer, home=owned.home, application=owned.second)


@pytest.mark.django_db
class TestRulesPerOperator:
    def test_each_operator_ranks_with_its_own_priorities(self, register_setup, apply_for, housing_project, user_factory):
        # Two households of category A; only the later one wishes the home's municipality.
        early = activate(apply_for(operators=[register_setup.operator, register_setup.other_operator], wished_municipalities=["Forest"]), register_setup_both(register_setup))
        later_user = user_factory()
        later = activate(apply_for(user=later_user, operators=[register_setup.operator, register_setup.other_operator]), register_setup)
        PriorityRuleSetting.objects.create(operator=register_setup.operator, kind="wishes_municipality", points=2)
        PriorityRuleSetting.objects.create(operator=register_setup.other_operator, kind="wishes_municipality", points=2, is_enabled=False)
        clt_home = make_home(register_setup, housing_project)
        other_home = make_home(register_setup, housing_project, operator=register_setup.other_operator, label="Other",
                               acting_user=register_setup.other_officer)
        assert housing_project.municipality == "Molenbeek-Saint-Jean"
        assert [line.candidate.application_id for line in selectors.ranking(clt_home)] == [later.pk, early.pk]
        assert [line.candidate.application_id for line in selectors.ranking(other_home)] == [early.pk, later.pk]

    def test_each_operator_may_set_its_own_price_rule(self, register_setup, apply_for, housing_project):
        application = activate(apply_for(operators=[register_setup.operator, register_setup.other_operator]), register_setup_both(register_setup))
        OperatorPriceRule.objects.create(operator=register_setup.other_operator, category=register_setup.a.category, price_rule="share_of_cap", price_value=50)
        clt_home = make_home(register_setup, housing_project)
        other_home = make_home(register_setup, housing_project, operator=register_setup.other_operator, label="Other",
                               acting_user=register_setup.other_officer)
        # The cap is 190,000: category A's default is 60%, the other operator's own rule 50%.
        assert selectors.max_price_for(clt_home, application) == Decimal("114000.00")
        assert selectors.max_price_for(other_home, application) == Decimal("95000.00")

    def test_operators_price_rule_never_passes_the_legal_cap(self, register_setup, apply_for, housing_project):
        application = activate(apply_for(), register_setup)
        OperatorPriceRule.objects.create(operator=register_setup.operator, category=register_setup.a.category, price_rule="fixed", price_value=900000)
        home = make_home(register_setup, housing_project)
        assert selectors.max_price_for(home, application) == Decimal("180000.00")  # the home's price, under the cap


def register_setup_both(setup):
    """Documents and steps are reviewed by the first operator's staff."""
    return setup


@pytest.mark.django_db
class TestOffersExpire:
    def test_deadline_expiry_notice_and_the_next_candidate(self, register_setup, apply_for, housing_project, user_factory,
                                                            django_capture_on_commit_callbacks, time_machine):
        time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 9)))
        register_setup.operator.offer_answer_days = 10
        register_setup.operator.save()
        first = activate(apply_for(), register_setup)
        second_user = user_factory()
        second = activate(apply_for(user=second_user), register_setup)
        home = make_home(register_setup, housing_project)
        offer = services.make_offer(acting_user=register_setup.officer, home=home, application=first)
        assert offer.answer_by == date(2026, 3, 12)
        # On the last day the household may still answer; the job leaves it alone.
        time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 12, 20)))
        assert services.expire_offers() == 0
        # The day after, the answer is refused even before the job runs.
        time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 13, 8)))
        with pytest.raises(CandidacyRefusal, match="deadline"):
            services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=True)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_offers() == 1
        offer.refresh_from_db()
        home.refresh_from_db()
        assert (offer.status, home.status) == (Offer.Status.EXPIRED, Home.Status.OPEN)
        # (in each person's own language: the home's name is in every wording)
        assert Notification.objects.filter(recipient=register_setup.applicant, category="candidacy", title__contains=str(home)).exists()
        assert Notification.objects.filter(recipient=register_setup.officer, category="candidacy_staff", title__contains=str(home)).exists()
        assert AuditEvent.objects.filter(action="candidacy.offer_expired").count() == 1
        # Idempotent: a second run changes and sends nothing.
        notes = Notification.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_offers() == 0
        assert Notification.objects.count() == notes
        assert AuditEvent.objects.filter(action="candidacy.offer_expired").count() == 1
        with pytest.raises(CandidacyRefusal, match="deadline"):
            services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=True)
        # The next candidate is offered the home; the first is off its list.
        assert [line.candidate.application_id for line in selectors.ranking(home)] == [second.pk]
        with pytest.raises(CandidacyRefusal, match="not eligible"):
            services.make_offer(acting_user=register_setup.officer, home=home, application=first)
        services.make_offer(acting_user=register_setup.officer, home=home, application=second)
        first.refresh_from_db()
        assert first.status == "active"  # the candidacy stays in the register

    def test_the_schedule_exists_after_migrate(self):
        from django_q.models import Schedule

        assert Schedule.objects.filter(name="candidates.offer_expiry", func="community.candidates.tasks.expire_offers").exists()

    def test_a_declined_home_is_not_offered_again_to_the_same_household(self, register_setup, apply_for, housing_project):
        first = activate(apply_for(), register_setup)
        home = make_home(register_setup, housing_project)
        offer = services.make_offer(acting_user=register_setup.officer, home=home, application=first)
        services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=False, reason="Too small")
        assert selectors.ranking(home) == []


# --- Pages -------------------------------------------------------------------------


@pytest.mark.django_db
class TestPages:
    def test_staff_record_the_deed_then_the_resale_and_see_the_computation(self, client_of, register_setup, owned):
        staff = client_of(register_setup.officer)
        url = f"/en/register/homes/{owned.home.pk}/"
        page = staff.get(url).content.decode()
        assert "Record the deed of candidacy no." in page
        # Bad input: a clear message, nothing stored.
        response = staff.post(f"{url}deed/", {"bought_on": "2026-01-05", "price_paid": "114000", "formula": "appraisal", "share_percent": "25"}, follow=True)
        assert "appraised value at purchase" in response.content.decode()
        response = staff.post(f"{url}deed/", {"bought_on": "not a date", "price_paid": "-1", "formula": "appraisal"}, follow=True)
        assert response.status_code == 200 and "Check the deed" in response.content.decode()
        assert not Deed.objects.exists()
        staff.post(f"{url}deed/", {"bought_on": "2026-01-05", "price_paid": "114000", "formula": "appraisal", "share_percent": "25",
                                   "appraisal_at_purchase": "240000"})
        assert Deed.objects.count() == 1
        page = staff.get(url).content.decode()
        assert "The owner sells: record the resale" in page and "Land lease" in page and "none recorded" in page
        response = staff.post(f"{url}resale/", {"valued_on": timezone.localdate().isoformat(), "appraisal_now": "300000", "improvements": "4000"}, follow=True)
        page = response.content.decode()
        assert "The resale price is 133.000,00\xa0€" in page
        assert "25% of the increase in appraised value" in page and "Resale price" in page
        assert Home.objects.get(pk=owned.home.pk).status == Home.Status.OPEN

    def test_staff_record_the_deed_with_its_land_lease_and_see_its_fee(self, client_of, register_setup, owned):
        staff = client_of(register_setup.officer)
        url = f"/en/register/homes/{owned.home.pk}/"
        assert "Land lease fee (€)" in staff.get(url).content.decode()
        deed = {"bought_on": "2026-01-05", "price_paid": "114000", "formula": "fixed_rate", "rate_percent": "2"}
        response = staff.post(f"{url}deed/", dict(deed, lease_years="50", lease_fee="15"), follow=True)
        assert ("A land lease needs its start, duration, fee and period together (or none of them)."
                in response.content.decode())
        response = staff.post(f"{url}deed/", dict(deed, lease_starts_on="2026-01-05", lease_years="50", lease_fee="-3",
                                                  lease_fee_period="monthly"), follow=True)
        assert "The lease&#x27;s fee cannot be negative." in response.content.decode()
        assert not Deed.objects.exists()
        staff.post(f"{url}deed/", dict(deed, lease_starts_on="2026-01-05", lease_years="50", lease_fee="15",
                                       lease_fee_period="monthly"))
        stored = Deed.objects.get()
        assert (stored.lease_years, stored.lease_fee_cents, stored.lease_fee_period, stored.lease_fee_indexed) == (
            50, 1500, "monthly", False)
        page = staff.get(url).content.decode()
        assert "15,00\xa0€ a month" in page and "not indexed" in page and "from 5 January 2026 to 5 January 2076" in page
        page = client_of(register_setup.officer).get(f"/fr/register/homes/{owned.home.pk}/").content.decode()
        assert "15,00\xa0€ par mois" in page and "non indexée" in page

    def test_the_administration_shows_the_lease_fee_as_money(self, client_of, register_setup, owned):
        from tests.factories import make_staff

        deed = services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2026, 1, 5),
                                    price_paid=Decimal(114000), **APPRAISAL, lease_starts_on=date(2026, 1, 5),
                                    lease_years=99, lease_fee_cents=18000, lease_fee_period="yearly")
        admin = client_of(make_staff(email="admin@example.org", is_superuser=True))
        for url in ("/admin/candidates/deed/", f"/admin/candidates/deed/{deed.pk}/change/"):
            page = admin.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
            assert f"{format_money(18000, language='nl')} (per jaar)" in page, url

    def test_other_operators_staff_and_candidates_are_refused(self, client_of, register_setup, owned):
        data = {"bought_on": "2026-01-05", "price_paid": "114000", "formula": "fixed_rate", "rate_percent": "2"}
        url = f"/en/register/homes/{owned.home.pk}/"
        assert_refused(client_of(register_setup.other_officer).post(f"{url}deed/", data), "Only the register staff of this home's operator manage it.")
        assert_refused(client_of(register_setup.applicant).post(f"{url}deed/", data), "Only the register staff of this home's operator manage it.")
        assert_refused(client_of(register_setup.applicant).post(f"{url}resale/", {"valued_on": "2030-01-01"}), "Only the register staff of this home's operator manage it.")
        assert_refused(client_of(register_setup.other_officer).get(url), "Only the register staff of this home's operator manage it.")
        assert not Resale.objects.exists()
        assert not Deed.objects.exists()

    def test_resale_without_a_deed_says_so(self, client_of, register_setup, owned):
        response = client_of(register_setup.officer).post(f"/en/register/homes/{owned.home.pk}/resale/", {"valued_on": "2030-01-01"}, follow=True)
        assert "record the deed first" in response.content.decode()

    def test_candidate_sees_the_answer_deadline(self, client_of, register_setup, apply_for, housing_project, time_machine):
        time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 9)))
        application = activate(apply_for(), register_setup)
        home = make_home(register_setup, housing_project)
        services.make_offer(acting_user=register_setup.officer, home=home, application=application)
        page = client_of(register_setup.applicant).get("/en/candidacy/").content.decode()
        assert "Answer by" in page and "16 March 2026" in page

    def test_ranking_page_with_a_deed_and_a_resale_keeps_its_query_count(self, client_of, register_setup, owned, user_factory, apply_for):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        deed = services.record_deed(acting_user=register_setup.officer, home=owned.home, bought_on=date(2020, 1, 5),
                                    price_paid=Decimal(114000), **APPRAISAL)
        services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=timezone.localdate(), appraisal_now=Decimal(250000))
        client = client_of(register_setup.officer)

        def count():
            client.get(f"/fr/register/homes/{owned.home.pk}/")  # warm the shared page caches first
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"/fr/register/homes/{owned.home.pk}/").status_code == 200
            return len(ctx.captured_queries)

        before = count()
        for _i in range(5):
            activate(apply_for(user=user_factory()), register_setup)
        assert count() == before
