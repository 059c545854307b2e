"""Writes to tasks. The UI, the API, imports, meetings (directives become tasks) and jobs come here.

Every function takes the acting user first, runs in one transaction, checks the user's role and
scope (core.scoping) and leaves the change log to core (signals, `context.as_user`). Bad input
raises `ValidationError` with a dict naming the field (the argument's name), and nothing is saved.

    create_task(user, data, cooperating_organizations=()) -> Task
    update_task(user, task, data) -> Task
    delete_task(user, task) -> None
    start_task(user, task) -> Task
    report_progress(user, task, *, reported_on, percent, text) -> TaskProgress
    complete_task(user, task, *, completed_on, result, evidence="") -> Task
    request_extension(user, task, *, new_deadline, reason) -> TaskExtension
    decide_extension(user, extension, *, approve, note="", new_deadline=None) -> TaskExtension
    cancel_task(user, task, *, reason, cancelled_on=None) -> Task

Life-cycle state is never taken from `data`: `state`, `progress_percent`, `completed_on`, `result`,
`evidence`, `cancelled_on` and `cancel_reason` are refused there, naming the field.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dieuhanh.core import context, scoping
from dieuhanh.core.roles import ADD, CHANGE
from dieuhanh.core.services import delete_object, save_instance
from dieuhanh.orgs.models import Organization, User

from .models import REPORT, Task, TaskExtension, TaskProgress

State = Task.State


# --- helpers -----------------------------------------------------------------------------------------

def _today() -> datetime.date:
    return timezone.localdate()


def _short(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _split_data(data: dict, cooperating_organizations) -> tuple[dict, list | None]:
    data = dict(data)
    cooperating = data.pop("cooperating_organizations", None)
    if cooperating is None and cooperating_organizations is not None:
        cooperating = cooperating_organizations
    errors = {name: _("Set by the task's life cycle (progress, completion, cancelling), not edited directly.")
              for name in Task.LIFECYCLE_FIELDS if name in data}
    if errors:
        raise ValidationError(errors)
    return data, None if cooperating is None else list(cooperating)


def _organization_ids(values) -> list[int]:
    return [value.pk if isinstance(value, Organization) else int(value) for value in values]


def _link_errors(user, task: Task, cooperating_ids: list[int] | None, previous_person_id=None,
                 previous_cooperating: set[int] | frozenset = frozenset()) -> dict:
    """Links the generic check cannot judge: the person in charge (accounts are for administrators to
    list) and the co-operating organisations (a many-to-many)."""
    errors = {}
    person_id = task.person_in_charge_id
    if person_id and person_id != previous_person_id:
        visible = Organization.objects.restrict(user)
        if not User.objects.filter(pk=person_id, is_active=True, organization__in=visible).exists():
            errors["person_in_charge"] = _("Choose an active account acting for an organisation you can see.")
    if cooperating_ids:
        new = set(cooperating_ids) - set(previous_cooperating)
        if new and Organization.objects.restrict(user).filter(pk__in=new).count() != len(new):
            errors["cooperating_organizations"] = _("Select a valid choice. That choice is not one of the "
                                                    "available choices.")
        elif task.lead_organization_id in cooperating_ids:
            errors["cooperating_organizations"] = _("The lead organisation cannot also be a co-operating one.")
    return errors


def _validate(user, task: Task, cooperating_ids, **previous) -> None:
    errors: dict[str, list] = {}
    try:
        task.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in _link_errors(user, task, cooperating_ids, **previous).items():
        errors.setdefault(name, [message])
    if errors:
        raise ValidationError(errors)


def _lock(obj) -> None:
    """Lock the row (PostgreSQL) and reload it, so that two people acting at once cannot both move
    the same task from one state; SQLite serialises writers anyway."""
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).first()
    obj.refresh_from_db()
    obj.__dict__.pop("timeliness_code", None)  # an annotation read before the change


def _require_report(user, task: Task) -> None:
    """Reporting on a task is the lead organisation's (and the department's) business."""
    try:
        scoping.require(user, task, REPORT)
    except PermissionDenied as exc:
        raise PermissionDenied(_("Only the lead organisation's officers and the department may report on, "
                                 "complete or ask to extend this task.")) from exc


def _save_task(user, task: Task) -> Task:
    """Save a life-cycle change the caller has authorised (REPORT or CHANGE). The task's links are
    not re-checked against the user's view: they did not change, and a commune officer completing a
    task need not see the provincial committee that assigned it."""
    task.full_clean()
    with context.as_user(user):
        task.save()
    return task


def _require_open(task: Task, field: str = "task") -> None:
    if not task.is_open:
        raise ValidationError({field: _("The task is %(state)s: this can no longer be done.")
                                      % {"state": task.get_state_display().lower()}})


def _withdraw_pending(user, task: Task) -> None:
    for extension in task.extensions.filter(decision=TaskExtension.Decision.PENDING):
        extension.decision = TaskExtension.Decision.WITHDRAWN
        extension.decided_on = _today()
        with context.as_user(user):
            extension.save()


# --- the task itself ---------------------------------------------------------------------------------

def create_task(user, data: dict, cooperating_organizations=()) -> Task:
    """Create a task. `data` holds model fields (`lead_organization` or `lead_organization_id`, …);
    the co-operating organisations come as a list (of organisations or ids), in `data` or apart. With
    `working_days` the deadline is computed from the start date (or `assigned_on`)."""
    data, cooperating = _split_data(data, cooperating_organizations)
    cooperating_ids = _organization_ids(cooperating or [])
    task = Task(**data)
    task.sync_province()  # the scope check reads it
    task.compute_deadline()
    task.original_deadline = task.deadline
    with transaction.atomic():
        _validate(user, task, cooperating_ids)
        save_instance(user, task, ADD, clean=False)
        if cooperating_ids:
            with context.as_user(user):
                task.cooperating_organizations.set(cooperating_ids)
        transaction.on_commit(lambda: notify_assigned(task))
    return task


def update_task(user, task: Task, data: dict) -> Task:
    """Edit a task's details (the department). The life-cycle fields are refused; a deadline in
    working days is recomputed from the (possibly new) start date."""
    data, cooperating = _split_data(data, None)
    scoping.require(user, task, CHANGE)  # the task as it is now must be in scope too
    cooperating_ids = None if cooperating is None else _organization_ids(cooperating)
    with transaction.atomic():
        _lock(task)
        previous_person_id = task.person_in_charge_id
        previous_lead_id = task.lead_organization_id
        previous_cooperating = set(task.cooperating_organizations.values_list("pk", flat=True))
        for name, value in data.items():
            setattr(task, name, value)
        task.sync_province()  # a new lead organisation: the scope check reads its province
        task.compute_deadline()
        if task.original_deadline is None:
            task.original_deadline = task.deadline
        _validate(user, task, cooperating_ids, previous_person_id=previous_person_id,
                  previous_cooperating=previous_cooperating)
        save_instance(user, task, CHANGE, clean=False)
        if cooperating_ids is not None:
            with context.as_user(user):
                task.cooperating_organizations.set(cooperating_ids)
        if task.lead_organization_id != previous_lead_id or task.person_in_charge_id != previous_person_id:
            transaction.on_commit(lambda: notify_assigned(task))
    return task


def notify_assigned(task: Task) -> list:
    """Tell the lead organisation's accounts that act on tasks, and the person in charge, that the task
    is theirs (in the app and by e-mail): once per task and lead organisation or person, so that a
    re-sent form or a second run does not repeat it."""
    from dieuhanh.core.notifications import notify

    from .jobs import REMINDED_ROLES

    accounts = list(User.objects.filter(organization_id=task.lead_organization_id, is_active=True,
                                        role__in=REMINDED_ROLES).order_by("pk"))
    recipients = [task.person_in_charge, *accounts]

    def title():
        return _("New task for %(organization)s: %(title)s") % {"organization": task.lead_organization,
                                                                "title": task}

    def body():
        if task.deadline:
            return _("Deadline %(deadline)s.") % {"deadline": date_format(task.deadline, "SHORT_DATE_FORMAT")}
        return _("A regular task, without a deadline.")

    return notify(recipients, key=f"tasks.assigned:{task.pk}:{task.lead_organization_id}:{task.person_in_charge_id}",
                  title=title, body=body, url=task.get_absolute_url())


def delete_task(user, task: Task) -> None:
    """To the trash (an administrator can restore it), with its reports and requests."""
    delete_object(user, task)


# --- life cycle --------------------------------------------------------------------------------------

def start_task(user, task: Task) -> Task:
    """Assigned → in progress, without a report (a first progress report does this too)."""
    with transaction.atomic():
        _lock(task)
        _require_report(user, task)
        if task.state != State.ASSIGNED:
            raise ValidationError({"task": _("Only an assigned task can be started.")})
        task.state = State.IN_PROGRESS
        return _save_task(user, task)


def report_progress(user, task: Task, *, reported_on: datetime.date | None, percent: int | None,
                    text: str) -> TaskProgress:
    """A dated progress report. The task's progress is that of its latest report by date; an
    assigned task moves to in progress."""
    with transaction.atomic():
        _lock(task)
        _require_report(user, task)
        _require_open(task)
        progress = TaskProgress(task=task, reported_on=reported_on, percent=percent, text=text or "",
                                reported_by=user if getattr(user, "pk", None) else None)
        save_instance(user, progress, ADD)
        latest = task.progress_reports.order_by("-reported_on", "-pk").first()
        task.progress_percent = latest.percent
        if task.state == State.ASSIGNED:
            task.state = State.IN_PROGRESS
        _save_task(user, task)
    return progress


def complete_task(user, task: Task, *, completed_on: datetime.date | None, result: str,
                  evidence: str = "") -> Task:
    """Completed on a date, with its result and evidence (a description; files are attached to the
    completion report this adds to the timeline). Pending extension requests close with it."""
    with transaction.atomic():
        _lock(task)
        _require_report(user, task)
        _require_open(task)
        errors = {}
        if not (result or "").strip():
            errors["result"] = _("Describe the result: a completed task needs its result.")
        if completed_on is None:
            errors["completed_on"] = _("Enter the date the task was completed.")
        elif completed_on > _today():
            errors["completed_on"] = _("The completion date cannot be in the future.")
        elif task.assigned_on and completed_on < task.assigned_on:
            errors["completed_on"] = _("The completion date cannot be before the task was assigned.")
        if errors:
            raise ValidationError(errors)
        task.state = State.COMPLETED
        task.completed_on = completed_on
        task.result = result.strip()
        task.evidence = (evidence or "").strip()
        task.progress_percent = 100
        _save_task(user, task)
        report = TaskProgress(task=task, reported_on=completed_on, percent=100, text=task.result,
                              reported_by=user if getattr(user, "pk", None) else None, is_completion=True)
        save_instance(user, report, ADD)
        _withdraw_pending(user, task)
    return task


def request_extension(user, task: Task, *, new_deadline: datetime.date | None, reason: str) -> TaskExtension:
    """Ask the department to move the deadline. One request at a time, for an open task with one."""
    with transaction.atomic():
        _lock(task)
        _require_report(user, task)
        if task.state == State.COMPLETED:
            raise ValidationError({"task": _("The task is completed: an extension can no longer be requested.")})
        _require_open(task)
        if task.deadline is None:
            raise ValidationError({"task": _("A regular task has no deadline to extend.")})
        if task.extensions.filter(decision=TaskExtension.Decision.PENDING).exists():
            raise ValidationError({"task": _("An extension request for this task is already awaiting a decision.")})
        errors = {}
        if new_deadline is None:
            errors["new_deadline"] = _("Enter the deadline you ask for.")
        elif new_deadline <= task.deadline:
            errors["new_deadline"] = _("The requested deadline must be after the current deadline (%(date)s).") \
                % {"date": _short(task.deadline)}
        elif new_deadline < _today():
            errors["new_deadline"] = _("The requested deadline cannot be in the past.")
        if not (reason or "").strip():
            errors["reason"] = _("Give the reason for the extension.")
        if errors:
            raise ValidationError(errors)
        extension = TaskExtension(task=task, new_deadline=new_deadline, reason=reason.strip(),
                                  previous_deadline=task.deadline, requested_on=_today(),
                                  requested_by=user if getattr(user, "pk", None) else None)
        save_instance(user, extension, ADD)
    return extension


def decide_extension(user, extension: TaskExtension, *, approve: bool, note: str = "",
                     new_deadline: datetime.date | None = None) -> TaskExtension:
    """Approve (the task's deadline becomes the requested one, or `new_deadline` if the department
    grants another) or refuse (with a note saying why). The department decides."""
    with transaction.atomic():
        _lock(extension)
        scoping.require(user, extension, CHANGE)
        if not extension.is_pending:
            raise ValidationError({"decision": _("This request was already decided (%(decision)s).")
                                   % {"decision": extension.get_decision_display().lower()}})
        task = extension.task
        _lock(task)
        _require_open(task, "decision")
        note = (note or "").strip()
        if approve:
            granted = new_deadline or extension.new_deadline
            if task.deadline and granted <= task.deadline:
                raise ValidationError({"new_deadline": _("The new deadline must be after the current deadline "
                                                         "(%(date)s).") % {"date": _short(task.deadline)}})
        elif not note:
            raise ValidationError({"note": _("Say why the extension is refused.")})
        extension.decision = TaskExtension.Decision.APPROVED if approve else TaskExtension.Decision.REFUSED
        extension.decided_by = user if getattr(user, "pk", None) else None
        extension.decided_on = _today()
        extension.decision_note = note
        if approve:
            extension.approved_deadline = granted
        save_instance(user, extension, CHANGE)
        if approve:
            task.deadline = granted
            task.working_days = None  # the deadline is a date now; recomputing would undo the extension
            scoping.require(user, task, CHANGE)
            _save_task(user, task)
    return extension


def cancel_task(user, task: Task, *, reason: str, cancelled_on: datetime.date | None = None) -> Task:
    """Cancel an open task, with the reason (the department). Pending extension requests close."""
    with transaction.atomic():
        _lock(task)
        scoping.require(user, task, CHANGE)
        _require_open(task)
        cancelled_on = cancelled_on or _today()
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = _("Give the reason for cancelling.")
        if cancelled_on > _today():
            errors["cancelled_on"] = _("The cancelling date cannot be in the future.")
        elif task.assigned_on and cancelled_on < task.assigned_on:
            errors["cancelled_on"] = _("The cancelling date cannot be before the task was assigned.")
        if errors:
            raise ValidationError(errors)
        task.state = State.CANCELLED
        task.cancelled_on = cancelled_on
        task.cancel_reason = reason.strip()
        _save_task(user, task)
        _withdraw_pending(user, task)
    return task
