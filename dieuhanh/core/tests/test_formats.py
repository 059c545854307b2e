"""Vietnamese formats: dd/mm/yyyy, 1.964, 115.000.000 đ; folding for search."""

import datetime

from django.template import Context, Template
from django.utils import translation

from dieuhanh.core.tables import display_value
from dieuhanh.core.text import fold, search_terms


def render(source: str, **context) -> str:
    return Template("{% load dieuhanh %}" + source).render(Context(context))


def test_numbers_money_and_dates_in_vietnamese():
    with translation.override("vi"):
        assert render("{{ v|num }}", v=1964) == "1.964"
        assert render("{{ v|vnd }}", v=115_000_000) == "115.000.000 đ"
        assert display_value(datetime.date(2025, 7, 1)) == "01/07/2025"
        assert display_value(27) == "27"
        assert display_value(None) == "—"
        assert display_value(1964) == "1.964"


def test_bare_numbers_stay_ungrouped_for_links_and_form_values():
    """Only |num, |vnd and table cells group digits: an id or a year printed bare goes into URLs
    and form values, where "1.600" would be a different (invalid) number."""
    with translation.override("vi"):
        assert render("{{ pk }}/{{ year }}", pk=1600, year=2026) == "1600/2026"


def test_english_keeps_dates_but_uses_english_separators():
    with translation.override("en"):
        assert render("{{ v|num }}", v=1964) == "1,964"
        assert display_value(datetime.date(2025, 7, 1)) == "01/07/2025"


def test_fold_handles_d_stroke_and_stacked_tone_marks():
    assert fold("Điện Biên") == "dien bien"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold("Thừa Thiên - Huế") == "thua thien hue"
    assert fold("Xã Mường Nhé") == "xa muong nhe"
    assert search_terms("  Đắk   lắk ") == ["dak", "lak"]
    assert fold(None) == ""


def test_healthz_reports_database_cache_and_jobs(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["database"]["ok"] and body["cache"]["ok"] and body["jobs"]["ok"]
    assert "X-Request-ID" in response
