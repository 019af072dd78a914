"""Uploads, rate limits, MFA for the administration, small-group suppression."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from socle_site.kernel.ratelimit import hit
from socle_site.kernel.uploads import IMAGES, UploadRefusal, UploadValidator, check_upload

from community.privacy.stats import suppress_small_groups, suppressed_count

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_upload_type_is_read_from_the_bytes_not_the_name():
    assert check_upload(SimpleUploadedFile("a.pdf", PDF)).content_type == "application/pdf"
    assert check_upload(SimpleUploadedFile("photo.txt", PNG)).content_type == "image/png"
    with pytest.raises(UploadRefusal, match="Send a"):
        check_upload(SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 windows program", content_type="application/pdf"))
    with pytest.raises(UploadRefusal, match="Send a"):
        check_upload(SimpleUploadedFile("a.pdf", PDF), allowed=IMAGES)


def test_upload_messages_name_the_types_and_the_limit():
    with pytest.raises(UploadRefusal, match="Send a PDF, PNG or JPEG file."):
        check_upload(SimpleUploadedFile("a.txt", b"hello"))
    with pytest.raises(UploadRefusal, match="larger than 5 MB"):
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024)))


def test_upload_size_is_limited_and_empty_files_refused():
    with pytest.raises(UploadRefusal, match="larger than"):
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), max_size=1024)
    with pytest.raises(UploadRefusal, match="empty"):
        check_upload(SimpleUploadedFile("empty.pdf", b""))
    with pytest.raises(UploadRefusal, match="Choose a file"):
        check_upload(None)


def test_upload_validator_works_as_a_field_validator():
    from django.core.exceptions import ValidationError

    validator = UploadValidator(allowed=IMAGES, max_size=1024)
    validator(SimpleUploadedFile("p.png", PNG))
    with pytest.raises(ValidationError):
        validator(SimpleUploadedFile("p.png", PDF))
    assert validator == UploadValidator(allowed=IMAGES, max_size=1024)


def test_rate_limit_counts_per_key():
    assert all(hit("test:a", "3/h") for _ in range(3))
    assert not hit("test:a", "3/h")
    assert hit("test:b", "3/h")


def test_forms_that_send_email_are_rate_limited(user_factory, client_of):
    client = client_of(user_factory())
    statuses = [client.post(reverse("privacy:request_correction"), {"details": f"n°{i}"}).status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]


def test_allauth_rate_limits_login_signup_and_password_reset():
    from django.conf import settings

    assert {"login_failed", "signup", "reset_password"} <= set(settings.ACCOUNT_RATE_LIMITS)


@override_settings(SOCLE_STAFF_MFA_REQUIRED=True)
def test_staff_without_totp_are_sent_to_set_it_up(user_factory, client_of):
    admin = user_factory(is_staff=True, is_superuser=True)
    client = client_of(admin)
    for path in ["/admin/", "/cms/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].endswith("/accounts/2fa/totp/activate/"), path


@override_settings(SOCLE_STAFF_MFA_REQUIRED=True)
def test_staff_with_totp_reach_the_administration(user_factory, client_of):
    from allauth.mfa.models import Authenticator

    admin = user_factory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client_of(admin).get("/admin/").status_code == 200


@override_settings(SOCLE_STAFF_MFA_REQUIRED=True)
def test_members_are_not_asked_for_totp(user_factory, client_of):
    response = client_of(user_factory()).get("/admin/")
    assert "/2fa/" not in response.get("Location", "")


def test_small_groups_are_suppressed():
    assert suppress_small_groups([("A", 5), ("B", 4), ("C", 0)]) == [("A", 5), ("B", None), ("C", None)]
    assert suppress_small_groups([("A", 2)], threshold=2) == [("A", 2)]
    assert suppressed_count(12) == 12 and suppressed_count(3) is None


def test_public_brochure_orders_are_rate_limited_per_address(client, rf):
    from socle_site.kernel.ratelimit import rate_limited

    calls = []

    @rate_limited("test-order", "2/h")
    def view(request):
        calls.append(1)
        from django.http import HttpResponse

        return HttpResponse("ok")

    from django.contrib.auth.models import AnonymousUser

    def post(address):
        request = rf.post("/", REMOTE_ADDR=address)
        request.user = AnonymousUser()
        request.session = {}
        request._messages = []
        return view(request).status_code

    assert [post("10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert post("10.0.0.2") == 200
    assert len(calls) == 3


@override_settings(SOCLE_STAFF_MFA_REQUIRED=True)
def test_editors_without_totp_are_sent_to_set_it_up(user_factory, client_of):
    from community.models import Role

    editor = user_factory(roles=[Role.EDITOR])
    assert editor.has_perm("wagtailadmin.access_admin")
    response = client_of(editor).get("/cms/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/2fa/totp/activate/")
    # The setup page itself stays reachable (allauth first asks for the password again).
    setup = client_of(editor).get(response["Location"])
    assert setup.status_code == 200 or "reauthenticate" in setup["Location"]


def test_mfa_for_the_administration_is_on_by_default_in_production():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='socle_site.settings';django.setup();"
         "from django.conf import settings;print(settings.SOCLE_STAFF_MFA_REQUIRED)"],
        env={**__import__("os").environ, "SOCLE_ENV": "production", "SECRET_KEY": "x" * 50, "SOCLE_FIELD_KEY": ""},
        capture_output=True, text=True, timeout=120,
    )
    assert out.stdout.strip().endswith("True"), out.stderr[-500:]
