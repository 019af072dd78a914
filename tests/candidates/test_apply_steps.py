"""The online candidacy in five steps: each step validated on its own, the
draft kept between them (encrypted in the session), a page to check every
answer with a link back to each step, and the register place made only when
the candidacy is sent."""

import pytest

from community.candidates import draft as drafts
from community.candidates.models import Application
from tests.refusals import assert_not_found, assert_redirected, assert_refused, page_text

pytestmark = pytest.mark.django_db

START = "/fr/candidacy/apply/"


def step(name: str, lang: str = "fr") -> str:
    return f"/{lang}/candidacy/apply/{name}/"


def members(*people) -> dict:
    data = {"member_count": len(people), "action": "continue"}
    for i, (name, relationship, year) in enumerate(people):
        data.update({f"person-{i}-full_name": name, f"person-{i}-relationship": relationship, f"person-{i}-birth_year": year})
    return data


def fill(client, operator, *, name="Awa Diallo", lang="fr"):
    """Every step answered validly, up to the check page."""
    assert_redirected(client.post(step("members", lang), members((name, "adult", 1988), ("Ina Diallo", "dependant", 2016))), step("incomes", lang))
    assert_redirected(client.post(step("incomes", lang), {"income_0": "25000", "income_1": ""}), step("housing", lang))
    assert_redirected(client.post(step("housing", lang), {"current_tenure": "private_rent", "current_municipality": "Forest", "current_rent": "800"}), step("wishes", lang))
    assert_redirected(client.post(step("wishes", lang), {"wished_municipalities": ["Forest"], "bedrooms_min": 1, "bedrooms_max": 2, "operators": [operator.pk]}), step("check", lang))


def test_the_start_opens_the_first_step_and_nothing_is_chosen_for_the_person(client_of, register_setup):
    client = client_of(register_setup.applicant)
    assert_redirected(client.get(START), step("members"))
    page = client.get(step("members")).content.decode()
    assert "Étape 1 sur 5" in page_text(client.get(step("members")))
    assert "checked" not in page.split("<main", 1)[1]  # no relationship pre-selected
    client.post(step("members"), members(("Awa Diallo", "adult", 1988)))
    client.post(step("incomes"), {"income_0": "25000"})
    housing = client.get(step("housing")).content.decode().split("<main", 1)[1]
    assert "checked" not in housing and 'value="" selected' in housing  # the blank municipality


def test_a_step_with_an_error_says_so_at_the_top_and_keeps_every_value(client_of, register_setup):
    client = client_of(register_setup.applicant)
    response = client.post(step("members"), members(("Awa Diallo", "adult", "19888"), ("Ina Diallo", "dependant", 2016)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Erreur : Étape 1 sur 5" in body
    assert 'class="error-summary"' in body and 'href="#id_person-0-birth_year"' in body
    assert 'aria-invalid="true"' in body and 'aria-describedby="id_person-0-birth_year_error"' in body
    assert 'id="id_person-0-birth_year_error"' in body
    assert 'value="Ina Diallo"' in body and 'value="19888"' in body
    # The household as a whole: at least one adult, said in the summary too.
    body = client.post(step("members"), members(("Ina Diallo", "dependant", 2016))).content.decode()
    assert "Une candidature compte au moins un adulte." in page_text_of(body)


def page_text_of(body: str) -> str:
    return page_text(type("R", (), {"content": body.encode()})())


def test_members_are_added_and_removed_without_javascript(client_of, register_setup):
    client = client_of(register_setup.applicant)
    data = members(("Awa Diallo", "adult", 1988))
    data["action"] = "add"
    response = client.post(step("members"), data)
    assert response.status_code == 302 and response.url.endswith("#id_person-1-full_name")
    page = client.get(step("members")).content.decode()
    assert 'value="Awa Diallo"' in page and 'name="person-1-full_name"' in page
    data = members(("Awa Diallo", "adult", 1988), ("Moussa Diallo", "adult", 1985), ("Ina Diallo", "dependant", 2016))
    data["remove"] = "1"
    del data["action"]
    client.post(step("members"), data)
    kept = drafts.load(client.session)["members"]
    assert [m["full_name"] for m in kept] == ["Awa Diallo", "Ina Diallo"]


def test_each_step_is_validated_on_its_own(client_of, register_setup):
    client = client_of(register_setup.applicant)
    client.post(step("members"), members(("Awa Diallo", "adult", 1988), ("Ina Diallo", "dependant", 2016)))
    # An adult's income is required; a dependant's may stay empty.
    response = client.post(step("incomes"), {"income_0": "", "income_1": ""})
    assert 'href="#id_income_0"' in response.content.decode() and 'href="#id_income_1"' not in response.content.decode()
    client.post(step("incomes"), {"income_0": "25000"})
    response = client.post(step("housing"), {"current_rent": "-1"})
    body = response.content.decode()
    for target in ("id_current_tenure_0", "id_current_municipality", "id_current_rent"):
        assert f'href="#{target}"' in body
    client.post(step("housing"), {"current_tenure": "family", "current_municipality": "other", "current_rent": "0"})
    response = client.post(step("wishes"), {"bedrooms_min": 3, "bedrooms_max": 1})
    text = page_text(response)
    assert "Le nombre minimal de chambres ne peut dépasser le maximal." in text or "chambres" in text
    assert 'href="#id_operators_0"' in response.content.decode()


def test_a_later_step_cannot_be_opened_before_the_earlier_ones(client_of, register_setup):
    client = client_of(register_setup.applicant)
    assert_redirected(client.get(step("check")), step("members"))
    assert_refused(client.get(step("wishes")), "Answer this step first.", status=302)
    assert_not_found(client.get(step("elsewhere")))


def test_the_check_page_shows_every_answer_with_change_links_then_sends(client_of, register_setup, django_assert_max_num_queries):
    client = client_of(register_setup.applicant)
    fill(client, register_setup.operator)
    with django_assert_max_num_queries(12):
        response = client.get(step("check"))
    text = page_text(response)
    for shown in ("Awa Diallo", "Ina Diallo", "Location privée", "Forest", "CLT Brussels", "25 000,00 €"):
        assert shown in text, (shown, text)
    body = response.content.decode()
    for name in ("members", "incomes", "housing", "wishes"):
        assert f'href="{step(name)}?back=check"' in body
    # A change goes back to the check page.
    assert_redirected(client.post(step("housing") + "?back=check", {"current_tenure": "private_rent", "current_municipality": "Ixelles",
                                                                 "current_rent": "850", "back": "check"}), step("check"))
    # Sending without the consent is refused, and says so at the top.
    response = client.post(step("check"), {})
    assert 'href="#id_consents"' in response.content.decode() and not Application.objects.exists()
    response = client.post(step("check"), {"consents": "on"})
    assert_redirected(response, "/fr/candidacy/")
    application = Application.objects.get()
    assert application.current_municipality == "Ixelles" and application.household_size == 2 and application.adults == 1
    assert list(application.operators.all()) == [register_setup.operator]
    assert drafts.SESSION_KEY not in client.session


def test_the_draft_is_encrypted_in_the_session(client_of, register_setup):
    client = client_of(register_setup.applicant)
    client.post(step("members"), {**members(("Awa Diallo", "adult", 1988)), "person-0-national_number": "88.01.02-123.45"})
    stored = client.session[drafts.SESSION_KEY]
    assert "88.01.02" not in stored and "Awa" not in stored
    assert drafts.load(client.session)["members"][0]["national_number"] == "88.01.02-123.45"


def test_the_register_place_is_fixed_when_sent_not_when_the_draft_began(client_of, register_setup, time_machine):
    from tests.factories import UserFactory

    early, late = register_setup.applicant, UserFactory(email="late@example.org")
    early_client, late_client = client_of(early), client_of(late)
    time_machine.move_to("2026-03-02 09:00:00+01:00", tick=False)
    fill(early_client, register_setup.operator, name="Awa Diallo")  # began first, sends last
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    fill(late_client, register_setup.operator, name="Lotte Peeters")
    late_client.post(step("check"), {"consents": "on"})
    time_machine.move_to("2026-03-02 11:00:00+01:00", tick=False)
    early_client.post(step("check"), {"consents": "on"})
    first, second = Application.objects.order_by("id")
    assert first.household.members.filter(user=late).exists() and second.household.members.filter(user=early).exists()
    assert first.submitted_at < second.submitted_at
    assert second.submitted_at.isoformat().startswith("2026-03-02T10:00")  # 11:00 in Brussels


def test_a_household_already_in_the_register_may_not_apply_again(client_of, register_setup, apply_for):
    apply_for()
    client = client_of(register_setup.applicant)
    for url in (START, step("members"), step("check")):
        assert_refused(client.get(url), "Your household is already in the register.", status=302)
    # Nor by sending a draft kept from before: nothing more is registered.
    assert_refused(client.post(step("check"), {"consents": "on"}), "Your household is already in the register.", status=302)
    assert Application.objects.count() == 1


def test_steps_need_a_login(client):
    response = client.get(step("members"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_step_pages_keep_their_query_count(client_of, register_setup, django_assert_max_num_queries):
    client = client_of(register_setup.applicant)
    fill(client, register_setup.operator)
    for name in ("members", "incomes", "housing", "wishes"):
        with django_assert_max_num_queries(10):
            assert client.get(step(name)).status_code == 200


def test_the_steps_read_in_dutch_and_english(client_of, register_setup):
    client = client_of(register_setup.applicant)
    assert "Stap 1 van 5" in page_text(client.get(step("members", "nl")))
    assert "Step 1 of 5" in page_text(client.get(step("members", "en")))
    body = client.post(step("members", "nl"), members(("", "adult", 1988))).content.decode()
    assert "<title>Fout: " in body and "Er is een probleem" in body
