"""A unit officer acts for one organisation: another unit's organisation answers 404 as if it did not exist."""

import pytest
from playwright.sync_api import expect

from dieuhanh.orgs.models import User

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_officer_cannot_open_another_units_organisation(demo, page):
    own = User.objects.select_related("organization").get(username="demo_officer").organization
    other = User.objects.select_related("organization").get(username="demo_officer2").organization
    assert own is not None and other is not None and own != other

    login(page, demo, "demo_officer")

    response = page.goto(f"{demo}{own.get_absolute_url()}")
    assert response.status == 200
    expect(page.locator("main h1")).to_contain_text(own.name)

    for path in (other.get_absolute_url(), f"{other.get_absolute_url()}edit/"):
        response = page.goto(f"{demo}{path}")
        assert response.status == 404, path
        assert other.name not in page.content()
        # The error page keeps the application's shell, so the officer can carry on from there.
        expect(page.locator("#error-page[data-status='404']")).to_be_visible()
        expect(page.locator(".dh-navbar")).to_contain_text("demo_officer")
    screenshot(page, "05-other-unit-404")

    # The list offers only the officer's own organisation, searched or not.
    page.goto(f"{demo}/orgs/organizations/")
    table = page.locator("#object-table tbody")
    expect(table).to_contain_text(own.name)
    assert other.name not in table.inner_text()
    page.goto(f"{demo}/orgs/organizations/?q={other.short_name}")
    assert other.name not in page.locator("#object-table tbody").inner_text()
