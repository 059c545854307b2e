"""Switching the UI to English: saved on the account, so it survives signing out and signing in again,
even from another browser; other accounts keep Vietnamese."""

import pytest
from playwright.sync_api import expect

from dieuhanh.orgs.models import User

from .helpers import html_lang, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out_label(page) -> str:
    return page.locator("form[action$='/accounts/logout/'] button[type=submit]").inner_text().strip()


def test_english_is_remembered_per_user(demo, browser, page):
    login(page, demo, "demo_leader")
    assert html_lang(page) == "vi"
    page.goto(f"{demo}/orgs/organizations/")

    with page.expect_navigation():
        page.locator(".dh-lang button[name=language][value=en]").click()
    assert page.url == f"{demo}/orgs/organizations/", "the switch returns to the same page"
    assert html_lang(page) == "en"
    assert sign_out_label(page) == "Sign out"
    expect(page.locator(".dh-lang button[value=en]")).to_have_class("btn btn-sm btn-light")
    assert User.objects.get(username="demo_leader").language == "en"
    page.goto(f"{demo}/")
    screenshot(page, "08-home-english")

    # Same browser: signed out, then in again.
    logout(page)
    assert "/accounts/login/" in page.url
    login(page, demo, "demo_leader")
    assert html_lang(page) == "en"

    # Another browser, with no language cookie: the login page is Vietnamese, the account English.
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(f"{demo}/accounts/login/")
        assert html_lang(fresh) == "vi"
        login(fresh, demo, "demo_leader")
        assert html_lang(fresh) == "en"
        assert sign_out_label(fresh) == "Sign out"
        # The choice belongs to that account only.
        logout(fresh)
        fresh.context.clear_cookies()
        login(fresh, demo, "demo_officer")
        assert html_lang(fresh) == "vi"
    finally:
        other.close()
