"""Security settings: `check --deploy` is clean with the production environment, and every response
carries the protective headers and cookie flags."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

REPO = Path(settings.BASE_DIR)
# Variables that would change the security settings; the production run starts without them.
SECURITY_VARIABLES = ("DEBUG", "HTTPS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECRET_KEY", "ALLOWED_HOSTS",
                      "CSRF_TRUSTED_ORIGINS", "SESSION_IDLE_MINUTES", "DJANGO_SETTINGS_MODULE")


def run_manage(tmp_path, *args, **variables) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in SECURITY_VARIABLES}
    env.update(DIEUHANH_VAR_DIR=str(tmp_path), **variables)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def production_env() -> dict:
    return {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "example.org"}


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (security." not in output


def test_check_deploy_fails_when_debug_is_on(tmp_path):
    # The same check, with the one thing production must never have: it has to be able to fail.
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", DEBUG="1", **production_env())
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_check_deploy_refuses_a_weak_secret_key(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                        SECRET_KEY="short", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_values(tmp_path):
    code = ("from django.conf import settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, s.ALLOWED_HOSTS, "
            "s.SESSION_COOKIE_AGE)")
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", code, SESSION_IDLE_MINUTES="20", **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "DENY", "['example.org']",
                                     "1200"]


def test_plain_http_intranet_switch(tmp_path):
    # HTTPS=0 is for an intranet test without TLS: no redirect, no Secure-only cookies.
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", code, HTTPS="0", **production_env())
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_secret_key_is_generated_once_per_checkout_without_environment(tmp_path):
    code = "from django.conf import settings as s; print(s.SECRET_KEY)"
    first = run_manage(tmp_path, "shell", "--no-imports", "-c", code)
    second = run_manage(tmp_path, "shell", "--no-imports", "-c", code)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


@pytest.mark.django_db
def test_responses_carry_security_headers():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site(make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user("viewer")
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": "Test-password-2026"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Expires with the browser and after the idle window, whichever comes first (no persistent cookie).
    assert not cookie["max-age"] and not cookie["expires"]


@pytest.mark.django_db
def test_login_form_needs_csrf_token(make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user("viewer")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.username, "password": "Test-password-2026"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
