"""Core API: jobs (status and progress), the change log, attachments of any record, my notifications."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from . import attachments, context, notifications, scoping
from .api import Pagination, QueryBool
from .models import Attachment, Job, Notification, ObjectChange
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


# --- attachments -----------------------------------------------------------------------------------------

class AttachmentOut(Schema):
    id: int
    document: uuid.UUID
    version: int
    is_current: bool
    replaces: int | None
    title: str
    file_name: str
    size: int
    content_type: str
    sha256: str
    note: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    object_type: str
    object_id: int
    download_url: str

    @staticmethod
    def resolve_is_current(obj):
        return getattr(obj, "is_current", True)

    @staticmethod
    def resolve_replaces(obj):
        return obj.replaces_id

    @staticmethod
    def resolve_file_name(obj):
        return obj.original_name

    @staticmethod
    def resolve_content_type(obj):
        return obj.mime_type

    @staticmethod
    def resolve_uploaded_by(obj):
        return obj.uploaded_by.username if obj.uploaded_by_id else None

    @staticmethod
    def resolve_uploaded_at(obj):
        return obj.created

    @staticmethod
    def resolve_object_type(obj):
        content_type = obj.content_type
        return f"{content_type.app_label}.{content_type.model}"

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/core/attachments/{obj.pk}/download"


def _attachment_list(parent) -> list:
    """Every live version, newest first per document, with `is_current` set."""
    rows = []
    for document in attachments.documents(parent):
        document.current.is_current = True
        rows.append(document.current)
        for older in document.older:
            older.is_current = False
            rows.append(older)
    return rows


@router.get("/attachments/{app_label}/{model_name}/{int:pk}", response=list[AttachmentOut],
            operation_id="list_attachments", summary="List the attachments of a record")
def list_attachments(request, app_label: str, model_name: str, pk: int):
    """Every version of every document attached to the record (`object_type` e.g. `tasks.task`)."""
    return _attachment_list(attachments.get_parent(request.user, app_label, model_name, pk))


@router.post("/attachments/{app_label}/{model_name}/{int:pk}", response={201: AttachmentOut},
             operation_id="upload_attachment", summary="Attach a file to a record (multipart)")
def upload_attachment(request, app_label: str, model_name: str, pk: int, file: File[UploadedFile],
                      title: Form[str] = "", note: Form[str] = "", replaces: Form[int | None] = None):
    """A new document, or with `replaces` (an attachment id) the next version of that document."""
    parent = attachments.get_parent(request.user, app_label, model_name, pk, "change")
    previous = None
    if replaces is not None:
        previous = attachments.for_parent(parent).filter(pk=replaces).first()
        if previous is None:
            raise ValidationError({"replaces": _("The document to replace is not attached to this record.")})
    with context.as_user(request.user):
        attachment = attachments.upload_attachment(request.user, parent, file, title=title, note=note,
                                                   replaces=previous)
    return Status(201, attachment)


def _visible_attachment(request, pk: int) -> Attachment:
    return attachments.open_for_download(request.user, pk)


@router.get("/attachments/{int:pk}", response=AttachmentOut, operation_id="get_attachment",
            summary="Get one attachment")
def get_attachment(request, pk: int):
    attachment = _visible_attachment(request, pk)
    current = Attachment.objects.filter(document=attachment.document, version__gt=attachment.version).exists()
    attachment.is_current = not current
    return attachment


@router.get("/attachments/{int:pk}/download", operation_id="download_attachment", summary="Download an attachment",
            openapi_extra={"responses": {200: {"description": "The file",
                                               "content": {"*/*": {
                                                   "schema": {"type": "string", "format": "binary"}}}}}})
def download_attachment(request, pk: int):
    from .views import attachment_response

    return attachment_response(_visible_attachment(request, pk))


@router.delete("/attachments/{int:pk}", response={204: None}, operation_id="delete_attachment",
               summary="Delete an attachment (to the trash)")
def delete_attachment(request, pk: int):
    attachment = attachments.open_for_download(request.user, pk, "change")
    parent = attachment.parent
    if parent is None or not attachments.may_change(request.user, parent):
        raise PermissionDenied(_("You may not change the attachments of this record."))
    attachments.delete_attachment(request.user, attachment)
    return Status(204, None)


# --- notifications: each user's own, whatever the role ----------------------------------------------

class NotificationOut(Schema):
    id: int
    key: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    emailed_at: datetime.datetime | None


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], operation_id="list_notifications",
            summary="List my notifications")
@paginate(Pagination)
def list_notifications(request, unread: QueryBool | None = None):
    """Newest first; `unread=true` for the unread ones only."""
    qs = notifications.for_user(request.user)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


@router.get("/notifications/unread-count", response=UnreadCountOut, operation_id="count_unread_notifications",
            summary="Count my unread notifications")
def unread_notifications(request):
    return {"unread": notifications.unread_count(request.user)}


@router.post("/notifications/{int:pk}/read", response=NotificationOut, operation_id="read_notification",
             summary="Mark one of my notifications read")
def read_notification(request, pk: int):
    try:
        return notifications.mark_read(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


@router.post("/notifications/read-all", response=MarkedOut, operation_id="read_all_notifications",
             summary="Mark all my notifications read")
def read_all_notifications(request):
    return {"marked": notifications.mark_all_read(request.user)}
