"""Every free text a person types has a length limit, in the form and in the
model (issue 26: a ticket description accepted 200,000 characters)."""

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

PROJECT_APPS = ("community", "events", "coownership", "platform_forums", "socle_site")

# Text fields without a validator, each with why.
ALLOWED = {
    # Wagtail's own Page field, edited in the CMS (Wagtail limits its form).
    **{f"{label}.search_description": "Wagtail's Page field" for label in (
        "socle_site.ContentPage", "socle_site.EventIndexPage", "socle_site.PublicEventPage", "socle_site.HomePage",
        "socle_site.NewsIndexPage", "socle_site.NewsPage", "socle_site.ProjectIndexPage", "socle_site.ProjectPage",
        "socle_site.RecommendationIndexPage", "socle_site.TestimonialIndexPage", "socle_site.TestimonialPage",
    )},
    # Sanitised rich text of the CMS, written by the trust's editors only.
    **{f"{label}.{name}": "CMS rich text by editors" for label, name in (
        ("socle_site.EventIndexPage", "intro"), ("socle_site.HomePage", "body"), ("socle_site.NewsIndexPage", "intro"),
        ("socle_site.ProjectIndexPage", "intro"), ("socle_site.RecommendationIndexPage", "intro"),
        ("socle_site.TestimonialIndexPage", "intro"),
    )},
    "community.Notification.body": "written by Socle, not typed",
    "privacy.Consent.text": "a copy of the text agreed to, written by Socle",
    # Ciphertext: the form limits what is typed (15 characters, a decimal).
    "candidates.Person.national_number": "ciphertext of a 15-character field",
    "candidates.Person.yearly_income": "ciphertext of a decimal",
    "community.Household.yearly_income": "ciphertext of a decimal (the members import)",
    # HTML rendered by a service from a text whose length the service limits
    # (a rendered text is longer than the typed one: escaped characters, tags).
    "platform_forums.Post.body_html": "services.BODY_MAX",
    "platform_forums.PostRevision.body_html": "a copy of Post.body_html",
    "platform_forums.Opinion.body_html": "opinions.TEXT_MAX",
    "platform_forums.OpinionRevision.body_html": "a copy of Opinion.body_html",
    "platform_forums.OpinionComment.body_html": "opinions: at most 5,000 characters",
    "platform_forums.Practice.body_html": "opinions.TEXT_MAX",
    "platform_forums.Meeting.minutes_html": "meetings.record_minutes: MINUTES_TEXT",
}


def _unbounded_text_fields() -> list[str]:
    found = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField) or not field.editable:
                continue
            # The language copies of a translated field follow their original.
            original = getattr(field, "translated_field", field)
            key = f"{model._meta.label}.{original.name}"
            if key in ALLOWED:
                continue
            validators = [v for v in field.validators if isinstance(v, MaxLengthValidator)]
            if not validators or field.max_length != validators[0].limit_value:
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_every_typed_text_field_has_a_length_limit_in_the_model_and_its_form():
    assert _unbounded_text_fields() == []


def test_the_allow_list_names_only_fields_that_exist():
    labels = set()
    for model in apps.get_models():
        labels |= {f"{model._meta.label}.{f.name}" for f in model._meta.get_fields()}
    assert set(ALLOWED) - labels == set()
