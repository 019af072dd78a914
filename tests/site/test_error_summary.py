"""A form that fails says so at the top: the base layout shows an error
summary ("There is a problem", a link per error to its field) and prefixes
the page title with "Error: " for every page whose forms have errors, so a
new form cannot forget it. Checked on the rule itself, on every template
(each page reaches the base layout; no template prints a field's errors
without the id its field points to), and on real pages of several apps."""

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from socle_site.kernel.form_errors import page_errors

from tests.factories import UserFactory
from tests.refusals import page_text

ROOT = Path(__file__).resolve().parents[2]
APPS = ["templates", "site", "community", "events", "coownership", "platform_forums"]


class SampleForm(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


def test_each_error_links_to_its_field_radio_groups_to_their_first_choice():
    form = SampleForm(data={})
    links = [(link.message, link.target) for link in page_errors([form])]
    assert links[0] == ("The whole form is wrong.", "")
    targets = [target for _message, target in links[1:]]
    assert targets == ["id_name", "id_kind_0", "id_boxes_0", ""]  # a hidden field's error has no field to reach


def test_formsets_lists_of_forms_and_unbound_forms():
    formset = forms.formset_factory(SampleForm, extra=0, min_num=1, validate_min=True)(data={
        "p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0", "p-0-name": "Ann"}, prefix="p")
    targets = [link.target for link in page_errors([formset, [SampleForm(), SampleForm()], "text", None])]
    assert "id_p-0-kind_0" in targets and "id_p-0-name" not in targets


def test_the_summary_and_the_title_prefix_in_three_languages():
    from django.utils import translation

    template = Template("{% load socle_tags %}{% error_title_prefix %}|{% error_summary %}")
    for language, prefix, title in (("fr", "Erreur :", "Il y a un problème"), ("nl", "Fout:", "Er is een probleem"),
                                    ("en", "Error:", "There is a problem")):
        with translation.override(language):
            out = template.render(Context({"form": SampleForm(data={"name": "x"})}))
            assert out.startswith(prefix + " |") and title in out and 'href="#id_kind_0"' in out
            assert template.render(Context({"form": SampleForm()})).strip() == "|"


def _templates():
    for app in APPS:
        yield from (ROOT / app).rglob("templates/**/*.html")
    yield from (ROOT / "templates").rglob("*.html")


def test_every_page_template_reaches_the_base_layout_that_holds_the_summary():
    base = (ROOT / "templates/base.html").read_text()
    assert "{% error_summary %}" in base and "<title>{% error_title_prefix %}" in base
    by_name = {}
    for path in _templates():
        name = str(path).split("/templates/", 1)[1]
        by_name[name] = path.read_text()
    from django.template.loader import get_template

    def source(name: str) -> str:
        return by_name.get(name) or get_template(name).template.source

    for name, text in by_name.items():
        if name.startswith(("wagtailadmin/", "admin/", "django/")):
            continue  # the editors' and administrators' own layouts
        parent = re.search(r'{%\s*extends\s+"([^"]+)"', text)
        seen = [name]
        while parent and parent.group(1) != "base.html" and parent.group(1) not in seen:  # an override extends its original
            seen.append(parent.group(1))
            parent = re.search(r'{%\s*extends\s+"([^"]+)"', source(parent.group(1)))
        assert parent is None or parent.group(1) in ("base.html", *seen[1:]) or parent.group(1).startswith("wagtail"), seen


def test_no_template_prints_a_field_error_its_field_cannot_point_to():
    # {{ field.errors }} renders the list with the id that the field's
    # aria-describedby names; a loop over the messages loses it.
    offenders = [
        str(path.relative_to(ROOT)) for path in _templates()
        if re.search(r"{%\s*for\s+\w+\s+in\s+[\w.]*\.errors\s*%}", path.read_text())
    ]
    assert offenders == []


# --- Real pages -------------------------------------------------------------


def _summary_targets(body: str) -> list[str]:
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def assert_summarised(response, title_prefix: str) -> None:
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert f"<title>{title_prefix} " in body, body[:400]
    targets = _summary_targets(body)
    for target in targets:  # each link reaches a field that says what is wrong with it
        assert f'id="{target}"' in body, target
    return targets


@pytest.mark.django_db
@pytest.mark.parametrize("language, prefix", [("fr", "Erreur :"), ("nl", "Fout:"), ("en", "Error:")])
def test_the_profile_form_says_so_at_the_top(client_of, language, prefix):
    user = UserFactory()
    response = client_of(user).post(f"/{language}/my/profile/", {"first_name": "x" * 300, "language": "zz"})
    targets = assert_summarised(response, prefix)
    assert "id_first_name" in targets and "id_language" in targets
    body = response.content.decode()
    assert 'aria-describedby="id_first_name_error"' in body and 'aria-invalid="true"' in body
    assert 'value="' + "x" * 300 + '"' in body  # what was typed is kept


@pytest.mark.django_db
def test_allauth_pages_say_so_at_the_top(client):
    response = client.post("/fr/accounts/login/", {"login": "", "password": ""})
    targets = assert_summarised(response, "Erreur :")
    assert "id_login" in targets and "id_password" in targets
    body = response.content.decode()
    assert 'id="id_login_error"' in body and 'aria-describedby="id_login_error"' in body and 'aria-invalid="true"' in body
    response = client.post("/nl/accounts/password/reset/", {"email": "not-an-address"})
    assert "id_email" in assert_summarised(response, "Fout:")


@pytest.mark.django_db
def test_the_paper_candidacy_with_its_formset_says_so_at_the_top(client_of):
    from tests.candidates.factories import OperatorFactory

    officer = UserFactory()
    OperatorFactory(name="CLT Brussels").staff.add(officer)
    response = client_of(officer).post("/fr/register/paper/", {
        "person-TOTAL_FORMS": 1, "person-INITIAL_FORMS": 0, "person-MIN_NUM_FORMS": 1, "person-MAX_NUM_FORMS": 12,
        "person-0-full_name": "Awa Diallo", "person-0-birth_year": "nineteen",
    })
    targets = assert_summarised(response, "Erreur :")
    for target in ("id_household_name", "id_person-0-birth_year", "id_current_tenure", "id_operators_0"):
        assert target in targets
    assert "Il y a un problème" in page_text(response)


@pytest.mark.django_db
def test_a_page_without_errors_has_no_summary(client_of):
    response = client_of(UserFactory()).get("/fr/my/profile/")
    assert 'class="error-summary"' not in response.content.decode() and "<title>Erreur" not in response.content.decode()


def test_a_generic_message_is_named_after_its_field_a_written_one_is_not():
    class Bedrooms(forms.Form):
        rooms = forms.IntegerField(label="Bedrooms", max_value=6)
        operators = forms.CharField(label="Operators", error_messages={"required": "Choose at least one operator."})

    from django.utils import translation

    with translation.override("en"):
        links = page_errors([Bedrooms(data={"rooms": "9"})])
    assert [(link.label, link.message) for link in links] == [
        ("Bedrooms", "Ensure this value is less than or equal to 6."), ("", "Choose at least one operator.")]
