"""The figures registry: every number shown anywhere is a registered figure with its drill-down.

A figure is a model, a filter set, the list page that uses the same filter set, and an aggregate.
Its value for a scope and period is the aggregate of `FilterSet(params).qs` over the records the
user may see; its drill-down is the list page with the same `params`. Value and records come from
one filter, so they cannot disagree (DESIGN.md, "How the modules fit together").

Apps declare figures in `figures.py`; `core` imports those modules at start-up.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import QueryDict
from django.urls import reverse


def as_querydict(params: dict) -> QueryDict:
    """Figure parameters as the query string a list page receives (lists become repeated keys)."""
    data = QueryDict(mutable=True)
    for name, value in params.items():
        if isinstance(value, list | tuple):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    return data


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]; `at` is the date to evaluate 'as of' figures."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def at(self) -> datetime.date:
        return self.end or datetime.date.today()

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass
class FigurePart:
    label: str
    value: int | float
    url: str
    key: str = ""


@dataclass
class FigureValue:
    figure: Figure
    value: int | float
    url: str
    params: dict
    parts: list[FigurePart] = field(default_factory=list)


@dataclass
class Figure:
    """How to compute one figure (see module docstring)."""

    key: str
    label: str
    unit: str
    model: type
    filterset: type
    list_url_name: str
    aggregate: str = "count"  # "count" or "sum:<field>"
    # Filter names that take the period's start/end, or the single 'as of' date.
    period_params: tuple[str, str] | None = None
    date_param: str | None = None
    # Filter name that takes administrative unit ids (the scope of units).
    unit_param: str | None = None
    fixed_params: dict = field(default_factory=dict)
    # Break the value down by a filter whose values are a field's choices: (filter name, model field).
    breakdown: tuple[str, str] | None = None
    breakdown_labels: Callable[[], dict] | None = None
    description: str = ""
    group: str = ""

    def params(self, period: Period | None = None, unit_ids=None, extra: dict | None = None) -> dict:
        params = dict(self.fixed_params)
        if period is not None:
            if self.period_params:
                start_name, end_name = self.period_params
                if period.start:
                    params[start_name] = period.start.strftime("%d/%m/%Y")
                if period.end:
                    params[end_name] = period.end.strftime("%d/%m/%Y")
            if self.date_param:
                params[self.date_param] = period.at.strftime("%d/%m/%Y")
        if unit_ids and self.unit_param:
            unit_ids = list(unit_ids)
            params[self.unit_param] = unit_ids[0] if len(unit_ids) == 1 else unit_ids
        params.update(extra or {})
        return params

    def records(self, user, params: dict):
        """The records behind the figure: exactly what the drill-down list shows."""
        queryset = self.model.objects.restrict(user)
        filterset = self.filterset(as_querydict(params), queryset=queryset)
        if not filterset.is_valid():
            raise ValueError(f"figure {self.key}: invalid parameters {filterset.errors.as_json()}")
        return filterset.qs

    def _aggregate(self, queryset):
        if self.aggregate == "count":
            return queryset.order_by().count()
        _, field_name = self.aggregate.split(":", 1)
        return queryset.order_by().aggregate(total=Sum(field_name))["total"] or 0

    def url(self, params: dict) -> str:
        data = as_querydict(params)
        return reverse(self.list_url_name) + ("?" + data.urlencode() if data else "")

    def evaluate(self, user, period: Period | None = None, unit_ids=None, extra: dict | None = None) -> FigureValue:
        params = self.params(period, unit_ids, extra)
        queryset = self.records(user, params)
        result = FigureValue(self, self._aggregate(queryset), self.url(params), params)
        if self.breakdown:
            filter_name, field_name = self.breakdown
            labels = self.breakdown_labels() if self.breakdown_labels else {}
            if self.aggregate == "count":
                rows = queryset.order_by().values(field_name).annotate(v=Count("pk"))
            else:
                rows = queryset.order_by().values(field_name).annotate(v=Sum(self.aggregate.split(":", 1)[1]))
            by_key = {row[field_name]: row["v"] or 0 for row in rows}
            keys = list(labels) or sorted(by_key, key=lambda k: (k is None, str(k)))
            for key in keys:
                part_params = {**params, filter_name: key}
                result.parts.append(FigurePart(str(labels.get(key, key)), by_key.get(key, 0),
                                               self.url(part_params), str(key)))
        return result


_registry: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in _registry:
        raise ValueError(f"figure {figure.key} registered twice")
    _registry[figure.key] = figure
    return figure


def get(key: str) -> Figure:
    return _registry[key]


def all_figures() -> list[Figure]:
    return list(_registry.values())
