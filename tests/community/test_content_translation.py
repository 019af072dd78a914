"""Content typed in the portal, in the reader's language: the author writes in
their language, who may edit adds a translation, a reader gets their language
or the original with a notice, never a silent mix."""

import pytest
from django.utils import translation

from community.content_translation.reading import missing_translation, translated
from events.models import Room
from tests.events.factories import RoomFactory
from tests.factories import UserFactory
from tests.refusals import assert_not_found, assert_redirected

DESCRIPTION_FR = "Une salle lumineuse au rez-de-chaussée."
DESCRIPTION_NL = "Een lichte zaal op het gelijkvloers."


@pytest.fixture
def room(db):
    """A room its manager described from a French page."""
    manager = UserFactory(language="fr", email="manager@example.org")
    with translation.override("fr"):
        room = RoomFactory(manager=manager, description=DESCRIPTION_FR, house_rules="Rangez les chaises.")
    return room


def test_the_author_writes_in_the_language_of_the_page(room):
    room.refresh_from_db()
    assert room.original_language == "fr"
    assert room.description_fr == DESCRIPTION_FR
    assert room.description_nl is None and room.description_en is None


def test_an_editor_adds_dutch_and_each_reader_gets_their_language_or_the_original(room, client_of):
    manager = client_of(room.manager)
    page = manager.get(f"/nl/translate/events.room/{room.pk}/nl/")
    assert page.status_code == 200
    assert DESCRIPTION_FR in page.content.decode()  # the original beside the field

    response = manager.post(f"/nl/translate/events.room/{room.pk}/nl/", {"description": DESCRIPTION_NL, "house_rules": ""})
    assert_redirected(response, f"/nl/rooms/{room.slug}/")
    room.refresh_from_db()
    assert room.description_nl == DESCRIPTION_NL and room.description_fr == DESCRIPTION_FR
    assert room.original_language == "fr"

    visitor = client_of(UserFactory(email="reader@example.org"))
    dutch = visitor.get(f"/nl/rooms/{room.slug}/").content.decode()
    assert DESCRIPTION_NL in dutch and DESCRIPTION_FR not in dutch
    # The house rules are not translated yet: the Dutch page says so rather than mixing silently.
    assert "Gedeeltelijk alleen in het Frans" in dutch and "Rangez les chaises." in dutch

    english = visitor.get(f"/en/rooms/{room.slug}/").content.decode()
    assert DESCRIPTION_FR in english and DESCRIPTION_NL not in english
    assert "Only in French" in english
    assert 'lang="fr"' in english
    # A reader who may not edit gets no link to translate.
    assert f"/translate/events.room/{room.pk}/" not in english
    # The manager does.
    assert f"/en/translate/events.room/{room.pk}/en/" in manager.get(f"/en/rooms/{room.slug}/").content.decode()


def test_someone_who_may_not_edit_is_refused_and_nothing_changes(room, client_of):
    stranger = client_of(UserFactory(email="stranger@example.org"))
    page = stranger.get(f"/en/translate/events.room/{room.pk}/nl/")
    assert page.status_code == 403
    assert "Only the people who may edit this may translate it." in page.content.decode()

    response = stranger.post(f"/en/translate/events.room/{room.pk}/nl/", {"description": "Gekaapt"}, follow=True)
    assert "Only the people who may edit this may translate it." in response.content.decode()
    room.refresh_from_db()
    assert room.description_nl is None


def test_the_original_language_is_edited_where_the_object_is_edited(room, client_of):
    response = client_of(room.manager).post(f"/en/translate/events.room/{room.pk}/fr/", {"description": "Autre"}, follow=True)
    assert "This is the original language: edit the text itself instead." in response.content.decode()
    room.refresh_from_db()
    assert room.description_fr == DESCRIPTION_FR


def test_unknown_kind_or_language_is_not_found(room, client_of):
    manager = client_of(room.manager)
    assert_not_found(manager.get(f"/en/translate/nothing.here/{room.pk}/nl/"))
    assert_not_found(manager.get(f"/en/translate/events.room/{room.pk}/de/"))
    assert_not_found(manager.get("/en/translate/events.room/999999/nl/"))


def test_reading_falls_back_to_the_original_never_to_a_third_language(db):
    with translation.override("nl"):
        room = RoomFactory(description="Geschreven in het Nederlands.")
    room.description_en = "Written in English."
    room.save()
    with translation.override("fr"):
        # French is missing: the Dutch original, not the English translation.
        assert room.description == "Geschreven in het Nederlands."
        text = translated(room, "description")
        assert text.language == "nl" and text.is_original and not text.is_in_reader_language
        assert missing_translation(room) == "nl"
    with translation.override("en"):
        assert room.description == "Written in English."
        assert missing_translation(room) is None


def test_an_edit_from_a_page_without_that_language_corrects_the_original(room):
    with translation.override("en"):
        room.description = "Une salle très lumineuse."
        room.save()
    room.refresh_from_db()
    assert room.description_fr == "Une salle très lumineuse." and room.description_en is None


def test_existing_rows_become_french_originals(db):
    """The data step of the migrations, on a row written before them."""
    from django.apps import apps

    from community.content_translation.migration_ops import keep_as_original

    room = RoomFactory()
    Room.objects.rewrite(False).filter(pk=room.pk).update(description="Texte d'avant", description_fr=None, original_language="en")
    keep_as_original("events", {"room": ("description",)}).code(apps, None)
    room.refresh_from_db()
    assert room.original_language == "fr" and room.description_fr == "Texte d'avant"


def test_municipalities_read_under_their_official_name_in_each_language():
    from socle_site.kernel.municipalities import municipality_name

    assert [municipality_name("Forest", lang) for lang in ("fr", "nl", "en")] == ["Forest", "Vorst", "Forest"]
    assert [municipality_name("Bruxelles", lang) for lang in ("fr", "nl", "en")] == ["Bruxelles", "Brussel", "Brussels"]
    # Typed in Dutch, read in French; an unknown place as typed.
    assert municipality_name("Sint-Jans-Molenbeek", "fr") == "Molenbeek-Saint-Jean"
    assert municipality_name("Liège", "nl") == "Luik"  # every Belgian municipality, not only Brussels'
    assert municipality_name("Lyon", "nl") == "Lyon"


def test_a_room_page_names_the_municipality_in_the_readers_language(room, client):
    room.housing_project.municipality = "Forest"
    room.housing_project.save()
    assert "Vorst" in client.get(f"/nl/rooms/{room.slug}/").content.decode()


def test_the_room_list_marks_a_room_described_only_in_french(room, client_of, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visitor = client_of(UserFactory(email="reader@example.org"))
    visitor.get("/nl/rooms/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as first:
        dutch = visitor.get("/nl/rooms/").content.decode()
    few = len(first)
    assert '<span class="visually-hidden">Alleen in het Frans</span>' in dutch
    assert 'class="translation-badge"' not in visitor.get("/fr/rooms/").content.decode()
    visitor.get("/nl/rooms/")  # back to Dutch: a switch saves the member's language once (community.middleware)
    with translation.override("fr"):
        for _ in range(4):
            RoomFactory(housing_project=room.housing_project, description=DESCRIPTION_FR)
    with django_assert_num_queries(few):
        dutch = visitor.get("/nl/rooms/").content.decode()
    assert dutch.count('class="translation-badge"') == 5
