"""The member search (community.search): a member finds only what they may
read, in each language's configuration, highlighted safely, in a number of
queries that does not grow with the data. Runs on SQLite and on PostgreSQL
(full-text search there): the same tests, both backends."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from community.governance.models import Meeting as AssemblyMeeting
from community.governance.models import Question
from community.search import kinds
from community.search.highlight import START, STOP, mark_terms, to_html
from community.search.query import search
from coownership.models import BuildingDocument, StoredFile
from platform_forums.models import ActionItem, Opinion
from platform_forums.models import Meeting as PlatformMeeting
from tests.coownership.conftest import make_building
from tests.events.factories import RoomFactory
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    OrganisationMembershipFactory,
    UserFactory,
)
from tests.governance.helpers import make_body
from tests.member_history import BASE_QUERIES, query_count
from tests.platform_forums.factories import (
    ForumFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    PostFactory,
    ThreadFactory,
)
from tests.refusals import assert_redirected_to_login, messages_of, page_text

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's full-text search")


def document(building, title):
    stored = StoredFile.objects.create(filename="doc.pdf", content_type="application/pdf", size=3, content=b"pdf")
    return BuildingDocument.objects.create(building=building, kind=BuildingDocument.Kind.RULES, title=title, file=stored)


@pytest.fixture
def world(db):
    return make_world()


def make_world():
    """Mia: her organisation sits on platform A, her household lives in
    building Maple, she sits in a body. Elsewhere: platform B's forum,
    building Oak's documents, a draft motion: all with the word "compost"."""
    platform, other_platform = PlatformFactory(), PlatformFactory()
    mia = UserFactory(language="fr", email="mia@example.org")
    seat = PlatformMembershipFactory(platform=platform)
    OrganisationMembershipFactory(organisation=seat.organisation, user=mia)
    PlatformMembershipFactory(platform=other_platform)
    forum, other_forum = ForumFactory(platform=platform), ForumFactory(platform=other_platform)
    mine = ThreadFactory(forum=forum, title="Le compost du jardin")
    PostFactory(thread=mine, body_html="<p>Qui retourne le compost samedi ?</p>")
    theirs = ThreadFactory(forum=other_forum, title="Compost secret de B")
    PostFactory(thread=theirs, body_html="<p>Notre compost, à nous seuls</p>")
    PostFactory(thread=mine, body_html="<p>compost caché par la modération</p>", is_hidden=True)
    maple, oak = make_building("maple"), make_building("oak")
    HouseholdMemberFactory(user=mia, household=HouseholdFactory(housing_project=maple.housing_project))
    document(maple, "Règlement du compost de Maple")
    document(oak, "Règlement du compost d'Oak")
    body = make_body()
    from community.governance.services import bodies

    bodies.add_member(body=body, user=mia, acting_user=None)
    with translation.override("fr"):
        Question.objects.create(body=body, title="Faut-il un compost ?", status=Question.Status.OPEN)
        Question.objects.create(body=body, title="Brouillon sur le compost", status=Question.Status.DRAFT)
        Opinion.objects.create(platform=other_platform, title="Avis brouillon compost B", addressee="Commune",
                               body_html="<p>compost</p>")
        for space, label in ((platform, "A"), (other_platform, "B")):
            meeting = PlatformMeeting.objects.create(platform=space, title=f"Plénière compost {label}",
                                                     starts_at=timezone.now(), place="Maison de quartier")
            ActionItem.objects.create(meeting=meeting, description=f"Acheter un bac à compost {label}",
                                      owner=seat.organisation, due_on=timezone.localdate())
        AssemblyMeeting.objects.create(body=body, title="Assemblée du compost", starts_at=timezone.now(),
                                       status=AssemblyMeeting.Status.CONVENED, convened_at=timezone.now())
        AssemblyMeeting.objects.create(body=body, title="Assemblée brouillon compost", starts_at=timezone.now())
    outsider = UserFactory(language="fr", email="outsider@example.org")
    return SimpleNamespace(mia=mia, outsider=outsider, maple=maple, oak=oak, body=body, forum=forum)


def titles(results) -> list[str]:
    return [" ".join(str(hit.title).replace("<mark>", "").replace("</mark>", "").split()) for hit in results.hits]


def test_a_member_never_finds_what_they_may_not_read(world):
    results = search(world.mia, "compost", reader="fr")
    found = titles(results)
    assert "Le compost du jardin" in found  # the thread
    assert found.count("Le compost du jardin") == 2  # and its visible post (named by its thread)
    assert "Règlement du compost de Maple" in found
    assert "Faut-il un compost ?" in found
    assert {"Plénière compost A", "Acheter un bac à compost A", "Assemblée du compost"} <= set(found)
    # Another platform's forum, meeting, action and draft opinion, another building's documents,
    # a draft motion, a draft assembly meeting, a hidden post.
    for hidden in ("Compost secret de B", "Plénière compost B", "Acheter un bac à compost B",
                   "Règlement du compost d'Oak", "Brouillon sur le compost", "Assemblée brouillon compost",
                   "Avis brouillon compost B"):
        assert hidden not in found
    assert len(found) == results.total == 7
    assert search(world.outsider, "compost", reader="fr").total == 0


def test_everything_found_passes_the_pages_perm(world):
    """The query forms and the predicates agree: each row the search returns
    opens for the member (the page's own check)."""
    client = _client(world.mia)
    for hit in search(world.mia, "compost", reader="fr").hits:
        assert client.get(hit.url).status_code == 200, (hit.kind.code, hit.url)


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language, stored, typed", [
    ("fr", "Nous préparons les réunions du potager", "réunion"),
    ("nl", "Wij bereiden de vergaderingen van de moestuin voor", "vergadering"),
    ("en", "We prepare the meetings of the vegetable garden", "meeting"),
])
def test_text_is_found_in_each_language(world, language, stored, typed):
    room = RoomFactory(name="Salle Zèbre")
    setattr(room, f"description_{language}", stored)
    room.original_language = language
    room.save()
    results = search(world.mia, typed, reader=language)
    assert [hit.pk for hit in results.hits if hit.kind.code == "events.room"] == [room.pk]
    assert "<mark>" in str(results.hits[0].extract)


@postgres_only
@pytest.mark.parametrize("language, stored, typed", [
    ("fr", "Le jardin partagé", "jardins partagés"),  # french: plural and accents of the same stem
    ("nl", "De gedeelde moestuinen", "moestuin"),
    ("en", "The shared gardens", "garden sharing"),
])
def test_words_are_stemmed_in_the_texts_language(world, language, stored, typed):
    room = RoomFactory(name="Salle Zèbre")
    setattr(room, f"description_{language}", stored)
    room.original_language = language
    room.save()
    assert search(world.mia, typed.split()[0], reader=language).total >= 1


def test_highlight_escapes_before_marking(world):
    ThreadFactory(forum=world.forum, title='<script>alert("x")</script> compost <b>gras</b>')
    results = search(world.mia, "compost", reader="fr")
    shown = [str(hit.title) for hit in results.hits if "script" in str(hit.title)]
    assert shown and "<script>" not in shown[0] and "&lt;script&gt;" in shown[0]
    assert "<b>" not in shown[0] and "<mark>compost</mark>" in shown[0]
    response = _client(world.mia).get(reverse("community:search") + "?q=compost")
    assert b"<script>alert" not in response.content


def test_to_html_never_lets_markup_through():
    assert str(to_html(f"<img src=x onerror=alert(1)> {START}a&b{STOP}")) == (
        "&lt;img src=x onerror=alert(1)&gt; <mark>a&amp;b</mark>")
    # A marker typed by someone is no way to open a tag.
    assert str(to_html(f"{STOP}x{START}y")) == "x<mark>y</mark>"
    assert to_html(mark_terms("Réunion du comité", ["reunion"])) == "<mark>Réunion</mark> du comité"


def test_results_page_in_french_and_dutch(world):
    client = _client(world.mia)
    with translation.override("nl"):
        nl = client.get(reverse("community:search") + "?q=compost")
    assert "7 resultaten" in page_text(nl) and "Forumbericht" in page_text(nl)
    with translation.override("fr"):
        fr = client.get(reverse("community:search") + "?q=compost")
        empty = client.get(reverse("community:search") + "?q=zzzzqqq")
        box = client.get(reverse("community:search"))
    assert "7 résultats" in page_text(fr) and "Message du forum" in page_text(fr)
    assert "Aucun résultat pour « zzzzqqq »." in page_text(empty) and "Quelques conseils" in page_text(empty)
    assert "Tapez un ou plusieurs mots" in page_text(box)


def test_query_count_does_not_grow_with_the_data(world):
    client = _client(world.mia)
    url = reverse("community:search") + "?q=compost"
    query_count(client, url)  # the layout's shared parts, cached once
    before = query_count(client, url)
    for n in range(30):
        thread = ThreadFactory(forum=world.forum, title=f"Compost {n}")
        PostFactory(thread=thread, body_html=f"<p>compost {n}</p>")
        document(world.maple, f"Compost {n}")
    after = query_count(client, url)
    assert after == before == BASE_QUERIES + 1  # the base, then one statement: the kinds' counts and the page of results
    assert after <= 12  # the member pages' budget


def test_pages(world):
    for n in range(45):
        ThreadFactory(forum=world.forum, title=f"Compost {n}")
    first = search(world.mia, "compost", reader="fr")
    assert first.pages == 3 and len(first.hits) == 20
    last = search(world.mia, "compost", reader="fr", page=99)
    assert last.page == 3 and len(last.hits) == first.total - 40
    only = search(world.mia, "compost", reader="fr", kind="coownership.document")
    assert {hit.kind.code for hit in only.hits} == {"coownership.document"}


def test_anonymous_visitor_is_sent_to_log_in_with_a_message(db):
    from django.test import Client

    with translation.override("en"):
        url = reverse("community:search") + "?q=compost"
        response = Client().get(url)
    assert_redirected_to_login(response, url)
    assert any("Log in to search" in message for message in messages_of(response))


def test_each_kind_is_registered_by_its_feature():
    codes = {kind.code for kind in kinds()}
    assert {"platform_forums.post", "platform_forums.thread", "platform_forums.meeting", "platform_forums.action",
            "platform_forums.opinion", "governance.meeting", "governance.question", "events.room",
            "events.activity", "coownership.document"} <= codes


@pytest.mark.parametrize("params", [
    "?q=%27%22%26%7C%21%3A%2A%28%29%3C%3E", "?q=compost&page=-5", "?q=compost&page=x", "?q=compost&kind=nope",
    "?q=" + "compost%20" * 80, "?q=%00compost", "?q=-compost%20or",
    # The words are written into the statement as a quoted literal on PostgreSQL.
    "?q=100%25%20compost%20l%27eau%20%5C%27%3B%20drop", "?q=%25s%20%25%25%20compost",
])
def test_odd_input_never_fails(world, params):
    response = _client(world.mia).get(reverse("community:search") + params)
    assert response.status_code == 200


def test_words_written_into_the_statement_are_only_words(world):
    """PostgreSQL: the statement carries the words as a literal (no parameters
    left for psycopg to parse); quotes, percents and backslashes stay text."""
    ThreadFactory(forum=world.forum, title="Compost à 100% l'été")
    found = titles(search(world.mia, "100% l'été compost", reader="fr"))
    assert "Compost à 100% l&#x27;été" in found  # (escaped for the page)
    assert search(world.mia, "%s' OR 1=1 --", reader="fr").total == 0


@postgres_only
def test_each_kind_is_matched_through_its_gin_index(world):
    """The indexes made after migrate (community.search.indexes) are the very
    expressions the search matches: with sequential scans off, each kind's
    match reads its index (the planner picks per data; here it must be able to)."""
    from django.contrib.postgres.search import SearchQuery

    from community.search.indexes import ensure_indexes
    from community.search.query import _Branch

    assert ensure_indexes() == []  # migrate made them all; a second run changes nothing
    indexed = 0
    for kind in kinds():
        branch = _Branch(kind, kind.model, "fr", "postgresql")
        index = branch.index()
        if index is None:
            continue
        matching = kind.model._base_manager.annotate(v=branch.vector()).filter(
            v=SearchQuery("compost", config="french", search_type="websearch"))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = matching.values("pk").query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert index.name in plan, (kind.code, plan)
        indexed += 1
    assert indexed >= 9  # every kind but the documents (their building's name is a join)


def test_a_members_permission_filters_are_built_once_and_follow_their_seats(world, monkeypatch):
    """The kinds' visible SQL is kept per access key (community.access.access_key):
    a second search builds none of it, and a seat gained shows at the next
    search (the key changes with the access rows), a seat lost disappears."""
    from community.search import query as search_query
    from community.search import registry

    built = []
    originals = {code: kind for code, kind in registry._kinds.items()}
    for code, kind in originals.items():
        def counted(user, visible=kind.visible, code=code):
            built.append(code)
            return visible(user)
        monkeypatch.setitem(registry._kinds, code, registry.SearchKind(**{**kind.__dict__, "visible": counted}))
    search_query._visible.clear()
    assert "Compost secret de B" not in titles(search(world.mia, "compost", reader="fr"))
    first = len(built)
    assert first == len(originals)
    search(world.mia, "compost", reader="fr")
    assert len(built) == first  # nothing built again
    # Mia's organisation takes a seat on platform B: she reads its forum at once.
    other_forum = ThreadFactory._meta.model.objects.get(title="Compost secret de B").forum
    seat = PlatformMembershipFactory(platform=other_forum.platform)
    OrganisationMembershipFactory(organisation=seat.organisation, user=world.mia)
    mia = type(world.mia).objects.get(pk=world.mia.pk)  # a new request's user
    assert "Compost secret de B" in titles(search(mia, "compost", reader="fr"))
    seat.delete()
    mia = type(world.mia).objects.get(pk=world.mia.pk)
    assert "Compost secret de B" not in titles(search(mia, "compost", reader="fr"))


def test_each_results_address_is_the_one_reverse_gives(world):
    """Addresses are reversed once per kind and language, then filled in
    (community.search.query._address): the same as reversing each hit."""
    from community.search.query import _address

    for language in ("fr", "nl"):
        with translation.override(language):
            results = search(world.mia, "compost", reader=language)
            assert results.hits
            for hit in results.hits:
                assert hit.url.startswith(f"/{language}/")
            for kind in kinds():
                for pk, extra in ((7, 12), (31, "maple-house"), (5, "d\u00e9j\u00e0 vu")):
                    try:
                        expected = kind.url(pk, extra)
                    except Exception:  # noqa: BLE001 - a value this kind's address refuses
                        continue
                    assert _address(kind, pk, extra) == expected, (kind.code, pk, extra)
