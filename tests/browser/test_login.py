"""Signing in through the login form and the home page's statistics tiles."""

import re

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from .helpers import html_lang, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def grouped(number: int) -> str:
    """1964 -> '1.964', as the Vietnamese UI writes numbers."""
    return f"{number:,}".replace(",", ".")


def in_force_today(queryset):
    today = timezone.localdate()
    return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                           Q(valid_until__isnull=True) | Q(valid_until__gt=today))


def test_sign_in_lands_on_home_with_tiles_that_link_to_their_records(demo, page):
    response = page.goto(f"{demo}/")
    assert page.url == f"{demo}/accounts/login/?next=/", "an anonymous visitor is sent to the login form"
    assert response.status == 200
    assert html_lang(page) == "vi", "the UI is Vietnamese by default, whatever the browser's language"
    assert page.locator("main form button[type=submit]").inner_text().strip() in ("Đăng nhập", "Sign in")

    # A wrong password keeps the visitor on the form with an error, and signs nobody in.
    page.fill("#id_username", "demo_admin")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation() as wrong:
        page.locator("main form button[type=submit]").click()
    assert wrong.value.status == 200
    assert "/accounts/login/" in page.url
    assert page.locator("main .alert-danger").is_visible()
    assert page.locator("#id_username").input_value() == "demo_admin"

    login(page, demo, "demo_admin")
    assert page.locator(".dh-navbar").get_by_text("demo_admin").is_visible()
    operator = Organization.objects.get(operates_platform=True)
    expect(page.locator(".navbar-brand")).to_contain_text(operator.name)  # who runs the platform: configuration

    organisations = page.locator(".dh-tile[data-figure='orgs.organizations'] a.value")
    units = page.locator(".dh-tile[data-figure='geo.units_in_force'] a.value")
    expected_organisations = in_force_today(Organization.objects.all()).count()
    expected_units = in_force_today(AdministrativeUnit.objects.all()).count()
    assert expected_organisations > 40 and expected_units > 40  # the demo province really is loaded
    assert organisations.inner_text().strip() == grouped(expected_organisations)
    assert units.inner_text().strip() == grouped(expected_units)
    screenshot(page, "01-home")

    # Every number is traceable: the tile opens the list behind it, and the list counts the same.
    with page.expect_navigation():
        organisations.click()
    assert "/orgs/organizations/" in page.url
    summary = page.locator("#object-table > div").first.inner_text()
    assert re.search(rf"\b{re.escape(grouped(expected_organisations))}\b", summary), summary
