"""The change log: every create, update, delete and restore, whatever path it came by.

Signals catch saves from the UI, API, imports, jobs, commands and the admin site alike; the acting
user, source and request id come from `core.context`. Bulk loaders that bypass signals call
`log_bulk()` themselves.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import context

SECRET_FIELDS = {"password"}


def is_logged(model) -> bool:
    from .models import BaseModel

    return getattr(model, "changelog_enabled", None) is True or (
        issubclass(model, BaseModel) and getattr(model, "changelog_enabled", True) is not False
    )


def _jsonable(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # One instant, one text: a form's value (local time) and the stored one (UTC) must compare equal,
        # or every edit would log an unchanged date-time as changed.
        try:
            return value.astimezone(datetime.UTC).isoformat()
        except OverflowError:  # the first or last hours of the calendar
            return value.isoformat()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def _mask(secret) -> str:
    """Never the secret itself, but a different mask when it changes, so that a reset is logged."""
    if not secret:
        return ""
    return "********" + hashlib.sha256(str(secret).encode()).hexdigest()[:6]


def serialize(instance) -> dict:
    """A JSON-ready snapshot of the instance's own fields (foreign keys as ids)."""
    exclude = set(getattr(instance, "changelog_exclude", ()))
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS:
            value = _mask(value)
        data[field.name] = _jsonable(value)
    return data


def owner_ids(instance) -> dict:
    """The record's owning organisation and province, through its scope paths (None for reference data)."""
    from .scoping import resolve_path

    result = {"owner_organization_id": None, "owner_province_id": None}
    for key, attribute in (("owner_organization_id", "scope_organization_path"),
                           ("owner_province_id", "scope_province_path")):
        path = getattr(type(instance), attribute, None)
        if path:
            try:
                result[key] = resolve_path(instance, path)
            except Exception:  # noqa: BLE001 - a dangling relation must not block the write being logged
                result[key] = None
    return result


def _record(instance, action: str, before: dict | None, after: dict | None):
    from .models import ObjectChange

    ctx = context.current()
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    return ObjectChange.objects.create(
        **owner_ids(instance),
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        request_id=ctx.request_id,
        source=ctx.source,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        prechange_data=before,
        postchange_data=after,
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not is_logged(sender) or instance.pk is None or hasattr(instance, "_changelog_before"):
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._changelog_before = serialize(previous) if previous is not None else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_logged(sender):
        return
    before = None if created else getattr(instance, "_changelog_before", None)
    if hasattr(instance, "_changelog_before"):
        del instance._changelog_before
    instance.__dict__.pop("_changelog_m2m_before", None)
    after = serialize(instance)
    from .models import ObjectChange

    if created or before is None:
        action = ObjectChange.Action.CREATE
    else:
        if before == after:
            instance.__dict__.pop("_changelog_record", None)
            return  # a save that changed nothing is not a change
        was_deleted, is_deleted = before.get("deleted_at"), after.get("deleted_at")
        if not was_deleted and is_deleted:
            action = ObjectChange.Action.DELETE
        elif was_deleted and not is_deleted:
            action = ObjectChange.Action.RESTORE
        else:
            action = ObjectChange.Action.UPDATE
    # Many-to-many fields are set after the save (a form's save_m2m, a service's .set()): their changes
    # join this record (see `_m2m_changed`).
    instance._changelog_record = _record(instance, action, before, after)
    instance._changelog_transaction = _outer_transaction()


def _outer_transaction():
    """The outermost atomic block open now (a service's), or None outside a transaction."""
    blocks = transaction.get_connection().atomic_blocks
    return blocks[0] if blocks else None


def _m2m_field(instance, through):
    for field in type(instance)._meta.many_to_many:
        if field.remote_field.through is through:
            return field
    return None


def _m2m_ids(instance, field) -> list:
    return sorted(getattr(instance, field.name).order_by().values_list("pk", flat=True))


def _m2m_changed(sender, instance, action, reverse, **kwargs):
    """Changes to a record's many-to-many links (co-operating organisations, invited organisations)
    are changes to the record: the ids before and after go into the record's change entry — the one
    its save in the same request made, or a new update entry when only the links changed. Changes
    made from the other side of the relation (`reverse`) are not recorded."""
    if reverse or not is_logged(type(instance)) or instance.pk is None:
        return
    field = _m2m_field(instance, sender)
    if field is None or field.name in set(getattr(instance, "changelog_exclude", ())):
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        pending = instance.__dict__.setdefault("_changelog_m2m_before", {})
        pending.setdefault(field.name, _m2m_ids(instance, field))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    before_ids = instance.__dict__.get("_changelog_m2m_before", {}).get(field.name)
    after_ids = _m2m_ids(instance, field)
    record = instance.__dict__.get("_changelog_record")
    same_write = record is not None and (
        record.request_id == context.current().request_id
        or (instance.__dict__.get("_changelog_transaction") or False) is _outer_transaction())
    if same_write:
        if record.prechange_data is not None:
            record.prechange_data.setdefault(field.name, before_ids)
        record.postchange_data = {**(record.postchange_data or {}), field.name: after_ids}
        record.save(update_fields=["prechange_data", "postchange_data"])
        return
    if before_ids == after_ids:
        return
    from .models import ObjectChange

    snapshot = serialize(instance)
    instance._changelog_record = _record(instance, ObjectChange.Action.UPDATE, {**snapshot, field.name: before_ids},
                                         {**snapshot, field.name: after_ids})
    instance._changelog_transaction = _outer_transaction()


def _post_delete(sender, instance, **kwargs):
    if not is_logged(sender):
        return
    from .models import ObjectChange

    _record(instance, ObjectChange.Action.DELETE, serialize(instance), None)


def log_bulk(instances, action: str, before: dict[int, dict] | None = None) -> int:
    """Record changes made with bulk_create/bulk_update (which send no signals)."""
    from .models import ObjectChange

    ctx = context.current()
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    rows = []
    for instance in instances:
        ct = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
        rows.append(ObjectChange(
            **owner_ids(instance),
            user=user, user_name=getattr(user, "username", "") if user else "",
            request_id=ctx.request_id, source=ctx.source, action=action, content_type=ct,
            object_id=instance.pk, object_repr=str(instance)[:300],
            prechange_data=(before or {}).get(instance.pk),
            postchange_data=serialize(instance) if action != ObjectChange.Action.DELETE else None,
        ))
    ObjectChange.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="dieuhanh_changelog_pre_save")
    post_save.connect(_post_save, dispatch_uid="dieuhanh_changelog_post_save")
    post_delete.connect(_post_delete, dispatch_uid="dieuhanh_changelog_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="dieuhanh_changelog_m2m_changed")


def history(instance):
    """The change log of one object, newest first."""
    from .models import ObjectChange

    ct = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
    return ObjectChange.objects.filter(content_type=ct, object_id=instance.pk).select_related("user", "content_type")


__all__ = ["connect", "history", "log_bulk", "serialize", "models"]
