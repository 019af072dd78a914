"""The record of processing: complete, valid, shown to staff and the public."""

import pytest
from django.apps import apps

from community.privacy import registry
from community.privacy.registry import Category, LegalBasis, Retention, declare
from tests.refusals import assert_refused


def test_every_model_with_personal_fields_is_declared():
    missing = registry.undeclared_personal_models()
    message = "\n".join(
        f"- {model._meta.label} (personal fields: {', '.join(fields)}): add to {model._meta.app_config.name.replace('.', '/')}/privacy.py\n"
        f"    declare({model.__name__}, purpose=_(...), legal_basis=LegalBasis..., categories=[Category...],\n"
        f"            visible_to=_(...), retention=Retention(_(...), expired=...), subject=[\"<lookup to the user>\"])\n"
        f"  (or declare_not_personal({model.__name__}, reason=_(...)) if these fields are not about a person)"
        for model, fields in missing
    )
    assert not missing, "Models holding personal data without a declaration in the record of processing:\n" + message


def test_every_declaration_names_a_real_lookup_to_the_person(db):
    from tests.factories import UserFactory

    user = UserFactory()
    for declaration in registry.declarations():
        declaration.rows_of(user).count()  # raises FieldError on a wrong lookup


def test_a_model_with_a_link_to_a_person_counts_as_personal():
    user_model = apps.get_model("community", "User")
    household_model = apps.get_model("community", "Household")
    project_model = apps.get_model("community", "HousingProject")
    assert "email" in registry.personal_fields(user_model)
    assert "name" not in registry.personal_fields(apps.get_model("community", "College"))
    assert "address" in registry.personal_fields(household_model)
    assert "household" in registry.personal_fields(apps.get_model("community", "HouseholdMember"))
    assert project_model._meta.label in registry.not_personal()


def test_declare_refuses_unknown_values():
    user_model = apps.get_model("community", "User")
    with pytest.raises(ValueError, match="legal basis"):
        declare(user_model, purpose="x", legal_basis="because", categories=[Category.IDENTITY], visible_to="x", retention=Retention("x"))
    with pytest.raises(ValueError, match="categories"):
        declare(user_model, purpose="x", legal_basis=LegalBasis.CONTRACT, categories=["shoe size"], visible_to="x", retention=Retention("x"))
    with pytest.raises(ValueError, match="no field"):
        declare(user_model, purpose="x", legal_basis=LegalBasis.CONTRACT, categories=[Category.IDENTITY], visible_to="x", retention=Retention("x"), sensitive_fields=["shoe_size"])
    # The real declaration is untouched by the refusals.
    assert registry.declaration_for(user_model).legal_basis == LegalBasis.CONTRACT


def test_sensitive_data_is_declared_sensitive():
    person = apps.get_model("candidates", "Person")
    declaration = registry.declaration_for(person)
    assert declaration.is_sensitive
    assert {"national_number", "yearly_income"} <= set(declaration.sensitive_fields)
    for name in declaration.sensitive_fields:
        assert type(person._meta.get_field(name)).__name__ == "EncryptedTextField"


@pytest.mark.parametrize(
    ("language", "heading", "basis"),
    [
        ("fr", "Comment Socle traite vos données personnelles", "Obligation légale"),
        ("nl", "Hoe Socle met uw persoonsgegevens omgaat", "Wettelijke verplichting"),
        ("en", "How Socle handles your personal data", "Legal obligation"),
    ],
)
def test_privacy_notice_is_rendered_from_the_record_in_each_language(client, db, language, heading, basis):
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert basis in html
    public = [d for d in registry.declarations() if d.public]
    assert html.count('<article class="card"') == len(public)


def test_footer_links_the_privacy_notice(client, db):
    html = client.get("/en/privacy/").content.decode()
    assert 'href="/en/privacy/"' in html


def test_record_in_the_administration_is_for_staff_only(client_of, staff_user, db):
    from tests.factories import UserFactory

    staff_user.is_staff = True
    staff_user.save()
    response = client_of(staff_user).get("/admin/privacy/record/")
    assert response.status_code == 200
    assert "candidates.Person" in response.content.decode()
    member = UserFactory(is_staff=True)  # admin access but not the staff role
    assert_refused(client_of(member).get("/admin/privacy/record/"), "Only the data protection officer reads the record of processing.")



def test_record_shows_the_retention_dry_run(client_of, staff_user, user_factory, db):
    import datetime as dt

    from django.utils import timezone

    from community.models import Notification

    staff_user.is_staff = True
    staff_user.save()
    Notification.objects.create(recipient=user_factory(), category="x", title="old", created_at=timezone.now() - dt.timedelta(days=400))
    html = client_of(staff_user).get("/admin/privacy/record/").content.decode()
    assert "À traiter au prochain passage quotidien" in html  # the admin speaks the member's language
    assert Notification.objects.count() == 1  # a dry run


def test_the_record_says_members_without_email_are_written_to_by_post():
    from django.utils import translation

    user_model, household_model = apps.get_model("community", "User"), apps.get_model("community", "Household")
    with translation.override("en"):
        assert "convene them by post" in str(registry.declaration_for(user_model).purpose)
        assert "where they receive letters" in str(registry.declaration_for(household_model).purpose)
