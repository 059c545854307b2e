"""Unit scoping: the one place that decides which records a user may see and change.

Every queryset is narrowed with `.restrict(user, action)`; an object outside the result answers 404.
A scoped model says where its owner is with two class attributes:

* `scope_organization_path`: ORM path to the owning organisation (`"pk"` for Organization itself),
  used for unit officers, who act for one organisation and its sub-organisations;
* `scope_province_path`: ORM path to the province unit the record belongs to, used for the
  department's roles, which see their province (including the legacy provinces merged into it).

A model may add `scope_extra_organization_paths`: more ORM paths (often through many-to-many
relations) to organisations whose officers may *view* the record without owning it, such as the
organisations invited to a meeting. They widen VIEW only; adding, changing and deleting still follow
`scope_organization_path`.

Models with neither are reference data: every signed-in user reads them (`role_actions` decides
who writes). The user's scope is built by the user model's `build_scope()` (orgs), once per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .roles import DEFAULT_ROLE_ACTIONS, VIEW


@dataclass(frozen=True)
class Scope:
    """What a user may reach: everything, a set of provinces, or a set of organisations."""

    role: str | None = None
    everything: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def nothing(cls) -> Scope:
        return cls()


NOTHING = Scope.nothing()


def get_scope(user) -> Scope:
    """The user's scope, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    cached = getattr(user, "_dieuhanh_scope", None)
    if cached is None:
        cached = user.build_scope()
        user._dieuhanh_scope = cached
    return cached


def forget_scope(user) -> None:
    """Drop the cached scope after a write that can change it (a new sub-organisation widens an officer's)."""
    if user is not None:
        user.__dict__.pop("_dieuhanh_scope", None)


def allowed_actions(model, scope: Scope) -> frozenset[str]:
    matrix = getattr(model, "role_actions", None) or DEFAULT_ROLE_ACTIONS
    return matrix.get(scope.role, frozenset())


def can(user, model, action: str) -> bool:
    """May the user do `action` on some records of `model` at all (menus, buttons)?"""
    return action in allowed_actions(model, get_scope(user))


def scope_q(model, scope: Scope, action: str = VIEW) -> Q | None:
    """The filter that keeps records in scope, or None for 'no filter needed'."""
    if scope.everything:
        return None
    org_path = getattr(model, "scope_organization_path", None)
    province_path = getattr(model, "scope_province_path", None)
    if org_path is None and province_path is None:
        return None  # reference data
    if scope.organization_ids:
        if org_path is None:
            return Q(pk__in=[])
        condition = Q(**{f"{org_path}__in": scope.organization_ids})
        extra = getattr(model, "scope_extra_organization_paths", ()) if action == VIEW else ()
        if extra:
            # A subquery of ids rather than joins in the outer query: joins through many-to-many
            # paths would repeat rows (and need DISTINCT, which breaks ordering and counting).
            seen = Q()
            for path in extra:
                seen |= Q(**{f"{path}__in": scope.organization_ids})
            condition |= Q(pk__in=model._base_manager.filter(seen).values("pk"))
        return condition
    if scope.province_ids and province_path is not None:
        return Q(**{f"{province_path}__in": scope.province_ids})
    return Q(pk__in=[])


def restrict_queryset(queryset, user, action: str = VIEW):
    scope = get_scope(user)
    model = queryset.model
    if action not in allowed_actions(model, scope):
        return queryset.none()
    condition = scope_q(model, scope, action)
    return queryset if condition is None else queryset.filter(condition)


def resolve_path(instance, path: str):
    """Public name of the path resolver (the change log records owners with it)."""
    return _resolve(instance, path)


def _resolve(instance, path: str):
    """Follow an ORM path on an unsaved or saved instance, returning the final id (or None)."""
    if path == "pk":
        return instance.pk
    obj = instance
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    last = parts[-1]
    if last == "pk":
        return obj.pk
    field_ = obj._meta.get_field(last)
    return getattr(obj, field_.attname)


def in_scope(instance, scope: Scope) -> bool:
    """Would this (possibly unsaved) instance be inside the scope?"""
    if scope.everything:
        return True
    custom = getattr(instance, "in_scope", None)
    if callable(custom):
        return custom(scope)
    model = type(instance)
    org_path = getattr(model, "scope_organization_path", None)
    province_path = getattr(model, "scope_province_path", None)
    if org_path is None and province_path is None:
        return True
    if scope.organization_ids:
        return org_path is not None and _resolve(instance, org_path) in scope.organization_ids
    if scope.province_ids and province_path is not None:
        return _resolve(instance, province_path) in scope.province_ids
    return False


def _seen_through_extra_paths(instance, scope: Scope, action: str) -> bool:
    """VIEW of a saved record that an officer sees through `scope_extra_organization_paths`."""
    model = type(instance)
    if action != VIEW or instance.pk is None or not getattr(model, "scope_extra_organization_paths", ()):
        return False
    condition = scope_q(model, scope, VIEW)
    return condition is None or model._base_manager.filter(condition, pk=instance.pk).exists()


def require(user, instance, action: str) -> None:
    """Refuse an action on an instance outside the user's scope (used by every service function)."""
    from django.utils.translation import gettext as _

    scope = get_scope(user)
    if action not in allowed_actions(type(instance), scope):
        raise PermissionDenied(_("Your role may not %(action)s %(model)s records.")
                               % {"action": action, "model": type(instance)._meta.verbose_name})
    if not in_scope(instance, scope) and not _seen_through_extra_paths(instance, scope, action):
        raise PermissionDenied(_("This %(model)s would be outside the units you act for.")
                               % {"model": type(instance)._meta.verbose_name})
