"""Global search: each app registers the models a user can find from the search box."""

from __future__ import annotations

from dataclasses import dataclass

from .roles import VIEW


@dataclass
class SearchTarget:
    model: type
    select_related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ("pk",)


_targets: list[SearchTarget] = []


def register(model, select_related=(), order_by=("pk",)) -> None:
    _targets.append(SearchTarget(model, tuple(select_related), tuple(order_by)))


def search(user, query: str, limit: int = 10) -> list[dict]:
    results = []
    for target in _targets:
        qs = target.model.objects.restrict(user, VIEW).search(query)
        if target.select_related:
            qs = qs.select_related(*target.select_related)
        rows = list(qs.order_by(*target.order_by)[: limit + 1])
        if rows:
            results.append({"opts": target.model._meta, "objects": rows[:limit], "more": len(rows) > limit})
    return results
