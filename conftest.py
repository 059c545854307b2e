"""Shared test fixtures.

The administrative units are loaded once per test session from the real dataset (`load_units`),
so every test sees the real 34 provinces / 3,321 communes and the legacy units. Transactional tests
(browser, job worker) run last (pytest-django orders them so) and load what they need themselves.
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.fixture
def make_user(db):
    """make_user(role, organization=None, username=None) -> a saved active user."""
    from dieuhanh.orgs.models import User

    counter = {"n": 0}

    def make(role="specialist", organization=None, username=None, password="Test-password-2026"):
        counter["n"] += 1
        user = User(username=username or f"{role}{counter['n']}", role=role, organization=organization,
                    is_superuser=(role == "admin"), is_staff=(role == "admin"))
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture(autouse=True)
def _test_transport(settings, tmp_path_factory):
    """Tests run the production settings (DEBUG unset) except two things a test cannot have: HTTPS
    (the test client and the live server speak plain HTTP, so no redirect and no Secure-only cookies)
    and a collectstatic manifest. dieuhanh/core/tests/test_security.py checks the production values
    themselves with `check --deploy`."""
    # Each test process keeps its cache in memory: the default file cache is shared per checkout.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "dieuhanh-tests"}}
    # Uploaded files (attachments, imports) go to a temporary directory, not the checkout's var/media.
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
