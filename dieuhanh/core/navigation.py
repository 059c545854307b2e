"""Navigation that each app registers in its `navigation.py`; the shell renders what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from . import scoping
from .roles import VIEW


@dataclass
class MenuItem:
    label: str
    url_name: str
    model: type | None = None  # shown only to users who may view this model
    action: str = VIEW
    roles: tuple[str, ...] = ()  # or only to these roles

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.roles:
            return scoping.get_scope(user).role in self.roles
        if self.model is not None:
            return scoping.can(user, self.model, self.action)
        return True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class MenuGroup:
    label: str
    items: list[MenuItem] = field(default_factory=list)
    weight: int = 100


_groups: list[MenuGroup] = []


def register(group: MenuGroup) -> None:
    # Several apps add to one menu (geo and orgs both fill "Directory"): one dropdown per label.
    for existing in _groups:
        if str(existing.label) == str(group.label):
            existing.items.extend(group.items)
            existing.weight = min(existing.weight, group.weight)
            break
    else:
        _groups.append(group)
    _groups.sort(key=lambda g: g.weight)


def menu_for(user) -> list[dict]:
    result = []
    for group in _groups:
        items = [item for item in group.items if item.visible_to(user)]
        if items:
            result.append({"label": group.label, "items": items})
    return result
