"""REST endpoints of tasks (/api/tasks/): the tasks (list with the list page's filters, detail, create,
replace, patch, delete), their life-cycle actions, and the progress reports and extension requests.

    POST /api/tasks/{pk}/progress            report progress           (lead organisation, department)
    POST /api/tasks/{pk}/complete            complete with the result  (lead organisation, department)
    POST /api/tasks/{pk}/extensions          request an extension      (lead organisation, department)
    POST /api/tasks/extensions/{pk}/decision approve or refuse         (department)
    POST /api/tasks/{pk}/cancel              cancel with the reason    (department)

Each calls the same service function as the task page; bad input answers 422 naming the field.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from dieuhanh.core import scoping
from dieuhanh.core.api import InputSchema, crud_router, read_router
from dieuhanh.core.roles import CHANGE, VIEW

from . import services
from .filters import TaskExtensionFilterSet, TaskFilterSet, TaskProgressFilterSet
from .models import REPORT, Task, TaskExtension, TaskProgress


class TaskOut(Schema):
    id: int
    title: str
    content: str
    is_key: bool
    source_kind: str
    source_number: str
    source_date: datetime.date | None
    source_signer: str
    assigning_authority: int | None = Field(None, alias="assigning_authority_id")
    lead_organization: int = Field(..., alias="lead_organization_id")
    cooperating_organizations: list[int]
    person_in_charge: int | None = Field(None, alias="person_in_charge_id")
    priority: int
    assigned_on: datetime.date
    start_date: datetime.date | None
    deadline: datetime.date | None
    original_deadline: datetime.date | None
    is_regular: bool
    working_days: int | None
    state: str
    progress_percent: int
    completed_on: datetime.date | None
    result: str
    evidence: str
    cancelled_on: datetime.date | None
    cancel_reason: str
    timeliness: str | None = Field(None, description="Derived: on_time, late, overdue, due_soon, in_time, "
                                                     "regular or cancelled (as of today)")

    @staticmethod
    def resolve_cooperating_organizations(obj) -> list[int]:
        return [organization.pk for organization in obj.cooperating_organizations.all()]


class TaskIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=500)
    content: str = ""
    is_key: bool = False
    source_kind: Task.Source = Task.Source.AD_HOC
    source_number: str = Field("", max_length=100)
    source_date: datetime.date | None = None
    source_signer: str = Field("", max_length=150)
    assigning_authority: int | None = None
    lead_organization: int
    cooperating_organizations: list[int] = []
    person_in_charge: int | None = None
    priority: Task.Priority = Task.Priority.NORMAL
    assigned_on: datetime.date | None = Field(None, description="Default: today (unchanged when editing)")
    start_date: datetime.date | None = None
    deadline: datetime.date | None = None
    is_regular: bool = False
    working_days: int | None = Field(None, ge=1, le=1000,
                                     description="Deadline in working days after the start (or assignment) date")


class TaskProgressOut(Schema):
    id: int
    task: int = Field(..., alias="task_id")
    reported_on: datetime.date
    percent: int
    text: str
    reported_by: int | None = Field(None, alias="reported_by_id")
    is_completion: bool


class TaskExtensionOut(Schema):
    id: int
    task: int = Field(..., alias="task_id")
    new_deadline: datetime.date
    reason: str
    previous_deadline: datetime.date | None
    requested_by: int | None = Field(None, alias="requested_by_id")
    requested_on: datetime.date
    decision: str
    approved_deadline: datetime.date | None
    decided_by: int | None = Field(None, alias="decided_by_id")
    decided_on: datetime.date | None
    decision_note: str


class ProgressIn(InputSchema):
    reported_on: datetime.date | None = Field(None, description="Default: today")
    percent: int = Field(..., ge=0, le=100)
    text: str


class CompleteIn(InputSchema):
    completed_on: datetime.date | None = Field(None, description="Default: today")
    result: str = ""
    evidence: str = ""


class ExtensionRequestIn(InputSchema):
    new_deadline: datetime.date | None = None
    reason: str = ""


class DecisionIn(InputSchema):
    approve: bool
    note: str = Field("", description="Required when refusing")
    new_deadline: datetime.date | None = Field(None, description="Grant another deadline than the one requested")


class CancelIn(InputSchema):
    reason: str = ""


def _create(user, data: dict) -> Task:
    return services.create_task(user, _defaults(data))


def _update(user, task: Task, data: dict) -> Task:
    return services.update_task(user, task, _defaults(data))


def _defaults(data: dict) -> dict:
    if data.get("assigned_on", 0) is None:
        data = {key: value for key, value in data.items() if key != "assigned_on"}  # the model's default
    return data


tasks_router = crud_router(
    model=Task, out_schema=TaskOut, in_schema=TaskIn, filterset=TaskFilterSet, create=_create, update=_update,
    delete=services.delete_task, prefetch_related=("cooperating_organizations",), ordering=("-assigned_on", "-pk"),
    tags=["tasks"])
progress_router = read_router(model=TaskProgress, out_schema=TaskProgressOut, filterset=TaskProgressFilterSet,
                              ordering=("-reported_on", "-pk"), tags=["tasks"])
extensions_router = read_router(model=TaskExtension, out_schema=TaskExtensionOut, filterset=TaskExtensionFilterSet,
                                ordering=("-requested_on", "-pk"), tags=["tasks"])

router = Router(tags=["tasks"])


def _task(request, pk: int, action: str) -> Task:
    """403 when the role may never do this, 404 when the task is not visible; the service then
    refuses (403) a visible task the user may not act on (a co-operating organisation's officer)."""
    if not scoping.can(request.user, Task, action):
        raise PermissionDenied(_("Your role may not do this with tasks."))
    return get_object_or_404(Task.objects.restrict(request.user, VIEW), pk=pk)


def _fresh(request, task: Task) -> Task:
    return Task.objects.restrict(request.user, VIEW).prefetch_related("cooperating_organizations").get(pk=task.pk)


@router.post("/{int:pk}/progress", response={201: TaskProgressOut}, operation_id="report_task_progress",
             summary="Report progress on a task")
def report_progress(request, pk: int, payload: ProgressIn):
    task = _task(request, pk, REPORT)
    progress = services.report_progress(request.user, task, reported_on=payload.reported_on or timezone.localdate(),
                                        percent=payload.percent, text=payload.text)
    return Status(201, progress)


@router.post("/{int:pk}/complete", response=TaskOut, operation_id="complete_task",
             summary="Complete a task with its result")
def complete(request, pk: int, payload: CompleteIn):
    task = _task(request, pk, REPORT)
    services.complete_task(request.user, task, completed_on=payload.completed_on or timezone.localdate(),
                           result=payload.result, evidence=payload.evidence)
    return _fresh(request, task)


@router.post("/{int:pk}/extensions", response={201: TaskExtensionOut}, operation_id="request_task_extension",
             summary="Request an extension of a task's deadline")
def request_extension(request, pk: int, payload: ExtensionRequestIn):
    task = _task(request, pk, REPORT)
    extension = services.request_extension(request.user, task, new_deadline=payload.new_deadline,
                                           reason=payload.reason)
    return Status(201, extension)


@router.post("/{int:pk}/cancel", response=TaskOut, operation_id="cancel_task", summary="Cancel a task")
def cancel(request, pk: int, payload: CancelIn):
    task = _task(request, pk, CHANGE)
    services.cancel_task(request.user, task, reason=payload.reason)
    return _fresh(request, task)


@router.post("/extensions/{int:pk}/decision", response=TaskExtensionOut, operation_id="decide_task_extension",
             summary="Approve or refuse an extension request")
def decide(request, pk: int, payload: DecisionIn):
    if not scoping.can(request.user, TaskExtension, CHANGE):
        raise PermissionDenied(_("Your role may not decide extension requests."))
    extension = get_object_or_404(TaskExtension.objects.restrict(request.user, VIEW), pk=pk)
    return services.decide_extension(request.user, extension, approve=payload.approve, note=payload.note,
                                     new_deadline=payload.new_deadline)


router.add_router("/progress", progress_router)
router.add_router("/extensions", extensions_router)
router.add_router("", tasks_router)
