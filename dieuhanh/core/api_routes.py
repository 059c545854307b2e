"""Core API: jobs (status and progress) and the change log."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from . import scoping
from .models import Job, ObjectChange
from .roles import Role

router = Router(tags=["core"])


class JobOut(Schema):
    id: int
    name: str
    label: str
    status: str
    progress: int
    log: str
    error: str
    result: dict | list | None
    created: datetime.datetime
    started: datetime.datetime | None
    finished: datetime.datetime | None


class ChangeOut(Schema):
    id: int
    time: datetime.datetime
    user_name: str
    request_id: uuid.UUID
    source: str
    action: str
    object_type: str
    object_id: int
    object_repr: str
    prechange_data: dict | None
    postchange_data: dict | None

    @staticmethod
    def resolve_object_type(obj):
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class MeOut(Schema):
    id: int
    username: str
    role: str
    organization: int | None
    language: str


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return MeOut(id=user.pk, username=user.username, role=scoping.get_scope(user).role or "",
                 organization=user.organization_id, language=user.language)


@router.get("/jobs/{int:pk}", response=JobOut)
def job(request, pk: int):
    qs = Job.objects.restrict(request.user)
    if scoping.get_scope(request.user).role != Role.ADMIN:
        qs = qs.filter(user=request.user)
    return get_object_or_404(qs, pk=pk)


@router.get("/changes", response=list[ChangeOut])
def changes(request, object_type: str | None = None, object_id: int | None = None, limit: int = 50):
    if not scoping.can(request.user, ObjectChange, "view"):
        raise PermissionDenied(_("Your role may not read the change log."))
    qs = ObjectChange.objects.restrict(request.user).select_related("content_type")
    if object_type and "." in object_type:
        app_label, model = object_type.split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if object_id is not None:
        qs = qs.filter(object_id=object_id)
    return list(qs[: max(1, min(limit, 500))])
