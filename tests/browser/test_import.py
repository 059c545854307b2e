"""Bulk import of organisations: upload, preview naming the bad row and field, import the valid rows
as a background job, and watch its progress bar reach the end."""

import pytest
from playwright.sync_api import expect

from dieuhanh.core import jobs
from dieuhanh.core.models import Job, ObjectChange
from dieuhanh.orgs.models import Organization

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = """Tên,Mã,Loại,Mã đơn vị hành chính,Email
Trung tâm Văn hóa - Điện ảnh tỉnh Điện Biên,TTVH-T11,department,11,ttvh@dienbien.gov.vn
Đài Truyền thanh xã Mường Nhé,DTT-MN,broadcaster,99999,
Tạp chí Văn nghệ Điện Biên,TCVN-DB,press,11,toasoan@vannghedienbien.vn
"""
GOOD = {"TTVH-T11": "Trung tâm Văn hóa - Điện ảnh tỉnh Điện Biên", "TCVN-DB": "Tạp chí Văn nghệ Điện Biên"}


def test_import_preview_then_valid_rows_as_a_job(demo, page, settings, tmp_path):
    # The local worker runs jobs here (no broker): the test plays its part, below.
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_RUN_INLINE = False
    upload = tmp_path / "co-quan.csv"
    upload.write_text(CSV, encoding="utf-8")

    login(page, demo, "demo_specialist")
    page.goto(f"{demo}/orgs/organizations/")
    with page.expect_navigation():
        page.locator("main a[href$='/orgs/organizations/import/']").click()
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation() as checked:
        page.locator("main form button[type=submit]").click()
    assert checked.value.status == 200

    # The preview: every row, the bad one marked with its row number, field and reason.
    preview = page.locator("#import-preview tbody tr")
    expect(preview).to_have_count(3)
    bad = page.locator("#import-preview tbody tr.table-danger")
    expect(bad).to_have_count(1)
    assert bad.locator("td").first.inner_text().strip() == "3"  # the header is row 1
    expect(bad).to_contain_text("99999")
    expect(bad.locator("td").last).to_contain_text("Mã đơn vị hành chính")  # the field, as the file names it
    assert not Organization.objects.filter(code__in=[*GOOD, "DTT-MN"]).exists(), "the preview saves nothing"
    screenshot(page, "06-import-preview")

    page.check("input[name=mode][value=valid]")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    job = Job.objects.get(name="core.import")
    assert page.url == f"{demo}/jobs/{job.pk}/"
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(status.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "0")

    # The page polls the job's status. The worker runs when the next poll is on its way, while the
    # request is held, so the worker and the web server never share the database connection at once.
    ran = []

    def run_worker_then_answer(route):
        if not ran:
            ran.append(jobs.run_pending(worker="browser-test"))
        route.continue_()

    page.route(f"**/jobs/{job.pk}/", run_worker_then_answer)
    expect(status).to_have_attribute("data-status", "completed", timeout=30_000)
    assert ran == [1]
    expect(status.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    expect(status.locator(".progress-bar")).to_have_text("100%")
    expect(page.locator("#job-result")).to_contain_text("2")
    expect(status).to_contain_text("99999")  # the skipped row, with its reason
    screenshot(page, "07-import-job-done")

    assert dict(Organization.objects.filter(code__in=[*GOOD, "DTT-MN"]).values_list("code", "name")) == GOOD
    created = ObjectChange.objects.filter(content_type__model="organization", action="create",
                                          object_id__in=Organization.objects.filter(code__in=GOOD).values("pk"))
    assert sorted(created.values_list("user_name", "source")) == [("demo_specialist", "import")] * 2
    job.refresh_from_db()
    assert (job.status, job.progress, job.result["created"]) == (Job.Status.COMPLETED, 100, 2)
