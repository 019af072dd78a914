"""Names the code makes from a template read in the reader's language: the
Wagtail moderation workflow, its task and the editors' groups in the admin,
the keys every building starts with, a household named after its first adult."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from socle_site import setup
from socle_site.kernel.generated_names import as_stored, in_reader_language
from wagtail.models import Task, Workflow

from community.models import Household, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_generated_name_made_in_any_language_reads_in_the_readers():
    # Made by a French-speaking applicant, read by a Dutch-speaking staff member.
    with translation.override("nl"):
        assert in_reader_language("Ménage de Fatima Diallo") == "Gezin van Fatima Diallo"
        assert in_reader_language("Household of Fatima Diallo") == "Gezin van Fatima Diallo"
        assert in_reader_language("Générale (quotes-parts)") == "Algemeen (aandelen)"
        # A name somebody typed is shown as typed.
        assert in_reader_language("Ascenseur cage A") == "Ascenseur cage A"
    with translation.override("fr"):
        assert in_reader_language("Gezin van Fatima Diallo") == "Ménage de Fatima Diallo"
        assert in_reader_language("Moderators approval") == "Approbation des modérateurs"
    assert as_stored("Goedkeuring door de moderatoren") == "Moderators approval"


def test_a_household_is_named_in_the_readers_language():
    household = Household.objects.create(name="Ménage de Fatima Diallo")
    for language, name in (("fr", "Ménage de Fatima Diallo"), ("nl", "Gezin van Fatima Diallo"), ("en", "Household of Fatima Diallo")):
        with translation.override(language):
            assert str(household) == name


def test_the_workflow_task_and_groups_keep_their_english_key_and_read_translated(public_site):
    setup.ensure_editorial_setup()
    workflow = Workflow.objects.get(name="Moderators approval")
    with translation.override("nl"):
        assert workflow.name == "Goedkeuring door de moderatoren"
        assert Task.objects.get(name="Moderators approval").name == "Goedkeuring door de moderatoren"
        assert Group.objects.get(name="Moderators").name == "Moderatoren"
    with translation.override("fr"):
        assert str(Group.objects.get(name="Editors")) == "Rédacteurs"
        # A French editor saves the workflow as shown: the row keeps its English key.
        workflow.name = workflow.name
        workflow.save()
    assert Workflow.objects.filter(name="Moderators approval").count() == 1
    setup.ensure_editorial_setup()  # still finds it: no second workflow
    assert Workflow.objects.count() == 1 and Group.objects.filter(name="Moderators").count() == 1


@pytest.mark.parametrize("language,expected,english", [
    ("fr", "Approbation des modérateurs", "Moderators approval"),
    ("nl", "Goedkeuring door de moderatoren", "Moderators approval"),
])
def test_an_editor_reads_the_workflow_in_their_language_in_the_admin(client, public_site, language, expected, english):
    setup.ensure_editorial_setup()
    staff = UserFactory(roles=[Role.STAFF], is_superuser=True, is_staff=True, language=language)
    client.force_login(staff)
    listing = client.get("/cms/workflows/list/", HTTP_ACCEPT_LANGUAGE=language)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert expected in text and english not in text
    tasks = client.get("/cms/workflows/tasks/index/", HTTP_ACCEPT_LANGUAGE=language)
    assert expected in tasks.content.decode()
    groups = client.get("/cms/groups/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert {"fr": "Modérateurs", "nl": "Moderatoren"}[language] in groups


def test_a_forum_named_after_its_platform_reads_in_the_readers_language():
    with translation.override("nl"):
        assert in_reader_language("Forum de la Plateforme Ouest") == "Forum van Plateforme Ouest"


def test_a_group_is_found_again_by_its_natural_key_whatever_the_language(public_site):
    setup.ensure_editorial_setup()
    with translation.override("fr"):
        key = Group.objects.get(name="Moderators").natural_key()
        assert key == ("Moderators",)
        assert Group.objects.get_by_natural_key(*key).name == "Modérateurs"
