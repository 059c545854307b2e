"""Filters of the grassroots lists, shared by the filter bars, the API and the figures.

`province` and `unit` roll records up to the units of today: a province includes the legacy
provinces merged into it, a commune the legacy communes that went into it (`services.station_unit_q`).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from dieuhanh.core import memo, scoping
from dieuhanh.core.filters import BaseFilterSet
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import province_scope_ids, valid_on_q
from dieuhanh.orgs.models import Organization

from . import services
from .models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationWork,
    Status,
    Technology,
)


def _current_provinces():
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE,
                                             valid_until__isnull=True).order_by("full_name")


class _SharedChoiceField(ModelChoiceField):
    """Within `memo.shared_lookups()` (a page evaluating several figures for one unit), the
    figures' filters find the unit once. Only when the choices are a whole table (units are
    reference data: no scope narrows them), which the model and the value then name."""

    def to_python(self, value):
        query = self.queryset.query
        if value in self.empty_values or not isinstance(value, str | int) or query.where or query.is_sliced:
            return super().to_python(value)
        key = ("choice", query.model._meta.label, self.to_field_name, str(value))
        return memo.shared(key, lambda: super(_SharedChoiceField, self).to_python(value))


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = _SharedChoiceField


def _unit_filter(method="filter_unit"):
    # A lookup: a select of every unit (13,000 rows) would be huge. Provinces and communes, either era.
    return UnitFilter(queryset=AdministrativeUnit.objects.all(), method=method, label=_("Administrative unit"),
                      widget=LookupSelect("geo.administrativeunit"))


class RolledUpFilterSet(BaseFilterSet):
    """`province` and `unit`, rolled up to today, for records that are stations or hang on one."""

    station_prefix = ""

    province = django_filters.ModelChoiceFilter(queryset=_current_provinces(), method="filter_unit",
                                                label=_("Province"))
    unit = _unit_filter()

    def filter_unit(self, queryset, name, value):
        return queryset.filter(services.station_unit_q(value, self.station_prefix))


class RadioStationFilterSet(RolledUpFilterSet):
    technology = django_filters.ChoiceFilter(choices=Technology.choices, label=_("Technology"))
    # Declared before `status`: filters run in declaration order, and `status` then reads the
    # status on that date (annotated by `at`) instead of today's.
    at = django_filters.DateFilter(method="filter_at", label=_("On date"))
    status = django_filters.ChoiceFilter(choices=Status.choices, method="filter_status", label=_("Status"))
    organization = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(),
                                                    label=_("Operating organisation"),
                                                    widget=LookupSelect("orgs.organization"))
    out_of_service_days = django_filters.NumberFilter(method="filter_out_of_service_days",
                                                      label=_("Out of service for at least (days)"))

    class Meta:
        model = RadioStation
        fields = []

    def filter_at(self, queryset, name, value):
        """Stations in the register on that date (their first status change is on or before it),
        with `status_then`, their status on that date."""
        return queryset.annotate(status_then=services.status_at(value)).filter(status_then__isnull=False)

    def filter_status(self, queryset, name, value):
        if "status_then" in queryset.query.annotations:
            return queryset.filter(status_then=value)
        return queryset.filter(status=value)

    def filter_out_of_service_days(self, queryset, name, value):
        return queryset.filter(status=Status.OUT_OF_SERVICE,
                               status_since__lte=services.out_of_service_since(int(value)))


class LoudspeakerClusterFilterSet(RolledUpFilterSet):
    station_prefix = "station__"
    station = django_filters.ModelChoiceFilter(queryset=RadioStation.objects.all(), label=_("Radio station"),
                                               widget=LookupSelect("grassroots.radiostation"))
    technology = django_filters.ChoiceFilter(choices=Technology.choices, label=_("Technology"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))

    class Meta:
        model = LoudspeakerCluster
        fields = []


class StationWorkFilterSet(RolledUpFilterSet):
    """Works count in the period of their acceptance date (`accepted_after` / `accepted_before`)."""

    station_prefix = "station__"
    # distinct=False: a plain IN on the work's own column cannot repeat rows, and DISTINCT over every
    # column made the count of a province-year's works 3x slower (bench/grassroots.py).
    kind = django_filters.MultipleChoiceFilter(choices=StationWork.Kind.choices, label=_("Kind"), distinct=False)
    funding_source = django_filters.ChoiceFilter(choices=StationWork.Funding.choices, label=_("Funding source"))
    accepted = django_filters.BooleanFilter(field_name="accepted_on", lookup_expr="isnull", exclude=True,
                                            label=_("Accepted"))
    accepted_after = django_filters.DateFilter(field_name="accepted_on", lookup_expr="gte",
                                               label=_("Accepted from"))
    accepted_before = django_filters.DateFilter(field_name="accepted_on", lookup_expr="lte",
                                                label=_("Accepted until"))
    station = django_filters.ModelChoiceFilter(queryset=RadioStation.objects.all(), label=_("Radio station"),
                                               widget=LookupSelect("grassroots.radiostation"))

    class Meta:
        model = StationWork
        fields = []


class InterferenceReportFilterSet(BaseFilterSet):
    state = django_filters.ChoiceFilter(choices=InterferenceReport.State.choices, label=_("State"))
    reported_after = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte", label=_("Reported from"))
    reported_before = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte",
                                                label=_("Reported until"))
    province = django_filters.ModelChoiceFilter(queryset=_current_provinces(), method="filter_unit",
                                                label=_("Province"))
    unit = _unit_filter()

    class Meta:
        model = InterferenceReport
        fields = []

    def filter_unit(self, queryset, name, value):
        return queryset.filter(services.station_unit_q(value))


class RadioStaffFilterSet(RolledUpFilterSet):
    station_prefix = "station__"
    role = django_filters.ChoiceFilter(choices=RadioStaff.Role.choices, label=_("Role"))
    editorial_board = django_filters.BooleanFilter(label=_("Editorial board member"))
    is_active = django_filters.BooleanFilter(label=_("Still in post"))
    station = django_filters.ModelChoiceFilter(queryset=RadioStation.objects.all(), label=_("Radio station"),
                                               widget=LookupSelect("grassroots.radiostation"))

    class Meta:
        model = RadioStaff
        fields = []


class BulletinFilterSet(BaseFilterSet):
    priority = django_filters.ChoiceFilter(choices=Bulletin.Priority.choices, label=_("Priority"))
    campaign = django_filters.CharFilter(field_name="campaign", lookup_expr="iexact", label=_("Campaign"))
    broadcast_after = django_filters.DateFilter(field_name="broadcast_at", lookup_expr="date__gte",
                                                label=_("Broadcast from"))
    broadcast_before = django_filters.DateFilter(field_name="broadcast_at", lookup_expr="date__lte",
                                                 label=_("Broadcast until"))
    province = django_filters.ModelChoiceFilter(queryset=_current_provinces(), method="filter_province",
                                                label=_("Province"))
    unit = _unit_filter()
    station = django_filters.ModelChoiceFilter(queryset=RadioStation.objects.all(), method="filter_station",
                                               label=_("Radio station"),
                                               widget=LookupSelect("grassroots.radiostation"))

    class Meta:
        model = Bulletin
        fields = []

    def filter_province(self, queryset, name, value):
        return queryset.filter(organization__province_id__in=province_scope_ids(value.pk))

    # Through the stations: a subquery, not a join, so that a bulletin on many stations is one row.
    def filter_unit(self, queryset, name, value):
        return queryset.filter(pk__in=Bulletin.stations.through.objects.filter(
            services.station_unit_q(value, "radiostation__")).values("bulletin_id"))

    def filter_station(self, queryset, name, value):
        return queryset.filter(pk__in=Bulletin.stations.through.objects.filter(radiostation=value)
                               .values("bulletin_id"))


class CommuneFilterSet(BaseFilterSet):
    """Communes in force on a date (today by default) and whether a station operates in each.

    `covered` looks at the stations the requesting user may see (the figure passes its user)."""

    province = django_filters.ModelChoiceFilter(queryset=_current_provinces(), field_name="province",
                                                label=_("Province"))
    unit = _unit_filter()
    at = django_filters.DateFilter(method="filter_nothing", label=_("On date"))
    covered = django_filters.BooleanFilter(method="filter_covered", label=_("Has an operating station"),
                                           widget=forms.NullBooleanSelect)

    class Meta:
        model = AdministrativeUnit
        fields = []

    def date(self):
        data = getattr(self.form, "cleaned_data", {}) or {}
        return data.get("at") or timezone.localdate()

    def filter_queryset(self, queryset):
        queryset = queryset.filter(valid_on_q(self.date()), level=AdministrativeUnit.Level.COMMUNE)
        # The communes a user answers for: the department's province (legacy provinces have no
        # communes of today), an officer's own units; everything for an administrator.
        scope = scoping.get_scope(getattr(self.request, "user", None))
        if not scope.everything:
            if scope.province_ids:
                queryset = queryset.filter(province_id__in=scope.province_ids)
            else:
                units = Organization.objects.filter(pk__in=scope.organization_ids).values("unit_id")
                queryset = queryset.filter(Q(pk__in=units) | Q(province_id__in=units))
        return super().filter_queryset(queryset)

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by date()

    def filter_unit(self, queryset, name, value):
        if value.level == AdministrativeUnit.Level.PROVINCE:
            return queryset.filter(province_id=value.pk)
        if value.level == AdministrativeUnit.Level.DISTRICT:
            return queryset.filter(parent_id=value.pk)
        return queryset.filter(pk=value.pk)

    def filter_covered(self, queryset, name, value):
        # The units covered, communes or not: this queryset holds only communes.
        covered = services.InIds("pk", services.covered_unit_ids(getattr(self.request, "user", None), self.date()))
        return queryset.filter(covered) if value else queryset.exclude(covered)

