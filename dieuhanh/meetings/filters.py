"""Filter sets of meetings and recommendations: the list pages, the API and the figures share them."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.core.filters import BaseFilterSet
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from .models import AgendaItem, BridgePoint, Directive, Meeting, MeetingSeries, Participant, Recommendation


def _organization_filter(label, field_name=None, **kwargs):
    return django_filters.ModelChoiceFilter(queryset=Organization.objects.all(), label=label, field_name=field_name,
                                            widget=LookupSelect("orgs.organization"), **kwargs)


def _meeting_filter():
    return django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"),
                                            widget=LookupSelect("meetings.meeting"))


def organization_unit_q(unit: AdministrativeUnit, prefix: str) -> Q:
    """Records whose organisation (through `prefix`) sits in `unit` as it is today: a province with the
    legacy provinces merged into it, a commune with the legacy communes that went into it."""
    from dieuhanh.geo.services import province_scope_ids, successor_ids_on

    if unit.level == AdministrativeUnit.Level.PROVINCE:
        ids = province_scope_ids(unit.pk) if unit.valid_until is None else {unit.pk}
        return Q(**{f"{prefix}__province_id__in": ids})
    if unit.level == AdministrativeUnit.Level.DISTRICT:
        return Q(**{f"{prefix}__unit_id": unit.pk}) | Q(**{f"{prefix}__unit__parent_id": unit.pk})
    ids = {unit.pk}
    if unit.valid_until is None and unit.valid_from is not None:
        ids |= successor_ids_on([unit.pk], unit.valid_from - datetime.timedelta(days=1))[unit.pk]
    return Q(**{f"{prefix}__unit_id__in": ids})


def _unit_filter(prefix: str):
    """The administrative unit the organisation (through `prefix`) belongs to; figures pass their unit."""
    return django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(), label=_("Administrative unit"),
        method=lambda queryset, name, value: queryset.filter(organization_unit_q(value, prefix)) if value else queryset,
        widget=LookupSelect("geo.administrativeunit"))


class MeetingSeriesFilterSet(BaseFilterSet):
    organization = _organization_filter(_("Host organisation"))

    class Meta:
        model = MeetingSeries
        fields = []


class MeetingFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, label=_("Status"))
    series = django_filters.ModelChoiceFilter(queryset=MeetingSeries.objects.all(), label=_("Series"))
    host_organization = _organization_filter(_("Host organisation"))
    organization = _organization_filter(_("Taking part"), method="filter_organization")
    starts_after = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("From date"))
    starts_before = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("To date"))
    unit = _unit_filter("host_organization")

    class Meta:
        model = Meeting
        fields = []

    def filter_organization(self, queryset, name, value):
        """Hosted by, invited to, or a bridge point of the meeting."""
        ids = Meeting._base_manager.filter(Q(host_organization=value) | Q(invited_organizations=value)
                                           | Q(bridge_points__organization=value)).values("pk")
        return queryset.filter(pk__in=ids)


class _PartFilterSet(BaseFilterSet):
    meeting = _meeting_filter()


class AgendaItemFilterSet(_PartFilterSet):
    class Meta:
        model = AgendaItem
        fields = []


class BridgePointFilterSet(_PartFilterSet):
    organization = _organization_filter(_("Organisation"))
    connection_status = django_filters.MultipleChoiceFilter(choices=BridgePoint.Connection.choices,
                                                            label=_("Connection"))
    starts_after = django_filters.DateFilter(field_name="meeting__starts_at", lookup_expr="date__gte",
                                             label=_("From date"))
    starts_before = django_filters.DateFilter(field_name="meeting__starts_at", lookup_expr="date__lte",
                                              label=_("To date"))
    unit = _unit_filter("meeting__host_organization")

    class Meta:
        model = BridgePoint
        fields = []


class ParticipantFilterSet(_PartFilterSet):
    bridge_point = django_filters.ModelChoiceFilter(queryset=BridgePoint.objects.all(), label=_("Bridge point"),
                                                    widget=forms.HiddenInput)
    organization = _organization_filter(_("Organisation"))

    class Meta:
        model = Participant
        fields = []


class DirectiveFilterSet(_PartFilterSet):
    lead_organization = _organization_filter(_("Lead organisation"))
    issued = django_filters.BooleanFilter(field_name="task", lookup_expr="isnull", exclude=True,
                                          label=_("Issued as a task"))

    class Meta:
        model = Directive
        fields = []


class RecommendationFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=[
        (Recommendation.Status.UNANSWERED, _("Not answered (overdue included)")),
        (Recommendation.Status.OVERDUE, _("Answer overdue")),
        (Recommendation.Status.ANSWERED, _("Answered"))], label=_("Status"), method="filter_status")
    raised_by = _organization_filter(_("Raised by"))
    # The same English words label a date filter in tasks; Vietnamese needs two translations.
    assigned_to = _organization_filter(pgettext_lazy("recommendation", "Assigned to"))
    unassigned = django_filters.BooleanFilter(field_name="assigned_to", lookup_expr="isnull",
                                              label=_("Not yet assigned"))
    meeting = _meeting_filter()
    raised_after = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte", label=_("From date"))
    raised_before = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte", label=_("To date"))
    answered_after = django_filters.DateFilter(field_name="answered_on", lookup_expr="gte",
                                               label=_("Answered from"))
    answered_before = django_filters.DateFilter(field_name="answered_on", lookup_expr="lte",
                                                label=_("Answered until"))
    open_on = django_filters.DateFilter(method="filter_open_on", label=_("Still open on"))
    unit = _unit_filter("raised_by")

    class Meta:
        model = Recommendation
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value))

    def filter_open_on(self, queryset, name, value):
        """Raised by that day and not answered by then (the 'unanswered as of' figure)."""
        return queryset.filter(Q(raised_on__lte=value) & (Q(answered_on__isnull=True) | Q(answered_on__gt=value)))


def status_q(status: str) -> Q:
    """The records whose derived status (Recommendation.status) is `status`, as a query."""
    today = timezone.localdate()
    if status == Recommendation.Status.ANSWERED:
        return Q(answered_on__isnull=False)
    if status == Recommendation.Status.OVERDUE:
        return Q(answered_on__isnull=True, answer_due__lt=today)
    if status == Recommendation.Status.UNANSWERED:
        # Everything still waiting, overdue or not: the "unanswered" list and its counts.
        return Q(answered_on__isnull=True)
    return Q()
