"""Searching administrative units without diacritics, through the list's HTMX filter bar."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dieuhanh.core.text import fold

from .helpers import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search(page, text: str, expected: str) -> list[str]:
    """Type into the filter bar's search box like a user; once `expected` shows, return the unit
    names the table lists."""
    box = page.locator("#id_q")
    box.fill("")
    box.press_sequentially(text)
    # The filter bar swaps the table in place and pushes the query into the address bar.
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [text])
    expect(page.locator("form.dh-filterbar")).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(page.locator("#object-table tbody")).to_contain_text(expected)
    return [name.strip() for name in page.locator("#object-table tbody tr td:first-child").all_inner_texts()]


def test_units_found_without_diacritics(demo, page):
    login(page, demo, "demo_specialist")
    page.goto(f"{demo}/geo/units/")
    # A marker that a full page load would wipe: the results must arrive as an HTMX partial update.
    page.evaluate("window.__sameDocument = true")

    names = search(page, "dien bien", "Tỉnh Điện Biên")
    assert "Tỉnh Điện Biên" in names
    assert all("dien bien" in fold(name) for name in names), names
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the whole page"
    screenshot(page, "02-unit-search-dien-bien")

    names = search(page, "muong nhe", "Xã Mường Nhé")
    assert "Xã Mường Nhé" in names
    assert "Tỉnh Điện Biên" not in names
    assert all("muong nhe" in fold(name) for name in names), names
    assert page.evaluate("window.__sameDocument === true")

    # The address bar keeps the search: reloading it (or sharing the link) shows the same result.
    page.reload()
    assert page.locator("#id_q").input_value() == "muong nhe"
    expect(page.locator("#object-table")).to_contain_text("Xã Mường Nhé")
