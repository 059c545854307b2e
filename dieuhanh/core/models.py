"""Core models: the change log, background jobs, API tokens, and the abstract bases every app uses."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scoping
from .context import Source
from .roles import VIEW, Role
from .text import fold, search_terms


class RestrictedQuerySet(models.QuerySet):
    """QuerySet with `.restrict(user, action)` (unit scoping) and `.search(q)` (folded search)."""

    def restrict(self, user, action: str = VIEW):
        return scoping.restrict_queryset(self, user, action)

    def search(self, query: str | None):
        terms = search_terms(query)
        if not terms or not hasattr(self.model, "search_text"):
            return self
        qs = self
        for term in terms:
            qs = qs.filter(search_text__contains=term)
        return qs


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


class LiveManager(RestrictedManager):
    """Hides soft-deleted rows: what users and every query see by default."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class BaseModel(models.Model):
    """Timestamps and the restricted manager. Every domain model inherits from it."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = RestrictedManager()

    # Unit scoping (see core.scoping); None on both means reference data.
    scope_organization_path: str | None = None
    scope_province_path: str | None = None
    # Fields the change log leaves out (derived or noisy).
    changelog_exclude: tuple[str, ...] = ("created", "last_updated", "search_text")

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """Keeps `search_text`, a folded copy of `search_fields`, for diacritic-insensitive search."""

    search_fields: tuple[str, ...] = ()
    search_text = models.TextField(_("search text"), editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def compute_search_text(self) -> str:
        return " ".join(fold(getattr(self, name, "") or "") for name in self.search_fields).strip()

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"search_text"}
        super().save(*args, **kwargs)


class SoftDeleteModel(models.Model):
    """Deleting moves the record to the trash; an administrator can restore it."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False, db_index=True)

    objects = LiveManager()
    all_objects = RestrictedManager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def delete(self, using=None, keep_parents=False):
        """Move to the trash (logged as a delete). `hard_delete()` removes the row for good."""
        from django.utils import timezone

        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])
        return 0, {}

    def hard_delete(self, using=None, keep_parents=False):
        return super().delete(using=using, keep_parents=keep_parents)


class ObjectChange(models.Model):
    """One create, update, delete or restore of a record, with who, when, from where, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")

    Source = Source  # one definition, in core.context, shared with the code that sets it

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="changes",
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request id"), db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT)
    object_id = models.BigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    prechange_data = models.JSONField(_("before"), null=True, blank=True)
    postchange_data = models.JSONField(_("after"), null=True, blank=True)
    # Whose record it was when it changed (the record's scope paths, resolved at that moment), so
    # the log is scoped like the records themselves. Plain ids: core knows no domain model.
    owner_organization_id = models.BigIntegerField(_("owning organisation"), null=True, blank=True,
                                                   db_index=True, editable=False)
    owner_province_id = models.BigIntegerField(_("province"), null=True, blank=True, db_index=True,
                                               editable=False)

    objects = RestrictedManager()
    # The global log is for the department and administrators; others see each record's history.
    role_actions = {Role.ADMIN: frozenset({VIEW}), Role.LEADER: frozenset({VIEW}),
                    Role.SPECIALIST: frozenset({VIEW})}
    scope_organization_path = "owner_organization_id"
    scope_province_path = "owner_province_id"

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.prechange_data or {}
        after = self.postchange_data or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]

    def labelled_diff(self) -> list[tuple[str, object, object]]:
        """The diff with each field's verbose name and readable values (a choice's label, a date
        rather than its ISO text), for people to read."""
        model = self.content_type.model_class()
        result = []
        for key, before, after in self.diff():
            try:
                field = model._meta.get_field(key) if model else None
            except Exception:  # noqa: BLE001 - a field since removed keeps its stored name
                field = None
            label = str(field.verbose_name) if field is not None else key
            result.append((label, _readable(field, before), _readable(field, after)))
        return result

    def get_object(self):
        model = self.content_type.model_class()
        manager = getattr(model, "all_objects", model._default_manager)
        return manager.filter(pk=self.object_id).first()


def _readable(field, value):
    """A value as the change log stores it (JSON), as people read it; anything unexpected as stored."""
    if field is None or value is None or value == "":
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ManyToManyField) and isinstance(value, list):
        # The linked records by name (those since deleted by their id).
        names = {obj.pk: str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)}
        return ", ".join(names.get(pk, f"#{pk}") for pk in value) or "—"
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:
            if isinstance(field, models.DateTimeField):
                return datetime.datetime.fromisoformat(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class Job(models.Model):
    """A background job: what runs, for whom, how far it got, and what it said."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("job"), max_length=100, db_index=True)
    label = models.CharField(_("description"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    log = models.TextField(_("log"), blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="jobs")
    request_id = models.UUIDField(_("request id"), default=uuid.uuid4)
    created = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    started = models.DateTimeField(_("started at"), null=True, blank=True)
    finished = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True, default="")
    # "<job name>@<yyyy-mm-dd>" for a scheduled run: unique, so that schedulers racing (several Celery
    # beats, the local worker restarting) enqueue each day's run once.
    schedule_key = models.CharField(_("scheduled run"), max_length=200, null=True, blank=True, unique=True,
                                    editable=False)

    objects = RestrictedManager()
    role_actions = {role: frozenset({VIEW}) for role in Role.values}

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.FAILED)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:job", args=[self.pk])


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class APIToken(models.Model):
    """A personal API token. Only its hash is stored; the key is shown once, when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    write_enabled = models.BooleanField(_("may write"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_key() -> str:
        return "dh_" + secrets.token_urlsafe(32)

    def set_key(self, key: str) -> None:
        self.prefix = key[:10]
        self.key_hash = _hash_key(key)

    @classmethod
    def authenticate(cls, key: str):
        """The active user of a valid, unexpired token, or None."""
        token = cls.objects.select_related("user").filter(key_hash=_hash_key(key)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.expires and token.expires <= now:
            return None
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used=now)
        token.user._api_token = token
        return token.user


# --- attachments -----------------------------------------------------------------------------------------

def attachment_upload_to(instance, filename: str) -> str:
    """attachments/<yyyy>/<mm>/<random>.<ext>: the stored name never comes from the user (the original name
    is kept in `original_name` and given back on download)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    now = timezone.localtime()
    return f"attachments/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{'.' + ext if ext else ''}"


class AttachmentQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """An attachment is visible where its parent record is, and may be changed where the parent may.
        One sub-select per kind of parent present, so the rule is the parent model's own `.restrict()`."""
        from .roles import CHANGE

        parent_action = VIEW if action == VIEW else CHANGE
        type_ids = list(self.order_by().values_list("content_type", flat=True).distinct())
        condition = models.Q(pk__in=[])
        for type_id in type_ids:
            content_type = ContentType.objects.get_for_id(type_id)  # cached per process
            model = content_type.model_class()
            if model is None or not hasattr(model.objects, "restrict"):
                continue
            parents = model.objects.restrict(user, parent_action).values("pk")
            condition |= models.Q(content_type=content_type, object_id__in=parents)
        return self.filter(condition)


class AttachmentManager(models.Manager.from_queryset(AttachmentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class AllAttachmentManager(models.Manager.from_queryset(AttachmentQuerySet)):
    pass


class Attachment(SoftDeleteModel, BaseModel):
    """A file attached to any record (a task's evidence, a meeting's documents), versioned.

    The versions of one document share `document`; each new version names the one it `replaces`. The
    current version of a document is its live row with the highest `version`. Who may see or add files
    is decided by the parent record (see `core.attachments`); the owner ids are copied from the parent
    when the file is uploaded, so that the change log of attachments is scoped like the parent's.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.BigIntegerField(_("record id"))
    document = models.UUIDField(_("document"), default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.ForeignKey("self", verbose_name=_("replaces"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="replaced_by")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    owner_organization_id = models.BigIntegerField(_("owning organisation"), null=True, blank=True, editable=False)
    owner_province_id = models.BigIntegerField(_("province"), null=True, blank=True, editable=False)

    objects = AttachmentManager()
    all_objects = AllAttachmentManager()
    scope_organization_path = "owner_organization_id"
    scope_province_path = "owner_province_id"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["title", "-version"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_attach_parent_idx")]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="core_attachment_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def in_scope(self, scope) -> bool:
        """For `scoping.require`: the parent decides."""
        parent = self.parent
        return parent is not None and scoping.in_scope(parent, scope)

    @property
    def parent(self):
        model = self.content_type.model_class()
        return model.objects.filter(pk=self.object_id).first() if model else None

    def get_absolute_url(self) -> str:
        parent = self.parent
        url = parent.get_absolute_url() if parent is not None and hasattr(parent, "get_absolute_url") else "/"
        return f"{url}#attachments"

    def get_download_url(self) -> str:
        from django.urls import reverse

        return reverse("core:attachment_download", args=[self.pk])


# --- notifications ---------------------------------------------------------------------------------------

class Notification(models.Model):
    """A message for one user (in-app, and by e-mail once). `key` makes it idempotent: one per
    (recipient, key), whoever tries to create it and however often (see core.notifications)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="core_notification_once")]
        indexes = [models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                                name="core_notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:notification_open", args=[self.pk])
