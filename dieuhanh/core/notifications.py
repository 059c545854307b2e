"""Notifications: in-app messages with an unread count in the navigation bar, and one e-mail each.

    from dieuhanh.core.notifications import notify
    notify([task.person_in_charge], key=f"tasks.due_soon:{task.pk}:{task.deadline}",
           title=lambda: _("Due soon: %(task)s") % {"task": task.title}, url=task.get_absolute_url())

`key` names the event for each recipient: the same (recipient, key) is created once, whoever calls
`notify` and however often, because the database refuses a second row (a unique constraint), not
because of a check made before writing. Jobs may therefore simply run again.

Title and body may be callables: they are then evaluated in each recipient's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

log = logging.getLogger(__name__)

Text = str | Callable[[], str]


def _text(value: Text, language: str) -> str:
    if callable(value):
        with translation.override(language):
            return str(value())
    return str(value)


def notify(recipients: Iterable, *, key: str, title: Text, body: Text = "", url: str = "",
           email: bool = True) -> list[Notification]:
    """Notify each active recipient once per `key`; returns their notifications for this key, new or
    already there (`is_new` tells which). Each notification is e-mailed at most once (see `send_email`)."""
    users = {user.pk: user for user in recipients if user is not None and getattr(user, "is_active", False)}
    if not users:
        return []
    rows = []
    now = timezone.now()
    for user in users.values():
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        rows.append(Notification(recipient=user, key=key[:200], title=_text(title, language)[:300],
                                 body=_text(body, language), url=url[:500], created_at=now))
    with transaction.atomic():
        # ignore_conflicts: rows that exist already (an earlier run, a concurrent worker) are skipped by
        # the database itself; the select afterwards sees whichever row won.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        notifications = list(Notification.objects.filter(key=key[:200], recipient_id__in=users)
                             .select_related("recipient"))
    for notification in notifications:
        notification.is_new = notification.created_at == now  # made by this call, not found
    if email:
        for notification in notifications:
            if notification.emailed_at is None and notification.recipient.email:
                send_email(notification)
    return notifications


def send_email(notification: Notification) -> bool:
    """E-mail one notification, at most once.

    The notification is claimed first with a conditional UPDATE (`emailed_at IS NULL` → now): only
    the caller whose UPDATE changed the row sends, so two workers, a redelivered job or a restarted
    worker never send the same e-mail twice. The price is at-most-once rather than exactly-once: if
    the process dies, or the mail server refuses, after the claim and before the message is handed
    over, that e-mail is not sent again (the in-app notification is still there, and the failure is
    logged). For reminders a lost e-mail is better than a duplicate stream of them.

    Inside a transaction the message goes out after the commit, so a rolled-back notification is
    never e-mailed.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)
    if not claimed:
        return False
    notification.emailed_at = now
    recipient = notification.recipient
    link = absolute_url(notification.url) if notification.url else ""
    message = "\n\n".join(part for part in (notification.body, link) if part)

    def deliver():
        try:
            send_mail(notification.title, message or notification.title, None, [recipient.email],
                      fail_silently=False)
        except Exception:  # noqa: BLE001 - claimed already: logged, not retried (at most once)
            log.exception("e-mail for notification %s to %s failed", notification.pk, recipient.email)

    transaction.on_commit(deliver)
    return True


def absolute_url(url: str) -> str:
    """Links in e-mails need the site's address: SITE_URL (e.g. https://dieuhanh.example.gov.vn)."""
    base = getattr(settings, "SITE_URL", "") or ""
    return urljoin(base.rstrip("/") + "/", url.lstrip("/")) if base and url.startswith("/") else url


# --- the recipient's side --------------------------------------------------------------------------------

def for_user(user):
    """The user's own notifications, newest first (nobody else's, whatever the role)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return for_user(user).filter(read_at__isnull=True).count()


def unread_count_for_request(request) -> int:
    """The navigation bar's count: one COUNT per request, and only when a page shows it."""
    cached = getattr(request, "_dieuhanh_unread", None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = unread_count(user) if user is not None and user.is_authenticated else 0
        request._dieuhanh_unread = cached
    return cached


def mark_read(user, pk: int) -> Notification:
    """Mark one of the user's notifications read; Notification.DoesNotExist for anyone else's."""
    notification = for_user(user).get(pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        for_user(user).filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(user) -> int:
    return for_user(user).filter(read_at__isnull=True).update(read_at=timezone.now())
