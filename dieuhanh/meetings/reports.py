"""What the meeting page and the attendance report show, each in a fixed number of queries: the page
must not grow with its bridge points, participants or directives (tests/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max

from .models import BridgePoint, Directive, Meeting, Recommendation


@dataclass
class AttendanceTotals:
    points: int = 0
    connected: int = 0
    late: int = 0
    failed: int = 0
    unknown: int = 0
    expected: int = 0
    attendees: int = 0
    named: int = 0

    @property
    def connected_or_late(self) -> int:
        return self.connected + self.late


def bridge_points(meeting: Meeting) -> list[BridgePoint]:
    return list(meeting.bridge_points.select_related("organization")
                .annotate(named=Count("participants")).order_by("organization__name", "pk"))


def totals(meeting: Meeting, points: list[BridgePoint], host_named: int) -> AttendanceTotals:
    result = AttendanceTotals(points=len(points), named=host_named)
    result.attendees = meeting.host_attendee_count or 0
    for point in points:
        status = point.connection_status
        if status == BridgePoint.Connection.CONNECTED:
            result.connected += 1
        elif status == BridgePoint.Connection.LATE:
            result.late += 1
        elif status == BridgePoint.Connection.FAILED:
            result.failed += 1
        else:
            result.unknown += 1
        result.expected += point.expected_attendees or 0
        result.attendees += point.attendee_count or 0
        result.named += point.named
    return result


def directives_of(meeting: Meeting | None, user) -> list[Directive]:
    """A meeting's directives with their lead and cooperating organisations and their tasks' status;
    `task_visible` says whether the user may open the task (its lead or co-operating organisation)."""
    from dieuhanh.tasks.models import Task
    from dieuhanh.tasks.tables import TIMELINESS_CSS  # the same colours as on the task pages

    if meeting is None:
        return []
    rows = list(Directive.objects.filter(meeting=meeting).select_related("lead_organization", "task")
                .prefetch_related("cooperating_organizations").order_by("order", "pk"))
    task_ids = [directive.task_id for directive in rows if directive.task_id]
    visible = set(Task.objects.restrict(user).filter(pk__in=task_ids).values_list("pk", flat=True)) \
        if task_ids else set()
    for directive in rows:
        directive.task_visible = directive.task_id in visible
        task = directive.task if directive.task_id else None
        timeliness = getattr(task, "timeliness", None) if task is not None else None
        directive.timeliness = timeliness
        directive.timeliness_css = TIMELINESS_CSS.get(str(timeliness), "secondary")
        display = getattr(task, "get_timeliness_display", None) if task is not None else None
        directive.timeliness_label = display() if callable(display) else (timeliness or "")
    return rows


def previous_meeting(meeting: Meeting, user) -> Meeting | None:
    """The meeting of the same series before this one (not cancelled), if the user may see it."""
    if not meeting.series_id:
        return None
    return (Meeting.objects.restrict(user).filter(series_id=meeting.series_id, starts_at__lt=meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at", "-pk").first())


def meeting_context(meeting: Meeting, user) -> dict:
    points = bridge_points(meeting)
    host_participants = list(meeting.participants.filter(bridge_point__isnull=True).select_related("organization")
                             .order_by("full_name", "pk"))
    previous = previous_meeting(meeting, user)
    invitations = meeting.invitations.aggregate(sent=Count("pk"), last=Max("sent_at"),
                                                current=Count("pk", filter=_current_revision(meeting)))
    recommendations = list(Recommendation.objects.restrict(user).filter(meeting=meeting)
                           .select_related("raised_by", "assigned_to").order_by("raised_on", "pk"))
    return {
        "agenda": list(meeting.agenda_items.all()),
        "bridge_points": points,
        "host_participants": host_participants,
        "totals": totals(meeting, points, len(host_participants)),
        "directives": directives_of(meeting, user),
        "previous": previous,
        "previous_directives": directives_of(previous, user),
        "recommendations": recommendations,
        "invitations": invitations,
        "invited": list(meeting.invited_organizations.order_by("name")),
    }


def _current_revision(meeting: Meeting):
    from django.db.models import Q

    return Q(sequence=meeting.sequence)


def attendance(meeting: Meeting) -> dict:
    points = bridge_points(meeting)
    host_participants = list(meeting.participants.filter(bridge_point__isnull=True).select_related("organization")
                             .order_by("full_name", "pk"))
    participants = list(meeting.participants.filter(bridge_point__isnull=False).select_related("organization")
                        .order_by("full_name", "pk"))
    by_point: dict[int, list] = {}
    for participant in participants:
        by_point.setdefault(participant.bridge_point_id, []).append(participant)
    for point in points:
        point.people = by_point.get(point.pk, [])
    return {"bridge_points": points, "host_participants": host_participants,
            "totals": totals(meeting, points, len(host_participants))}
