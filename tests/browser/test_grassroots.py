"""Grassroots radio, as a department specialist would: import a station inventory, record a repair
of a broken station, accept it, and see the network view and the year's statistics change."""

import datetime

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from dieuhanh.core import jobs
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.grassroots.models import RadioStation, StationWork

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inventory(path, commune_name):
    book = Workbook()
    book.active.append(["STT", "Xã/Phường", "Tên đài", "Công nghệ", "Năm đưa vào sử dụng", "Tình trạng", "Số cụm loa"])
    book.active.append([1, commune_name, "Đài truyền thanh kiểm kê", "Có dây", 2012, "Hư hỏng", 3])
    book.active.append([2, "Xã Không Tồn Tại", "Đài sai", "Có dây", 2012, "Tốt", 1])
    book.save(path)


def figure(page, key):
    return page.locator(f'[data-figure="{key}"] a.value')


def test_import_repair_accept_and_watch_the_network(demo, page, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_RUN_INLINE = False
    year = datetime.date.today().year
    # A commune of the demo province with no station at all (the demo leaves the last four without).
    commune = AdministrativeUnit.objects.filter(province__code="11", province__valid_until__isnull=True,
                                                level="commune", valid_until__isnull=True).order_by("code")[44]
    upload = tmp_path / "kiem-ke.xlsx"
    inventory(upload, commune.name)

    login(page, demo, "demo_specialist")
    page.goto(f"{demo}/grassroots/?days=30")
    without = int(page.locator("#communes-without").inner_text())

    expect(page.locator(f'#communes-without-table tr[data-unit="{commune.pk}"]')).to_have_count(1)
    page.goto(f"{demo}/grassroots/statistics/?year={year}")
    repaired_before = int(figure(page, "grassroots.works_repair").inner_text())
    covered_before = int(figure(page, "grassroots.communes_covered").inner_text())

    # Import the inventory: the preview names the bad row; the valid one is imported by the job.
    page.goto(f"{demo}/grassroots/stations/")
    with page.expect_navigation():
        page.locator("main a[href$='/grassroots/stations/import/']").click()
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#import-preview tbody tr.table-danger")).to_have_count(1)
    expect(page.locator("#import-preview tbody tr.table-danger")).to_contain_text("Xã/Phường")
    page.check("input[name=mode][value=valid]")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    ran = []

    def run_worker_then_answer(route):
        if not ran:
            ran.append(jobs.run_pending(worker="browser-test"))
        route.continue_()

    page.route("**/jobs/*/", run_worker_then_answer)
    expect(page.locator("#job-status")).to_have_attribute("data-status", "completed", timeout=30_000)
    page.unroute("**/jobs/*/")
    station = RadioStation.objects.get(unit=commune)
    assert station.status == "out_of_service" and station.clusters.count() == 3

    # Record a repair from the station's page, then accept it.
    page.goto(f"{demo}{station.get_absolute_url()}")
    expect(page.locator("#station-status")).to_have_attribute("data-status", "out_of_service")
    with page.expect_navigation():
        page.locator("main a[href*='/grassroots/works/add/']").first.click()
    page.select_option("#id_kind", "repair")
    page.fill("#id_title", "Sửa chữa đài truyền thanh sau mưa lũ")
    started = datetime.date.today() - datetime.timedelta(days=10)
    page.fill("#id_started_on", started.strftime("%d/%m/%Y"))
    page.fill("#id_contractor", "VNPT Điện Biên")
    page.fill("#id_cost", "85000000")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    work = StationWork.objects.get(station=station)
    assert page.url == f"{demo}{work.get_absolute_url()}"
    page.fill("#id_accepted_on", datetime.date.today().strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.locator("#accept-form button[type=submit]").click()
    expect(page.locator("#work-accepted")).to_be_visible()
    page.goto(f"{demo}{station.get_absolute_url()}")
    expect(page.locator("#station-status")).to_have_attribute("data-status", "operating")
    expect(page.locator("#status-history tbody tr").first).to_contain_text("Sửa chữa")
    screenshot(page, "grassroots-station")

    # The network view: the commune has an operating station now.
    page.goto(f"{demo}/grassroots/?days=30")
    expect(page.locator("#communes-without")).to_have_text(str(without - 1))
    expect(page.locator(f'#communes-without-table tr[data-unit="{commune.pk}"]')).to_have_count(0)
    screenshot(page, "grassroots-network")

    # The year's statistics: one more repair, one more commune covered; the number opens the records.
    page.goto(f"{demo}/grassroots/statistics/?year={year}")
    expect(figure(page, "grassroots.works_repair")).to_have_text(str(repaired_before + 1))
    expect(figure(page, "grassroots.communes_covered")).to_have_text(str(covered_before + 1))
    screenshot(page, "grassroots-statistics")
    with page.expect_navigation():
        figure(page, "grassroots.works_repair").click()
    expect(page.locator("main")).to_contain_text("Sửa chữa đài truyền thanh sau mưa lũ")
