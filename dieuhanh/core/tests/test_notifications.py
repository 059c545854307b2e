"""Notifications (core/notifications.py): once per (recipient, key), e-mailed at most once, the bell's
unread count (one COUNT per page), the notifications page and API — each user's own only."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from dieuhanh.core import notifications
from dieuhanh.core.models import Notification
from dieuhanh.core.notifications import notify
from dieuhanh.core.testing import build_world, call, count_queries


@pytest.fixture
def world(db):
    world = build_world()
    for name, user in world.users.items():
        user.email = f"{name}@dieuhanh.test"
        user.language = "en"
        user.save(update_fields=["email", "language"])
    return world


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(func, ...)`: call, then run what waits for the commit (the e-mails), as if the call's
    transaction had committed (the test's own transaction never does)."""
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def test_notify_creates_once_per_recipient_and_key_and_emails_once(world, commit):
    officer, specialist = world.users["officer"], world.users["specialist"]
    first = commit(notify, [officer, specialist], key="tasks.due_soon:1:2026-12-01", title="Sắp đến hạn",
                   body="Hạn 01/12", url="/tasks/1/")
    assert {n.recipient for n in first} == {officer, specialist} and all(n.is_new for n in first)
    assert sorted(message.to[0] for message in mail.outbox) == ["officer@dieuhanh.test", "specialist@dieuhanh.test"]
    again = commit(notify, [officer, specialist, officer], key="tasks.due_soon:1:2026-12-01", title="x")
    assert {n.pk for n in again} == {n.pk for n in first} and not any(n.is_new for n in again)
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    assert Notification.objects.get(recipient=officer).title == "Sắp đến hạn"  # the first one stays
    commit(notify, [officer], key="tasks.due_soon:1:2027-01-05", title="Sắp đến hạn (gia hạn)")  # another key
    assert Notification.objects.count() == 3 and len(mail.outbox) == 3


def test_email_content_and_absolute_link(world, settings, commit):
    settings.SITE_URL = "https://dieuhanh.example.gov.vn"
    commit(notify, [world.users["officer"]], key="k", title="Nhiệm vụ quá hạn", body="Hạn 01/12/2026", url="/tasks/7/")
    message = mail.outbox[0]
    assert message.subject == "Nhiệm vụ quá hạn"
    assert message.body == "Hạn 01/12/2026\n\nhttps://dieuhanh.example.gov.vn/tasks/7/"
    assert Notification.objects.get().emailed_at is not None


def test_no_email_without_an_address_or_when_asked_not_to(world, commit):
    viewer = world.users["viewer"]
    viewer.email = ""
    viewer.save(update_fields=["email"])
    commit(notify, [viewer], key="a", title="t")
    commit(notify, [world.users["officer"]], key="b", title="t", email=False)
    assert Notification.objects.count() == 2 and mail.outbox == []
    assert set(Notification.objects.values_list("emailed_at", flat=True)) == {None}


def test_inactive_and_missing_recipients_are_skipped(world):
    officer = world.users["officer"]
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert notify([officer, None], key="k", title="t") == []
    assert not Notification.objects.exists()


def test_an_email_is_claimed_once(world, commit):
    notification = commit(notify, [world.users["officer"]], key="k", title="t", email=False)[0]
    assert commit(notifications.send_email, notification) is True
    assert commit(notifications.send_email, Notification.objects.get()) is False  # a second worker, or a rerun
    assert commit(notify, [world.users["officer"]], key="k", title="t")[0].emailed_at is not None
    assert len(mail.outbox) == 1


def test_no_email_for_a_notification_rolled_back(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), \
            transaction.atomic():
        notify([world.users["officer"]], key="k", title="t")
        raise RuntimeError("the caller's transaction fails")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_texts_in_each_recipients_language(world):
    officer, specialist = world.users["officer"], world.users["specialist"]
    officer.language = "vi"
    officer.save(update_fields=["language"])
    notify([officer, specialist], key="k", title=lambda: translation.gettext("Notifications"))
    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles["w_specialist"] == "Notifications"
    with translation.override("vi"):
        assert titles["w_officer"] == translation.gettext("Notifications")


@pytest.mark.django_db(transaction=True)
def test_concurrent_notify_creates_one_row_and_one_email():
    """Four workers notify the same event at once: one notification, one e-mail (PostgreSQL: real
    concurrent transactions; SQLite serialises writers, which the test then simply confirms)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's in-memory test database has one writer)")
    from dieuhanh.orgs.models import User

    user = User.objects.create(username="racer", email="racer@dieuhanh.test", role="admin", is_superuser=True)
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            notify([user], key="race", title="t")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert Notification.objects.filter(key="race").count() == 1
    assert len(mail.outbox) == 1


# --- the bell and the page -----------------------------------------------------------------------------

def test_bell_shows_the_unread_count_with_one_query(world, client):
    officer = world.users["officer"]
    for n in range(3):
        notify([officer], key=f"k{n}", title=f"Thông báo {n}", email=False)
    notifications.mark_read(officer, Notification.objects.filter(recipient=officer).first().pk)
    client.force_login(officer)
    url = reverse("core:api_tokens")
    client.get(url)
    response, queries = count_queries(lambda: client.get(url))
    html = response.content.decode()
    assert 'class="badge rounded-pill text-bg-danger dh-bell-count">2</span>' in html
    assert reverse("core:notification_list") in html
    touching = [sql for sql in queries if "core_notification" in sql]
    assert len(touching) == 1 and "COUNT(" in touching[0].upper(), touching


def test_no_badge_without_unread_and_none_for_anonymous(world, client):
    client.force_login(world.users["officer"])
    assert "dh-bell-count" not in client.get(reverse("core:api_tokens")).content.decode()
    client.logout()
    response, queries = count_queries(lambda: client.get(reverse("login")))
    assert not [sql for sql in queries if "core_notification" in sql]


def test_page_lists_only_my_notifications(world, client):
    notify([world.users["officer"]], key="mine", title="Của tôi", email=False)
    notify([world.users["other_officer"]], key="theirs", title="Của người khác", email=False)
    client.force_login(world.users["officer"])
    html = client.get(reverse("core:notification_list")).content.decode()
    assert "Của tôi" in html and "Của người khác" not in html
    client.force_login(world.users["admin"])  # the administrator reads nobody else's either
    assert "Của tôi" not in client.get(reverse("core:notification_list")).content.decode()
    theirs = Notification.objects.get(key="mine")
    assert client.get(reverse("core:notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("core:notification_read", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_marks_read_and_follows_the_link(world, client):
    officer = world.users["officer"]
    inside = notify([officer], key="a", title="t", url="/tasks/12/", email=False)[0]
    outside = notify([officer], key="b", title="t", url="https://evil.example/phish", email=False)[0]
    client.force_login(officer)
    response = client.get(reverse("core:notification_open", args=[inside.pk]))
    assert response.status_code == 302 and response["Location"] == "/tasks/12/"
    assert Notification.objects.get(pk=inside.pk).read_at is not None
    response = client.get(reverse("core:notification_open", args=[outside.pk]))
    assert response["Location"] == reverse("core:notification_list")  # never sent off-site


def test_mark_one_and_all_read(world, client):
    officer = world.users["officer"]
    for n in range(3):
        notify([officer], key=f"k{n}", title=f"t{n}", email=False)
    notify([world.users["specialist"]], key="k0", title="not mine", email=False)
    client.force_login(officer)
    first = Notification.objects.filter(recipient=officer).first()
    response = client.post(reverse("core:notification_read", args=[first.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Mark read" not in response.content.decode()
    assert notifications.unread_count(officer) == 2
    assert client.post(reverse("core:notification_read_all")).status_code == 302
    assert notifications.unread_count(officer) == 0
    assert notifications.unread_count(world.users["specialist"]) == 1


def test_unread_filter_and_pagination(world, client):
    officer = world.users["officer"]
    for n in range(30):
        notify([officer], key=f"k{n}", title=f"Thông báo số {n}", email=False)
    Notification.objects.filter(key="k29").update(read_at=timezone.now())
    client.force_login(officer)
    response = client.get(reverse("core:notification_list"))
    assert len(response.context["page"].object_list) == 25 and response.context["page"].paginator.count == 30
    response = client.get(reverse("core:notification_list"), {"unread": "1"})
    assert response.context["page"].paginator.count == 29


# --- API --------------------------------------------------------------------------------------------------

def test_api_lists_counts_and_marks_my_notifications(world, client):
    officer = world.users["officer"]
    for n in range(3):
        notify([officer], key=f"k{n}", title=f"t{n}", url=f"/tasks/{n}/", email=False)
    theirs = notify([world.users["specialist"]], key="x", title="not mine", email=False)[0]
    headers = world.token(officer)
    listing = client.get("/api/core/notifications", headers=headers).json()
    assert listing["count"] == 3 and {item["title"] for item in listing["items"]} == {"t0", "t1", "t2"}
    assert client.get("/api/core/notifications/unread-count", headers=headers).json() == {"unread": 3}
    one = listing["items"][0]["id"]
    response = call(client, "POST", f"/api/core/notifications/{one}/read", None, headers)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get("/api/core/notifications", {"unread": "true"}, headers=headers).json()["count"] == 2
    assert client.get("/api/core/notifications", {"unread": "false"}, headers=headers).json()["count"] == 1
    assert call(client, "POST", f"/api/core/notifications/{theirs.pk}/read", None, headers).status_code == 404
    assert call(client, "POST", "/api/core/notifications/read-all", None, headers).json() == {"marked": 2}
    assert client.get("/api/core/notifications/unread-count", headers=headers).json() == {"unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
