"""Creating an organisation: a bad field is named with its error, nothing is saved until it is fixed,
and the organisation's page then shows the record and its history (creation, then an edit)."""


import pytest
from playwright.sync_api import expect

from dieuhanh.core.models import ObjectChange
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Trung tâm Chuyển đổi số tỉnh Điện Biên"


def save(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    return navigation.value


def field_label(page, field_id: str) -> str:
    return page.locator(f"label[for={field_id}]").inner_text().replace("*", "").strip()


def test_bad_field_is_named_then_fixed_saved_and_logged(demo, page):
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    login(page, demo, "demo_specialist")
    page.goto(f"{demo}/orgs/organizations/")
    with page.expect_navigation():
        page.locator("main a[href$='/orgs/organizations/add/']").click()

    page.fill("#id_name", NAME)
    page.select_option("#id_kind", Organization.Kind.DEPARTMENT.value)
    # The unit is a search-as-you-type select: typing fills the options from the server.
    page.locator("#id_unit__search").press_sequentially("dien bien")
    expect(page.locator(f"#id_unit option[value='{province.pk}']")).to_be_attached()
    page.select_option("#id_unit", str(province.pk))
    page.fill("#id_phone", "0215 3830 888")
    page.fill("#id_email", "chuyendoiso.dienbien.gov.vn")  # the @ forgotten

    response = save(page)
    assert response.status == 422
    assert page.url == f"{demo}/orgs/organizations/add/"
    errors = page.locator("#id_email-errors li")
    expect(errors).to_have_count(1)
    assert errors.inner_text().startswith(f"{field_label(page, 'id_email')}: "), errors.inner_text()
    assert page.locator("ul.errorlist li").count() == 1, "only the bad field is in error"
    expect(page.locator("main .alert-danger")).to_be_visible()
    # What the user typed is kept, and nothing was saved.
    assert page.locator("#id_name").input_value() == NAME
    assert page.locator("#id_unit").input_value() == str(province.pk)
    assert not Organization.all_objects.filter(name=NAME).exists()
    screenshot(page, "03-organisation-form-error")

    page.fill("#id_email", "chuyendoiso@dienbien.gov.vn")
    response = save(page)
    assert response.status == 200
    organisation = Organization.objects.get(name=NAME)
    assert page.url == f"{demo}{organisation.get_absolute_url()}"
    assert (organisation.unit, organisation.province, organisation.email) == (
        province, province, "chuyendoiso@dienbien.gov.vn")
    expect(page.locator("main h1")).to_contain_text(NAME)
    expect(page.locator("main .card").first).to_contain_text("chuyendoiso@dienbien.gov.vn")
    history = page.locator("#history li.list-group-item")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("demo_specialist")

    # An edit appears in the history with the value before and after.
    with page.expect_navigation():
        page.locator(f"main a[href$='/orgs/organizations/{organisation.pk}/edit/']").click()
    page.fill("#id_phone", "0215 3830 999")
    response = save(page)
    assert response.status == 200
    assert page.url == f"{demo}{organisation.get_absolute_url()}"
    expect(history).to_have_count(2)
    edit = history.filter(has_text="0215 3830 999")
    expect(edit).to_have_count(1)
    expect(edit).to_contain_text("0215 3830 888")
    expect(edit).to_contain_text("demo_specialist")
    screenshot(page, "04-organisation-detail-history")

    changes = ObjectChange.objects.filter(object_id=organisation.pk, content_type__model="organization")
    assert sorted(changes.values_list("action", "user_name", "source")) == [
        ("create", "demo_specialist", "ui"), ("update", "demo_specialist", "ui")]
    assert Organization.objects.get(pk=organisation.pk).phone == "0215 3830 999"
