"""Inspections, as an inspector would record one through to the paid fine: plan it, carry it out with
two subjects, record a violation with a fine (first outside the provision's range, refused) and a
confiscation, record the payment, then see the year's statistics and open the fine total's records."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dieuhanh.inspections.models import Inspection, Provision, Sanction

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def save(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    return navigation.value


def follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def choose(page, field_id: str, text: str, pk: int) -> None:
    """A search-as-you-type select: type, then pick the record among the options the server sends."""
    box = page.locator(f"#{field_id}__search")
    name = box.get_attribute("name")

    def whole_text(response) -> bool:
        return "/lookup/" in response.url and parse_qs(urlsplit(response.url).query).get(name) == [text]

    with page.expect_response(whole_text):
        box.press_sequentially(text)
    expect(box).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(page.locator(f"#{field_id} option[value='{pk}']")).to_be_attached()
    page.select_option(f"#{field_id}", str(pk))


def figure(page, key: str):
    return page.locator(f'[data-figure="{key}"] a.value')


def test_plan_inspect_sanction_and_pay(demo, page):
    today = timezone.localdate()
    started = max(today - datetime.timedelta(days=5), datetime.date(today.year, 1, 1))
    provision = Provision.objects.get(decree="119/2020/NĐ-CP", article=29, clause=2, point="a")
    login(page, demo, "demo_specialist")

    # The year's plan with one planned inspection.
    page.goto(f"{demo}/inspections/plans/")
    follow(page, "main a[href$='/inspections/plans/add/']")
    page.fill("#id_year", str(today.year))
    page.fill("#id_title", f"Kế hoạch thanh tra bổ sung năm {today.year}")
    page.fill("#id_decision_number", "210/QĐ-SKHCN")
    page.fill("#id_decision_date", dmy(started - datetime.timedelta(days=30)))
    save(page)
    follow(page, "main a[href*='/inspections/planned/add/']")
    page.select_option("#id_field", "publishing")
    page.fill("#id_subject", "Các cơ sở kinh doanh sách tại phường Mường Thanh")
    page.fill("#id_quarter", str((started.month - 1) // 3 + 1))
    save(page)

    # Carry it out: the inspection starts from the planned item.
    follow(page, "main a[href*='/inspections/inspections/add/']")
    expect(page.locator("#id_field")).to_have_value("publishing")
    page.fill("#id_title", "Thanh tra hoạt động phát hành xuất bản phẩm phường Mường Thanh")
    page.fill("#id_decision_number", "45/QĐ-TTr")
    page.fill("#id_decision_date", dmy(started))
    page.fill("#id_leader", "Quàng Văn Thắng")
    page.fill("#id_members", "Trần Minh Đức, chuyên viên\nLò Thị Mai, Công an phường")
    page.fill("#id_started_on", dmy(started))
    save(page)
    inspection = Inspection.objects.get(decision_number="45/QĐ-TTr")
    assert page.url == f"{demo}{inspection.get_absolute_url()}"
    assert inspection.plan_item is not None and inspection.organization.code == "SKHCN-T11"

    for name, kind in (("Nhà sách Ánh Dương", "household"), ("Công ty TNHH Sách Điện Biên Phủ", "organisation")):
        page.goto(f"{demo}{inspection.get_absolute_url()}")
        follow(page, "#add-subject")
        page.select_option("#id_kind", kind)
        page.fill("#id_name", name)
        page.fill("#id_address", "Phường Mường Thanh, Điện Biên")
        save(page)
    page.goto(f"{demo}{inspection.get_absolute_url()}")
    expect(page.locator("#subjects tbody tr")).to_have_count(2)
    bookshop = inspection.subjects.get(name="Nhà sách Ánh Dương")

    # A violation of the bookshop, with the provision from the catalogue (searched without diacritics).
    page.goto(f"{demo}{bookshop.get_absolute_url()}")
    follow(page, "#add-violation")
    choose(page, "id_provision", "hoa don", provision.pk)
    page.fill("#id_act_date", dmy(started))
    page.fill("#id_description", "Bày bán sách tham khảo (từ 50 đến dưới 100 bản mỗi tên) không có hóa đơn, chứng từ")
    save(page)
    expect(page.locator("#violation-range")).to_have_text("2.500.000 đ – 5.000.000 đ")  # half, for a household

    # The decision: a fine outside the range is refused, naming the field; within it, saved.
    page.goto(f"{demo}{bookshop.get_absolute_url()}")
    follow(page, "#add-sanction")
    page.fill("#id_number", "45/QĐ-XPHC")
    page.fill("#id_date", dmy(today))
    page.fill("#id_signer", "Quàng Văn Thắng, Chánh Thanh tra Sở")
    page.locator("#id_violations input[type=checkbox]").first.check()
    page.fill("#id_fine_amount", "30000000")
    page.fill("#id_remedial_measures", "Buộc tiêu hủy xuất bản phẩm không rõ nguồn gốc")
    response = save(page)
    assert response.status == 422
    expect(page.locator("#id_fine_amount-errors")).to_contain_text("5.000.000 đ")
    screenshot(page, "inspections-sanction-error")
    page.fill("#id_fine_amount", "4000000")
    save(page)
    sanction = Sanction.objects.get(number="45/QĐ-XPHC")
    assert page.url == f"{demo}{sanction.get_absolute_url()}"
    expect(page.locator("#enforcement")).to_have_attribute("data-status", "unpaid")

    # The confiscation: without a quantity it is refused.
    follow(page, "#add-confiscation")
    page.select_option("#id_item_kind", "publications")
    page.fill("#id_description", "Sách giáo khoa, sách tham khảo không rõ nguồn gốc")
    assert save(page).status == 422
    expect(page.locator("#id_quantity-errors")).to_be_visible()
    page.fill("#id_quantity", "964")
    save(page)
    page.goto(f"{demo}{sanction.get_absolute_url()}")
    expect(page.locator("#confiscations")).to_contain_text("964")

    # The payment: the amount left to pay is proposed.
    follow(page, "#add-payment")
    expect(page.locator("#id_amount")).to_have_value("4000000")
    page.fill("#id_paid_on", dmy(today))
    page.fill("#id_receipt_number", "BL-0045")
    save(page)
    page.goto(f"{demo}{sanction.get_absolute_url()}")
    expect(page.locator("#enforcement")).to_have_attribute("data-status", "paid")
    expect(page.locator("#left")).to_have_text("0 đ")
    screenshot(page, "inspections-sanction")
    page.goto(f"{demo}{inspection.get_absolute_url()}")
    expect(page.locator("#fines-total")).to_have_text("4.000.000 đ")
    screenshot(page, "inspections-inspection")
    page.goto(f"{demo}{inspection.plan_item.plan.get_absolute_url()}")
    expect(page.locator("#plan-progress")).to_have_attribute("data-in-progress", "1")
    screenshot(page, "inspections-plan")

    # The year's statistics: the fine total opens the records behind it.
    page.goto(f"{demo}/inspections/statistics/?year={started.year}")
    expect(figure(page, "inspections.fines_imposed")).to_have_text("4.000.000")
    expect(page.locator('[data-figure="inspections.confiscated"] a[data-part="publications"]')).to_have_text("964")
    screenshot(page, "inspections-statistics")
    with page.expect_navigation():
        figure(page, "inspections.fines_imposed").click()
    expect(page.locator("main")).to_contain_text("45/QĐ-XPHC")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    screenshot(page, "inspections-fines-records")

    # Last year's, from the demo: seed 001's figures.
    page.goto(f"{demo}/inspections/statistics/?year={today.year - 1}")
    expect(figure(page, "inspections.inspections")).to_have_text("27")
    expect(figure(page, "inspections.fines_imposed")).to_have_text("115.000.000")
    expect(page.locator('[data-figure="inspections.confiscated"] a[data-part="publications"]')).to_have_text("1.964")
    screenshot(page, "inspections-statistics-last-year")
