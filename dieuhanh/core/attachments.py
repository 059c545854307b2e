"""Attachments: versioned files on any record, with the parent record's permissions.

A user sees the attachments of a record they may view (`Model.objects.restrict(user, "view")`) and
adds, replaces or removes them on a record they may change. Files are stored under
MEDIA_ROOT/attachments/<yyyy>/<mm>/ with random names and are only ever served by the scoped
download view (`core:attachment_download`), never as public media.

    from dieuhanh.core import attachments
    attachments.upload_attachment(user, task, request.FILES["file"], title="Báo cáo kết quả")
    attachments.upload_attachment(user, task, new_file, replaces=old_attachment)   # a new version
    attachments.delete_attachment(user, attachment)                                # to the trash

Detail pages show them with `{% attachments_card object %}` (templatetags `dieuhanh`).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from . import changelog, context, scoping
from .models import Attachment
from .roles import CHANGE, VIEW

DEFAULT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "ppt", "pptx", "jpg", "jpeg", "png",
                      "zip", "txt")


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_MB", 25)) * 1024 * 1024


def allowed_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "ATTACHMENT_EXTENSIONS", DEFAULT_EXTENSIONS))


def accepts(model) -> bool:
    """May records of this model carry attachments? Scoped domain records may, unless the model says
    `allow_attachments = False`; reference data and models without a restricted manager may not."""
    if not getattr(model, "allow_attachments", True) or not hasattr(model.objects, "restrict"):
        return False
    return bool(getattr(model, "scope_organization_path", None) or getattr(model, "scope_province_path", None))


# --- finding the parent ----------------------------------------------------------------------------------

def parent_model(app_label: str, model_name: str):
    """The model named in a URL, or 404 when it does not exist or takes no attachments."""
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model = content_type.model_class()
    if model is None or not accepts(model):
        raise Http404
    return model


def get_parent(user, app_label: str, model_name: str, pk: int, action: str = VIEW):
    """The parent record if the user may see it (404 otherwise); for a change, 403 when the user sees it
    but may not change it (the role, or the record is outside the units they act for)."""
    model = parent_model(app_label, model_name)
    # A role that may never do this is refused (403) whatever the record; then out of scope is 404.
    if not scoping.can(user, model, VIEW):
        raise PermissionDenied
    if action != VIEW and not scoping.can(user, model, CHANGE):
        raise PermissionDenied(_("Your role may not change the attachments of these records."))
    parent = model.objects.restrict(user, VIEW).filter(pk=pk).first()
    if parent is None:
        raise Http404
    if action != VIEW and not may_change(user, parent):
        raise PermissionDenied(_("You may not change the attachments of this record."))
    return parent


def may_change(user, parent) -> bool:
    model = type(parent)
    return scoping.can(user, model, CHANGE) and model.objects.restrict(user, CHANGE).filter(pk=parent.pk).exists()


def _require_parent(user, parent, action: str) -> None:
    model = type(parent)
    if not accepts(model):
        raise PermissionDenied(_("Records of this kind take no attachments."))
    if not model.objects.restrict(user, action).filter(pk=parent.pk).exists():
        raise PermissionDenied(_("You may not change the attachments of this record.") if action != VIEW
                               else _("This record is outside the units you act for."))


def for_parent(parent):
    """Every live attachment of the record (all versions), uploader joined."""
    content_type = ContentType.objects.get_for_model(type(parent), for_concrete_model=False)
    return Attachment.objects.filter(content_type=content_type, object_id=parent.pk).select_related("uploaded_by")


@dataclass
class Document:
    """One document as the card shows it: its current version and the older ones, newest first."""

    current: Attachment
    older: list[Attachment] = field(default_factory=list)


def documents(parent) -> list[Document]:
    """The record's documents, in title order, each with its version history (one query)."""
    grouped: dict = {}
    for attachment in for_parent(parent).order_by("document", "-version"):
        if attachment.document in grouped:
            grouped[attachment.document].older.append(attachment)
        else:
            grouped[attachment.document] = Document(current=attachment)
    return sorted(grouped.values(), key=lambda doc: (doc.current.title.lower(), doc.current.pk))


# --- writing ---------------------------------------------------------------------------------------------

def _validate_file(upload) -> tuple[str, str]:
    """(extension, safe original name), or a ValidationError naming `file`."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    name = PurePath(str(upload.name or "").replace("\\", "/")).name.strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed_extensions():
        raise ValidationError({"file": _("Files of this type are not accepted (%(ext)s). Accepted: %(allowed)s.")
                               % {"ext": ext or _("no extension"), "allowed": ", ".join(allowed_extensions())}})
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > max_bytes():
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.")
                               % {"mb": getattr(settings, "ATTACHMENT_MAX_MB", 25)}})
    return ext, name[:255]


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def upload_attachment(user, parent, file, title: str = "", replaces: Attachment | None = None,
                      note: str = "") -> Attachment:
    """Attach `file` (an UploadedFile) to `parent`, as a new document or as the next version of the
    document that `replaces` belongs to. Needs change permission on the parent. Atomic and logged; the
    stored file is removed again if the database write fails."""
    _require_parent(user, parent, CHANGE)
    ext, original_name = _validate_file(file)
    content_type = ContentType.objects.get_for_model(type(parent), for_concrete_model=False)
    title = (title or "").strip()
    if len(title) > 255:
        raise ValidationError({"title": _("Ensure this value has at most 255 characters.")})
    attachment = Attachment(content_type=content_type, object_id=parent.pk, note=(note or "").strip(),
                            original_name=original_name, size=file.size, sha256=_digest(file),
                            mime_type=mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream",
                            uploaded_by=user if getattr(user, "pk", None) else None, **_owner(parent))
    if replaces is not None:
        if replaces.content_type_id != content_type.pk or replaces.object_id != parent.pk or replaces.is_deleted:
            raise ValidationError({"replaces": _("The document to replace is not attached to this record.")})
        attachment.document = replaces.document
        attachment.replaces = replaces
        attachment.title = title or replaces.title
    else:
        attachment.title = title or original_name.rsplit(".", 1)[0] or original_name
    attachment.file.save(original_name, file, save=False)
    try:
        with transaction.atomic(), context.as_user(user):
            if replaces is not None:
                # Versions number on from the highest ever given, trashed ones included.
                top = Attachment.all_objects.filter(document=attachment.document).aggregate(top=Max("version"))
                attachment.version = (top["top"] or 0) + 1
            attachment.save()
    except IntegrityError as exc:
        attachment.file.delete(save=False)
        raise ValidationError({"replaces": _("Another version of this document was uploaded at the same "
                                             "time. Reload and try again.")}) from exc
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def _owner(parent) -> dict:
    owners = changelog.owner_ids(parent)
    return {"owner_organization_id": owners["owner_organization_id"],
            "owner_province_id": owners["owner_province_id"]}


def delete_attachment(user, attachment: Attachment) -> None:
    """Move one version to the trash (an administrator can restore it). Needs change permission on the
    parent; the previous version, if any, becomes the current one again."""
    parent = attachment.parent
    if parent is None:
        raise PermissionDenied(_("This record is outside the units you act for."))
    _require_parent(user, parent, CHANGE)
    with transaction.atomic(), context.as_user(user):
        attachment.delete()


def open_for_download(user, pk: int, action: str = VIEW) -> Attachment:
    """The attachment, if the user may see its parent (404 otherwise, like a missing one). For a
    change, a role that may change no record at all is refused first (403)."""
    if action != VIEW and not scoping.can(user, Attachment, CHANGE):
        raise PermissionDenied(_("Your role may not change the attachments of these records."))
    attachment = Attachment.objects.restrict(user, VIEW).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment
