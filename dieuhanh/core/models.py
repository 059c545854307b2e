"""Core models: the change log, background jobs, API tokens, and the abstract bases every app uses."""

from __future__ import annotations

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
        """The diff with each field's verbose name, for people to read."""
        model = self.content_type.model_class()
        result = []
        for key, before, after in self.diff():
            try:
                label = str(model._meta.get_field(key).verbose_name) if model else key
            except Exception:  # noqa: BLE001 - a field since removed keeps its stored name
                label = key
            result.append((label, before, after))
        return result

    def get_object(self):
        model = self.content_type.model_class()
        manager = getattr(model, "all_objects", model._default_manager)
        return manager.filter(pk=self.object_id).first()


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
