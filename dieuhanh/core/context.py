"""Who is acting, from where, under which request id: read by the change log and the jobs.

A context variable rather than thread-locals so that it follows the request through any code path;
the middleware sets it for web requests, the job runner for jobs, commands with `acting_as()`.
"""

from __future__ import annotations

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a change came from (recorded in the change log)."""

    UI = "ui", _("Web interface")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    ADMIN = "admin", _("Administration site")
    JOB = "job", _("Background job")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


@dataclass
class ChangeContext:
    user: object | None = None
    source: str = Source.SYSTEM
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: contextvars.ContextVar[ChangeContext | None] = contextvars.ContextVar("dieuhanh_change", default=None)


def active() -> ChangeContext | None:
    """The context a request, job or command set, or None outside one."""
    return _current.get()


def current() -> ChangeContext:
    ctx = _current.get()
    return ctx if ctx is not None else ChangeContext()


@contextmanager
def acting_as(user=None, source: str = Source.SYSTEM, request_id: uuid.UUID | None = None):
    """Run a block as `user`, so the change log records who did it and from where."""
    token = _current.set(ChangeContext(user=user, source=source, request_id=request_id or uuid.uuid4()))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_source(source: str) -> None:
    ctx = _current.get()
    if ctx is not None:
        ctx.source = source


@contextmanager
def as_user(user):
    """Within the current context (same source and request id), attribute changes to `user`."""
    ctx = current()
    token = _current.set(ChangeContext(user=user, source=ctx.source, request_id=ctx.request_id))
    try:
        yield
    finally:
        _current.reset(token)
