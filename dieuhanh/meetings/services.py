"""Writes to meetings, their parts and recommendations. UI, API, jobs and the demo all come through here.

Domain rules kept here:
* a change of a meeting's time, venue or link (or its cancellation) raises the invitation revision
  (iCalendar SEQUENCE) and, once invitations went out, queues the update (or the cancellation);
* a conclusion and its directives are saved together or not at all;
* issuing directives creates one task per directive not yet issued, in one transaction (`tasks` is
  the one domain app meetings may import, DESIGN.md);
* the organisation assigned to answer a recommendation may answer it without owning it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dieuhanh.core import context, jobs, scoping
from dieuhanh.core.roles import CHANGE, VIEW
from dieuhanh.core.services import create_object, delete_object, save_instance, update_object
from dieuhanh.orgs.models import Organization

from .models import (
    AgendaItem,
    BridgePoint,
    Directive,
    Invitation,
    Meeting,
    MeetingSeries,
    Participant,
    Recommendation,
)

# What the invitation's calendar entry carries: a change to any of these is an update to re-send.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "location", "video_link")
SEND_JOB = "meetings.send_invitations"


def _require_visible(user, data: dict, field: str) -> None:
    """Many-to-many links, like foreign keys (core.services), may only name organisations the user sees."""
    ids = {getattr(value, "pk", value) for value in data.get(field) or ()}
    if ids and len(ids) != Organization.objects.restrict(user, VIEW).filter(pk__in=ids).count():
        raise ValidationError({field: _("Select a valid choice. That choice is not one of the available choices.")})


# --- series ----------------------------------------------------------------------------------------

def create_series(user, data: dict) -> MeetingSeries:
    return create_object(user, MeetingSeries, dict(data))


def update_series(user, series: MeetingSeries, data: dict) -> MeetingSeries:
    return update_object(user, series, dict(data))


def delete_series(user, series: MeetingSeries) -> None:
    # The meetings stay; they simply no longer belong to a series (SET_NULL).
    delete_object(user, series)


# --- meetings --------------------------------------------------------------------------------------

def create_meeting(user, data: dict) -> Meeting:
    _require_visible(user, data, "invited_organizations")
    return create_object(user, Meeting, dict(data))


def update_meeting(user, meeting: Meeting, data: dict) -> Meeting:
    """Save the changes; a new time, venue or link (or a cancellation) is a new invitation revision,
    sent to everyone invited so far when invitations already went out."""
    data = dict(data)
    _require_visible(user, data, "invited_organizations")
    before = {name: getattr(meeting, name) for name in (*SCHEDULE_FIELDS, "status")}
    rescheduled = any(name in data and data[name] != before[name] for name in SCHEDULE_FIELDS)
    status = data.get("status", before["status"])
    status_flip = (status == Meeting.Status.CANCELLED) != (before["status"] == Meeting.Status.CANCELLED)
    with transaction.atomic():
        if rescheduled or status_flip:
            data["sequence"] = meeting.sequence + 1
        meeting = update_object(user, meeting, data)
        if (rescheduled or status_flip) and meeting.invitations.exists():
            _queue_invitations(user, meeting)
    return meeting


def cancel_meeting(user, meeting: Meeting) -> Meeting:
    return update_meeting(user, meeting, {"status": Meeting.Status.CANCELLED})


def delete_meeting(user, meeting: Meeting) -> None:
    if meeting.directives.exclude(task=None).exists():
        raise ValidationError(_("Tasks were issued from this meeting's directives; cancel the meeting instead."))
    delete_object(user, meeting)


def send_invitations(user, meeting: Meeting):
    """Queue the invitation emails (with an .ics calendar file) of the current revision."""
    scoping.require(user, meeting, CHANGE)
    if not meeting.pk or meeting.is_deleted:
        raise ValidationError(_("This meeting no longer exists."))
    with transaction.atomic():
        return _queue_invitations(user, meeting)


def _queue_invitations(user, meeting: Meeting):
    label = (_("Send the cancellation of %(meeting)s") if meeting.status == Meeting.Status.CANCELLED
             else _("Send the invitations to %(meeting)s")) % {"meeting": Truncator(meeting.title).chars(200)}
    return jobs.enqueue(SEND_JOB, user, label=label, meeting_id=meeting.pk)


def invitation_recipients(meeting: Meeting) -> list[tuple[Organization, str]]:
    """(organisation, address) of every invited and bridge-point organisation with an email, once each."""
    organizations = list(meeting.invited_organizations.all()) + [
        point.organization for point in meeting.bridge_points.select_related("organization")]
    seen, result = set(), []
    for organization in organizations:
        email = (organization.email or "").strip().lower()
        if email and email not in seen:
            seen.add(email)
            result.append((organization, email))
    return result


def deliver_invitations(user, meeting: Meeting, log=lambda message: None) -> dict:
    """Email the current revision to every recipient that does not have it yet; record each email sent.

    Called by the `meetings.send_invitations` job. Emails cannot be rolled back, so each one is recorded
    on its own (claimed just before it is sent): a re-run or a second worker never sends a revision twice
    to an address, and an address that failed is tried again next time.
    """
    from django.core.mail import EmailMultiAlternatives, get_connection

    from .ics import calendar_for, invitation_body

    scoping.require(user, meeting, CHANGE)
    cancel = meeting.status == Meeting.Status.CANCELLED
    method = Invitation.Method.CANCEL if cancel else Invitation.Method.REQUEST
    recipients = invitation_recipients(meeting)
    if cancel:
        # A cancellation goes to everyone who was invited, including organisations since removed.
        invited = dict(meeting.invitations.filter(method=Invitation.Method.REQUEST)
                       .values_list("email", "organization_id"))
        known = {email for _org, email in recipients}
        by_id = Organization.objects.in_bulk([org_id for org_id in invited.values() if org_id])
        recipients = [(org, email) for org, email in recipients if email in invited] + [
            (by_id.get(org_id), email) for email, org_id in invited.items() if email not in known]
    done = set(meeting.invitations.filter(sequence=meeting.sequence, method=method).values_list("email", flat=True))
    skipped_no_email = [str(org) for org in meeting.invited_organizations.filter(email="")] + [
        str(point.organization) for point in meeting.bridge_points.filter(organization__email="")
        .select_related("organization")]
    for name in skipped_no_email:
        log(_("%(organization)s has no email address; not invited by email.") % {"organization": name})
    sent = failed = 0
    connection = get_connection()
    subject_key = _("Cancelled: %(title)s") if cancel else (
        _("Updated invitation: %(title)s") if meeting.sequence else _("Invitation: %(title)s"))
    subject = subject_key % {"title": meeting.title}
    for organization, email in recipients:
        if email in done:
            continue
        # Claim the address for this revision before sending: the unique constraint lets only one run
        # (of two workers, or a re-run) send it; a failed send gives the claim back for the next run.
        try:
            with transaction.atomic(), context.as_user(user):
                claim = Invitation.objects.create(meeting=meeting, organization=organization, email=email,
                                                  sequence=meeting.sequence, method=method, sent_at=timezone.now())
        except IntegrityError:
            continue
        ics = calendar_for(meeting, method, [(organization, email)])
        message = EmailMultiAlternatives(subject, invitation_body(meeting, cancel), to=[email], connection=connection)
        message.attach(f"meeting-{meeting.pk}.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - one bad address must not stop the others
            failed += 1
            log(_("Sending to %(email)s failed: %(error)s") % {"email": email, "error": exc})
            with context.as_user(user):
                claim.delete()
            continue
        sent += 1
        log(_("Sent to %(email)s.") % {"email": email})
    return {"sent": sent, "failed": failed, "already_sent": len(done), "without_email": len(skipped_no_email),
            "sequence": meeting.sequence, "method": str(method)}


# --- agenda, bridge points, participants ----------------------------------------------------------

def create_agenda_item(user, data: dict) -> AgendaItem:
    return create_object(user, AgendaItem, dict(data))


def update_agenda_item(user, item: AgendaItem, data: dict) -> AgendaItem:
    return update_object(user, item, dict(data))


def delete_agenda_item(user, item: AgendaItem) -> None:
    delete_object(user, item)


def create_bridge_point(user, data: dict) -> BridgePoint:
    return create_object(user, BridgePoint, dict(data))


def update_bridge_point(user, point: BridgePoint, data: dict) -> BridgePoint:
    return update_object(user, point, dict(data))


def set_connection_status(user, point: BridgePoint, status: str) -> BridgePoint:
    return update_object(user, point, {"connection_status": status})


def delete_bridge_point(user, point: BridgePoint) -> None:
    delete_object(user, point)


def create_participant(user, data: dict) -> Participant:
    return create_object(user, Participant, dict(data))


def update_participant(user, participant: Participant, data: dict) -> Participant:
    return update_object(user, participant, dict(data))


def delete_participant(user, participant: Participant) -> None:
    delete_object(user, participant)


# --- conclusion and directives --------------------------------------------------------------------

def create_directive(user, data: dict) -> Directive:
    _require_visible(user, data, "cooperating_organizations")
    return create_object(user, Directive, dict(data))


def update_directive(user, directive: Directive, data: dict) -> Directive:
    data = dict(data)
    _require_visible(user, data, "cooperating_organizations")
    if directive.is_issued and "meeting" in data and data["meeting"] != directive.meeting:
        raise ValidationError({"meeting": _("A task was issued from this directive; it stays with its meeting.")})
    return update_object(user, directive, data)


def delete_directive(user, directive: Directive) -> None:
    if directive.is_issued:
        raise ValidationError(_("A task was issued from this directive; cancel the task instead."))
    delete_object(user, directive)


class DirectiveRowError(ValidationError):
    """Errors of some directive rows of a conclusion, by row index (nothing was saved)."""

    def __init__(self, rows: dict[int, ValidationError]):
        self.rows = rows
        messages = {}
        for index, error in rows.items():
            for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                messages[f"directives-{index}-{field}"] = errors
        super().__init__(messages)


def save_conclusion(user, meeting: Meeting, data: dict, rows: list[tuple[Directive | None, dict | None]]) -> Meeting:
    """The chair's conclusion and its directives, all or nothing.

    `rows`: (existing directive or None, its data or None to delete it). A meeting that receives a
    conclusion while still planned is marked as held.
    """
    data = dict(data)
    if data.get("conclusion_text") and meeting.status == Meeting.Status.PLANNED and "status" not in data:
        data["status"] = Meeting.Status.HELD
    with transaction.atomic():
        meeting = update_meeting(user, meeting, data)
        errors: dict[int, ValidationError] = {}
        for index, (directive, values) in enumerate(rows):
            try:
                with transaction.atomic():
                    if values is None:
                        if directive is not None:
                            delete_directive(user, directive)
                    elif directive is None:
                        create_directive(user, {**values, "meeting": meeting})
                    else:
                        update_directive(user, directive, {**values, "meeting": meeting})
            except ValidationError as exc:
                errors[index] = exc
        if errors:
            raise DirectiveRowError(errors)
    return meeting


def issue_directive_tasks(user, meeting: Meeting, directives=None) -> list:
    """One task per directive of the meeting not yet issued (or of `directives`), in one transaction.

    Idempotent: a directive that already has its task is skipped, so a second click issues nothing
    twice. The task cites the conclusion (number, date, signer) and the meeting's host assigns it.
    """
    from dieuhanh.tasks.models import Task
    from dieuhanh.tasks.services import create_task

    scoping.require(user, meeting, CHANGE)
    with transaction.atomic():
        # Lock the meeting so that two simultaneous clicks issue each directive once.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        pending = Directive.objects.filter(meeting=meeting, task__isnull=True) \
            .select_related("lead_organization").prefetch_related("cooperating_organizations").order_by("order", "pk")
        if directives is not None:
            pending = pending.filter(pk__in=[getattr(d, "pk", d) for d in directives])
        source_date = meeting.concluded_on or timezone.localtime(meeting.starts_at).date()
        source_number = meeting.conclusion_number or Truncator(
            _("Conclusion of the meeting “%(title)s”") % {"title": meeting.title}).chars(100)
        # Assigned by the conclusion, on its date: working days count from then, as the conclusion says.
        assigned_on = source_date
        issued = []
        for directive in pending:
            try:
                task = create_task(user, {
                    "title": Truncator(" ".join(directive.text.split())).chars(500),
                    "content": directive.text,
                    "source_kind": Task.Source.MEETING,
                    "source_number": source_number,
                    "source_date": source_date,
                    "source_signer": Truncator(meeting.chair_display).chars(150),
                    "assigning_authority": meeting.host_organization,
                    "lead_organization": directive.lead_organization,
                    "assigned_on": assigned_on,
                    "deadline": directive.deadline,
                    "working_days": directive.working_days,
                    "is_regular": not directive.deadline and not directive.working_days,
                }, cooperating_organizations=list(directive.cooperating_organizations.all()))
            except ValidationError as exc:
                # Name the directive: the task's own field names mean little on the meeting page.
                raise ValidationError(_("Directive %(order)s (%(text)s): %(errors)s") % {
                    "order": directive.order, "text": Truncator(directive.text).chars(60),
                    "errors": " ".join(exc.messages)}) from exc
            directive.task = task
            save_instance(user, directive, CHANGE)
            issued.append(task)
    return issued


# --- recommendations ------------------------------------------------------------------------------

def create_recommendation(user, data: dict) -> Recommendation:
    return create_object(user, Recommendation, dict(data))


def update_recommendation(user, recommendation: Recommendation, data: dict) -> Recommendation:
    return update_object(user, recommendation, dict(data))


def delete_recommendation(user, recommendation: Recommendation) -> None:
    delete_object(user, recommendation)


def may_answer(user, recommendation: Recommendation) -> bool:
    """The owner (who raised it, or the department above it) or the organisation assigned to answer."""
    scope = scoping.get_scope(user)
    if CHANGE not in scoping.allowed_actions(Recommendation, scope):
        return False
    return scoping.in_scope(recommendation, scope) or (
        recommendation.assigned_to_id is not None and recommendation.assigned_to_id in scope.organization_ids)


ANSWER_FIELDS = ("answer_text", "answered_on", "answered_by", "answered_by_id")


def answer_recommendation(user, recommendation: Recommendation, data: dict) -> Recommendation:
    """Record the answer (text, answering organisation, date)."""
    if not may_answer(user, recommendation):
        raise PermissionDenied(_("Only the organisation assigned to answer, or the recommendation's owner, "
                                 "may answer it."))
    data = {name: value for name, value in data.items() if name in ANSWER_FIELDS}
    if not data.get("answered_by") and not data.get("answered_by_id"):
        data["answered_by"] = recommendation.assigned_to or getattr(user, "organization", None)
    if not data.get("answered_on"):
        data["answered_on"] = timezone.localdate()
    with transaction.atomic(), context.as_user(user):
        for name, value in data.items():
            setattr(recommendation, name, value)
        recommendation.full_clean()
        answered_by = recommendation.answered_by_id
        if answered_by and not Organization.objects.restrict(user, VIEW).filter(pk=answered_by).exists():
            raise ValidationError({"answered_by": _("Select a valid choice. That choice is not one of the "
                                                    "available choices.")})
        recommendation.save()
    return recommendation
