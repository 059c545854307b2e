"""Pages of meetings, their parts (agenda, bridge points, participants, directives) and recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.core import scoping
from dieuhanh.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_validation_error,
    model_urls,
)
from dieuhanh.core.roles import CHANGE, VIEW
from dieuhanh.orgs.models import Organization

from . import reports, services
from .filters import (
    AgendaItemFilterSet,
    BridgePointFilterSet,
    DirectiveFilterSet,
    MeetingFilterSet,
    MeetingSeriesFilterSet,
    ParticipantFilterSet,
    RecommendationFilterSet,
    status_q,
)
from .forms import (
    AgendaItemForm,
    AnswerForm,
    BridgePointForm,
    ConclusionForm,
    DirectiveForm,
    DirectiveFormSet,
    MeetingForm,
    MeetingSeriesForm,
    ParticipantForm,
    RecommendationForm,
)
from .models import AgendaItem, BridgePoint, Directive, Meeting, MeetingSeries, Participant, Recommendation
from .tables import (
    AgendaItemTable,
    BridgePointTable,
    DirectiveTable,
    MeetingSeriesTable,
    MeetingTable,
    ParticipantTable,
    RecommendationTable,
)


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return None


class ReturnToMixin:
    """After a successful save or delete, go back to `?next=` (the meeting page the form was opened
    from) instead of the record's own page; the form's Cancel goes back there too."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        target = _safe_next(request)
        if response.status_code == 302 and target:
            response["Location"] = target
        return response

    def render_form(self, request, form, status=200):
        context = {"form": form, "object": self.object, "opts": self.model._meta,
                   "urls": model_urls(self.model, request.user, self.object), "return_to": _safe_next(request)}
        return render(request, self.template_name, context, status=status)


def _may_change(user, obj) -> bool:
    """May the user change this very record (role and scope), e.g. to show its buttons?"""
    return scoping.can(user, type(obj), CHANGE) and scoping.in_scope(obj, scoping.get_scope(user))


def _urls_for(user, obj) -> dict:
    """Edit/delete links only for those who may use them on this record (an invited organisation reads)."""
    urls = model_urls(type(obj), user, obj)
    if not _may_change(user, obj):
        urls = {key: value for key, value in urls.items() if key in ("list", "add")}
    return urls


# --- series ----------------------------------------------------------------------------------------

class MeetingSeriesListView(ObjectListView):
    model = MeetingSeries
    table = MeetingSeriesTable
    filterset = MeetingSeriesFilterSet


class MeetingSeriesDetailView(ObjectDetailView):
    model = MeetingSeries
    fields = ("name", "organization", "description")

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("organization")

    def extra_context(self, request, obj):
        meetings = Meeting.objects.restrict(request.user).filter(series=obj).select_related("host_organization") \
            .annotate(directive_count=Count("directives")).order_by("-starts_at")[:200]
        return {"meetings": meetings, "urls": _urls_for(request.user, obj)}


class MeetingSeriesEditView(ObjectEditView):
    model = MeetingSeries
    form = MeetingSeriesForm
    create_service = services.create_series
    update_service = services.update_series


class MeetingSeriesDeleteView(ObjectDeleteView):
    model = MeetingSeries
    delete_service = services.delete_series


# --- meetings --------------------------------------------------------------------------------------

class MeetingListView(ObjectListView):
    model = Meeting
    table = MeetingTable
    filterset = MeetingFilterSet


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "meetings/meeting.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("host_organization", "chair", "series")

    def extra_context(self, request, obj):
        user = request.user
        context = reports.meeting_context(obj, user)
        may_change = _may_change(user, obj)
        from dieuhanh.tasks.models import Task

        context.update({
            "urls": _urls_for(user, obj),
            "may_change": may_change,
            "may_issue": may_change and scoping.can(user, Task, "add"),
            # The directives "Issue tasks" would turn into tasks: none left, no button.
            "unissued": sum(1 for directive in context["directives"] if not directive.task_id),
            "may_add_recommendation": scoping.can(user, Recommendation, "add"),
            "connection_choices": BridgePoint.Connection.choices,
        })
        return context


class MeetingEditView(ObjectEditView):
    model = Meeting
    form = MeetingForm
    create_service = services.create_meeting
    update_service = services.update_meeting

    def initial(self, request) -> dict:
        # Most meetings a department records are its own: host them by the user's organisation.
        initial = super().initial(request)
        if request.user.organization_id:
            initial.setdefault("host_organization", request.user.organization_id)
        return initial


class MeetingDeleteView(ObjectDeleteView):
    model = Meeting
    delete_service = services.delete_meeting


def _meeting_to_change(request, pk) -> Meeting:
    if not scoping.can(request.user, Meeting, CHANGE):
        raise PermissionDenied
    return get_object_or_404(Meeting.objects.restrict(request.user, CHANGE).select_related("host_organization"),
                             pk=pk)


@login_required
def meeting_conclusion(request, pk):
    """The chair's conclusion and its directives (a formset), saved together or not at all."""
    meeting = _meeting_to_change(request, pk)
    directives = Directive.objects.filter(meeting=meeting).select_related("lead_organization", "task") \
        .prefetch_related("cooperating_organizations").order_by("order", "pk")
    status = 200
    if request.method == "POST":
        form = ConclusionForm(request.POST, instance=meeting, user=request.user)
        formset = DirectiveFormSet(request.POST, queryset=directives, user=request.user, prefix="directives")
        if form.is_valid() and formset.is_valid():
            try:
                services.save_conclusion(request.user, Meeting.objects.get(pk=meeting.pk),
                                         form.changed_data_dict(), formset.rows())
            except services.DirectiveRowError as exc:
                for index, error in exc.rows.items():
                    row = formset.row_form(index)
                    if row is not None:
                        add_validation_error(row, error)
            except ValidationError as exc:
                add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved the conclusion of %(meeting)s.") % {"meeting": meeting})
                return redirect(meeting.get_absolute_url() + "#conclusion")
        status = 422
    else:
        form = ConclusionForm(instance=meeting, user=request.user)
        formset = DirectiveFormSet(queryset=directives, user=request.user, prefix="directives")
    return render(request, "meetings/conclusion_form.html",
                  {"object": meeting, "form": form, "formset": formset, "opts": Meeting._meta}, status=status)


@login_required
@require_POST
def meeting_issue_tasks(request, pk):
    meeting = _meeting_to_change(request, pk)
    try:
        issued = services.issue_directive_tasks(request.user, meeting)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if issued:
            messages.success(request, _("Issued %(n)s tasks from the directives.") % {"n": len(issued)})
        else:
            messages.info(request, _("Every directive has already been issued as a task."))
    return redirect(meeting.get_absolute_url() + "#conclusion")


@login_required
@require_POST
def meeting_send_invitations(request, pk):
    meeting = _meeting_to_change(request, pk)
    try:
        job = services.send_invitations(request.user, meeting)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(meeting.get_absolute_url())
    messages.success(request, _("The invitations are being sent."))
    return redirect(job.get_absolute_url())


def _meeting_to_view(request, pk) -> Meeting:
    if not scoping.can(request.user, Meeting, VIEW):
        raise PermissionDenied
    return get_object_or_404(Meeting.objects.restrict(request.user).select_related("host_organization", "chair"),
                             pk=pk)


@login_required
def meeting_ics(request, pk):
    """The meeting's calendar entry, as the invitations carry it (current revision)."""
    from .ics import calendar_for

    meeting = _meeting_to_view(request, pk)
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(calendar_for(meeting, method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def meeting_attendance(request, pk):
    """The attendance report: each point, its chair, expected and actual attendees, connection; totals."""
    meeting = _meeting_to_view(request, pk)
    return render(request, "meetings/attendance.html", {"object": meeting, **reports.attendance(meeting)})


# --- parts of a meeting ----------------------------------------------------------------------------

class PartDetailView(ObjectDetailView):
    template_name = "meetings/part.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("meeting")

    def extra_context(self, request, obj):
        return {"urls": _urls_for(request.user, obj), "meeting": obj.meeting}


class AgendaItemListView(ObjectListView):
    model = AgendaItem
    table = AgendaItemTable
    filterset = AgendaItemFilterSet


class AgendaItemDetailView(PartDetailView):
    model = AgendaItem
    fields = ("meeting", "order", "title", "presenter", "duration_minutes", "notes")


class AgendaItemEditView(ReturnToMixin, ObjectEditView):
    model = AgendaItem
    form = AgendaItemForm
    create_service = services.create_agenda_item
    update_service = services.update_agenda_item


class AgendaItemDeleteView(ReturnToMixin, ObjectDeleteView):
    model = AgendaItem
    delete_service = services.delete_agenda_item


class BridgePointListView(ObjectListView):
    model = BridgePoint
    table = BridgePointTable
    filterset = BridgePointFilterSet


class BridgePointDetailView(PartDetailView):
    model = BridgePoint
    fields = ("meeting", "organization", "location", "chair_name", "chair_position", "expected_attendees",
              "attendee_count", "connection_status", "note")

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("organization")

    def extra_context(self, request, obj):
        return {**super().extra_context(request, obj),
                "participants": obj.participants.select_related("organization").order_by("full_name")}


class BridgePointEditView(ReturnToMixin, ObjectEditView):
    model = BridgePoint
    form = BridgePointForm
    create_service = services.create_bridge_point
    update_service = services.update_bridge_point


class BridgePointDeleteView(ReturnToMixin, ObjectDeleteView):
    model = BridgePoint
    delete_service = services.delete_bridge_point


@login_required
@require_POST
def bridgepoint_connection(request, pk):
    """Set a bridge point's connection status from the meeting page (HTMX: answers the table row)."""
    if not scoping.can(request.user, BridgePoint, CHANGE):
        raise PermissionDenied
    point = get_object_or_404(BridgePoint.objects.restrict(request.user, CHANGE)
                              .select_related("organization", "meeting"), pk=pk)
    status = 200
    try:
        point = services.set_connection_status(request.user, point, request.POST.get("connection_status", ""))
    except ValidationError as exc:
        status = 422
        messages.error(request, " ".join(exc.messages))
        point = BridgePoint.objects.select_related("organization", "meeting").get(pk=pk)
    if not request.htmx:
        return redirect(point.meeting.get_absolute_url() + "#bridge-points")
    point.named = point.participants.count()
    return render(request, "meetings/inc/bridge_point_row.html",
                  {"point": point, "may_change": True, "connection_choices": BridgePoint.Connection.choices,
                   "object": point.meeting}, status=status)


class ParticipantListView(ObjectListView):
    model = Participant
    table = ParticipantTable
    filterset = ParticipantFilterSet


class ParticipantDetailView(PartDetailView):
    model = Participant
    fields = ("meeting", "bridge_point", "full_name", "position", "organization", "attended")


class ParticipantEditView(ReturnToMixin, ObjectEditView):
    model = Participant
    form = ParticipantForm
    create_service = services.create_participant
    update_service = services.update_participant


class ParticipantDeleteView(ReturnToMixin, ObjectDeleteView):
    model = Participant
    delete_service = services.delete_participant


class DirectiveListView(ObjectListView):
    model = Directive
    table = DirectiveTable
    filterset = DirectiveFilterSet


class DirectiveDetailView(PartDetailView):
    model = Directive
    fields = ("meeting", "order", "text", "lead_organization", "deadline", "working_days", "task")
    template_name = "meetings/directive.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("lead_organization", "task")


class DirectiveEditView(ReturnToMixin, ObjectEditView):
    model = Directive
    form = DirectiveForm
    create_service = services.create_directive
    update_service = services.update_directive


class DirectiveDeleteView(ReturnToMixin, ObjectDeleteView):
    model = Directive
    delete_service = services.delete_directive


# --- recommendations ------------------------------------------------------------------------------

class RecommendationListView(ObjectListView):
    model = Recommendation
    table = RecommendationTable
    filterset = RecommendationFilterSet


class RecommendationDetailView(ObjectDetailView):
    model = Recommendation
    fields = ("raised_by", "meeting", "document_ref", "raised_on", "topic", "content", "assigned_to", "answer_due")
    template_name = "meetings/recommendation.html"

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("raised_by", "assigned_to", "answered_by",
                                                                    "meeting")

    def extra_context(self, request, obj):
        return {"urls": _urls_for(request.user, obj), "may_answer": services.may_answer(request.user, obj)}


class RecommendationEditView(ObjectEditView):
    model = Recommendation
    form = RecommendationForm
    create_service = services.create_recommendation
    update_service = services.update_recommendation


class RecommendationDeleteView(ObjectDeleteView):
    model = Recommendation
    delete_service = services.delete_recommendation


@login_required
def recommendation_answer(request, pk):
    """The answer: text, answering organisation, date. The assigned organisation may give it."""
    if not scoping.can(request.user, Recommendation, CHANGE):
        raise PermissionDenied
    recommendation = get_object_or_404(Recommendation.objects.restrict(request.user)
                                       .select_related("raised_by", "assigned_to"), pk=pk)
    if not services.may_answer(request.user, recommendation):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, instance=recommendation, user=request.user)
        if form.is_valid():
            try:
                services.answer_recommendation(request.user, Recommendation.objects.get(pk=pk),
                                               form.changed_data_dict())
            except ValidationError as exc:
                add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved the answer to %(obj)s.") % {"obj": recommendation})
                return redirect(recommendation.get_absolute_url())
        status = 422
    else:
        form = AnswerForm(instance=recommendation, user=request.user)
    return render(request, "meetings/answer_form.html",
                  {"object": recommendation, "form": form, "opts": Recommendation._meta}, status=status)


@login_required
def recommendation_unanswered(request):
    """Recommendations still waiting for an answer, counted per organisation (the one assigned to
    answer, or the one that raised them), each count linking to the filtered list."""
    if not scoping.can(request.user, Recommendation, VIEW):
        raise PermissionDenied
    by = "raised_by" if request.GET.get("by") == "raised_by" else "assigned_to"
    today = timezone.localdate()
    rows = list(Recommendation.objects.restrict(request.user).filter(status_q(Recommendation.Status.UNANSWERED))
                .order_by().values(by).annotate(total=Count("pk"), overdue=Count("pk", filter=Q(answer_due__lt=today))))
    names = Organization.all_objects.in_bulk([row[by] for row in rows if row[by]])
    list_url = reverse("meetings:recommendation_list")
    result = []
    for row in rows:
        org = names.get(row[by])
        params = f"status=unanswered&{by}={row[by]}" if row[by] else "status=unanswered&unassigned=true"
        result.append({"organization": org, "total": row["total"], "overdue": row["overdue"],
                       "url": f"{list_url}?{params}",
                       "overdue_url": f"{list_url}?{params.replace('status=unanswered', 'status=overdue')}"})
    result.sort(key=lambda r: (r["organization"] is None, -r["total"], str(r["organization"] or "")))
    return render(request, "meetings/unanswered.html", {
        "rows": result, "by": by, "total": sum(r["total"] for r in result),
        "overdue": sum(r["overdue"] for r in result), "list_url": list_url})
