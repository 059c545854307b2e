"""Generic write path used by every app's services: validate, check scope, save, log — atomically.

App services (e.g. `orgs.services.create_organization`) add their domain rules and call these.
UI views, API endpoints, imports and jobs call the app services, never `.save()` directly.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import context, scoping
from .roles import ADD, CHANGE, DELETE, Role


def _check_foreign_keys_in_view(user, instance) -> None:
    """A user may only point at records they can see (no linking to another unit's records by id).

    A model lists in `scope_exempt_foreign_keys` the links its own services check instead: accounts,
    for one, are listed to administrators only, yet a specialist names the person in charge of a task."""
    errors = {}
    exempt = set(getattr(instance, "scope_exempt_foreign_keys", ()))
    for field in instance._meta.concrete_fields:
        if not field.is_relation or not field.many_to_one or field.name in exempt:
            continue
        value_id = getattr(instance, field.attname)
        if value_id is None:
            continue
        related = field.related_model
        if not hasattr(related.objects, "restrict"):
            continue
        if getattr(related, "scope_organization_path", None) is None and \
                getattr(related, "scope_province_path", None) is None:
            continue
        if not related.objects.restrict(user).filter(pk=value_id).exists():
            errors[field.name] = _("Select a valid choice. That choice is not one of the available choices.")
    if errors:
        raise ValidationError(errors)


def save_instance(user, instance, action: str, *, clean: bool = True, exclude: list[str] | None = None):
    """Validate and save one instance as `user`. Raises ValidationError or PermissionDenied."""
    with transaction.atomic(), context.as_user(user):
        if clean:
            instance.full_clean(exclude=exclude)
        _check_foreign_keys_in_view(user, instance)
        scoping.require(user, instance, action)
        instance.save()
    return instance


def create_object(user, model, data: dict, **kwargs):
    m2m = {k: data.pop(k) for k in list(data) if model._meta.get_field(k).many_to_many}
    instance = model(**data)
    with transaction.atomic():
        save_instance(user, instance, ADD, **kwargs)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    return instance


def update_object(user, instance, data: dict, **kwargs):
    scoping.require(user, instance, CHANGE)  # the record as it is now must be in scope too
    m2m = {k: data.pop(k) for k in list(data) if instance._meta.get_field(k).many_to_many}
    for name, value in data.items():
        setattr(instance, name, value)
    with transaction.atomic():
        save_instance(user, instance, CHANGE, **kwargs)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    return instance


def delete_object(user, instance) -> None:
    """Soft-delete where the model has a trash can, delete otherwise."""
    scoping.require(user, instance, DELETE)
    with transaction.atomic(), context.as_user(user):
        instance.delete()  # SoftDeleteModel.delete() moves it to the trash


def restore_object(user, instance) -> None:
    """Bring a soft-deleted record back from the trash (administrators only)."""
    if scoping.get_scope(user).role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator can restore deleted records."))
    with transaction.atomic(), context.as_user(user):
        instance.deleted_at = None
        instance.full_clean()
        instance.save(update_fields=["deleted_at"])
