"""Accounts: sign-in and language, password policy, lockout, idle timeout, password change, and the
accounts that administrators manage at /orgs/users/ (with the change log)."""

from __future__ import annotations

import datetime
import json
import os

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dieuhanh.core.models import ObjectChange
from dieuhanh.core.roles import Role
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization, User

PASSWORD = "Test-password-2026"
LOGIN_URL = reverse("login")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # The production hasher costs about half a second per password on purpose; these tests hash dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.filter(level="province", valid_until__isnull=True).order_by("code").first()


@pytest.fixture
def org(province):
    return Organization.objects.create(name="Sở Khoa học và Công nghệ", kind="department", unit=province)


@pytest.fixture
def admin(make_user):
    return make_user("admin", username="quantri")


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def html_lang(response) -> str:
    content = response.content.decode()
    start = content.index('<html lang="') + len('<html lang="')
    return content[start:content.index('"', start)]


# --- Sign-in and language -------------------------------------------------------------------------


def test_login_page_is_vietnamese_by_default(db):
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    assert html_lang(response) == "vi"
    assert response["Content-Language"] == "vi"


def test_browser_language_does_not_override_vietnamese_default(db):
    # Office computers often send English Accept-Language; the UI stays Vietnamese until the user chooses.
    response = Client().get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert html_lang(response) == "vi"


def test_language_buttons_switch_the_login_page_to_english(db):
    client = Client()
    page = client.get(LOGIN_URL)
    assert f'action="{reverse("core:set_language")}"' in page.content.decode()
    response = client.post(reverse("core:set_language"), {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 302 and response["Location"] == LOGIN_URL
    assert html_lang(client.get(LOGIN_URL)) == "en"
    client.post(reverse("core:set_language"), {"language": "vi", "next": LOGIN_URL})
    assert html_lang(client.get(LOGIN_URL)) == "vi"


def test_language_switch_refuses_an_outside_redirect(db):
    response = Client().post(reverse("core:set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_sign_in_with_correct_password(make_user, org):
    user = make_user("officer", org)
    client = Client()
    response = sign_in(client, user.username)
    assert response.status_code == 302 and response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(client) == str(user.pk)
    assert client.get("/").status_code == 200


def test_sign_in_with_wrong_password_says_so(make_user, org):
    user = make_user("officer", org)
    client = Client()
    response = sign_in(client, user.username, "Wrong-password-1")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="alert alert-danger"' in response.content.decode()
    assert signed_in_user_id(client) is None


def test_inactive_account_cannot_sign_in(make_user, org):
    user = make_user("officer", org)
    User.objects.filter(pk=user.pk).update(is_active=False)
    client = Client()
    sign_in(client, user.username)
    assert signed_in_user_id(client) is None


def test_pages_require_sign_in(db):
    response = Client().get("/orgs/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL + "?next=")


def test_english_chosen_by_a_user_follows_them_to_a_fresh_client(make_user, org):
    user = make_user("specialist", org)
    other = make_user("specialist", org)
    first = Client()
    sign_in(first, user.username)
    assert html_lang(first.get("/")) == "vi"
    first.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    assert html_lang(first.get("/")) == "en"
    first.post(reverse("logout"))

    fresh = Client()  # no language cookie: only the account remembers the choice
    assert html_lang(fresh.get(LOGIN_URL)) == "vi"
    sign_in(fresh, user.username)
    response = fresh.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"

    # The choice is the user's, not the machine's: another account on a fresh client sees Vietnamese.
    third = Client()
    sign_in(third, other.username)
    assert html_lang(third.get("/")) == "vi"


def test_language_saved_on_my_account_page(make_user, org):
    user = make_user("viewer", org)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("account"))
    assert page.status_code == 200 and user.username in page.content.decode()
    response = client.post(reverse("account"), {"language": "en"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account")
    user.refresh_from_db()
    assert user.language == "en"
    assert html_lang(response) == "en"
    # A language we do not offer is ignored.
    client.post(reverse("account"), {"language": "fr"})
    user.refresh_from_db()
    assert user.language == "en"


# --- Lockout (django-axes) ------------------------------------------------------------------------


def test_sixth_attempt_with_correct_password_is_refused_after_five_failures(make_user, org):
    assert settings.AXES_FAILURE_LIMIT == 5
    victim = make_user("officer", org)
    bystander = make_user("officer", org)
    client = Client()
    for attempt in range(1, 5):
        response = sign_in(client, victim.username, f"Wrong-password-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with an error
    fifth = sign_in(client, victim.username, "Wrong-password-5")
    assert fifth.status_code == 429

    sixth = sign_in(client, victim.username, PASSWORD)
    assert sixth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in sixth.templates]
    assert signed_in_user_id(client) is None
    # A fresh browser on the same address is locked out too (the lock is per user name and address).
    again = Client()
    assert sign_in(again, victim.username, PASSWORD).status_code == 429
    assert signed_in_user_id(again) is None

    # Another user at the same address is unaffected.
    other = Client()
    response = sign_in(other, bystander.username)
    assert response.status_code == 302
    assert signed_in_user_id(other) == str(bystander.pk)


def test_lockout_is_per_address(make_user, org):
    victim = make_user("officer", org)
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(5):
        sign_in(attacker, victim.username, f"Wrong-password-{attempt}")
    assert sign_in(attacker, victim.username, PASSWORD).status_code == 429
    office = Client(REMOTE_ADDR="10.0.0.12")
    assert sign_in(office, victim.username, PASSWORD).status_code == 302
    assert signed_in_user_id(office) == str(victim.pk)


def test_successful_sign_in_resets_the_failure_count(make_user, org):
    user = make_user("officer", org)
    client = Client()
    for attempt in range(4):
        sign_in(client, user.username, f"Wrong-password-{attempt}")
    assert sign_in(client, user.username).status_code == 302
    client.post(reverse("logout"))
    for attempt in range(4):
        sign_in(client, user.username, f"Wrong-password-{attempt}")
    assert sign_in(client, user.username).status_code == 302


def test_admin_site_login_is_locked_out_too(make_user):
    admin = make_user("admin")
    client = Client()
    for attempt in range(5):
        client.post("/admin/login/", {"username": admin.username, "password": f"Wrong-password-{attempt}"})
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_test_client_login_goes_through_axes_with_a_request(make_user, org, rf):
    # Axes refuses to check an attempt it cannot attribute to an address; the test client's login()
    # therefore needs request=... (or force_login, which does not authenticate).
    user = make_user("officer", org)
    client = Client()
    with pytest.raises(ValueError):
        client.login(username=user.username, password=PASSWORD)
    assert client.login(request=rf.post(LOGIN_URL), username=user.username, password=PASSWORD)
    assert client.get("/").status_code == 200


# --- Idle session timeout -------------------------------------------------------------------------


def test_session_idle_window_comes_from_settings():
    assert int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60 == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_idle_session_is_signed_out(make_user, org):
    user = make_user("specialist", org)
    client = Client()
    sign_in(client, user.username)
    assert client.get("/").status_code == 200
    key = client.session.session_key
    # As if the last request were older than the idle window.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/orgs/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert signed_in_user_id(client) is None


def test_activity_extends_the_session(make_user, org):
    user = make_user("specialist", org)
    client = Client()
    sign_in(client, user.username)
    key = client.session.session_key
    nearly_expired = timezone.now() + datetime.timedelta(seconds=60)
    Session.objects.filter(session_key=key).update(expire_date=nearly_expired)
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    # Each request pushes the expiry a full idle window ahead (minus a margin for this test's own run).
    assert renewed >= nearly_expired + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 600)
    assert signed_in_user_id(client) == str(user.pk)


# --- Password change ------------------------------------------------------------------------------


def change_password(client, old, new, confirm=None):
    return client.post(reverse("password_change"), {
        "old_password": old, "new_password1": new, "new_password2": new if confirm is None else confirm})


def test_password_change_page_needs_sign_in(db):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def test_password_change_requires_the_old_password(make_user, org):
    user = make_user("officer", org)
    client = Client()
    sign_in(client, user.username)
    response = change_password(client, "Not-my-password-9", "Brand-new-secret-42")
    assert response.status_code == 200
    assert response.context["form"].has_error("old_password", "password_incorrect")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_confirmation_must_match(make_user, org):
    user = make_user("officer", org)
    client = Client()
    sign_in(client, user.username)
    response = change_password(client, PASSWORD, "Brand-new-secret-42", "Brand-new-secret-43")
    assert response.context["form"].has_error("new_password2", "password_mismatch")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_succeeds_and_keeps_this_session_only(make_user, org):
    user = make_user("officer", org)
    client, elsewhere = Client(), Client(REMOTE_ADDR="10.0.0.99")
    sign_in(client, user.username)
    sign_in(elsewhere, user.username)
    assert elsewhere.get("/").status_code == 200

    response = change_password(client, PASSWORD, "Brand-new-secret-42")
    assert response.status_code == 302 and response["Location"] == reverse("account")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [m.message for m in page.context["messages"]]  # the success message
    assert 'class="alert alert-success' in page.content.decode()
    assert client.get("/").status_code == 200  # still signed in here
    user.refresh_from_db()
    assert user.check_password("Brand-new-secret-42")
    # Other sessions of the same account end with the old password.
    assert elsewhere.get("/").status_code == 302
    assert sign_in(Client(), user.username, "Brand-new-secret-42").status_code == 302


# --- Password policy --------------------------------------------------------------------------------

BAD_PASSWORDS = [
    pytest.param("Ab1!xyz", "password_too_short", id="too-short"),
    pytest.param("4829173650381", "password_entirely_numeric", id="all-numeric"),
    pytest.param("1q2w3e4r5t", "password_too_common", id="common"),
    pytest.param("Hoanghonvuive", "password_character_classes", id="letters-only"),
    pytest.param("!!!???###***", "password_character_classes", id="no-letters"),
]


def _rendered_messages(form, field) -> list[str]:
    return [str(message) for message in form.errors[field]]


@pytest.mark.parametrize(("password", "code"), BAD_PASSWORDS)
def test_weak_password_refused_on_password_change_page(make_user, org, password, code):
    user = make_user("officer", org)
    client = Client()
    client.force_login(user)
    response = change_password(client, PASSWORD, password)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("new_password2", code)
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert any(escape(message) in html for message in _rendered_messages(form, "new_password2"))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(("password", "code"), BAD_PASSWORDS)
def test_weak_password_refused_in_admin_user_form(admin_client, org, password, code):
    response = admin_client.post(reverse("orgs:user_add"), {
        "username": "canbo.moi", "role": Role.OFFICER, "organization": org.pk, "new_password": password,
        "is_active": "on"})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.has_error("new_password", code)
    html = response.content.decode()
    assert any(escape(message) in html for message in _rendered_messages(form, "new_password"))
    assert not User.objects.filter(username="canbo.moi").exists()


def test_password_like_the_user_name_is_refused(admin_client, org):
    response = admin_client.post(reverse("orgs:user_add"), {
        "username": "nguyenvanbinh", "role": Role.OFFICER, "organization": org.pk,
        "new_password": "nguyenvanbinh1", "is_active": "on"})
    assert response.status_code == 422
    assert response.context["form"].has_error("new_password", "password_too_similar")


def test_password_policy_help_is_shown(admin_client):
    html = admin_client.get(reverse("orgs:user_add")).content.decode()
    assert "digit or symbol" in html or "chữ số hoặc ký hiệu" in html


# --- Accounts managed by administrators --------------------------------------------------------------


def _changes_for(user) -> list[ObjectChange]:
    return list(ObjectChange.objects.filter(content_type__model="user", object_id=user.pk).order_by("pk"))


def _log_text() -> str:
    return json.dumps([[c.prechange_data, c.postchange_data, c.object_repr]
                       for c in ObjectChange.objects.filter(content_type__model="user")])


def test_admin_creates_an_account_that_can_sign_in(admin, admin_client, org):
    response = admin_client.post(reverse("orgs:user_add"), {
        "username": "chuyenvien.an", "first_name": "An", "last_name": "Nguyễn Văn", "email": "an@example.org",
        "role": Role.SPECIALIST, "organization": org.pk, "language": "vi", "is_active": "on",
        "new_password": "Truyen-thong-2026"})
    account = User.objects.get(username="chuyenvien.an")
    assert response.status_code == 302 and response["Location"] == account.get_absolute_url()
    assert account.role == Role.SPECIALIST and account.organization == org
    assert account.check_password("Truyen-thong-2026")
    assert not account.is_superuser and not account.is_staff

    detail = admin_client.get(response["Location"])
    assert detail.status_code == 200 and "chuyenvien.an" in detail.content.decode()

    client = Client()
    assert sign_in(client, "chuyenvien.an", "Truyen-thong-2026").status_code == 302
    assert signed_in_user_id(client) == str(account.pk)

    [created] = _changes_for(account)
    assert created.action == ObjectChange.Action.CREATE
    assert created.user == admin and created.source == ObjectChange.Source.UI
    assert created.postchange_data["role"] == Role.SPECIALIST
    assert created.postchange_data["organization"] == org.pk
    assert account.password not in _log_text()
    assert "pbkdf2" not in _log_text()


def test_account_without_password_cannot_sign_in(admin_client, org):
    admin_client.post(reverse("orgs:user_add"), {
        "username": "chua.co.matkhau", "role": Role.VIEWER, "organization": org.pk, "is_active": "on"})
    account = User.objects.get(username="chua.co.matkhau")
    assert not account.has_usable_password()
    client = Client()
    sign_in(client, "chua.co.matkhau", "")
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("role", [Role.LEADER, Role.SPECIALIST, Role.OFFICER, Role.VIEWER])
def test_non_admins_cannot_manage_accounts(make_user, org, role):
    user = make_user(role, org)
    target = make_user("officer", org)
    client = Client()
    client.force_login(user)
    for url in (reverse("orgs:user_list"), reverse("orgs:user_add"), reverse("orgs:user_edit", args=[target.pk])):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("orgs:user_add"), {
        "username": "lau.vao", "role": Role.ADMIN, "new_password": "Truyen-thong-2026", "is_active": "on"})
    assert response.status_code == 403
    response = client.post(reverse("orgs:user_edit", args=[user.pk]), {
        "username": user.username, "role": Role.ADMIN, "organization": org.pk, "is_active": "on"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.role == role
    assert not User.objects.filter(username="lau.vao").exists()


def test_anonymous_is_sent_to_sign_in_for_accounts(db):
    response = Client().get(reverse("orgs:user_list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def test_non_admin_role_needs_an_organisation(admin_client):
    response = admin_client.post(reverse("orgs:user_add"), {
        "username": "khong.don.vi", "role": Role.OFFICER, "new_password": "Truyen-thong-2026", "is_active": "on"})
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["organization"]
    assert f'id="{form["organization"].id_for_label}-errors"' in response.content.decode()
    assert not User.objects.filter(username="khong.don.vi").exists()


def test_admin_role_needs_no_organisation(admin_client):
    response = admin_client.post(reverse("orgs:user_add"), {
        "username": "quantri2", "role": Role.ADMIN, "new_password": "Truyen-thong-2026", "is_active": "on"})
    assert response.status_code == 302
    account = User.objects.get(username="quantri2")
    assert account.role == Role.ADMIN and account.organization is None
    # An administrator made in the UI can also use the administration site.
    assert account.is_staff and account.is_superuser


def test_admin_cannot_remove_own_admin_role(admin, admin_client, org):
    url = reverse("orgs:user_edit", args=[admin.pk])
    base = {"username": admin.username, "organization": org.pk, "language": ""}
    response = admin_client.post(url, {**base, "role": Role.SPECIALIST, "is_active": "on"})
    assert response.status_code == 422
    assert "role" in response.context["form"].errors
    response = admin_client.post(url, {**base, "role": Role.ADMIN})  # is_active unticked
    assert response.status_code == 422
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and admin.is_active and admin.is_superuser
    assert admin_client.get(reverse("orgs:user_list")).status_code == 200


def test_admin_edits_an_account_and_every_change_is_logged(admin, admin_client, make_user, org):
    account = make_user("officer", org)
    old_hash = account.password
    url = reverse("orgs:user_edit", args=[account.pk])
    response = admin_client.post(url, {
        "username": account.username, "role": Role.SPECIALIST, "organization": org.pk, "is_active": "on",
        "email": "moi@example.org"})
    assert response.status_code == 302
    response = admin_client.post(url, {
        "username": account.username, "role": Role.SPECIALIST, "organization": org.pk, "is_active": "on",
        "email": "moi@example.org", "new_password": "Mat-khau-moi-2026"})
    assert response.status_code == 302
    response = admin_client.post(url, {
        "username": account.username, "role": Role.SPECIALIST, "organization": org.pk,
        "email": "moi@example.org"})  # deactivated
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Mat-khau-moi-2026") and not account.is_active

    changes = [c for c in _changes_for(account) if c.user_id == admin.pk]
    assert [c.action for c in changes] == [ObjectChange.Action.UPDATE] * 3
    role_change, password_change, deactivation = (dict((k, (b, a)) for k, b, a in c.diff()) for c in changes)
    assert role_change["role"] == (Role.OFFICER, Role.SPECIALIST)
    assert role_change["email"] == ("", "moi@example.org")
    assert set(password_change) == {"password"}  # a reset password is a change too, without the hash
    assert deactivation["is_active"] == (True, False)
    log = _log_text()
    for secret in (old_hash, account.password, "Mat-khau-moi-2026"):
        assert secret not in log
    # The account's page shows its history.
    html = admin_client.get(account.get_absolute_url()).content.decode()
    assert "moi@example.org" in html


def test_demoted_administrator_loses_administration_at_once(admin_client, make_user, org):
    other_admin = make_user("admin")  # a superuser, as createsuperuser and load_demo make them
    client = Client()
    client.force_login(other_admin)
    assert client.get(reverse("orgs:user_list")).status_code == 200
    response = admin_client.post(reverse("orgs:user_edit", args=[other_admin.pk]), {
        "username": other_admin.username, "role": Role.VIEWER, "organization": org.pk, "is_active": "on"})
    assert response.status_code == 302
    other_admin.refresh_from_db()
    assert other_admin.role == Role.VIEWER and not other_admin.is_superuser and not other_admin.is_staff
    assert client.get(reverse("orgs:user_list")).status_code == 403
    assert client.get("/admin/").status_code == 302


def test_user_list_queries_do_not_grow_with_rows(admin_client, make_user, org):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(reverse("orgs:user_list"), {"per_page": 100})
        assert response.status_code == 200
        return len(queries)

    make_user("officer", org)
    few = count_queries()
    User.objects.bulk_create([User(username=f"canbo{n:02}", role=Role.OFFICER, organization=org, password="!")
                              for n in range(30)])
    assert count_queries() == few
