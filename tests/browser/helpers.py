"""Steps the browser tests share: sign in and out, screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from dieuhanh.orgs.demo import DEMO_PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the home page."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == f"{base_url}/", f"sign-in as {username} landed on {page.url}"


def logout(page) -> None:
    """Sign out with the navbar's form (a POST, as Django requires)."""
    sign_out = page.locator("form[action$='/accounts/logout/']")
    page.locator(".dh-navbar li.dropdown", has=sign_out).locator("a.dropdown-toggle").click()
    with page.expect_navigation():
        sign_out.locator("button[type=submit]").click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")
