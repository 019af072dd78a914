"""Editors' uploads in /cms/: images and documents are refused when too big
or of the wrong type (read from the bytes, not the name), and documents of a
private collection are served only to who may see them."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage

from community.privacy.wagtail_forms import CONTENT_OF_EXTENSION
from tests.refusals import assert_redirected_to_login, assert_refused

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    data = io.BytesIO()
    PILImage.new("RGB", (8, 8), (30, 110, 90)).save(data, format="PNG")
    return data.getvalue()


@pytest.fixture
def editor(client_of, user_factory):
    from wagtail.models import Collection

    Collection.get_first_root_node() or Collection.add_root(name="Root")
    return client_of(user_factory(is_staff=True, is_superuser=True, language="en"))


def file_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("file", []))


def add_document(editor, name: str, content: bytes):
    from wagtail.documents.models import Document

    before = Document.objects.count()
    response = editor.post("/cms/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": _root_id()})
    return response, Document.objects.count() - before


def add_image(editor, name: str, content: bytes):
    from wagtail.images.models import Image

    before = Image.objects.count()
    response = editor.post("/cms/images/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": _root_id()})
    return response, Image.objects.count() - before


def _root_id():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def test_every_allowed_document_extension_has_its_content_check():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == set(CONTENT_OF_EXTENSION)
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS and settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_a_real_pdf_is_accepted_and_a_disguised_one_refused(editor):
    response, added = add_document(editor, "minutes.pdf", PDF)
    assert added == 1, response.content.decode()[:500]
    response, added = add_document(editor, "minutes.pdf", b"MZ\x90\x00 an executable named like a PDF")
    assert added == 0 and "PDF" in file_errors(response)
    response, added = add_document(editor, "notes.txt", png_bytes())
    assert added == 0 and file_errors(response)
    response, added = add_document(editor, "script.html", b"<script>alert(1)</script>")
    assert added == 0


@override_settings()
def test_a_document_too_big_is_refused(editor, monkeypatch):
    from community.privacy import wagtail_forms

    monkeypatch.setattr(wagtail_forms, "DOCUMENT_MAX_SIZE", 1024)
    response, added = add_document(editor, "big.pdf", PDF + b"0" * 2048)
    assert added == 0 and file_errors(response)


def test_images_are_checked_by_their_bytes_and_size(editor):
    response, added = add_image(editor, "photo.png", png_bytes())
    assert added == 1, response.content.decode()[:500]
    response, added = add_image(editor, "photo.png", PDF)
    assert added == 0
    response, added = add_image(editor, "drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    assert added == 0
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100):
        response, added = add_image(editor, "photo.png", png_bytes() + b"\x00" * 200)
        assert added == 0


def test_documents_of_a_private_collection_are_served_only_to_who_may_see_them(editor, client, client_of, user_factory):
    from django.contrib.auth.models import Group
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Committee")
    restriction = CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.GROUPS)
    committee = Group.objects.create(name="Committee readers")
    restriction.groups.add(committee)
    document = Document.objects.create(title="Minutes", file=SimpleUploadedFile("minutes.pdf", PDF), collection=private)

    url = document.url
    assert url.startswith("/documents/")  # through Wagtail's view, not a file under /media/
    anonymous = client.get(url)
    assert_redirected_to_login(anonymous, url)
    assert_refused(client_of(user_factory()).get(url), "This document is only for the groups it is shared with.")
    reader = user_factory()
    reader.groups.add(committee)
    assert client_of(reader).get(url).status_code == 200
