"""Geography queries and writes. Modules roll records up through these, never through ad-hoc joins.

Writes: `load_units()` loads or updates the units from the `vietnam-provinces` dataset.
Queries (time-aware): `successor_ids_on()`, `rollup_map()`, `successors_on()`, `ancestors_on()`,
`province_on()` and `province_scope_ids()`; the model's methods of the same names call these.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dieuhanh.core import context
from dieuhanh.core.changelog import log_bulk, serialize

from . import dataset as ds
from .models import REFORM_2025, AdministrativeUnit, UnitDataset, UnitSuccession

Level = AdministrativeUnit.Level
LEVEL_RANK = {Level.COMMUNE: 0, Level.DISTRICT: 1, Level.PROVINCE: 2}
# How many reforms a roll-up may cross; one today, so this only guards against a corrupt cycle.
MAX_HOPS = 12


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------

_UNIT_FIELDS = ("code", "name", "full_name", "division_type", "level", "codename", "parent_id", "province_id",
                "valid_from", "valid_until", "search_text")
_CODE, _FULL_NAME, _LEVEL, _VALID_UNTIL = (_UNIT_FIELDS.index(f) for f in ("code", "full_name", "level", "valid_until"))


@dataclasses.dataclass
class LoadSummary:
    """What `load_units` did: counts per (era, level) and for the successions."""

    version: str
    data_version: str
    units: dict[tuple[str, str], dict[str, int]] = dataclasses.field(default_factory=dict)
    successions: dict[str, int] = dataclasses.field(
        default_factory=lambda: {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0})
    not_in_dataset: int = 0

    def count(self, era: str, level: str, what: str) -> None:
        counts = self.units.setdefault((era, level), {"created": 0, "updated": 0, "unchanged": 0})
        counts[what] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.units.values()) + \
            self.successions["created"] + self.successions["updated"] + self.successions["deleted"]


def load_units(dataset: ds.Dataset | None = None, province: str | int | None = None) -> LoadSummary:
    """Create or update units and their 2025 successions from the dataset; idempotent.

    `province` (a current province code) limits the load to that province, its communes and every
    legacy unit of the provinces that went into it. Units are never deleted (records may point at
    them); units missing from the dataset are only counted. Changes are written with bulk queries
    and recorded in the change log with `log_bulk`; run it inside `core.context.acting_as()`.
    """
    dataset = dataset or ds.read_dataset()
    full = province is None
    if not full:
        dataset = dataset.for_province(province)
    summary = LoadSummary(version=dataset.version, data_version=dataset.data_version)
    with transaction.atomic():
        units = _load_unit_rows(dataset, summary, full)
        _load_successions(dataset, units, summary)
        _record_dataset(dataset)
    forget_graph()  # bulk writes send no signals
    return summary


class _Units:
    """The loaded units by dataset key, as ids and names; model instances only where a write needs them."""

    def __init__(self):
        self.pk: dict[tuple, int] = {}
        self.name: dict[int, str] = {}
        self.instances: dict[int, AdministrativeUnit] = {}

    def instance(self, pk: int) -> AdministrativeUnit:
        # Enough for str() in the change log, without a query per succession.
        if pk not in self.instances:
            self.instances[pk] = AdministrativeUnit(pk=pk, full_name=self.name[pk])
        return self.instances[pk]


def _wanted_values(record: ds.UnitRecord, units: _Units, own_pk: int | None) -> tuple:
    """The values of `_UNIT_FIELDS` the dataset asks for (a province is its own province)."""
    values = {
        "code": record.code, "name": record.name, "full_name": record.full_name,
        "division_type": record.division_type, "level": record.level, "codename": record.codename,
        "parent_id": units.pk[record.parent_key] if record.parent_key else None,
        "province_id": own_pk if record.level == ds.PROVINCE else units.pk[record.province_key],
        "valid_from": REFORM_2025 if record.era == ds.CURRENT else None,
        "valid_until": None if record.era == ds.CURRENT else REFORM_2025,
    }
    # The model's own rule for search_text, applied to plain values (no model instance per row).
    values["search_text"] = AdministrativeUnit.compute_search_text(
        SimpleNamespace(search_fields=AdministrativeUnit.search_fields, **values))
    return tuple(values[name] for name in _UNIT_FIELDS)


def _load_unit_rows(dataset: ds.Dataset, summary: LoadSummary, full: bool) -> _Units:
    units = _Units()
    existing: dict[tuple, tuple] = {}
    rows = AdministrativeUnit.objects.filter(Q(valid_until__isnull=True) | Q(valid_until=REFORM_2025)) \
        .values_list("pk", *_UNIT_FIELDS)
    for pk, *values in rows:
        unit_key = (ds.CURRENT if values[_VALID_UNTIL] is None else ds.LEGACY, values[_LEVEL], values[_CODE])
        existing[unit_key] = tuple(values)
        units.pk[unit_key] = pk
        units.name[pk] = values[_FULL_NAME]
    by_level: dict[str, list[ds.UnitRecord]] = defaultdict(list)
    for record in dataset.units:
        by_level[record.level].append(record)
    created_all: list[AdministrativeUnit] = []
    updated_all: list[AdministrativeUnit] = []
    before: dict[int, dict] = {}
    now = timezone.now()
    for level in (ds.PROVINCE, ds.DISTRICT, ds.COMMUNE):  # parents first: children need their ids
        created, updated = [], []
        for record in by_level[level]:
            pk = units.pk.get(record.key)
            wanted = _wanted_values(record, units, pk)
            if pk is None:
                # A new province's own id is not known yet; it is set right after the insert.
                unit = AdministrativeUnit(**dict(zip(_UNIT_FIELDS, wanted, strict=True)))
                created.append((record, unit))
                summary.count(record.era, level, "created")
            elif wanted != existing[record.key]:
                before[pk] = serialize(AdministrativeUnit(pk=pk, **dict(zip(_UNIT_FIELDS, existing[record.key],
                                                                             strict=True))))
                unit = AdministrativeUnit(pk=pk, last_updated=now, **dict(zip(_UNIT_FIELDS, wanted, strict=True)))
                updated.append(unit)
                units.instances[pk] = unit
                units.name[pk] = unit.full_name
                summary.count(record.era, level, "updated")
            else:
                summary.count(record.era, level, "unchanged")
        AdministrativeUnit.objects.bulk_create([unit for _record, unit in created], batch_size=1000)
        for record, unit in created:
            units.pk[record.key] = unit.pk
            units.name[unit.pk] = unit.full_name
            units.instances[unit.pk] = unit
        if level == ds.PROVINCE and created:
            for _record, unit in created:
                unit.province_id = unit.pk
            AdministrativeUnit.objects.bulk_update([unit for _record, unit in created], ["province"])
        if updated:
            AdministrativeUnit.objects.bulk_update(
                updated, [f.removesuffix("_id") for f in _UNIT_FIELDS] + ["last_updated"], batch_size=1000)
        created_all += [unit for _record, unit in created]
        updated_all += updated
    log_bulk(created_all, "create")
    log_bulk(updated_all, "update", before)
    if full:
        keys = {record.key for record in dataset.units}
        summary.not_in_dataset = sum(1 for key in existing if key not in keys)
    return units


def _load_successions(dataset: ds.Dataset, units: _Units, summary: LoadSummary) -> None:
    loaded_ids = {units.pk[record.key] for record in dataset.units}
    existing = {(pred, succ): (pk, kind, partial) for pk, pred, succ, kind, partial in UnitSuccession.objects.filter(
        date=REFORM_2025).values_list("pk", "predecessor_id", "successor_id", "kind", "partial")}
    wanted: set[tuple[int, int]] = set()
    created, updated, before = [], [], {}
    now = timezone.now()
    for record in dataset.successions:
        key = (units.pk[record.predecessor], units.pk[record.successor])
        wanted.add(key)
        found = existing.get(key)
        if found is None:
            created.append(UnitSuccession(predecessor=units.instance(key[0]), successor=units.instance(key[1]),
                                          date=REFORM_2025, kind=record.kind, partial=record.partial))
        elif found[1:] != (record.kind, record.partial):
            old = UnitSuccession(pk=found[0], predecessor=units.instance(key[0]), successor=units.instance(key[1]),
                                 date=REFORM_2025, kind=found[1], partial=found[2])
            before[old.pk] = serialize(old)
            updated.append(UnitSuccession(pk=found[0], predecessor=old.predecessor, successor=old.successor,
                                          date=REFORM_2025, kind=record.kind, partial=record.partial,
                                          last_updated=now))
        else:
            summary.successions["unchanged"] += 1
    # A later dataset may correct a mapping: drop the 2025 links it no longer has between units it still
    # has. Links of a unit that left the dataset stay with it, so records under it still roll up.
    stale = [found[0] for key, found in existing.items()
             if key not in wanted and key[0] in loaded_ids and key[1] in loaded_ids]
    UnitSuccession.objects.bulk_create(created, batch_size=2000)
    if updated:
        UnitSuccession.objects.bulk_update(updated, ["kind", "partial", "last_updated"], batch_size=2000)
    if stale:
        # An ordinary delete: its signals record each deletion in the change log (rare, so few rows).
        UnitSuccession.objects.filter(pk__in=stale).delete()
    log_bulk(created, "create")
    log_bulk(updated, "update", before)
    summary.successions["created"] += len(created)
    summary.successions["updated"] += len(updated)
    summary.successions["deleted"] += len(stale)


def _record_dataset(dataset: ds.Dataset) -> None:
    note = UnitDataset.objects.filter(package=dataset.package).first() or UnitDataset(package=dataset.package)
    if (note.version, note.data_version, note.license) != (dataset.version, dataset.data_version, dataset.license):
        note.version, note.data_version, note.license = dataset.version, dataset.data_version, dataset.license
        note.save()  # an ordinary save: the change log records the new version


def current_dataset() -> UnitDataset | None:
    return UnitDataset.objects.filter(package=ds.PACKAGE).first()


# --------------------------------------------------------------------------------------------------
# Time-aware queries
# --------------------------------------------------------------------------------------------------

def valid_on_q(date: datetime.date, prefix: str = "") -> Q:
    """A filter for units in force on `date` (`prefix` e.g. "unit__" to filter records through a FK)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": date})) & \
        (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": date}))


@dataclasses.dataclass(frozen=True)
class _Node:
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    parent_id: int | None
    province_id: int | None
    level: str

    def valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and \
            (self.valid_until is None or date < self.valid_until)


_NODE_FIELDS = ("valid_from", "valid_until", "parent_id", "province_id", "level")


@dataclasses.dataclass(frozen=True)
class _Graph:
    """Every unit and succession, as the walk needs them. Units change only when a dataset is loaded
    or an administrator edits one, while every roll-up (a province's legacy communes on the network
    view, a report's units) walks them: one copy per process, reloaded when the tables change."""

    stamp: tuple
    nodes: dict[int, _Node]
    out: dict[int, tuple[tuple[datetime.date, int], ...]]  # predecessor -> (date, successor)
    into: dict[int, tuple[tuple[datetime.date, int], ...]]  # successor -> (date, predecessor)
    memo: dict = dataclasses.field(default_factory=dict)  # answers derived from this copy alone


_graph: _Graph | None = None
# (request id, copy): the copy already found current during this request or job, so that a page asking
# several roll-ups checks once. Forgotten when this process writes units (signals, `load_units`).
_checked: tuple | None = None


def forget_graph(**_kwargs) -> None:
    global _checked
    _checked = None


def _graph_stamp() -> tuple:
    """What tells a changed table: its row count and latest change (every save sets `last_updated`,
    bulk loads set it too; a delete lowers the count). One query for both tables."""
    quote = connection.ops.quote_name
    units, links = quote(AdministrativeUnit._meta.db_table), quote(UnitSuccession._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {units}), (SELECT MAX(last_updated) FROM {units}), "
                       f"(SELECT COUNT(*) FROM {links}), (SELECT MAX(last_updated) FROM {links})")
        return tuple(cursor.fetchone())


def _current_graph() -> _Graph:
    global _graph, _checked
    ctx = context.active()
    checked = _checked
    if ctx is not None and checked is not None and checked[0] == ctx.request_id:
        return checked[1]
    stamp = _graph_stamp()
    graph = _graph
    if graph is None or graph.stamp != stamp:
        nodes = {pk: _Node(*fields) for pk, *fields in
                 AdministrativeUnit.objects.order_by().values_list("pk", *_NODE_FIELDS).iterator(chunk_size=5000)}
        out: dict[int, list] = defaultdict(list)
        into: dict[int, list] = defaultdict(list)
        for predecessor, successor, date in UnitSuccession.objects.order_by().values_list(
                "predecessor_id", "successor_id", "date").iterator(chunk_size=5000):
            out[predecessor].append((date, successor))
            into[successor].append((date, predecessor))
        graph = _graph = _Graph(stamp, nodes, {k: tuple(v) for k, v in out.items()},
                                {k: tuple(v) for k, v in into.items()})
    if ctx is not None:
        _checked = (ctx.request_id, graph)
    return graph


def _resolve(unit_ids: Iterable[int], date: datetime.date) -> tuple[dict[int, set[int]], dict[int, _Node]]:
    """For each unit, the units in force on `date` that cover its territory, and what is known of them.

    Forward in time the walk follows successions out of a unit (its territory went there); backward,
    successions into it (where its territory came from). A unit gone without a recorded succession
    (28 legacy communes missing from the 2025 conversion table) resolves through its parent.
    The walk runs over the process's copy of the units (`_Graph`): one query to see that it is
    current, whatever the number of units.
    """
    graph = _current_graph()
    nodes = graph.nodes
    result: dict[int, set[int]] = {}
    for start in dict.fromkeys(int(pk) for pk in unit_ids):
        found = result[start] = set()
        pending, seen = {start}, {start}
        for _ in range(MAX_HOPS):
            if not pending:
                break
            targets: set[int] = set()
            for pk in pending:
                node = nodes.get(pk)
                if node is None:
                    continue
                if node.valid_on(date):
                    found.add(pk)
                elif node.valid_until is not None and date >= node.valid_until:
                    edges = {succ for when, succ in graph.out.get(pk, ()) if when <= date}
                    if not edges and node.parent_id is not None:
                        edges = {node.parent_id}
                    targets |= edges
                else:
                    came_from = {pred for when, pred in graph.into.get(pk, ()) if when > date and pred in nodes}
                    # A commune formed from communes and, coarser, from the abolished districts around
                    # them: the finer links answer the question; the coarse ones only when there are none.
                    rank = LEVEL_RANK[node.level]
                    finer = {t for t in came_from if LEVEL_RANK[nodes[t].level] <= rank}
                    targets |= finer or came_from
            pending = targets - seen
            seen |= targets
    return result, nodes


def successor_ids_on(unit_ids: Iterable[int], date: datetime.date) -> dict[int, set[int]]:
    """{unit id: ids of the units in force on `date` that cover it}; a unit in force maps to itself."""
    return _resolve(unit_ids, date)[0]


def rollup_map(unit_ids: Iterable[int], date: datetime.date) -> dict[int, list[int]]:
    """{unit id: sorted ids of the provinces in force on `date` that the unit's territory lies in}.

    The bulk helper for modules: pass the distinct unit ids of the records being counted, then group
    the records by the provinces returned. A handful of queries whatever the number of units. A unit
    split across provinces maps to several provinces (rare: one legacy province and its communes).
    """
    resolved, nodes = _resolve(unit_ids, date)
    return {pk: sorted({nodes[target].province_id for target in targets if nodes[target].province_id})
            for pk, targets in resolved.items()}


def successors_on(unit: AdministrativeUnit, date: datetime.date) -> QuerySet[AdministrativeUnit]:
    """Units in force on `date` that this unit's territory went into (or, for an earlier date, came from).

    The unit itself when it is in force on `date`.
    """
    if unit.is_valid_on(date):
        return AdministrativeUnit.objects.filter(pk=unit.pk)
    return AdministrativeUnit.objects.filter(pk__in=successor_ids_on([unit.pk], date)[unit.pk]) \
        .order_by("full_name", "pk")


def ancestors_on(unit: AdministrativeUnit, date: datetime.date) -> list[AdministrativeUnit]:
    """The units above this one in force on `date`, nearest first and the province last.

    For a unit in force on `date` that is its chain of parents. For a unit not in force, the chains
    of the units it resolves to on `date` (see `successors_on`), keeping only the levels above the
    unit's own; if its territory went to several places there may be several units per level.
    """
    rank = LEVEL_RANK[unit.level]
    targets = [unit] if unit.is_valid_on(date) else list(
        successors_on(unit, date).select_related("parent__parent", "province"))
    found: dict[int, AdministrativeUnit] = {}
    for target in targets:
        if target.pk != unit.pk and LEVEL_RANK[target.level] > rank:
            found.setdefault(target.pk, target)
        parent = target.parent
        while parent is not None:
            if LEVEL_RANK[parent.level] > rank:
                found.setdefault(parent.pk, parent)
            parent = parent.parent
    return sorted(found.values(), key=lambda u: (LEVEL_RANK[u.level], u.full_name, u.pk))


def province_on(unit: AdministrativeUnit, date: datetime.date) -> QuerySet[AdministrativeUnit]:
    """The province(s) in force on `date` that this unit lies in; almost always exactly one."""
    return AdministrativeUnit.objects.filter(pk__in=rollup_map([unit.pk], date)[unit.pk]).order_by("full_name")


def province_scope_ids(province_id: int | None) -> set[int]:
    """A province and every earlier province that merged (wholly or partly) into it, transitively.

    Records keep the unit they were made under, so a department's scope is its current province and
    every legacy province behind it: filter records with `unit__province_id__in=province_scope_ids(p)`.
    """
    if province_id is None:
        return set()
    graph = _current_graph()  # one query: every list page of a department user asks this
    found = graph.memo.get(("province_scope", province_id))
    if found is None:
        province = Level.PROVINCE
        ids = {province_id}
        frontier = {province_id}
        while frontier:
            frontier = {predecessor for successor in frontier for _date, predecessor in graph.into.get(successor, ())
                        if predecessor in graph.nodes and graph.nodes[predecessor].level == province} - ids
            ids |= frontier
        found = graph.memo[("province_scope", province_id)] = frozenset(ids)
    return set(found)
