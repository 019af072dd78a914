"""The partner API: keys, scopes, expiry, revocation, rate limit, the log of
calls, errors in JSON and in the caller's language."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone, translation

from community.api import services
from community.api.services import ApiRefusal
from community.models import ApiCall, AuditEvent, PartnerToken
from tests.factories import HousingProjectFactory, OrganisationFactory, make_staff
from tests.platform_forums.factories import PlatformFactory, PlatformMembershipFactory

pytestmark = pytest.mark.django_db

ALL = ["figures", "platform", "rooms"]


def issue(organisation=None, scopes=ALL, days=30):
    return services.issue_token(
        acting_user=make_staff(), organisation=organisation or OrganisationFactory(), label="Tests",
        scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def get(path, key=None, language="en", **params):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return Client().get(path, params, **headers)


def detail_in(response, message, language):
    with translation.override(language):
        expected = translation.gettext(message)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == expected, response.json()


def test_a_key_reads_projects_and_only_its_hash_is_kept():
    HousingProjectFactory(name="Arc-en-Ciel", municipality="Bruxelles")
    token, key = issue()
    response = get("/api/v1/projects/", key)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["Arc-en-Ciel"]
    assert key.startswith("socle_") and key not in token.key_hash and token.key_hash == services.policy.key_hash(key)
    assert not PartnerToken.objects.filter(key_hash=key).exists()
    # Logged: which key, which endpoint, which answer (never the query).
    assert list(ApiCall.objects.values_list("token_id", "route", "status")) == [(token.pk, "api:projects", 200)]
    assert AuditEvent.objects.filter(action="api.token_issued", target_id=str(token.pk)).exists()


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_without_a_key_the_answer_is_401_in_json_in_the_callers_language(language):
    response = get("/api/v1/projects/", language=language)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    detail_in(response, "Send your key in the header: Authorization: Bearer <key>.", language)
    assert ApiCall.objects.count() == 0


def test_a_wrong_key_is_refused():
    issue()
    response = get("/api/v1/projects/", "socle_00000000_not-a-key")
    assert response.status_code == 401
    detail_in(response, "This key is not valid.", "en")


def test_a_key_opens_only_its_scopes():
    _token, key = issue(scopes=["figures"])
    response = get("/api/v1/rooms/", key, language="nl")
    assert response.status_code == 403
    with translation.override("nl"):
        expected = translation.gettext("This key does not open this part of the API (scope “%(scope)s”).") % {"scope": "rooms"}
    assert response.json() == {"detail": expected}
    assert get("/api/v1/projects/", key).status_code == 200


def test_an_expired_key_is_refused(time_machine):
    token, key = issue(days=1)
    assert get("/api/v1/projects/", key).status_code == 200
    time_machine.move_to(token.expires_at + datetime.timedelta(seconds=1))
    response = get("/api/v1/projects/", key, language="fr")
    assert response.status_code == 401
    detail_in(response, "This key has expired. Ask the trust's staff for a new one.", "fr")


def test_a_revoked_key_is_refused_at_once():
    token, key = issue()
    staff = make_staff()
    services.revoke_token(acting_user=staff, token=token)
    response = get("/api/v1/projects/", key)
    assert response.status_code == 401
    detail_in(response, "This key was revoked. Ask the trust's staff for a new one.", "en")
    assert AuditEvent.objects.filter(action="api.token_revoked", actor=staff).exists()


def test_a_key_without_scope_or_with_a_far_expiry_is_not_issued():
    organisation = OrganisationFactory()
    with translation.override("en"):
        with pytest.raises(ApiRefusal, match="Choose at least one scope."):
            issue(organisation, scopes=[])
        with pytest.raises(ApiRefusal, match="A key expires in the future, within two years."):
            issue(organisation, days=3 * 365)
    assert PartnerToken.objects.count() == 0


@override_settings(SOCLE_API_RATE="3/m")
def test_beyond_the_rate_the_answer_is_429_with_the_wait(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 10, 0, 0, tzinfo=datetime.UTC), tick=False)
    cache.clear()
    _token, key = issue()
    assert [get("/api/v1/projects/", key).status_code for _ in range(3)] == [200, 200, 200]
    response = get("/api/v1/projects/", key, language="nl")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    with translation.override("nl"):
        expected = translation.gettext("Too many calls with this key: wait %(seconds)d seconds, then try again.") % {"seconds": 60}
    assert response.json() == {"detail": expected}
    # Another key is counted apart.
    _other, other_key = issue()
    assert get("/api/v1/projects/", other_key).status_code == 200


def test_platform_endpoints_answer_only_the_keys_of_its_member_organisations():
    seat = PlatformMembershipFactory()
    other = PlatformFactory()
    _token, key = issue(seat.organisation)
    assert [p["slug"] for p in get("/api/v1/platforms/", key).json()] == [seat.platform.slug]
    assert get(f"/api/v1/platforms/{seat.platform.slug}/meetings/", key).status_code == 200
    assert get(f"/api/v1/platforms/{seat.platform.slug}/actions/", key).status_code == 200
    response = get(f"/api/v1/platforms/{other.slug}/actions/", key, language="fr")
    assert response.status_code == 403
    detail_in(response, "Your organisation does not sit on this platform.", "fr")


def test_an_unknown_address_under_the_api_is_a_json_404():
    response = get("/api/v1/nothing-here/", language="nl")
    assert response.status_code == 404
    detail_in(response, "There is no such endpoint. The list is in the schema: /api/v1/schema/.", "nl")


def test_writing_is_refused():
    _token, key = issue()
    response = Client().post("/api/v1/projects/", {}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 405
    assert "detail" in response.json()
    assert ApiCall.objects.filter(status=405).count() == 1


def test_room_availability_is_free_busy_only_and_bounded(time_machine):
    from events.models import Booking, Occurrence
    from tests.events.factories import RoomFactory
    from tests.factories import UserFactory

    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    room = RoomFactory()
    holder = UserFactory(first_name="Zénobie", last_name="Vandermeersch", email="zenobie@example.org")
    booking = Booking.objects.create(room=room, booked_by=holder, audience="resident", title="Anniversaire de Zénobie", status="confirmed")
    starts = timezone.make_aware(datetime.datetime(2026, 3, 4, 18))
    Occurrence.objects.create(booking=booking, room=room, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status="confirmed")
    _token, key = issue(scopes=["rooms"])
    response = get(f"/api/v1/rooms/{room.slug}/availability/", key, start="2026-03-01", end="2026-03-10")
    assert response.status_code == 200
    assert response.json()["busy"] == [{"starts_at": "2026-03-04T18:00:00+01:00", "ends_at": "2026-03-04T20:00:00+01:00"}]
    assert "Zénobie" not in response.content.decode() and "zenobie" not in response.content.decode()
    response = get(f"/api/v1/rooms/{room.slug}/availability/", key, language="fr", start="2026-03-01", end="2026-12-31")
    assert response.status_code == 400
    detail_in(response, "Some parameters are not valid.", "fr")
    response = get("/api/v1/rooms/no-such-room/availability/", key)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_platforms_meetings_cost_the_same_queries_whatever_their_number(django_assert_max_num_queries):
    from platform_forums.models import AgendaItem, Meeting

    seat = PlatformMembershipFactory()
    _token, key = issue(seat.organisation)
    url = f"/api/v1/platforms/{seat.platform.slug}/meetings/"
    for n in (2, 12):
        for k in range(n):
            meeting = Meeting.objects.create(platform=seat.platform, title=f"M{k}", starts_at=timezone.now(), place="Hall")
            AgendaItem.objects.create(meeting=meeting, title="Item", position=1)
        # The key, the platform, the seat, the meetings, their agenda, the log of the call.
        with django_assert_max_num_queries(7):
            assert len(get(url, key).json()) >= n
