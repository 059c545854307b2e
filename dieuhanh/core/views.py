"""Core pages: home, statistics, search, change log, jobs, trash, API tokens, language, health,
attachments and notifications."""

from __future__ import annotations

import datetime

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import figures, jobs, scoping
from . import search as search_registry
from .filters import JobFilterSet, ObjectChangeFilterSet
from .generic import ObjectListView, object_or_404_any
from .models import APIToken, Job, ObjectChange, SoftDeleteModel
from .roles import Role
from .tables import JobTable, ObjectChangeTable


@login_required
def home(request):
    tiles = [f.evaluate(request.user, figures.Period(end=timezone.localdate())) for f in figures.all_figures()
             if f.group == "home"]
    recent = ObjectChange.objects.restrict(request.user).select_related("content_type")[:10] \
        if scoping.can(request.user, ObjectChange, "view") else []
    return render(request, "core/home.html", {"tiles": tiles, "recent": recent})


def _parse_date(value: str | None) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value or "", fmt).date()
        except ValueError:
            continue
    return None


@login_required
def statistics(request):
    """Every registered figure, for a date (or period), each value linking to its records."""
    errors = []
    at = _parse_date(request.GET.get("at")) if request.GET.get("at") else timezone.localdate()
    start = _parse_date(request.GET.get("start")) if request.GET.get("start") else None
    if at is None:
        errors.append(_("Date: enter a date as dd/mm/yyyy."))
        at = timezone.localdate()
    if request.GET.get("start") and start is None:
        errors.append(_("From: enter a date as dd/mm/yyyy."))
    period = figures.Period(start=start, end=at)
    groups: dict[str, list] = {}
    for figure in figures.all_figures():
        # Grouped by the app that declares the figure (its key's prefix), not by the model it counts:
        # grassroots counts communes (geo units) but belongs with the radio network.
        owner = django_apps.get_app_config(figure.key.split(".", 1)[0]).verbose_name
        groups.setdefault(owner, []).append(figure.evaluate(request.user, period))
    return render(request, "core/statistics.html", {
        "groups": groups, "at": at, "start": start, "errors": errors})


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    results = search_registry.search(request.user, query) if query else []
    return render(request, "core/search.html", {"q": query, "results": results})


class ObjectChangeListView(ObjectListView):
    model = ObjectChange
    table = ObjectChangeTable
    filterset = ObjectChangeFilterSet
    template_name = "core/objectchange_list.html"


@login_required
def objectchange_detail(request, pk):
    if not scoping.can(request.user, ObjectChange, "view"):
        raise PermissionDenied  # like the list: the global log is not for this role
    change = get_object_or_404(ObjectChange.objects.restrict(request.user).select_related("content_type", "user"),
                               pk=pk)
    related = ObjectChange.objects.filter(request_id=change.request_id).exclude(pk=change.pk) \
        .select_related("content_type")[:50]
    return render(request, "core/objectchange.html",
                  {"change": change, "diff": change.labelled_diff(), "related": related})


class JobListView(ObjectListView):
    model = Job
    table = JobTable
    filterset = JobFilterSet
    template_name = "core/job_list.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if scoping.get_scope(request.user).role == Role.ADMIN else qs.filter(user=request.user)


def _job_for(request, pk) -> Job:
    qs = Job.objects.restrict(request.user)
    if scoping.get_scope(request.user).role != Role.ADMIN:
        qs = qs.filter(user=request.user)
    return get_object_or_404(qs.select_related("user"), pk=pk)


@login_required
def job_detail(request, pk):
    job = _job_for(request, pk)
    template = "core/inc/job_status.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


@login_required
def trash(request):
    """Soft-deleted records of every model with a trash can; administrators restore them."""
    if scoping.get_scope(request.user).role != Role.ADMIN:
        raise PermissionDenied
    from django.apps import apps

    sections = []
    for model in apps.get_models():
        if issubclass(model, SoftDeleteModel):
            rows = list(model.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at")[:200])
            if rows:
                sections.append({"opts": model._meta, "objects": rows})
    return render(request, "core/trash.html", {"sections": sections})


@login_required
@require_POST
def restore(request, app_label, model_name, pk):
    from django.apps import apps

    from .services import restore_object

    if scoping.get_scope(request.user).role != Role.ADMIN:
        raise PermissionDenied  # before any lookup, so that the answer says nothing about the record
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not issubclass(model, SoftDeleteModel):
        raise Http404
    obj = object_or_404_any(model, request.user, pk)
    try:
        restore_object(request.user, obj)
    except PermissionDenied:
        raise
    except Exception as exc:  # noqa: BLE001 - a restore that breaks a rule is reported, not a 500
        messages.error(request, _("Could not restore %(obj)s: %(error)s") % {"obj": obj, "error": exc})
        return redirect("core:trash")
    messages.success(request, _("Restored %(obj)s.") % {"obj": obj})
    return redirect(obj.get_absolute_url())


@login_required
def api_tokens(request):
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            APIToken.objects.filter(user=request.user, pk=request.POST.get("revoke")).delete()
            messages.success(request, _("Token revoked."))
            return redirect("core:api_tokens")
        name = request.POST.get("name", "").strip()
        days = request.POST.get("days", "").strip()
        if not name:
            messages.error(request, _("Name: this field is required."))
        elif days and (not days.isdigit() or not 1 <= int(days) <= 3650):
            messages.error(request, _("Valid for (days): enter a whole number from 1 to 3650."))
        else:
            new_key = APIToken.generate_key()
            token = APIToken(user=request.user, name=name[:100], write_enabled=bool(request.POST.get("write")))
            if days:
                token.expires = timezone.now() + datetime.timedelta(days=int(days))
            token.set_key(new_key)
            token.save()
    tokens = APIToken.objects.filter(user=request.user)
    return render(request, "core/api_tokens.html", {"tokens": tokens, "new_key": new_key})


@require_POST
def set_language(request):
    """Switch the UI language; for a signed-in user the choice is saved on the account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if request.user.is_authenticated and request.user.language != language:
        # A save, not an update(): the change log records it like any other change to the account.
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def healthz(request):
    """Database, cache and job broker. 200 when all are up, 503 otherwise."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001
        status["database"] = {"ok": False, "error": str(exc)}
    try:
        cache.set("dieuhanh:healthz", "1", 10)
        status["cache"] = {"ok": cache.get("dieuhanh:healthz") == "1",
                           "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}
    except Exception as exc:  # noqa: BLE001
        status["cache"] = {"ok": False, "error": str(exc)}
    status["jobs"] = _broker_status()
    ok = all(part["ok"] for part in status.values())
    return JsonResponse({"ok": ok, **status}, status=200 if ok else 503)


def _broker_status() -> dict:
    url = jobs.broker_url()
    queued = Job.objects.filter(status=Job.Status.QUEUED).count()
    if not url:
        beat = cache.get(jobs.heartbeat_key())
        return {"ok": True, "backend": "local", "worker_seen": beat, "queued": queued}
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return {"ok": True, "backend": "celery", "broker": url.split("@")[-1], "queued": queued}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "backend": "celery", "error": str(exc)}



@login_required
def lookup(request, app_label, model_name):
    """Options for a LookupSelect: the user's scope, folded search, at most 30."""
    from django.apps import apps
    from django.utils.html import format_html, format_html_join

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not hasattr(model.objects, "restrict") or not hasattr(model, "search_text"):
        raise Http404
    query = request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith("__search")), "")
    qs = model.objects.restrict(request.user).search(query)
    for key in ("level", "kind"):
        if request.GET.get(key):
            qs = qs.filter(**{key: request.GET[key]})
    if request.GET.get("current") and hasattr(model, "valid_until"):
        qs = qs.filter(valid_until__isnull=True)
    if hasattr(model, "valid_until"):  # what is in force first
        qs = qs.order_by(F("valid_until").desc(nulls_first=True), *model._meta.ordering)
    else:
        qs = qs.order_by(*model._meta.ordering or ["pk"])
    if hasattr(model, "lookup_label") and "province" in {f.name for f in model._meta.concrete_fields}:
        qs = qs.select_related("province")
    rows = list(qs[:30])
    empty = format_html('<option value="">{}</option>', _("— no match —") if not rows else "---------")
    options = format_html_join("", '<option value="{}">{}</option>',
                               ((obj.pk, obj.lookup_label() if hasattr(obj, "lookup_label") else str(obj))
                                for obj in rows))
    from django.http import HttpResponse

    return HttpResponse(empty + options)


# --- attachments -----------------------------------------------------------------------------------------

def attachment_card_context(request, parent, errors=None, errors_for: str = "") -> dict:
    """What `core/inc/attachments_card.html` needs (also used by the `attachments_card` template tag)."""
    from . import attachments

    opts = parent._meta
    return {
        "parent": parent,
        "documents": attachments.documents(parent),
        "may_change": attachments.may_change(request.user, parent),
        "upload_url": reverse("core:attachment_upload", args=[opts.app_label, opts.model_name, parent.pk]),
        "errors": errors or {},
        "errors_for": errors_for,  # the version form that failed ("" for the new-document form)
        "max_mb": attachments.max_bytes() // (1024 * 1024),
        "accept": ",".join(f".{ext}" for ext in attachments.allowed_extensions()),
        "accept_label": ", ".join(attachments.allowed_extensions()),
        "request": request,
    }


def _render_card(request, parent, errors=None, status=200):
    context = attachment_card_context(request, parent, errors, request.POST.get("replaces", "") if errors else "")
    return render(request, "core/inc/attachments_card.html", context, status=status)


def _back_to(parent) -> str:
    return f"{parent.get_absolute_url()}#attachments" if hasattr(parent, "get_absolute_url") else "/"


@login_required
def attachment_list(request, app_label, model_name, pk):
    """A record's attachments: the card alone for HTMX, else a page around it."""
    from . import attachments

    parent = attachments.get_parent(request.user, app_label, model_name, pk)
    if request.htmx:
        return _render_card(request, parent)
    return render(request, "core/attachment_list.html",
                  {"parent": parent, "opts": parent._meta, **attachment_card_context(request, parent)})


@login_required
@require_POST
def attachment_upload(request, app_label, model_name, pk):
    """Upload a file, as a new document or, with `replaces`, as the next version of one."""
    from . import attachments

    parent = attachments.get_parent(request.user, app_label, model_name, pk, "change")
    replaces = None
    if request.POST.get("replaces"):
        value = request.POST["replaces"]
        replaces = attachments.for_parent(parent).filter(pk=value).first() if value.isdigit() else None
        if replaces is None:
            errors = {"replaces": [_("The document to replace is not attached to this record.")]}
            return _upload_failed(request, parent, errors)
    try:
        attachment = attachments.upload_attachment(request.user, parent, request.FILES.get("file"),
                                                   title=request.POST.get("title", ""), replaces=replaces,
                                                   note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _upload_failed(request, parent, exc.message_dict if hasattr(exc, "error_dict")
                              else {"file": exc.messages})
    if request.htmx:
        return _render_card(request, parent)
    messages.success(request, _("Uploaded %(obj)s.") % {"obj": attachment})
    return redirect(_back_to(parent))


def _upload_failed(request, parent, errors: dict):
    """422 with the errors by field: the card alone for HTMX, else the attachments page around it."""
    if request.htmx:
        return _render_card(request, parent, errors, status=422)
    context = attachment_card_context(request, parent, errors, request.POST.get("replaces", ""))
    return render(request, "core/attachment_list.html", {"opts": parent._meta, **context}, status=422)


@login_required
@require_POST
def attachment_delete(request, pk):
    from . import attachments

    attachment = attachments.open_for_download(request.user, pk, "change")  # 404 unless the parent is visible
    parent = attachment.parent
    if not attachments.may_change(request.user, parent):
        raise PermissionDenied
    attachments.delete_attachment(request.user, attachment)
    if request.htmx:
        return _render_card(request, parent)
    messages.success(request, _("Deleted %(obj)s. An administrator can restore it from the trash.")
                     % {"obj": attachment})
    return redirect(_back_to(parent))


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987), so that
    'Báo cáo kết quả.pdf' is saved under that name by every current browser."""
    from urllib.parse import quote

    from .text import fold

    stem, dot, ext = filename.rpartition(".")
    ascii_stem = "-".join(fold(stem if dot else filename).split()) or "file"
    fallback = f"{ascii_stem}.{fold(ext)}" if dot else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(attachment):
    from django.http import FileResponse

    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=attachment.mime_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["Content-Length"] = str(attachment.size)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_download(request, pk):
    from . import attachments

    return attachment_response(attachments.open_for_download(request.user, pk))


# --- notifications ---------------------------------------------------------------------------------------

@login_required
def notification_list(request):
    from django.core.paginator import Paginator

    from . import notifications

    qs = notifications.for_user(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html",
                  {"page": page, "unread_only": unread_only,
                   "unread": notifications.unread_count_for_request(request)})


@login_required
def notification_open(request, pk):
    """Follow a notification: marked read, then on to the record it is about."""
    from . import notifications
    from .models import Notification

    try:
        notification = notifications.mark_read(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
        url = reverse("core:notification_list")
    return redirect(url)


@login_required
@require_POST
def notification_read(request, pk):
    from . import notifications
    from .models import Notification

    try:
        notification = notifications.mark_read(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.htmx:
        return render(request, "core/inc/notification_row.html", {"notification": notification})
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    from . import notifications

    count = notifications.mark_all_read(request.user)
    messages.success(request, _("Marked %(count)s notifications read.") % {"count": count})
    return redirect("core:notification_list")
