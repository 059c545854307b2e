"""Task pages: the list (with "my tasks" / "my organisation's" / "all" views), a board by derived
status, a calendar by deadline, the task page with its life-cycle forms, edit, delete and import;
lists of progress reports and extension requests."""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.views import View

from dieuhanh.core import attachments, changelog, scoping, workdays
from dieuhanh.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
    add_validation_error,
    model_urls,
)
from dieuhanh.core.roles import CHANGE, VIEW

from . import services
from .filters import TaskExtensionFilterSet, TaskFilterSet, TaskProgressFilterSet
from .forms import CancelForm, CompleteForm, DecisionForm, ExtensionRequestForm, ProgressForm, TaskForm, TaskImporter
from .models import REPORT, Task, TaskExtension, TaskProgress, timeliness_q
from .tables import TIMELINESS_CSS, TaskExtensionTable, TaskProgressTable, TaskTable

T = Task.Timeliness
BOARD_COLUMNS = (T.OVERDUE, T.DUE_SOON, T.IN_TIME, T.REGULAR, T.ON_TIME, T.LATE)
BOARD_CARDS = 30  # a column shows this many cards; its count links to the whole list
CALENDAR_CELL_TASKS = 4


class TaskListView(ObjectListView):
    model = Task
    table = TaskTable
    filterset = TaskFilterSet
    template_name = "tasks/task_list.html"


def _filterset(request) -> TaskFilterSet:
    if not scoping.can(request.user, Task, VIEW):
        raise PermissionDenied
    return TaskFilterSet(request.GET or None, queryset=Task.objects.restrict(request.user, VIEW), request=request)


class TaskBoardView(LoginRequiredMixin, View):
    """One column per derived status, the most pressing cards first. The filters of the list apply; a
    fixed number of queries whatever the number of tasks (the counts, then each column's cards)."""

    def get(self, request):
        filterset = _filterset(request)
        queryset = filterset.qs
        as_of = filterset.as_of_date
        counts = dict(queryset.order_by().values_list("timeliness_code").annotate(n=Count("pk")))
        columns = list(BOARD_COLUMNS)
        if counts.get(T.CANCELLED):
            columns.append(T.CANCELLED)
        board = []
        for code in columns:
            cards = queryset.filter(timeliness_q(code, as_of)).select_related("lead_organization",
                                                                              "person_in_charge")
            if code in (T.ON_TIME, T.LATE, T.CANCELLED):
                cards = cards.order_by("-completed_on", "-cancelled_on", "-pk")
            elif code == T.REGULAR:
                cards = cards.order_by("priority", "-assigned_on", "-pk")
            else:
                cards = cards.order_by("deadline", "priority", "pk")
            params = request.GET.copy()
            params["timeliness"] = code
            params.pop("page", None)
            board.append({"code": code, "label": T(code).label, "css": TIMELINESS_CSS[code],
                          "count": counts.get(code, 0), "cards": list(cards[:BOARD_CARDS]),
                          "list_url": "?" + params.urlencode()})
        return render(request, "tasks/task_board.html", {
            "filterset": filterset, "board": board, "as_of": as_of, "opts": Task._meta,
            "urls": model_urls(Task, request.user), "view": "board"})


def _month(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


class TaskCalendarView(LoginRequiredMixin, View):
    """A month of deadlines, Monday first, weekends and public holidays shaded with their names."""

    def get(self, request):
        filterset = _filterset(request)
        first = _month(request.GET.get("month"))
        days_in_month = calendar.monthrange(first.year, first.month)[1]
        last = first.replace(day=days_in_month)
        grid_start = first - datetime.timedelta(days=first.weekday())
        grid_end = last + datetime.timedelta(days=6 - last.weekday())
        tasks = filterset.qs.filter(deadline__range=(grid_start, grid_end)) \
            .select_related("lead_organization").order_by("deadline", "priority", "pk")
        by_day: dict[datetime.date, list] = {}
        for task in tasks:
            task.timeliness_css = TIMELINESS_CSS.get(task.timeliness, "secondary")
            by_day.setdefault(task.deadline, []).append(task)
        language = translation.get_language() or "vi"
        holidays = workdays.holidays_between(grid_start, grid_end, language)
        today = timezone.localdate()
        weeks, day = [], grid_start
        while day <= grid_end:
            week = []
            for _weekday in range(7):
                entries = by_day.get(day, [])
                params = request.GET.copy()
                for key in ("month", "page", "deadline_after", "deadline_before"):
                    params.pop(key, None)
                params["deadline_after"] = params["deadline_before"] = day.strftime("%d/%m/%Y")
                week.append({"date": day, "in_month": day.month == first.month, "today": day == today,
                             "holiday": holidays.get(day), "working": workdays.is_working_day(day),
                             "tasks": entries[:CALENDAR_CELL_TASKS], "more": max(0, len(entries) - CALENDAR_CELL_TASKS),
                             "list_url": "?" + params.urlencode()})
                day += datetime.timedelta(days=1)
            weeks.append(week)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        return render(request, "tasks/task_calendar.html", {
            "filterset": filterset, "weeks": weeks, "month": first, "month_name": MONTHS[first.month],
            "filter_keep": [("month", first.strftime("%Y-%m"))],
            "weekdays": [WEEKDAYS[i] for i in range(7)],
            "previous": previous.strftime("%Y-%m"), "next": following.strftime("%Y-%m"),
            "this_month": today.strftime("%Y-%m"), "total": sum(len(v) for v in by_day.values()),
            "holidays": [(d, n) for d, n in holidays.items() if d.month == first.month],
            "opts": Task._meta, "urls": model_urls(Task, request.user), "view": "calendar"})


class TaskDetailView(ObjectDetailView):
    model = Task
    template_name = "tasks/task.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related(
            "lead_organization", "assigning_authority", "person_in_charge").prefetch_related(
            "cooperating_organizations")

    def extra_context(self, request, obj):
        return task_page_context(request, obj)


def task_page_context(request, task: Task, **forms) -> dict:
    """Everything the task page shows besides its fields: the timeline, the requests, the forms the
    user may use (a bound one, with its errors, when a life-cycle action failed)."""
    user = request.user
    may_report = task.is_open and scoping.can(user, Task, REPORT) and \
        Task.objects.restrict(user, REPORT).filter(pk=task.pk).exists()
    may_manage = scoping.can(user, Task, CHANGE) and Task.objects.restrict(user, CHANGE).filter(pk=task.pk).exists()
    extensions = list(task.extensions.select_related("requested_by", "decided_by"))
    pending = next((e for e in extensions if e.is_pending), None)
    reports = list(task.progress_reports.select_related("reported_by"))
    today = timezone.localdate()
    deadline_note = None
    if task.deadline and task.is_open:
        left = workdays.working_days_between(today, task.deadline)
        deadline_note = {"left": left, "late": -left if left < 0 else 0}
    # How late a task was completed, counted like the open task's "N working days late".
    completed_late = 0
    if task.state == Task.State.COMPLETED and task.deadline and task.completed_on and task.completed_on > task.deadline:
        completed_late = workdays.working_days_between(task.deadline, task.completed_on)
    directive = None
    try:
        directive = task.directive  # meetings: a directive of a conclusion became this task
    except Exception:  # noqa: BLE001 - no meetings app, or no directive (RelatedObjectDoesNotExist)
        directive = None
    # A lead organisation that neither hosted nor attended the meeting may not open it: no link to a 404.
    meeting = getattr(directive, "meeting", None)
    meeting_visible = meeting is not None and type(meeting).objects.restrict(user).filter(pk=meeting.pk).exists()
    completion = next((r for r in reports if r.is_completion), None)
    return {
        "may_report": may_report,
        "may_manage": may_manage and task.is_open,
        "may_decide": may_manage and pending is not None and task.is_open,
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "complete_form": forms.get("complete_form") or CompleteForm(),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "open_form": forms.get("open_form", ""),
        "reports": reports,
        "completion": completion,
        "extensions": extensions,
        "pending": pending,
        "deadline_note": deadline_note,
        "completed_late": completed_late,
        "start_base": task.start_date or task.assigned_on,
        "holidays_in_span": _holidays_in_span(task),
        "directive": directive,
        "meeting_visible": meeting_visible,
        "timeliness_css": TIMELINESS_CSS.get(task.timeliness, "secondary"),
        "cooperating": list(task.cooperating_organizations.all()),
        "attachments_enabled": attachments.accepts(Task),
    }


def _holidays_in_span(task: Task) -> list:
    """Public holidays between the start and the deadline: why N working days reach that far."""
    base = task.start_date or task.assigned_on
    if not (task.working_days and task.deadline and base) or (task.deadline - base).days > 400:
        return []
    return list(workdays.holidays_between(base, task.deadline, translation.get_language() or "vi").items())


class TaskEditView(ObjectEditView):
    model = Task
    form = TaskForm
    create_service = services.create_task
    update_service = services.update_task

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).prefetch_related("cooperating_organizations")


class TaskDeleteView(ObjectDeleteView):
    model = Task
    delete_service = services.delete_task


class TaskImportView(ObjectImportView):
    model = Task
    importer = TaskImporter


# --- life-cycle actions (POST from the task page) --------------------------------------------------------

class TaskActionView(LoginRequiredMixin, View):
    """A life-cycle form posted from the task page: on success back to the page, on bad input the
    page again with the form's errors by field (422), nothing saved."""

    action = REPORT
    form_class = None
    form_name = ""
    anchor = ""
    success_message = ""

    def perform(self, user, task, data):
        raise NotImplementedError

    def get_task(self, request, pk):
        if not scoping.can(request.user, Task, self.action):
            raise PermissionDenied  # the role may never do this: 403 before looking the task up
        return get_object_or_404(Task.objects.restrict(request.user, VIEW), pk=pk)

    def post(self, request, pk):
        task = self.get_task(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(request.user, task, form.cleaned_data)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect(f"{task.get_absolute_url()}#{self.anchor}")
        return render_task_page(request, task, status=422, open_form=self.form_name, **{self.form_name: form})


def render_task_page(request, task: Task, status: int = 200, **forms):
    view = TaskDetailView()
    task = view.get_queryset(request).get(pk=task.pk)
    context = {"object": task, "opts": Task._meta, "fields": [], "history": changelog.history(task)[:50],
               "urls": model_urls(Task, request.user, task), **task_page_context(request, task, **forms)}
    return render(request, view.get_template_names(), context, status=status)


class TaskProgressView(TaskActionView):
    form_class = ProgressForm
    form_name = "progress_form"
    anchor = "progress"

    @property
    def success_message(self):
        return _("Progress reported.")

    def perform(self, user, task, data):
        services.report_progress(user, task, reported_on=data["reported_on"], percent=data["percent"],
                                 text=data["text"])


class TaskCompleteView(TaskActionView):
    form_class = CompleteForm
    form_name = "complete_form"
    anchor = "progress"

    @property
    def success_message(self):
        return _("The task is marked completed.")

    def perform(self, user, task, data):
        services.complete_task(user, task, completed_on=data["completed_on"], result=data["result"],
                               evidence=data["evidence"])


class TaskExtensionRequestView(TaskActionView):
    form_class = ExtensionRequestForm
    form_name = "extension_form"
    anchor = "extensions"

    @property
    def success_message(self):
        return _("Extension requested; the department will decide.")

    def perform(self, user, task, data):
        services.request_extension(user, task, new_deadline=data["new_deadline"], reason=data["reason"])


class TaskCancelView(TaskActionView):
    action = CHANGE
    form_class = CancelForm
    form_name = "cancel_form"
    anchor = "top"

    @property
    def success_message(self):
        return _("The task is cancelled.")

    def perform(self, user, task, data):
        services.cancel_task(user, task, reason=data["reason"])


class TaskExtensionDecisionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not scoping.can(request.user, TaskExtension, CHANGE):
            raise PermissionDenied
        extension = get_object_or_404(TaskExtension.objects.restrict(request.user, VIEW).select_related("task"),
                                      pk=pk)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_extension(request.user, extension, approve=form.cleaned_data["approve"],
                                          note=form.cleaned_data["note"],
                                          new_deadline=form.cleaned_data["new_deadline"])
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Extension approved: the deadline moved.")
                                 if form.cleaned_data["approve"] else _("Extension refused."))
                return redirect(f"{extension.task.get_absolute_url()}#extensions")
        return render_task_page(request, extension.task, status=422, open_form="decision_form",
                                decision_form=form)


# --- progress reports and extension requests ----------------------------------------------------------

class TaskProgressListView(ObjectListView):
    model = TaskProgress
    table = TaskProgressTable
    filterset = TaskProgressFilterSet


class TaskProgressDetailView(ObjectDetailView):
    model = TaskProgress
    fields = ("task", "reported_on", "percent", "text", "reported_by", "is_completion")
    template_name = "tasks/taskprogress.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("task", "reported_by")


class TaskExtensionListView(ObjectListView):
    model = TaskExtension
    table = TaskExtensionTable
    filterset = TaskExtensionFilterSet


class TaskExtensionDetailView(ObjectDetailView):
    model = TaskExtension
    fields = ("task", "previous_deadline", "new_deadline", "reason", "requested_by", "requested_on", "decision",
              "approved_deadline", "decided_by", "decided_on", "decision_note")
    template_name = "core/object_detail.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("task", "requested_by", "decided_by")
