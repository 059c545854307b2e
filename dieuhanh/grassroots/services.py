"""Writes to the grassroots radio network, and the roll-ups the network view and figures share.

UI views, the API, the inventory import and the demo all come through these functions. Status
history: a station's status is only ever changed by `record_status_change()` (directly, when a
station is created, or when a work is accepted), which writes a `StationStatusChange` and keeps
the station's denormalised `status` / `status_since` equal to the latest change.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Lookup, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.core import context
from dieuhanh.core.memo import shared
from dieuhanh.core.roles import ADD, CHANGE
from dieuhanh.core.services import create_object, delete_object, save_instance, update_object
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import province_scope_ids, successor_ids_on

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

# --- stations and their status ------------------------------------------------------------------------


def create_station(user, data: dict, *, status_reason: str = "", status_date: datetime.date | None = None
                   ) -> RadioStation:
    """A new station with its first status change, dated `status_date`, else its commissioning, else today."""
    data = dict(data)
    status = data.pop("status", None) or Status.OPERATING
    with transaction.atomic():
        station = create_object(user, RadioStation, {**data, "status": status})
        record_status_change(user, station, {
            "status": status, "date": status_date or station.commissioned_on or timezone.localdate(),
            "reason": status_reason or _("Recorded in the network register")})
    return station


def update_station(user, station: RadioStation, data: dict) -> RadioStation:
    """Edit a station's particulars; its status changes only through `record_status_change()`."""
    data = {key: value for key, value in data.items() if key not in ("status", "status_since")}
    return update_object(user, station, data)


def delete_station(user, station: RadioStation) -> None:
    if station.works.exists() or station.clusters.exists():
        raise ValidationError(_("This station has works or loudspeaker clusters: delete them first, or record it "
                                "as out of service."))
    delete_object(user, station)


def record_status_change(user, station: RadioStation, data: dict, *, work: StationWork | None = None):
    """Write one dated status change and make the station's status the latest change's."""
    with transaction.atomic(), context.as_user(user):
        change = StationStatusChange(station=station, work=work, **data)
        save_instance(user, change, ADD)
        latest = station.status_changes.order_by("-date", "-pk").first()
        if (station.status, station.status_since) != (latest.status, latest.date):
            station.status, station.status_since = latest.status, latest.date
            station.save(update_fields=["status", "status_since"])
    return change


# --- works --------------------------------------------------------------------------------------------


def create_work(user, data: dict) -> StationWork:
    data = dict(data)
    if data.get("accepted_on"):
        # Acceptance has consequences (status, commissioning): it goes through accept_work().
        accepted_on, note = data.pop("accepted_on"), data.pop("acceptance_note", "")
        with transaction.atomic():
            work = create_object(user, StationWork, data)
            return accept_work(user, work, {"accepted_on": accepted_on, "acceptance_note": note})
    return create_object(user, StationWork, data)


def update_work(user, work: StationWork, data: dict) -> StationWork:
    data = dict(data)
    accepted_on = data.pop("accepted_on", work.accepted_on)
    if work.accepted_on and accepted_on != work.accepted_on:
        raise ValidationError({"accepted_on": _("The work is already accepted; its acceptance date is kept.")})
    with transaction.atomic():
        work = update_object(user, work, data)
        if accepted_on and not work.accepted_on:
            work = accept_work(user, work, {"accepted_on": accepted_on})
    return work


def delete_work(user, work: StationWork) -> None:
    delete_object(user, work)


def accept_work(user, work: StationWork, data: dict) -> StationWork:
    """Accept (nghiệm thu) a work. A repair, upgrade or relocation returns the station to operating
    from the acceptance date; a new build commissions the station on that date."""
    accepted_on = data.get("accepted_on")
    if not accepted_on:
        raise ValidationError({"accepted_on": _("Enter the acceptance date.")})
    if work.accepted_on:
        raise ValidationError({"accepted_on": _("This work was already accepted on %(date)s.")
                               % {"date": f"{work.accepted_on:%d/%m/%Y}"}})
    with transaction.atomic():
        work = update_object(user, work, {"accepted_on": accepted_on,
                                          "acceptance_note": data.get("acceptance_note", work.acceptance_note)})
        station = RadioStation.objects.select_for_update().get(pk=work.station_id)
        if work.kind == StationWork.Kind.NEW_BUILD and station.commissioned_on is None:
            update_object(user, station, {"commissioned_on": accepted_on})
        record_status_change(user, station, {
            "status": Status.OPERATING, "date": accepted_on,
            "reason": _("%(kind)s accepted: %(title)s") % {"kind": work.get_kind_display(), "title": work.title}},
            work=work)
    return work


# --- the other records: plain create / update / delete --------------------------------------------------


def _plain(model):
    def create(user, data):
        return create_object(user, model, dict(data))

    def update(user, instance, data):
        return update_object(user, instance, dict(data))

    def delete(user, instance):
        delete_object(user, instance)

    return create, update, delete


create_cluster, update_cluster, delete_cluster = _plain(LoudspeakerCluster)
create_interference, update_interference, delete_interference = _plain(InterferenceReport)
create_staff, update_staff, delete_staff = _plain(RadioStaff)


def _check_stations(user, stations) -> None:
    visible = set(RadioStation.objects.restrict(user).filter(pk__in=[s.pk if hasattr(s, "pk") else s
                                                                       for s in stations])
                  .values_list("pk", flat=True))
    if len(visible) != len({s.pk if hasattr(s, "pk") else s for s in stations}):
        raise ValidationError({"stations": _("Select a valid choice. That choice is not one of the available "
                                             "choices.")})


def create_bulletin(user, data: dict) -> Bulletin:
    data = dict(data)
    stations = data.get("stations") or []
    with transaction.atomic():  # the bulletin's own fields first: their errors name the owner
        bulletin = create_object(user, Bulletin, data)
        _check_stations(user, stations)
    return bulletin


def update_bulletin(user, bulletin: Bulletin, data: dict) -> Bulletin:
    data = dict(data)
    stations = data.get("stations")
    with transaction.atomic():
        bulletin = update_object(user, bulletin, data)
        if stations is not None:
            _check_stations(user, stations)
    return bulletin


def delete_bulletin(user, bulletin: Bulletin) -> None:
    delete_object(user, bulletin)


def require_change(user, obj) -> None:
    if not RadioStation.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied


# --- roll-ups: the communes of today and the stations behind them ---------------------------------------


class InIds(Lookup):
    """`InIds("unit_id", ids)`: the filter `unit_id__in=ids`, with the ids as one array parameter on
    PostgreSQL (`unit_id = ANY(%s)`). A province's roll-ups filter by hundreds of ids; as one
    parameter each, Django builds and psycopg splits them for ~1.5 ms of CPU a query
    (bench/grassroots.py), as one array for nothing. A plain IN on other databases."""

    lookup_name = "in_ids"
    prepare_rhs = False

    def __init__(self, field: str, ids):
        super().__init__(F(field), sorted(set(ids)))

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet  # as `__in=[]`: matches nothing
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)



def status_at(date: datetime.date):
    """An expression for a station's status on `date` (its latest change on or before it)."""
    return Subquery(StationStatusChange.objects.filter(station=OuterRef("pk"), date__lte=date)
                    .order_by("-date", "-pk").values("status")[:1])


def unit_ids_rolling_into(unit: AdministrativeUnit) -> set[int] | None:
    """The ids of the units whose records count for `unit`; None for 'every unit of a province
    filter' (the caller filters by province instead, see `station_unit_q`)."""
    if unit.valid_until is None and unit.valid_from is not None:
        # A unit of today: itself and the legacy units its territory came from (geo walks the
        # succession backward from the day before it came into force).
        before = unit.valid_from - datetime.timedelta(days=1)
        return {unit.pk} | successor_ids_on([unit.pk], before)[unit.pk]
    return {unit.pk}


def station_unit_q(unit: AdministrativeUnit, prefix: str = "") -> Q:
    """A filter for records (stations, or through `prefix` records of stations) that roll up into
    `unit`: a province (with the legacy provinces merged into it) or a commune (with the legacy
    communes that went into it)."""
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        ids = shared(("province_scope", unit.pk), lambda: frozenset(province_scope_ids(unit.pk))) \
            if unit.valid_until is None else {unit.pk}
        return Q(**{f"{prefix}province_id__in": ids})
    if unit.level == AdministrativeUnit.Level.DISTRICT:
        return Q(**{f"{prefix}unit__parent_id": unit.pk})
    return Q(**{f"{prefix}unit_id__in": unit_ids_rolling_into(unit)})


def communes_today(unit_ids, date: datetime.date) -> dict[int, set[int]]:
    """{recorded unit id: ids of the communes in force on `date` it rolls up into}.

    A legacy commune split between several communes counts for each of them: its loudspeakers
    served the whole old commune, and which villages went where is not recorded."""
    resolved = successor_ids_on(unit_ids, date)
    communes = set(AdministrativeUnit.objects.filter(
        pk__in={pk for ids in resolved.values() for pk in ids}, level=AdministrativeUnit.Level.COMMUNE)
        .values_list("pk", flat=True))
    return {pk: ids & communes for pk, ids in resolved.items()}


def covered_commune_ids(stations, date: datetime.date) -> set[int]:
    """Communes in force on `date` with at least one station operating on that date (a degraded
    station does not count), among `stations` (a queryset already restricted to the user)."""
    units = _covered_unit_ids(stations, date)
    if not units:
        return set()
    return set(AdministrativeUnit.objects.filter(InIds("pk", units), level=AdministrativeUnit.Level.COMMUNE)
               .values_list("pk", flat=True))


def covered_unit_ids(user, date: datetime.date) -> frozenset[int]:
    """The units in force on `date` that the stations the user may see, operating on that date,
    roll up into: their communes, and for a station recorded under a unit of another era the units
    geo resolves it to (communes; a coarser unit where geo knows no finer successor). Its communes
    are `covered_commune_ids()`; a filter of communes can use it as it is.

    Within `core.memo.shared_lookups()` it is computed once per user and date (the statistics page asks
    twice: communes covered, communes without a station)."""
    return shared(("covered", getattr(user, "pk", None), date),
                  lambda: frozenset(_covered_unit_ids(RadioStation.objects.restrict(user), date)))


def _covered_unit_ids(stations, date: datetime.date) -> set[int]:
    rows = (stations.annotate(status_then=status_at(date))
            .filter(Q(commissioned_on__isnull=True) | Q(commissioned_on__lte=date), status_then=Status.OPERATING)
            .order_by().values_list("unit_id", "unit__valid_from", "unit__valid_until").distinct())
    units, elsewhere = set(), set()
    for unit_id, valid_from, valid_until in rows:
        # A unit in force on the date covers itself (what geo's walk answers for it); only the
        # units of another era are walked.
        if (valid_from is None or valid_from <= date) and (valid_until is None or date < valid_until):
            units.add(unit_id)
        else:
            elsewhere.add(unit_id)
    if elsewhere:
        units |= {pk for ids in successor_ids_on(elsewhere, date).values() for pk in ids}
    return units


class StationSummary:
    """What the network view and the communes list show of a station, read as a row rather than a
    model instance (a province has ~600 stations: instances cost more than the rest of the view).
    It compares equal to the `RadioStation` it summarises, as model instances do among themselves."""

    __slots__ = ("pk", "name", "unit_id", "unit_name", "status", "status_then", "commissioned_on", "villages")

    def __init__(self, pk, name, unit_id, unit_name, status, status_then, commissioned_on, villages):
        self.pk, self.name, self.unit_id, self.unit_name = pk, name, unit_id, unit_name
        self.status, self.status_then, self.commissioned_on, self.villages = (status, status_then, commissioned_on,
                                                                             villages)

    @property
    def id(self):
        return self.pk

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<StationSummary {self.pk}: {self.name}>"

    def __eq__(self, other):
        if isinstance(other, StationSummary | RadioStation):
            return self.pk is not None and self.pk == other.pk
        return NotImplemented

    def __hash__(self):
        return hash(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("grassroots:radiostation_detail", args=[self.pk])

    def get_status_display(self) -> str:
        return str(dict(Status.choices).get(self.status, self.status))


@dataclass
class CommuneRow:
    unit: AdministrativeUnit
    stations: list = field(default_factory=list)
    operating: int = 0
    clusters: int = 0
    clusters_operating: int = 0
    villages_total: int = 0
    villages_covered: int = 0

    @property
    def covered(self) -> bool:
        return self.operating > 0

    @property
    def village_share(self) -> float | None:
        if not self.villages_total:
            return None
        return min(100.0, 100.0 * self.villages_covered / self.villages_total)


def commune_rows(user, communes: list[AdministrativeUnit], date: datetime.date) -> list[CommuneRow]:
    """For each commune of today: the stations that roll up into it (as the user may see them, as
    `StationSummary` rows), how many operate, their loudspeaker clusters and the share of villages
    with a working cluster. A fixed number of queries whatever the number of communes and stations."""
    rows = {unit.pk: CommuneRow(unit) for unit in communes}
    if not rows:
        return []
    # Every unit that rolls into these communes: the communes and their legacy predecessors.
    before = {}
    for unit in communes:
        if unit.valid_from is not None:
            before.setdefault(unit.valid_from - datetime.timedelta(days=1), []).append(unit.pk)
    sources: dict[int, set[int]] = defaultdict(set)  # recorded unit -> communes of today
    for unit in communes:
        sources[unit.pk].add(unit.pk)
    for day, ids in before.items():
        for commune, legacy in successor_ids_on(ids, day).items():
            for pk in legacy:
                sources[pk].add(commune)
    visible = RadioStation.objects.restrict(user).filter(InIds("unit_id", sources))
    stations = [StationSummary(*values) for values in visible.annotate(status_then=status_at(date)).order_by(
        "name").values_list("pk", "name", "unit_id", "unit__full_name", "status", "status_then", "commissioned_on",
                            "villages")]
    station_rows = defaultdict(list)
    for station in stations:
        for commune in sources[station.unit_id]:
            station_rows[commune].append(station)
    clusters: dict[int, list] = {}  # station id -> [clusters, working clusters, villages with a working one]
    operating = Status.OPERATING.value
    for station_id, status, village in LoudspeakerCluster.objects.filter(
            station__in=visible.values("pk")).order_by().values_list("station_id", "status", "village"):
        entry = clusters.get(station_id)
        if entry is None:
            entry = clusters[station_id] = [0, 0, set()]
        entry[0] += 1
        if status == operating:
            entry[1] += 1
            if village:
                entry[2].add(village.strip().casefold())
    nothing = (0, 0, ())
    for commune, row in rows.items():
        row.stations = station_rows.get(commune, [])
        for station in row.stations:
            if station.status_then == Status.OPERATING and (station.commissioned_on is None
                                                             or station.commissioned_on <= date):
                row.operating += 1
            total, working, villages = clusters.get(station.pk, nothing)
            row.clusters += total
            row.clusters_operating += working
            row.villages_total += station.villages or 0
            row.villages_covered += len(villages)
    return list(rows.values())


def out_of_service_since(days: int, today: datetime.date | None = None) -> datetime.date:
    """The latest status date of a station out of service for at least `days` days. A number of days
    reaching past the calendar (a filter's value is any integer) gives its first or last day."""
    today = today or timezone.localdate()
    try:
        return today - datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min if days > 0 else datetime.date.max


def station_counts_by_status(stations) -> dict[str, int]:
    return {row["status"]: row["n"] for row in stations.order_by().values("status").annotate(n=Count("pk"))}
