"""Background jobs of the tasks module: the daily deadline reminders.

`tasks.send_reminders` runs every day at 07:00 (core.jobs `daily_at`; the local worker or Celery beat
queues it). On a working day it notifies, for every open task (assigned or in progress) with a
deadline, the person in charge and the lead organisation's accounts that act on tasks (officers,
leaders, specialists: not viewers):

* "due soon" once the deadline is at most TASK_REMINDER_WORKING_DAYS working days away (the
  deadline day included, weekends and public holidays skipped, core.workdays) — once per deadline;
* "overdue" on the first working day after the deadline, then again every 5 working days (a working
  week) while the task stays open.

Each reminder is a notification with a key naming the task, its deadline and (overdue) the week:
`tasks.due_soon:<task>:<deadline>`, `tasks.overdue:<task>:<deadline>:<week>`. core.notifications
creates a (recipient, key) once and e-mails it at most once, so running the job again the same day,
a redelivered job or a restarted worker sends nothing twice, while an approved extension (a new
deadline) gives a new reminder. On a day off the job sends nothing: a reminder due then comes on the
next working day, since "due soon" is "at most N days away", not "exactly N".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dieuhanh.core import jobs
from dieuhanh.core.notifications import notify
from dieuhanh.core.roles import Role
from dieuhanh.core.workdays import add_working_days, is_working_day, working_days_between

# Accounts of the lead organisation that act on its tasks (report progress, complete, ask for more time).
REMINDED_ROLES = (Role.OFFICER, Role.LEADER, Role.SPECIALIST)
OVERDUE_REPEAT_WORKING_DAYS = 5


def reminder_working_days() -> int:
    return int(getattr(settings, "TASK_REMINDER_WORKING_DAYS", 3))


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _recipients_by_organization(tasks) -> dict[int, list]:
    from dieuhanh.orgs.models import User

    by_org: dict[int, list] = {}
    org_ids = {task.lead_organization_id for task in tasks}
    for user in User.objects.filter(organization_id__in=org_ids, is_active=True, role__in=REMINDED_ROLES) \
            .order_by("pk"):
        by_org.setdefault(user.organization_id, []).append(user)
    return by_org


@jobs.register("tasks.send_reminders", label=gettext_lazy("Send task deadline reminders"),
               daily_at=datetime.time(7, 0))
def send_reminders(job, *, today: str | None = None):
    """Notify about open tasks due soon or overdue as of `today` (ISO date; default: the day the run was
    scheduled for, or the local date)."""
    from dieuhanh.tasks.models import Task

    day = datetime.date.fromisoformat(today) if today else (job.scheduled_for or timezone.localdate())
    if not is_working_day(day):
        job.log(f"{day.isoformat()} is not a working day: no reminders")
        return {"day": day.isoformat(), "working_day": False, "sent": 0}
    days = reminder_working_days()
    horizon = add_working_days(day, days)
    tasks = list(Task.objects.filter(state__in=Task.OPEN_STATES, deadline__isnull=False, deadline__lte=horizon)
                 .select_related("lead_organization", "person_in_charge").order_by("deadline", "pk"))
    accounts = _recipients_by_organization(tasks)
    counts = {"day": day.isoformat(), "working_day": True, "tasks": len(tasks), "due_soon": 0, "overdue": 0,
              "sent": 0}
    for index, task in enumerate(tasks):
        recipients = [task.person_in_charge, *accounts.get(task.lead_organization_id, [])]
        if task.deadline >= day:
            kind, notifications = "due_soon", _due_soon(task, day, recipients)
        else:
            kind, notifications = "overdue", _overdue(task, day, recipients)
        new = sum(1 for notification in notifications if notification.is_new)
        if new:
            counts[kind] += 1
            counts["sent"] += new
        job.progress(100 * (index + 1) / len(tasks))
    job.log(f"{day.isoformat()}: {counts['due_soon']} task(s) due soon, {counts['overdue']} overdue, "
            f"{counts['sent']} new notification(s)")
    return counts


def _due_soon(task, day: datetime.date, recipients):
    left = working_days_between(day, task.deadline)

    def title():
        if left <= 0:
            return _("Task due today: %(title)s") % {"title": task}
        return _("Task due in %(days)s working day(s): %(title)s") % {"days": left, "title": task}

    def body():
        return _("Deadline %(deadline)s. Lead organisation: %(organization)s.") % {
            "deadline": _date(task.deadline), "organization": task.lead_organization}

    return notify(recipients, key=f"tasks.due_soon:{task.pk}:{task.deadline.isoformat()}", title=title, body=body,
                  url=task.get_absolute_url())


def _overdue(task, day: datetime.date, recipients):
    late = working_days_between(task.deadline, day)  # >= 1: the deadline has passed
    week = (late - 1) // OVERDUE_REPEAT_WORKING_DAYS

    def title():
        return _("Task overdue: %(title)s") % {"title": task}

    def body():
        return _("The deadline was %(deadline)s, %(days)s working day(s) ago. Lead organisation: "
                 "%(organization)s.") % {"deadline": _date(task.deadline), "days": late,
                                         "organization": task.lead_organization}

    return notify(recipients, key=f"tasks.overdue:{task.pk}:{task.deadline.isoformat()}:{week}", title=title,
                  body=body, url=task.get_absolute_url())
