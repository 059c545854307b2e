"""The Vietnamese catalogue is complete, and the UI speaks Vietnamese by default and English on request.

Pages are rendered from the catalogue as it is in the repository: it is compiled into a temporary
directory with the project's own `compile_translations`, so a stale or missing .mo cannot hide a gap.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

PO_PATH = Path(django_settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def test_catalogue_declares_vietnamese_with_one_plural_form(catalogue):
    assert catalogue.metadata["Language"] == "vi"
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not catalogue.metadata_is_fuzzy


def test_catalogue_has_no_untranslated_entries(catalogue):
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    for entry in live_entries(catalogue):
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0}, entry.msgid
            assert entry.msgstr_plural[0].strip(), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid


def test_catalogue_has_no_fuzzy_entries(catalogue):
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_translations_keep_every_placeholder(catalogue):
    broken = []
    for entry in live_entries(catalogue):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        broken += [(entry.msgid, text) for text in translations if sorted(PLACEHOLDER.findall(text)) != wanted]
    assert broken == []


def test_catalogue_is_mostly_vietnamese(catalogue):
    # A copied msgid is an untranslated entry in disguise; only names and acronyms may stay as they are.
    identical = {entry.msgid for entry in live_entries(catalogue) if not entry.msgid_plural
                 and entry.msgstr == entry.msgid}
    assert identical <= {"API", "Điều hành", "CSV", "XLSX", "Email", "ID"}, identical


@pytest.fixture
def compiled_catalogue(tmp_path, settings):
    """The repository's .po, compiled by `compile_translations` into a fresh locale directory."""
    locale = tmp_path / "locale"
    shutil.copytree(PO_PATH.parent.parent.parent, locale, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [locale]  # also clears Django's cached catalogues
    call_command("compile_translations", verbosity=0)
    assert (locale / "vi" / "LC_MESSAGES" / "django.mo").exists()
    return locale


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(compiled_catalogue):
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}):
        html = Client().get(reverse("login"), **headers).content.decode()
        assert '<html lang="vi">' in html
        assert "Đăng nhập" in html and "Mật khẩu" in html and "Tên đăng nhập" in html
        assert "Sign in" not in html and "Password" not in html


@pytest.mark.django_db
def test_login_page_is_english_when_chosen(compiled_catalogue):
    client = Client()
    client.post(reverse("core:set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html and "Password" in html
    assert "Đăng nhập" not in html


@pytest.mark.django_db
def test_signed_in_pages_follow_the_users_language(compiled_catalogue, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user("admin")
    client = Client()
    client.force_login(user)
    html = client.get("/orgs/organizations/").content.decode()
    for text in ("Thống kê", "Cơ quan, đơn vị", "Xuất CSV", "Nhật ký thay đổi", "Đăng xuất", "Tìm kiếm"):
        assert text in html, text
    for text in ("Statistics", "Export CSV", "Sign out", "Change log"):
        assert text not in html, text

    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    html = client.get("/orgs/organizations/").content.decode()
    for text in ("Statistics", "Organisations", "Export CSV", "Change log", "Sign out"):
        assert text in html, text
    assert "Thống kê" not in html


@pytest.mark.django_db
def test_units_page_in_vietnamese(compiled_catalogue, make_user):
    user = make_user("admin")
    client = Client()
    client.force_login(user)
    html = client.get("/geo/units/", {"q": "dien bien"}).content.decode()
    for text in ("Đơn vị hành chính", "Cấp", "Đơn vị cấp trên", "Hiệu lực từ", "Tỉnh Điện Biên"):
        assert text in html, text
    for text in ("Administrative units", "Valid from", "Parent unit", "Per page"):
        assert text not in html, text
