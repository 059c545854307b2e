"""Bulk import: preview with row errors by field, then all-or-nothing or valid rows only, as a job."""

import io

import pytest
from openpyxl import Workbook

from dieuhanh.core import jobs
from dieuhanh.core.models import Job, ObjectChange
from dieuhanh.orgs.models import Organization

HEADER = "Tên,Mã,Loại,Mã đơn vị hành chính,Email\n"


def csv_upload(text: str, name: str = "orgs.csv"):
    upload = io.BytesIO(text.encode("utf-8-sig"))
    upload.name = name
    return upload


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin"))
    return client


def rows(valid: int, bad: int) -> str:
    lines = [f"Cơ quan {i},IMP{i},{'press' if i % 2 else 'Press agency'},11,a{i}@example.org" for i in range(valid)]
    lines += [f"Sai {i},BAD{i},không có loại này,99999,không-phải-email" for i in range(bad)]
    return HEADER + "\n".join(lines) + "\n"


def run_queued():
    jobs.run_pending(worker="test")
    return Job.objects.latest("pk")


def test_preview_names_row_and_field_then_all_or_nothing_saves_nothing(admin_client):
    response = admin_client.post("/orgs/organizations/import/", {"file": csv_upload(rows(3, 1)), "mode": "all"})
    assert response.status_code == 200
    assert response.context["failed"] == 1 and response.context["valid"] == 3
    bad = [r for r in response.context["results"] if not r.ok][0]
    assert bad.number == 5  # header is row 1
    assert set(bad.errors) >= {"Loại", "Mã đơn vị hành chính", "Email"}
    token = response.context["token"]
    response = admin_client.post("/orgs/organizations/import/", {"token": token, "mode": "all"})
    assert response.status_code == 302
    job = run_queued()
    assert job.status == Job.Status.COMPLETED
    assert job.result["applied"] is False and job.result["failed"][0][0] == 5
    assert not Organization.objects.filter(code__startswith="IMP").exists()


def test_valid_rows_mode_imports_the_good_rows_and_reports_the_bad(admin_client):
    response = admin_client.post("/orgs/organizations/import/", {"file": csv_upload(rows(3, 2)), "mode": "valid"})
    admin_client.post("/orgs/organizations/import/", {"token": response.context["token"], "mode": "valid"})
    job = run_queued()
    assert job.result["created"] == 3 and len(job.result["failed"]) == 2
    assert Organization.objects.filter(code__startswith="IMP").count() == 3
    change = ObjectChange.objects.filter(content_type__model="organization", action="create").latest("pk")
    assert change.source == "import"
    page = admin_client.get(f"/jobs/{job.pk}/")
    assert "3" in page.content.decode() and page.status_code == 200


def test_reimport_updates_by_code_instead_of_duplicating(admin_client):
    for _ in range(2):
        response = admin_client.post("/orgs/organizations/import/", {"file": csv_upload(rows(2, 0)), "mode": "all"})
        admin_client.post("/orgs/organizations/import/", {"token": response.context["token"], "mode": "all"})
        run_queued()
    assert Organization.objects.filter(code__startswith="IMP").count() == 2
    assert Job.objects.latest("pk").result["updated"] == 2


def test_xlsx_import_and_unreadable_files(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Mã", "Loại", "Mã đơn vị hành chính"])
    sheet.append(["Viettel Điện Biên", "VT-X", "telecom", "11"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "orgs.xlsx"
    response = admin_client.post("/orgs/organizations/import/", {"file": buffer, "mode": "all"})
    assert response.context["valid"] == 1
    broken = io.BytesIO(b"not a workbook")
    broken.name = "broken.xlsx"
    response = admin_client.post("/orgs/organizations/import/", {"file": broken, "mode": "all"})
    assert response.status_code == 422
    assert "XLSX" in response.content.decode()
    response = admin_client.post("/orgs/organizations/import/", {"file": csv_upload("a,b\n1,2\n"), "mode": "all"})
    assert response.status_code == 422  # no known headers: says which are expected
    response = admin_client.post("/orgs/organizations/import/", {"file": csv_upload("x", name="x.txt"), "mode": "all"})
    assert response.status_code == 422


def test_viewer_cannot_import(client, make_user):
    org_unit_owner = make_user("admin")
    del org_unit_owner
    client.force_login(make_user("viewer"))
    assert client.get("/orgs/organizations/import/").status_code == 403
