"""REST endpoints of meetings: /api/meetings/series/, meetings/, agenda-items/, bridge-points/,
participants/, directives/, recommendations/ (the standard scoped CRUD), plus issuing a meeting's
directives as tasks, sending its invitations, and answering a recommendation."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from dieuhanh.core import context
from dieuhanh.core.api import InputSchema, _require_action, crud_router
from dieuhanh.core.roles import CHANGE, VIEW

from . import services
from .filters import (
    AgendaItemFilterSet,
    BridgePointFilterSet,
    DirectiveFilterSet,
    MeetingFilterSet,
    MeetingSeriesFilterSet,
    ParticipantFilterSet,
    RecommendationFilterSet,
)
from .models import AgendaItem, BridgePoint, Directive, Meeting, MeetingSeries, Participant, Recommendation

router = Router()


def _ids(manager) -> list[int]:
    return [obj.pk for obj in manager.all()]  # .all(): the prefetched rows, no query a record


# --- series --------------------------------------------------------------------------------------------

class MeetingSeriesOut(Schema):
    id: int
    name: str
    organization: int = Field(..., alias="organization_id")
    description: str


class MeetingSeriesIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=255)
    organization: int
    description: str = ""


# --- meetings ------------------------------------------------------------------------------------------

class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    series: int | None = Field(None, alias="series_id")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    host_organization: int = Field(..., alias="host_organization_id")
    chair: int | None = Field(None, alias="chair_id")
    chair_name: str
    chair_position: str
    location: str
    video_link: str
    invited_organizations: list[int]
    host_attendee_count: int | None
    status: str
    conclusion_number: str
    concluded_on: datetime.date | None
    conclusion_text: str
    notes: str
    sequence: int

    @staticmethod
    def resolve_invited_organizations(obj):
        return _ids(obj.invited_organizations)


class MeetingIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=500)
    kind: Meeting.Kind = Meeting.Kind.ONLINE
    series: int | None = None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    host_organization: int
    chair: int | None = None
    chair_name: str = Field("", max_length=150)
    chair_position: str = Field("", max_length=200)
    location: str = Field("", max_length=255)
    video_link: str = Field("", max_length=500)
    invited_organizations: list[int] = []
    host_attendee_count: int | None = Field(None, ge=0)
    status: Meeting.Status = Meeting.Status.PLANNED
    conclusion_number: str = Field("", max_length=100)
    concluded_on: datetime.date | None = None
    conclusion_text: str = ""
    notes: str = ""


class AgendaItemOut(Schema):
    id: int
    meeting: int = Field(..., alias="meeting_id")
    order: int
    title: str
    presenter: str
    duration_minutes: int | None
    notes: str


class AgendaItemIn(InputSchema):
    meeting: int
    order: int = Field(1, ge=0, le=32767)
    title: str = Field(..., min_length=1, max_length=500)
    presenter: str = Field("", max_length=255)
    duration_minutes: int | None = Field(None, ge=0, le=1440)
    notes: str = ""


class BridgePointOut(Schema):
    id: int
    meeting: int = Field(..., alias="meeting_id")
    organization: int = Field(..., alias="organization_id")
    location: str
    chair_name: str
    chair_position: str
    expected_attendees: int | None
    attendee_count: int | None
    connection_status: str
    note: str


class BridgePointIn(InputSchema):
    meeting: int
    organization: int
    location: str = Field("", max_length=255)
    chair_name: str = Field("", max_length=150)
    chair_position: str = Field("", max_length=200)
    expected_attendees: int | None = Field(None, ge=0)
    attendee_count: int | None = Field(None, ge=0)
    connection_status: BridgePoint.Connection = BridgePoint.Connection.UNKNOWN
    note: str = ""


class ParticipantOut(Schema):
    id: int
    meeting: int = Field(..., alias="meeting_id")
    bridge_point: int | None = Field(None, alias="bridge_point_id")
    full_name: str
    position: str
    organization: int | None = Field(None, alias="organization_id")
    attended: bool


class ParticipantIn(InputSchema):
    meeting: int
    bridge_point: int | None = None
    full_name: str = Field(..., min_length=1, max_length=150)
    position: str = Field("", max_length=200)
    organization: int | None = None
    attended: bool = True


class DirectiveOut(Schema):
    id: int
    meeting: int = Field(..., alias="meeting_id")
    order: int
    text: str
    lead_organization: int = Field(..., alias="lead_organization_id")
    cooperating_organizations: list[int]
    deadline: datetime.date | None
    working_days: int | None
    task: int | None = Field(None, alias="task_id")

    @staticmethod
    def resolve_cooperating_organizations(obj):
        return _ids(obj.cooperating_organizations)


class DirectiveIn(InputSchema):
    meeting: int
    order: int = Field(1, ge=0, le=32767)
    text: str = Field(..., min_length=1)
    lead_organization: int
    cooperating_organizations: list[int] = []
    deadline: datetime.date | None = None
    working_days: int | None = Field(None, ge=1, le=32767)


class RecommendationOut(Schema):
    id: int
    raised_by: int = Field(..., alias="raised_by_id")
    meeting: int | None = Field(None, alias="meeting_id")
    document_ref: str
    raised_on: datetime.date
    topic: str
    content: str
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    answer_due: datetime.date | None
    answer_text: str
    answered_by: int | None = Field(None, alias="answered_by_id")
    answered_on: datetime.date | None
    status: str
    days_to_answer: int | None


class RecommendationIn(InputSchema):
    raised_by: int
    meeting: int | None = None
    document_ref: str = Field("", max_length=255)
    raised_on: datetime.date = Field(default_factory=timezone.localdate)
    topic: str = Field(..., min_length=1, max_length=255)
    content: str = Field(..., min_length=1)
    assigned_to: int | None = None
    answer_due: datetime.date | None = None


class AnswerIn(InputSchema):
    answer_text: str = Field(..., min_length=1)
    answered_by: int | None = None
    answered_on: datetime.date | None = None


class IssuedOut(Schema):
    issued: list[int]


class QueuedOut(Schema):
    job: int
    status: str


series_router = crud_router(
    model=MeetingSeries, out_schema=MeetingSeriesOut, in_schema=MeetingSeriesIn, filterset=MeetingSeriesFilterSet,
    create=services.create_series, update=services.update_series, delete=services.delete_series,
    ordering=("name", "pk"), tags=["meeting series"])

meetings_router = crud_router(
    model=Meeting, out_schema=MeetingOut, in_schema=MeetingIn, filterset=MeetingFilterSet,
    create=services.create_meeting, update=services.update_meeting, delete=services.delete_meeting,
    prefetch_related=("invited_organizations",), ordering=("-starts_at", "-pk"), tags=["meetings"])

agenda_router = crud_router(
    model=AgendaItem, out_schema=AgendaItemOut, in_schema=AgendaItemIn, filterset=AgendaItemFilterSet,
    create=services.create_agenda_item, update=services.update_agenda_item, delete=services.delete_agenda_item,
    ordering=("meeting", "order", "pk"), tags=["agenda items"])

bridge_points_router = crud_router(
    model=BridgePoint, out_schema=BridgePointOut, in_schema=BridgePointIn, filterset=BridgePointFilterSet,
    create=services.create_bridge_point, update=services.update_bridge_point, delete=services.delete_bridge_point,
    ordering=("meeting", "pk"), tags=["bridge points"])

participants_router = crud_router(
    model=Participant, out_schema=ParticipantOut, in_schema=ParticipantIn, filterset=ParticipantFilterSet,
    create=services.create_participant, update=services.update_participant, delete=services.delete_participant,
    ordering=("meeting", "full_name", "pk"), tags=["participants"])

directives_router = crud_router(
    model=Directive, out_schema=DirectiveOut, in_schema=DirectiveIn, filterset=DirectiveFilterSet,
    create=services.create_directive, update=services.update_directive, delete=services.delete_directive,
    prefetch_related=("cooperating_organizations",), ordering=("meeting", "order", "pk"), tags=["directives"])

recommendations_router = crud_router(
    model=Recommendation, out_schema=RecommendationOut, in_schema=RecommendationIn,
    filterset=RecommendationFilterSet, create=services.create_recommendation,
    update=services.update_recommendation, delete=services.delete_recommendation,
    ordering=("-raised_on", "-pk"), tags=["recommendations"])


def _meeting_to_change(request, pk: int) -> Meeting:
    _require_action(request.user, Meeting, CHANGE)
    return get_object_or_404(Meeting.objects.restrict(request.user, CHANGE), pk=pk)


@meetings_router.post("/{int:pk}/issue-tasks", response=IssuedOut, operation_id="issue_meeting_tasks",
                      summary="Issue the meeting's directives as tasks")
def issue_tasks(request, pk: int):
    """One task per directive not yet issued; issuing again issues nothing twice."""
    meeting = _meeting_to_change(request, pk)
    with context.as_user(request.user):
        tasks = services.issue_directive_tasks(request.user, meeting)
    return {"issued": [task.pk for task in tasks]}


@meetings_router.post("/{int:pk}/send-invitations", response={202: QueuedOut},
                      operation_id="send_meeting_invitations", summary="Send the meeting's invitations (.ics)")
def send_invitations(request, pk: int):
    """Queue the invitation emails of the current revision (or the cancellation of a cancelled meeting)."""
    meeting = _meeting_to_change(request, pk)
    job = services.send_invitations(request.user, meeting)
    return Status(202, {"job": job.pk, "status": job.status})


@recommendations_router.post("/{int:pk}/answer", response=RecommendationOut, operation_id="answer_recommendation",
                             summary="Answer a recommendation")
def answer(request, pk: int, payload: AnswerIn):
    """The organisation assigned to answer (or the recommendation's owner) records the answer."""
    _require_action(request.user, Recommendation, CHANGE)  # a role that may never answer: 403 first
    recommendation = get_object_or_404(Recommendation.objects.restrict(request.user, VIEW), pk=pk)
    if not services.may_answer(request.user, recommendation):
        raise PermissionDenied(_("Only the organisation assigned to answer, or the recommendation's owner, "
                                 "may answer it."))
    data = payload.dict(exclude_unset=True)
    if "answered_by" in data:
        data["answered_by_id"] = data.pop("answered_by")
    services.answer_recommendation(request.user, recommendation, data)
    return Recommendation.objects.restrict(request.user, VIEW).get(pk=pk)


router.add_router("/series", series_router)
router.add_router("/meetings", meetings_router)
router.add_router("/agenda-items", agenda_router)
router.add_router("/bridge-points", bridge_points_router)
router.add_router("/participants", participants_router)
router.add_router("/directives", directives_router)
router.add_router("/recommendations", recommendations_router)
