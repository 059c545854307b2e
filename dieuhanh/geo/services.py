"""Geography queries and writes. Modules roll records up through these, never through ad-hoc joins."""

from __future__ import annotations

from .models import AdministrativeUnit, UnitSuccession


def province_scope_ids(province_id: int | None) -> set[int]:
    """A province and every earlier province that merged (wholly or partly) into it, transitively."""
    if province_id is None:
        return set()
    ids = {province_id}
    frontier = {province_id}
    while frontier:
        frontier = set(UnitSuccession.objects.filter(
            successor_id__in=frontier, predecessor__level=AdministrativeUnit.Level.PROVINCE,
        ).values_list("predecessor_id", flat=True)) - ids
        ids |= frontier
    return ids
