"""Worked examples of the register's pure rules, plus properties."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from socle_site.kernel import formatting

from community.candidates import policy
from community.candidates.policy import (
    LUXEMBOURG_2023,
    CandidateFacts,
    HomeFacts,
    PriceAboveCap,
    PriceRule,
    PriorityRule,
    Threshold,
)

THRESHOLDS = [
    Threshold("A", D(27500), D(7400), D(2600)),
    Threshold("B", D(35000), D(9400), D(3300)),
    Threshold("C", D(45000), D(12000), D(4200)),
]


class TestIncomeCategory:
    def test_person_alone_just_under_the_first_ceiling(self):
        assert policy.income_category(incomes=[D(27500)], adults=1, dependants=0, thresholds=THRESHOLDS) == "A"

    def test_one_euro_above_moves_to_the_next_category(self):
        assert policy.income_category(incomes=[D(27501)], adults=1, dependants=0, thresholds=THRESHOLDS) == "B"

    def test_couple_with_two_children(self):
        # A's ceiling: 27,500 + 7,400 + 2 × 2,600 = 40,100; incomes 24,800 + 15,300 = 40,100.
        assert policy.income_category(incomes=[D(24800), D(15300)], adults=2, dependants=2, thresholds=THRESHOLDS) == "A"
        # B's ceiling: 35,000 + 9,400 + 6,600 = 51,000.
        assert policy.income_category(incomes=[D(24800), D(15301)], adults=2, dependants=2, thresholds=THRESHOLDS) == "B"
        assert policy.income_category(incomes=[D(51001)], adults=2, dependants=2, thresholds=THRESHOLDS) == "C"

    def test_above_every_ceiling_is_no_category(self):
        assert policy.income_category(incomes=[D(45001)], adults=1, dependants=0, thresholds=THRESHOLDS) is None

    def test_order_of_the_thresholds_given_does_not_matter(self):
        assert policy.income_category(incomes=[D(30000)], adults=1, dependants=0, thresholds=THRESHOLDS[::-1]) == "B"

    @given(st.integers(0, 100_000), st.integers(1, 4), st.integers(0, 6))
    def test_more_income_never_means_a_lower_category(self, income, adults, dependants):
        order = {"A": 0, "B": 1, "C": 2, None: 3}
        low = policy.income_category(incomes=[D(income)], adults=adults, dependants=dependants, thresholds=THRESHOLDS)
        high = policy.income_category(incomes=[D(income + 1000)], adults=adults, dependants=dependants, thresholds=THRESHOLDS)
        assert order[low] <= order[high]


class TestPriceCap:
    def test_legal_cap_is_cost_price_minus_land(self):
        assert policy.legal_cap(cost_price=D(255000), land_value=D(62000)) == D("193000.00")

    def test_price_at_the_cap_is_accepted(self):
        assert policy.check_price(price=D(193000), cost_price=D(255000), land_value=D(62000)) is None  # no refusal raised

    def test_price_above_the_cap_is_refused_with_the_rule(self):
        with pytest.raises(PriceAboveCap, match="134/2") as error:
            policy.check_price(price=D("193000.01"), cost_price=D(255000), land_value=D(62000))
        assert formatting.format_euros(D("193000")) in str(error.value)  # in the reader's language

    def test_share_of_cap(self):
        rule = PriceRule(PriceRule.SHARE_OF_CAP, D(60))
        assert policy.maximum_price(rule=rule, cost_price=D(255000), land_value=D(62000), yearly_income=D(0)) == D("115800.00")

    def test_income_multiple_is_capped_by_law(self):
        rule = PriceRule(PriceRule.INCOME_MULTIPLE, D(5))
        assert policy.maximum_price(rule=rule, cost_price=D(255000), land_value=D(62000), yearly_income=D(30000)) == D("150000.00")
        assert policy.maximum_price(rule=rule, cost_price=D(255000), land_value=D(62000), yearly_income=D(50000)) == D("193000.00")

    def test_fixed_amount_never_above_the_cap(self):
        rule = PriceRule(PriceRule.FIXED, D(250000))
        assert policy.maximum_price(rule=rule, cost_price=D(255000), land_value=D(62000), yearly_income=D(0)) == D("193000.00")

    @given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 200), st.integers(0, 10**6))
    def test_maximum_never_exceeds_the_legal_cap(self, cost, land, share, income):
        for rule in (PriceRule(PriceRule.SHARE_OF_CAP, D(share)), PriceRule(PriceRule.INCOME_MULTIPLE, D(share)), PriceRule(PriceRule.FIXED, D(income))):
            price = policy.maximum_price(rule=rule, cost_price=D(cost), land_value=D(land), yearly_income=D(income))
            assert D(0) <= price <= max(policy.legal_cap(cost_price=D(cost), land_value=D(land)), D(0))


class TestResale:
    def test_appraisal_based_with_the_common_quarter(self):
        # Paid 150,000; appraisal 200,000 → 260,000: a quarter of 60,000 is 15,000; works 4,500.
        assert policy.resale_appraisal_based(
            price_paid=D(150000), appraisal_at_purchase=D(200000), appraisal_now=D(260000), improvements=D(4500)
        ) == D("169500.00")

    def test_appraisal_based_passes_no_fall_on(self):
        assert policy.resale_appraisal_based(price_paid=D(150000), appraisal_at_purchase=D(200000), appraisal_now=D(180000)) == D("150000.00")

    def test_appraisal_based_with_another_share(self):
        assert policy.resale_appraisal_based(
            price_paid=D(100000), appraisal_at_purchase=D(100000), appraisal_now=D(140000), share_percent=D(10)
        ) == D("104000.00")

    def test_index_based(self):
        # Index 110.25 → 126.40 over the years: 150,000 × 126.40 / 110.25 = 171,972.79
        assert policy.resale_index_based(price_paid=D(150000), index_at_purchase=D("110.25"), index_now=D("126.40")) == D("171972.79")

    def test_index_based_refuses_a_zero_index(self):
        with pytest.raises(policy.Refusal):
            policy.resale_index_based(price_paid=D(1), index_at_purchase=D(0), index_now=D(1))

    def test_fixed_rate_compounds_per_full_year(self):
        # 2% a year over 5 full years: 150,000 × 1.02⁵ = 165,612.12
        assert policy.resale_fixed_rate(price_paid=D(150000), rate_percent=D(2), bought_on=date(2020, 3, 1), sold_on=date(2025, 3, 1)) == D("165612.12")
        # One day short of the 5th anniversary: 4 full years, 162,364.82
        assert policy.resale_fixed_rate(price_paid=D(150000), rate_percent=D(2), bought_on=date(2020, 3, 1), sold_on=date(2025, 2, 28)) == D("162364.82")

    def test_fixed_rate_with_works(self):
        assert policy.resale_fixed_rate(price_paid=D(100000), rate_percent=D(0), bought_on=date(2020, 1, 1), sold_on=date(2030, 1, 1), improvements=D(1000)) == D("101000.00")


HOME = HomeFacts(bedrooms=2, is_accessible=False, municipality="Molenbeek-Saint-Jean")
T0 = datetime(2024, 1, 1, 9, 0)


def candidate(n, **kw):
    defaults = dict(application_id=n, register_number=n, applied_at=T0 + timedelta(seconds=n // 2), household_size=3, category="A")
    return CandidateFacts(**{**defaults, **kw})


class TestRanking:
    def test_fit_then_category_then_order_with_reasons(self):
        lines = policy.rank_candidates(
            home=HOME,
            candidates=[candidate(3), candidate(1, category="B"), candidate(2), candidate(4, household_size=6), candidate(5, category=None)],
            category_order=["A", "B"],
        )
        assert [line.candidate.application_id for line in lines] == [2, 3, 1]
        assert lines[0].reasons == [
            "A household of 3 fits 2 bedrooms.", "Income category A.", "Register no. 2, applied on 1 January 2024."
        ]

    def test_priority_points_come_before_the_register_order(self):
        rules = [PriorityRule(PriorityRule.WISHES_MUNICIPALITY, 1, "wishes the municipality")]
        lines = policy.rank_candidates(
            home=HOME, candidates=[candidate(1), candidate(2, wished_municipalities=("Molenbeek-Saint-Jean",))],
            category_order=["A"], priority_rules=rules,
        )
        assert [line.candidate.application_id for line in lines] == [2, 1]
        assert "Priority +1: wishes the municipality." in lines[0].reasons

    def test_accessibility_need_and_bedroom_wish_exclude(self):
        assert policy.ineligibility(candidate(1, needs_accessible=True), HOME) == "The household needs an accessible home."
        assert policy.ineligibility(candidate(1, bedrooms_min=3), HOME) is not None
        assert policy.ineligibility(candidate(1, household_size=1), HOME) is not None

    @pytest.mark.parametrize(("bedrooms", "smallest", "largest"), [(0, 1, 2), (1, 1, 3), (2, 2, 5), (3, 3, 7)])
    def test_occupancy_norm(self, bedrooms, smallest, largest):
        assert policy.fits_home(household_size=smallest, bedrooms=bedrooms)
        assert policy.fits_home(household_size=largest, bedrooms=bedrooms)
        assert not policy.fits_home(household_size=largest + 1, bedrooms=bedrooms)
        assert not policy.fits_home(household_size=smallest - 1, bedrooms=bedrooms)

    @given(
        st.lists(
            st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(2, 5), st.booleans(), st.booleans()),
            max_size=40,
        ),
        st.randoms(use_true_random=False),
    )
    def test_total_order_keeping_application_order_within_equal_priority(self, rows, rnd):
        rules = [PriorityRule(PriorityRule.WISHES_MUNICIPALITY, 2, "w"), PriorityRule(PriorityRule.LIVES_IN_MUNICIPALITY, 1, "l")]
        candidates = [
            candidate(i + 1, category=cat, household_size=size,
                      wished_municipalities=("Molenbeek-Saint-Jean",) if wish else (),
                      current_municipality="Molenbeek-Saint-Jean" if lives else "Forest")
            for i, (cat, size, wish, lives) in enumerate(rows)
        ]
        shuffled = candidates[:]
        rnd.shuffle(shuffled)
        lines = policy.rank_candidates(home=HOME, candidates=shuffled, category_order=["A", "B", "C"], priority_rules=rules)
        again = policy.rank_candidates(home=HOME, candidates=candidates, category_order=["A", "B", "C"], priority_rules=rules)
        ids = [line.candidate.application_id for line in lines]
        # A total order: the input order does not matter, and no two lines tie.
        assert ids == [line.candidate.application_id for line in again]
        assert len({line.key for line in lines}) == len(lines)
        # Keys never decrease; within equal category and points, the register order holds.
        for first, second in zip(lines, lines[1:], strict=False):
            assert first.key < second.key
            if (first.category_rank, first.points) == (second.category_rank, second.points):
                assert first.candidate.application_id < second.candidate.application_id
        # Every eligible candidate is ranked, every ineligible one left out.
        assert set(ids) == {c.application_id for c in candidates if policy.ineligibility(c, HOME) is None}


class TestAffordableRent:
    # Luxembourg 2023: 10% at the bottom, 35% at the top of the 6th decile
    # (4,750 €), 35% through the 7th (5,500 €), then a constant rent of
    # 0.35 × 5,500 = 1,925 €. In between: rate = 10% + 25% × income / 4,750.
    @pytest.mark.parametrize(
        ("decile", "income", "rent", "rate"),
        [
            (0, "0", "0.00", "10.0"),
            (1, "1900", "380.00", "20.0"),  # 10 + 25 × 0.4
            (2, "2500", "578.95", "23.2"),
            (3, "3000", "773.68", "25.8"),
            (4, "3500", "994.74", "28.4"),
            (5, "4000", "1242.11", "31.1"),  # "about 31% at the eligibility threshold"
            (6, "4750", "1662.50", "35.0"),
            (7, "5500", "1925.00", "35.0"),
            (8, "6400", "1925.00", "30.1"),  # constant rent from the 8th decile
            (9, "8000", "1925.00", "24.1"),
        ],
    )
    def test_every_decile_boundary(self, decile, income, rent, rate):
        assert policy.affordable_rent(curve=LUXEMBOURG_2023, monthly_income=D(income)) == (D(rent), D(rate))
        if decile:
            assert LUXEMBOURG_2023.deciles[decile - 1] == D(income)

    @given(st.integers(0, 20000), st.integers(1, 500))
    def test_rent_never_falls_as_income_rises(self, income, more):
        low, _ = policy.affordable_rent(curve=LUXEMBOURG_2023, monthly_income=D(income))
        high, _ = policy.affordable_rent(curve=LUXEMBOURG_2023, monthly_income=D(income + more))
        assert low <= high


class TestIncomeCeiling:
    """policy.income_ceiling: the one computation of a category's ceiling."""

    def test_person_alone_is_the_base(self):
        assert policy.income_ceiling(base=D(27500), per_adult=D(7400), per_dependant=D(2600), adults=1, dependants=0) == D(27500)

    def test_couple_with_two_children(self):
        # 27,500 + 7,400 for the second adult + 2 × 2,600 = 40,100
        assert policy.income_ceiling(base=D(27500), per_adult=D(7400), per_dependant=D(2600), adults=2, dependants=2) == D(40100)

    def test_threshold_asks_the_same_function(self):
        assert THRESHOLDS[0].ceiling(2, 2) == D(40100)


class TestOfferedPrice:
    """policy.offered_price: what a household is offered for a home."""

    FACTS = {"cost_price": D(250000), "land_value": D(60000)}  # legal cap 190,000

    def test_first_sale_share_of_the_cap(self):
        rule = PriceRule(PriceRule.SHARE_OF_CAP, D(80))  # 80% of 190,000 = 152,000
        price = policy.offered_price(home_price=D(180000), is_resale=False, rule=rule, yearly_income=D(30000), **self.FACTS)
        assert price == D("152000.00")

    def test_never_above_the_asking_price(self):
        rule = PriceRule(PriceRule.INCOME_MULTIPLE, D(6))  # 6 × 30,000 = 180,000 > asking 170,000
        price = policy.offered_price(home_price=D(170000), is_resale=False, rule=rule, yearly_income=D(30000), **self.FACTS)
        assert price == D(170000)

    def test_never_above_the_legal_cap(self):
        rule = PriceRule(PriceRule.FIXED, D(200000))  # above the cap of 190,000
        price = policy.offered_price(home_price=D(210000), is_resale=False, rule=rule, yearly_income=D(0), **self.FACTS)
        assert price == D("190000.00")

    def test_resale_keeps_the_price_the_deed_fixed(self):
        rule = PriceRule(PriceRule.SHARE_OF_CAP, D(50))
        price = policy.offered_price(home_price=D(163250), is_resale=True, rule=rule, yearly_income=D(20000), **self.FACTS)
        assert price == D(163250)

    def test_without_a_rule_the_asking_price(self):
        price = policy.offered_price(home_price=D(150000), is_resale=False, rule=None, yearly_income=D(20000), **self.FACTS)
        assert price == D(150000)
