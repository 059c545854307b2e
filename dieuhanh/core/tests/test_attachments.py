"""Attachments (core/attachments.py): versioned files on any record, with the record's permissions.

The parent in these tests is an organisation (orgs), the simplest scoped record: officers change their
committee's, the department the province's, other units see nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from dieuhanh.core import attachments
from dieuhanh.core.models import Attachment
from dieuhanh.core.testing import build_world, call, changes, count_queries, fields_named
from dieuhanh.orgs.models import Organization

PDF = b"%PDF-1.4\n% bao cao\n"
NAME = "Báo cáo kết quả thực hiện nhiệm vụ.pdf"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def english(world):
    """Messages are checked in English (the source language), whatever the translations say."""
    for user in world.users.values():
        user.language = "en"
        user.save(update_fields=["language"])
    with translation.override("en"):
        yield


@pytest.fixture
def parent(world):
    return Organization.objects.create(name="Phòng Văn hóa - Thông tin", kind="other", unit=world.committee.unit,
                                       parent=world.committee)


def pdf(name=NAME, content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def upload_url(obj):
    return reverse("core:attachment_upload", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def list_url(obj):
    return reverse("core:attachment_list", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


# --- the service ------------------------------------------------------------------------------------------

def test_upload_stores_the_file_with_its_facts_and_logs_it(world, parent):
    officer = world.users["officer"]
    attachment = attachments.upload_attachment(officer, parent, pdf(), note="Bản ký số")
    attachment.refresh_from_db()
    assert (attachment.title, attachment.original_name, attachment.version) == (NAME[:-4], NAME, 1)
    assert (attachment.size, attachment.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert attachment.mime_type == "application/pdf" and attachment.uploaded_by == officer
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert stored.read_bytes() == PDF
    assert attachment.file.name.startswith("attachments/") and attachment.file.name.endswith(".pdf")
    assert NAME not in attachment.file.name  # the stored name is never the user's
    change = changes(attachment, "create").get()
    assert change.user == officer and change.owner_organization_id == parent.pk


def test_a_new_version_keeps_the_document_and_numbers_on(world, parent):
    user = world.users["specialist"]
    first = attachments.upload_attachment(user, parent, pdf(), title="Kế hoạch")
    second = attachments.upload_attachment(user, parent, pdf("ke-hoach-v2.pdf", b"%PDF v2"), replaces=first)
    third = attachments.upload_attachment(user, parent, pdf("ke-hoach-v3.pdf", b"%PDF v3"), replaces=second)
    assert (second.document, second.version, second.replaces, second.title) == (first.document, 2, first, "Kế hoạch")
    assert third.version == 3
    other = attachments.upload_attachment(user, parent, pdf("phu-luc.pdf"))
    docs = attachments.documents(parent)
    assert [(doc.current, doc.older) for doc in docs] == [(third, [second, first]), (other, [])]


def test_deleting_the_current_version_brings_back_the_previous_one(world, parent):
    user = world.users["officer"]
    first = attachments.upload_attachment(user, parent, pdf())
    second = attachments.upload_attachment(user, parent, pdf(), replaces=first)
    attachments.delete_attachment(user, second)
    assert Attachment.all_objects.get(pk=second.pk).deleted_at is not None
    assert [(doc.current, doc.older) for doc in attachments.documents(parent)] == [(first, [])]
    # The next version numbers on after the trashed one: version numbers are never reused.
    third = attachments.upload_attachment(user, parent, pdf(), replaces=first)
    assert third.version == 3
    assert changes(second, "delete").get().user == user


@pytest.mark.parametrize(("name", "content", "message"), [
    ("script.exe", b"MZ", "not accepted"),
    ("no-extension", b"x", "not accepted"),
    ("empty.pdf", b"", "empty"),
])
def test_refused_files_name_the_field(world, parent, name, content, message):
    with pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(world.users["officer"], parent, SimpleUploadedFile(name, content))
    assert message in caught.value.message_dict["file"][0]
    assert not Attachment.all_objects.exists()


def test_size_limit(world, parent, settings):
    settings.ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("big.zip", b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(world.users["officer"], parent, big)
    assert "1 MB" in caught.value.message_dict["file"][0]
    assert attachments.upload_attachment(world.users["officer"], parent,
                                         SimpleUploadedFile("ok.zip", b"0" * (1024 * 1024))).size == 1024 * 1024


def test_permission_comes_from_the_parent(world, parent):
    with pytest.raises(PermissionDenied):
        attachments.upload_attachment(world.users["viewer"], parent, pdf())  # sees it, may not change it
    with pytest.raises(PermissionDenied):
        attachments.upload_attachment(world.users["other_officer"], parent, pdf())  # another commune
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    with pytest.raises(PermissionDenied):
        attachments.delete_attachment(world.users["viewer"], attachment)
    for name in ("officer", "leader", "specialist", "viewer", "admin"):
        assert Attachment.objects.restrict(world.users[name]).filter(pk=attachment.pk).exists(), name
    for name in ("other_officer", "other_specialist"):
        assert not Attachment.objects.restrict(world.users[name]).exists(), name
    assert not Attachment.objects.restrict(world.users["viewer"], "change").exists()
    assert Attachment.objects.restrict(world.users["officer"], "change").get() == attachment


def test_a_version_must_replace_a_document_of_the_same_record(world, parent):
    user = world.users["specialist"]
    elsewhere = attachments.upload_attachment(user, world.department, pdf())
    with pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(user, parent, pdf(), replaces=elsewhere)
    assert "replaces" in caught.value.message_dict


def test_attachments_of_a_deleted_record_are_hidden(world, parent):
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    parent.delete()
    assert not Attachment.objects.restrict(world.users["specialist"]).filter(pk=attachment.pk).exists()


# --- pages ------------------------------------------------------------------------------------------------

def test_download_streams_the_file_with_its_vietnamese_name(world, parent, client):
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    client.force_login(world.users["viewer"])
    response = client.get(reverse("core:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-ket-qua-thuc-hien-nhiem-vu.pdf"; ')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20k%E1%BA%BFt%20qu%E1%BA%A3" in disposition
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.users["other_specialist"])
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404


def test_files_are_not_served_as_public_media(world, parent, client):
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    client.force_login(world.users["admin"])
    assert client.get(f"/{settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def test_upload_form_and_new_version_from_the_page(world, parent, client):
    client.force_login(world.users["officer"])
    response = client.post(upload_url(parent), {"file": pdf(), "title": "Tờ trình", "note": "Bản nháp"})
    assert response.status_code == 302 and response["Location"].endswith("#attachments")
    first = Attachment.objects.get()
    response = client.post(upload_url(parent), {"file": pdf("to-trinh-v2.pdf"), "replaces": first.pk},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="attachments"' in html and "v2" in html and "to-trinh-v2.pdf" in html
    assert Attachment.objects.get(version=2).replaces == first


def test_bad_upload_answers_422_naming_the_field(world, parent, client):
    client.force_login(world.users["officer"])
    response = client.post(upload_url(parent), {"file": SimpleUploadedFile("virus.exe", b"MZ")},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "not accepted" in response.content.decode() and "is-invalid" in response.content.decode()
    response = client.post(upload_url(parent), {"title": "no file"})
    assert response.status_code == 422 and "Choose a file" in response.content.decode()
    response = client.post(upload_url(parent), {"file": pdf(), "replaces": 999999})
    assert response.status_code == 422
    assert not Attachment.all_objects.exists()


def test_pages_refuse_other_units_and_read_only_roles(world, parent, client):
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    client.force_login(world.users["viewer"])
    assert client.get(list_url(parent)).status_code == 200
    assert client.post(upload_url(parent), {"file": pdf()}).status_code == 403
    assert client.post(reverse("core:attachment_delete", args=[attachment.pk])).status_code == 403
    client.force_login(world.users["other_officer"])
    assert client.get(list_url(parent)).status_code == 404
    assert client.post(upload_url(parent), {"file": pdf()}).status_code == 404
    assert client.post(reverse("core:attachment_delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1
    client.force_login(world.users["specialist"])
    assert client.get(reverse("core:attachment_list", args=["core", "job", 1])).status_code == 404  # no attachments
    assert client.get(reverse("core:attachment_list", args=["nope", "nothing", 1])).status_code == 404


def test_delete_from_the_page_and_restore_from_the_trash(world, parent, client):
    attachment = attachments.upload_attachment(world.users["officer"], parent, pdf())
    client.force_login(world.users["officer"])
    response = client.post(reverse("core:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404
    client.force_login(world.users["admin"])
    assert attachment.title in client.get(reverse("core:trash")).content.decode()
    response = client.post(reverse("core:restore", args=["core", "attachment", attachment.pk]))
    assert response.status_code == 302 and response["Location"] == f"{parent.get_absolute_url()}#attachments"
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 200


def render_card(user, obj) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load dieuhanh %}{% attachments_card obj %}").render(Context({"request": request,
                                                                                     "obj": obj}))


def test_card_tag_lists_versions_and_offers_upload_only_to_writers(world, parent):
    first = attachments.upload_attachment(world.users["officer"], parent, pdf(), title="Quyết định")
    attachments.upload_attachment(world.users["officer"], parent, pdf("qd-v2.pdf"), replaces=first)
    html = render_card(world.users["officer"], parent)
    assert "Quyết định" in html and "v2" in html and "qd-v2.pdf" in html and NAME in html
    assert upload_url(parent) in html and 'name="replaces"' in html
    html = render_card(world.users["viewer"], parent)
    assert "Quyết định" in html and upload_url(parent) not in html and "attachment_delete" not in html


def test_card_queries_do_not_grow_with_documents(world, parent, client):
    client.force_login(world.users["officer"])
    url = list_url(parent)
    client.get(url)
    measured = []
    for count in (2, 8):
        while Attachment.objects.count() < count:
            first = attachments.upload_attachment(world.users["officer"], parent, pdf())
            attachments.upload_attachment(world.users["officer"], parent, pdf(), replaces=first)
        response, queries = count_queries(lambda: client.get(url, headers={"HX-Request": "true"}))
        assert response.status_code == 200
        measured.append(len(queries))
    assert measured[0] == measured[1], measured


# --- API --------------------------------------------------------------------------------------------------

def api_path(obj):
    return f"/api/core/attachments/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}"


def test_api_upload_list_download_delete(world, parent, client):
    headers = world.token(world.users["officer"])
    response = client.post(api_path(parent), {"file": pdf(), "title": "Báo cáo"}, headers=headers)
    assert response.status_code == 201, response.content
    first = response.json()
    assert (first["title"], first["file_name"], first["version"], first["is_current"]) == ("Báo cáo", NAME, 1, True)
    response = client.post(api_path(parent), {"file": pdf("v2.pdf"), "replaces": first["id"]}, headers=headers)
    assert response.status_code == 201 and response.json()["version"] == 2
    listing = client.get(api_path(parent), headers=headers).json()
    assert [(item["version"], item["is_current"]) for item in listing] == [(2, True), (1, False)]
    assert client.get(f"/api/core/attachments/{first['id']}", headers=headers).json()["is_current"] is False
    download = client.get(first["download_url"], headers=headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert call(client, "DELETE", f"/api/core/attachments/{listing[0]['id']}", None, headers).status_code == 204
    assert [item["version"] for item in client.get(api_path(parent), headers=headers).json()] == [1]


def test_api_errors_name_the_field(world, parent, client):
    headers = world.token(world.users["officer"])
    response = client.post(api_path(parent), {"file": SimpleUploadedFile("a.exe", b"MZ")}, headers=headers)
    assert response.status_code == 422 and fields_named(response) == {"file"}
    response = client.post(api_path(parent), {"file": pdf(), "replaces": 123456}, headers=headers)
    assert response.status_code == 422 and fields_named(response) == {"replaces"}
    response = client.post(api_path(parent), {"title": "no file"}, headers=headers)
    assert response.status_code == 422 and "file" in fields_named(response)
    read_only = world.token(world.users["officer"], write=False)
    assert client.post(api_path(parent), {"file": pdf()}, headers=read_only).status_code == 403
    assert not Attachment.all_objects.exists()
