"""Pages of the grassroots radio network: the standard list / detail / edit / delete pages of each
record, the status change and acceptance actions, the inventory import, the communes list, the
network view and the statistics page."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dieuhanh.core import exports, figures, memo, scoping
from dieuhanh.core.forms import DateInput
from dieuhanh.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
    add_validation_error,
)
from dieuhanh.core.roles import CHANGE, VIEW
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from . import services
from .filters import (
    BulletinFilterSet,
    CommuneFilterSet,
    InterferenceReportFilterSet,
    LoudspeakerClusterFilterSet,
    RadioStaffFilterSet,
    RadioStationFilterSet,
    StationWorkFilterSet,
)
from .forms import (
    AcceptWorkForm,
    BulletinForm,
    InterferenceReportForm,
    LoudspeakerClusterForm,
    RadioStaffForm,
    RadioStationForm,
    StationImporter,
    StationWorkForm,
    StatusChangeForm,
)
from .models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationStatusChange,
    StationWork,
    Status,
)
from .tables import (
    BulletinTable,
    CommuneTable,
    InterferenceReportTable,
    LoudspeakerClusterTable,
    RadioStaffTable,
    RadioStationTable,
    StationWorkTable,
)

# --- radio stations ---------------------------------------------------------------------------------------


class RadioStationListView(ObjectListView):
    model = RadioStation
    table = RadioStationTable
    filterset = RadioStationFilterSet


class RadioStationDetailView(ObjectDetailView):
    model = RadioStation
    fields = ("name", "unit", "province", "organization", "technology", "frequency_mhz", "licence_number",
              "licence_expires", "equipment", "commissioned_on", "status", "status_since", "single_station",
              "villages", "address", "latitude", "longitude", "notes")

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("unit", "province", "organization")

    def extra_context(self, request, obj):
        user = request.user
        today = timezone.localdate()
        communes = list(AdministrativeUnit.objects.filter(pk__in={pk for ids in services.communes_today(
            [obj.unit_id], today).values() for pk in ids}).order_by("full_name"))
        return {
            "status_changes": StationStatusChange.objects.restrict(user).filter(station=obj)
            .select_related("work")[:100],
            "clusters": LoudspeakerCluster.objects.restrict(user).filter(station=obj)[:300],
            "works": StationWork.objects.restrict(user).filter(station=obj)[:100],
            "staff": RadioStaff.objects.restrict(user).filter(station=obj)[:100],
            "bulletins": Bulletin.objects.restrict(user).filter(stations=obj)[:20],
            "communes_today": communes,
            "may_change": scoping.can(user, RadioStation, CHANGE),
            "status_form": StatusChangeForm(user=user, initial={"date": today}),
        }


class RadioStationEditView(ObjectEditView):
    model = RadioStation
    form = RadioStationForm
    create_service = services.create_station
    update_service = services.update_station


class RadioStationDeleteView(ObjectDeleteView):
    model = RadioStation
    delete_service = services.delete_station


class RadioStationImportView(ObjectImportView):
    model = RadioStation
    importer = StationImporter


@login_required
def station_status(request, pk):
    """Record a dated status change of a station (with the reason)."""
    if not scoping.can(request.user, RadioStation, CHANGE):
        raise PermissionDenied
    station = get_object_or_404(RadioStation.objects.restrict(request.user, CHANGE), pk=pk)
    form = StatusChangeForm(request.POST or None, user=request.user,
                            initial={"date": timezone.localdate(), "status": station.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_status_change(request.user, station, form.changed_data_dict())
        except ValidationError as exc:
            add_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Status of %(obj)s recorded.") % {"obj": station})
            return redirect(station.get_absolute_url())
    return render(request, "grassroots/action_form.html", {
        "form": form, "object": station, "opts": RadioStation._meta,
        "title": _("Record a status change"),
    }, status=422 if form.errors else 200)


# --- loudspeaker clusters ---------------------------------------------------------------------------------


class LoudspeakerClusterListView(ObjectListView):
    model = LoudspeakerCluster
    table = LoudspeakerClusterTable
    filterset = LoudspeakerClusterFilterSet


class LoudspeakerClusterDetailView(ObjectDetailView):
    model = LoudspeakerCluster
    template_name = "core/object_detail.html"
    fields = ("name", "station", "village", "technology", "status", "speakers", "installed_on", "latitude",
              "longitude", "notes")


class LoudspeakerClusterEditView(ObjectEditView):
    model = LoudspeakerCluster
    form = LoudspeakerClusterForm
    create_service = services.create_cluster
    update_service = services.update_cluster


class LoudspeakerClusterDeleteView(ObjectDeleteView):
    model = LoudspeakerCluster
    delete_service = services.delete_cluster


# --- works ------------------------------------------------------------------------------------------------


class StationWorkListView(ObjectListView):
    model = StationWork
    table = StationWorkTable
    filterset = StationWorkFilterSet


class StationWorkDetailView(ObjectDetailView):
    model = StationWork
    fields = ("title", "station", "kind", "started_on", "completed_on", "accepted_on", "contractor", "cost",
              "funding_source", "acceptance_note", "notes")

    def get_queryset(self, request, action=VIEW):
        return super().get_queryset(request, action).select_related("station")

    def extra_context(self, request, obj):
        may_accept = obj.accepted_on is None and scoping.can(request.user, StationWork, CHANGE)
        return {"may_accept": may_accept,
                "accept_form": AcceptWorkForm(initial={"accepted_on": obj.completed_on or timezone.localdate()})}


class StationWorkEditView(ObjectEditView):
    model = StationWork
    form = StationWorkForm
    create_service = services.create_work
    update_service = services.update_work


class StationWorkDeleteView(ObjectDeleteView):
    model = StationWork
    delete_service = services.delete_work


@login_required
def accept_work(request, pk):
    """Accept a work (nghiệm thu): a repair returns its station to operating from that date."""
    if not scoping.can(request.user, StationWork, CHANGE):
        raise PermissionDenied
    work = get_object_or_404(StationWork.objects.restrict(request.user, CHANGE).select_related("station"), pk=pk)
    form = AcceptWorkForm(request.POST or None,
                          initial={"accepted_on": work.completed_on or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_work(request.user, work, form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Accepted %(obj)s.") % {"obj": work})
            return redirect(work.get_absolute_url())
    return render(request, "grassroots/action_form.html", {
        "form": form, "object": work, "opts": StationWork._meta, "title": _("Accept the work"),
    }, status=422 if form.errors else 200)


# --- interference, staff, bulletins -------------------------------------------------------------------------


class InterferenceReportListView(ObjectListView):
    model = InterferenceReport
    table = InterferenceReportTable
    filterset = InterferenceReportFilterSet


class InterferenceReportDetailView(ObjectDetailView):
    model = InterferenceReport
    template_name = "core/object_detail.html"
    fields = ("reported_on", "reporter", "unit", "organization", "station", "location", "frequency_mhz",
              "description", "state", "investigation", "result", "closed_on", "inspection_reference",
              "latitude", "longitude")


class InterferenceReportEditView(ObjectEditView):
    model = InterferenceReport
    form = InterferenceReportForm
    create_service = services.create_interference
    update_service = services.update_interference


class InterferenceReportDeleteView(ObjectDeleteView):
    model = InterferenceReport
    delete_service = services.delete_interference


class RadioStaffListView(ObjectListView):
    model = RadioStaff
    table = RadioStaffTable
    filterset = RadioStaffFilterSet


class RadioStaffDetailView(ObjectDetailView):
    model = RadioStaff
    template_name = "core/object_detail.html"
    fields = ("full_name", "station", "role", "phone", "training", "monthly_allowance", "editorial_board",
              "is_active", "notes")


class RadioStaffEditView(ObjectEditView):
    model = RadioStaff
    form = RadioStaffForm
    create_service = services.create_staff
    update_service = services.update_staff


class RadioStaffDeleteView(ObjectDeleteView):
    model = RadioStaff
    delete_service = services.delete_staff


class BulletinListView(ObjectListView):
    model = Bulletin
    table = BulletinTable
    filterset = BulletinFilterSet


class BulletinDetailView(ObjectDetailView):
    model = Bulletin
    fields = ("title", "source", "priority", "campaign", "organization", "broadcast_at", "content")

    def extra_context(self, request, obj):
        stations = list(RadioStation.objects.restrict(request.user).filter(bulletins=obj).select_related("unit"))
        communes = services.communes_today({s.unit_id for s in stations}, obj.broadcast_at.date())
        return {"stations": stations, "communes_reached": len({c for ids in communes.values() for c in ids})}


class BulletinEditView(ObjectEditView):
    model = Bulletin
    form = BulletinForm
    create_service = services.create_bulletin
    update_service = services.update_bulletin


class BulletinDeleteView(ObjectDeleteView):
    model = Bulletin
    delete_service = services.delete_bulletin


# --- communes, network, statistics ---------------------------------------------------------------------------


def _date(value) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value or "", fmt).date()
        except ValueError:
            continue
    return None


class _ComputedRows(list):
    """The export helpers iterate a slice of what they get; these rows carry their computed columns."""

    _prefetch_related_lookups = ("computed",)


class CommuneListView(ObjectListView):
    """Communes of today with the stations that roll up into them: the drill-down of the coverage figures."""

    model = AdministrativeUnit
    table = CommuneTable
    filterset = CommuneFilterSet
    title = _("Communes and their radio stations")

    def get(self, request):
        date = _date(request.GET.get("at")) or timezone.localdate()
        self.table = partial(CommuneTable, user=request.user, date=date)
        if request.GET.get("export") in ("csv", "xlsx"):
            filterset = self.filterset(request.GET, queryset=self.get_queryset(request), request=request)
            table = self.table(request.GET.get("sort"))
            rows = _ComputedRows(obj for obj, _cells in table.rows(table.prepare(filterset.qs)[:exports.EXPORT_LIMIT]))
            name = str(_("communes"))
            if request.GET["export"] == "csv":
                return exports.export_csv(table, rows, name)
            return exports.export_xlsx(table, rows, name, str(self.title))
        return super().get(request)


def _default_province(user) -> AdministrativeUnit | None:
    organization = Organization.objects.filter(pk=getattr(user, "organization_id", None)).select_related(
        "province").first()
    if organization is None:
        organization = Organization.objects.filter(operates_platform=True).select_related("province").first()
    if organization is None or organization.province is None:
        return None
    province = organization.province
    if province.valid_until is not None:  # a legacy province: the one it went into
        province = province.province_on(timezone.localdate()).first()
    return province


@login_required
def network(request):
    """The network at a glance for a province: communes without an operating station, stations out
    of service for more than N days, and every commune's stations, clusters and villages covered."""
    if not scoping.can(request.user, RadioStation, VIEW):
        raise PermissionDenied
    provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE,
                                                  valid_until__isnull=True).order_by("full_name")
    province = provinces.filter(pk=request.GET.get("province")).first() if \
        (request.GET.get("province") or "").isdigit() else _default_province(request.user)
    try:
        days = max(0, int(request.GET.get("days", 30)))
    except ValueError:
        days = 30
    today = timezone.localdate()
    rows, out_of_service = [], []
    stations = RadioStation.objects.restrict(request.user)
    if province is not None:
        in_province = services.station_unit_q(province)
        stations = stations.filter(in_province)
        communes = list(AdministrativeUnit.objects.filter(province=province, level=AdministrativeUnit.Level.COMMUNE,
                                                          valid_until__isnull=True).order_by("full_name"))
        rows = services.commune_rows(request.user, communes, today)
        by_unit = {}
        for row in rows:
            for station in row.stations:
                by_unit.setdefault(station.pk, row.unit)
        reason = StationStatusChange.objects.filter(station=OuterRef("pk")).order_by("-date", "-pk").values("reason")
        out_of_service = list(
            stations.filter(status=Status.OUT_OF_SERVICE, status_since__lte=services.out_of_service_since(days, today))
            .select_related("unit").only("name", "status_since", "unit__full_name")
            .annotate(reason=Subquery(reason[:1])).order_by("status_since", "name"))
        for station in out_of_service:
            station.commune_today = by_unit.get(station.pk)
            station.days_out = (today - station.status_since).days if station.status_since else None
    without = [row for row in rows if not row.covered]
    by_status = services.station_counts_by_status(stations)
    return render(request, "grassroots/network.html", {
        "provinces": provinces, "province": province, "days": days, "today": today, "rows": rows,
        "rows_html": _network_rows_html(rows), "without": without, "out_of_service": out_of_service,
        "by_status": [(label, by_status.get(code, 0), code) for code, label in Status.choices],
        "station_total": sum(by_status.values()),
        "covered": len(rows) - len(without),
    })


def _url_maker(name: str):
    """`pk -> reverse(name, args=[pk])` for one URL name, reversed once: the network table links
    ~170 communes and ~600 stations, and reversing each costs more than building its row."""
    sentinel = "987654321987654321"
    prefix, _sentinel, suffix = reverse(name, args=[int(sentinel)]).rpartition(sentinel)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _network_rows_html(rows) -> str:
    """The by-commune table's rows, built here rather than in the template (the largest part of the
    page: ~170 rows, ~600 station links), with the markup, escaping and number formats the template
    would give: `html.escape` is what Django's `escape` applies; each distinct number is localised once."""
    unit_url = _url_maker("geo:administrativeunit_detail")
    station_url = _url_maker("grassroots:radiostation_detail")
    recorded_under = escape(_("recorded under"))
    numbers: dict = {}
    percents: dict = {}

    def num(value) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = formats.number_format(value, use_l10n=True, force_grouping=True)
        return text

    def percent(value: float) -> str:
        # `floatformat:0` depends only on the value rounded half up (as floatformat rounds it).
        rounded = Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)
        text = percents.get(rounded)
        if text is None:
            text = percents[rounded] = floatformat(value, 0)
        return text

    html = []
    for row in rows:
        unit = row.unit
        links = "<br>".join(
            f'<a href="{station_url(s.pk)}">{escape(s.name)}</a>'
            + (f' <span class="text-secondary small">({recorded_under} {escape(s.unit_name)})</span>'
               if s.unit_id != unit.pk else "")
            for s in row.stations) or "—"
        share = row.village_share
        villages = (f"{num(row.villages_covered)} / {num(row.villages_total)} "
                    f"({percent(share)} %)") if share is not None else "—"
        html.append(
            f'<tr class="{"" if row.covered else "table-danger"}"><td><a href="{unit_url(unit.pk)}">'
            f'{escape(unit.full_name)}</a></td>\n      <td>{links}</td>\n      <td class="text-end">'
            f'{num(row.operating)}</td><td class="text-end">{num(row.clusters_operating)} / '
            f'{num(row.clusters)}</td>\n      <td class="text-end">{villages}</td></tr>')
    return mark_safe("".join(html))  # every value escaped or formatted above


YEAR_CHOICES_BACK = 12


@login_required
def statistics(request):
    """The grassroots figures for a period and a unit, each number linking to its records."""
    today = timezone.localdate()
    errors = []
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    year = request.GET.get("year", "")
    if year.isdigit() and 1945 <= int(year) <= 2100:
        period = figures.Period.year(int(year))
    elif start or end:
        period = figures.Period(start, end)
        year = ""
    else:
        year = str(today.year - 1)  # the year-end report's question: last year's network
        period = figures.Period.year(int(year))
    if (request.GET.get("start") and not start) or (request.GET.get("end") and not end):
        errors.append(_("Dates: enter them as dd/mm/yyyy."))
    unit = None
    if (request.GET.get("unit") or "").isdigit():
        unit = AdministrativeUnit.objects.filter(pk=request.GET["unit"]).first()
    if unit is None and "unit" not in request.GET:
        unit = _default_province(request.user)
    with memo.shared_lookups():  # the unit, its provinces, the communes covered: once for all figures
        values = [figure.evaluate(request.user, period, [unit.pk] if unit else None)
                  for figure in figures.all_figures() if figure.key.startswith("grassroots.")]
        campaigns = _campaigns(request.user, period, unit)
    from .filters import _unit_filter

    unit_field = _unit_filter().field
    return render(request, "grassroots/statistics.html", {
        "values": values, "period": period, "unit": unit, "year": year, "errors": errors,
        "years": list(range(today.year, today.year - YEAR_CHOICES_BACK, -1)), "campaigns": campaigns,
        "unit_widget": unit_field.widget.render("unit", unit.pk if unit else None, {"id": "id_unit"}),
        "date_input": DateInput,
    })


def _campaigns(user, period, unit):
    """Coverage of each campaign broadcast in the period: stations and communes of today reached."""
    bulletins = Bulletin.objects.restrict(user).exclude(campaign="")
    if period.start:
        bulletins = bulletins.filter(broadcast_at__date__gte=period.start)
    if period.end:
        bulletins = bulletins.filter(broadcast_at__date__lte=period.end)
    if unit is not None:
        bulletins = BulletinFilterSet({"unit": unit.pk}, queryset=bulletins).qs
    rows = list(bulletins.order_by().values("campaign").annotate(n=Count("pk", distinct=True)).order_by("campaign"))
    if not rows:
        return []
    through = Bulletin.stations.through.objects.filter(bulletin__in=bulletins)
    stations_by_campaign: dict[str, set[int]] = {}
    units: dict[int, int] = {}
    for campaign, station_id, unit_id in through.values_list("bulletin__campaign", "radiostation_id",
                                                              "radiostation__unit_id"):
        stations_by_campaign.setdefault(campaign, set()).add(station_id)
        units[station_id] = unit_id
    mapping = services.communes_today(set(units.values()), period.at)
    if unit is not None and unit.level == AdministrativeUnit.Level.PROVINCE and unit.valid_until is None:
        total = AdministrativeUnit.objects.filter(province=unit, level=AdministrativeUnit.Level.COMMUNE,
                                                  valid_until__isnull=True).count()
    else:
        total = None
    for row in rows:
        stations = stations_by_campaign.get(row["campaign"], set())
        communes = {c for s in stations for c in mapping.get(units[s], ())}
        row.update(stations=len(stations), communes=len(communes), total=total,
                   share=(100.0 * len(communes) / total) if total else None)
    return rows
