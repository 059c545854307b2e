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
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, FloatField, Sum
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
    value: int | float | None
    url: str
    params: dict
    parts: list[FigurePart] = field(default_factory=list)
    # A ratio (RatioFigure): the two counts it divides; `value` is the percentage, `url` the denominator's.
    numerator: int | float | None = None
    denominator: int | float | None = None

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None


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
        # The user as a list request carries it, for filters that look at other records the user may
        # see (grassroots: communes with an operating station among the stations in the user's scope).
        filterset = self.filterset(as_querydict(params), queryset=queryset, request=SimpleNamespace(user=user))
        if not filterset.is_valid():
            raise ValueError(f"figure {self.key}: invalid parameters {filterset.errors.as_json()}")
        return filterset.qs

    def _aggregate(self, queryset):
        if self.aggregate == "count":
            return queryset.order_by().count()
        _, field_name = self.aggregate.split(":", 1)
        return queryset.order_by().aggregate(total=Sum(field_name))["total"] or 0

    def url(self, params: dict, list_url: str | None = None) -> str:
        data = as_querydict(params)
        return (list_url or reverse(self.list_url_name)) + ("?" + data.urlencode() if data else "")

    def evaluate(self, user, period: Period | None = None, unit_ids=None, extra: dict | None = None) -> FigureValue:
        params = self.params(period, unit_ids, extra)
        queryset = self.records(user, params)
        if not self.breakdown:
            return FigureValue(self, self._aggregate(queryset), self.url(params), params)
        filter_name, field_name = self.breakdown
        labels = self.breakdown_labels() if self.breakdown_labels else {}
        rows = queryset.order_by().values(field_name).annotate(v=self._group_aggregate())
        by_key = {row[field_name]: row["v"] or 0 for row in rows}
        # When the groups partition the records, the value is their total: one query for both.
        value = sum(by_key.values()) if self._groups_partition(queryset, field_name) else self._aggregate(queryset)
        list_url = reverse(self.list_url_name)
        result = FigureValue(self, value, self.url(params, list_url), params)
        keys = list(labels) or sorted(by_key, key=lambda k: (k is None, str(k)))
        for key in keys:
            part_params = {**params, filter_name: key}
            result.parts.append(FigurePart(str(labels.get(key, key)), by_key.get(key, 0),
                                           self.url(part_params, list_url), str(key)))
        return result

    def _group_aggregate(self):
        if self.aggregate == "count":
            return Count("pk")
        return Sum(self.aggregate.split(":", 1)[1])

    def _groups_partition(self, queryset, field_name: str) -> bool:
        """Whether grouping the records by `field_name` puts each record in exactly one group, so that
        the groups' counts or (exact) sums add up to the aggregate over the records. Not when the query
        is DISTINCT, combined, sliced or already grouped, nor when the field reaches across a relation
        that may repeat a record; nor for sums of floats, whose total depends on the order of addition."""
        query = queryset.query
        if query.distinct or query.combinator or query.is_sliced or query.group_by is not None:
            return False
        if field_name in query.annotations:
            if query.annotations[field_name].contains_aggregate:
                return False
        elif not self._local_field(field_name, lambda f: f.concrete and not f.many_to_many and not f.one_to_many):
            return False
        return self.aggregate == "count" or self._local_field(self.aggregate.split(":", 1)[1],
                                                              lambda f: not isinstance(f, FloatField))

    def _local_field(self, name: str, test) -> bool:
        try:
            return bool(test(self.model._meta.get_field(name)))
        except FieldDoesNotExist:
            return False


@dataclass
class RatioFigure:
    """One figure as a percentage of another, for the same period and units: "167/167 key tasks done
    on time". Numerator and denominator are plain figures, each with its drill-down (they are the
    value's two `parts`); the ratio has no records of its own, so its `url` is the denominator's.
    The value is None when the denominator is 0 (no rate, rather than a rate of 0 %)."""

    key: str
    label: str
    numerator: Figure
    denominator: Figure
    unit: str = "%"
    description: str = ""
    group: str = ""
    decimals: int = 1

    @property
    def model(self):
        return self.denominator.model

    def params(self, period: Period | None = None, unit_ids=None, extra: dict | None = None) -> dict:
        return self.denominator.params(period, unit_ids, extra)

    def evaluate(self, user, period: Period | None = None, unit_ids=None, extra: dict | None = None) -> FigureValue:
        top = self.numerator.evaluate(user, period, unit_ids, extra)
        bottom = self.denominator.evaluate(user, period, unit_ids, extra)
        value = round(100 * top.value / bottom.value, self.decimals) if bottom.value else None
        parts = [FigurePart(str(self.numerator.label), top.value, top.url, "numerator"),
                 FigurePart(str(self.denominator.label), bottom.value, bottom.url, "denominator")]
        return FigureValue(self, value, bottom.url, bottom.params, parts, numerator=top.value,
                           denominator=bottom.value)


_registry: dict[str, Figure | RatioFigure] = {}


def register(figure: Figure | RatioFigure) -> Figure | RatioFigure:
    if figure.key in _registry:
        raise ValueError(f"figure {figure.key} registered twice")
    _registry[figure.key] = figure
    return figure


def get(key: str) -> Figure | RatioFigure:
    return _registry[key]


def all_figures() -> list[Figure | RatioFigure]:
    return list(_registry.values())
