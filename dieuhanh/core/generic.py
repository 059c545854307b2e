"""The list / detail / edit / delete / import views every module reuses (NetBox's pattern, small).

A module's views.py subclasses these and sets `model`, `table`, `filterset`, `form` and the service
functions; templates are shared (core/object_*.html) and may be extended per model.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from . import changelog, exports, imports, jobs, scoping
from .forms import ImportForm
from .roles import ADD, CHANGE, DELETE, VIEW

PER_PAGE_CHOICES = (25, 50, 100, 250, 500)


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None


def model_urls(model, user, obj=None) -> dict:
    """URLs of the standard pages that exist for this model and that the user may use."""
    urls = {"list": _reverse(url_name(model, "list"))}
    if scoping.can(user, model, ADD):
        urls["add"] = _reverse(url_name(model, "add"))
        urls["import"] = _reverse(url_name(model, "import"))
    if obj is not None:
        if scoping.can(user, model, CHANGE):
            urls["edit"] = _reverse(url_name(model, "edit"), obj.pk)
        if scoping.can(user, model, DELETE):
            urls["delete"] = _reverse(url_name(model, "delete"), obj.pk)
    return {key: value for key, value in urls.items() if value}


class ObjectListView(LoginRequiredMixin, View):
    """Filter bar, search, sortable columns, pagination, CSV/XLSX export of the filtered list."""

    model = None
    table = None
    filterset = None
    template_name = "core/object_list.html"
    title = None

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user, VIEW)

    def get(self, request):
        if not scoping.can(request.user, self.model, VIEW):
            raise PermissionDenied
        filterset = self.filterset(request.GET or None, queryset=self.get_queryset(request), request=request)
        table = self.table(request.GET.get("sort"))
        queryset = table.prepare(filterset.qs)
        export = request.GET.get("export")
        basename = str(self.model._meta.verbose_name_plural).replace(" ", "-")
        if export == "csv":
            return exports.export_csv(table, queryset, basename)
        if export == "xlsx":
            return exports.export_xlsx(table, queryset, basename, str(self.model._meta.verbose_name_plural))
        try:
            per_page = int(request.GET.get("per_page", 50))
        except ValueError:
            per_page = 50
        per_page = per_page if per_page in PER_PAGE_CHOICES else 50
        paginator = Paginator(queryset, per_page)
        page = paginator.get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "title": self.title or self.model._meta.verbose_name_plural,
            "model": self.model,
            "opts": self.model._meta,
            "filterset": filterset,
            "table": table,
            "headers": table.headers(request),
            "rows": table.rows(page.object_list),
            "page": page,
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
            "querystring": params.urlencode(),
            "urls": model_urls(self.model, request.user),
        }
        template = "core/inc/object_table.html" if request.htmx and request.htmx.target == "object-table" \
            else self.template_name
        return render(request, template, context)


class ObjectMixin:
    model = None

    def get_queryset(self, request, action=VIEW):
        return self.model.objects.restrict(request.user, action)

    def get_object(self, request, pk, action=VIEW):
        # A role that may never do this action is refused (403) whatever the record; out-of-scope
        # records answer 404, exactly like records that do not exist.
        if not scoping.can(request.user, self.model, action):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request, action), pk=pk)


class ObjectDetailView(LoginRequiredMixin, ObjectMixin, View):
    """A record's fields, its related lists (from the template) and its change history."""

    template_name = None
    fields: tuple[str, ...] = ()

    def get_template_names(self):
        return self.template_name or f"{self.model._meta.app_label}/{self.model._meta.model_name}.html"

    def extra_context(self, request, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = self.get_object(request, pk)
        fields = []
        for name in self.fields:
            field = self.model._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            fields.append((field.verbose_name, value))
        context = {
            "object": obj,
            "opts": self.model._meta,
            "fields": fields,
            "history": changelog.history(obj)[:50],
            "urls": model_urls(self.model, request.user, obj),
            **self.extra_context(request, obj),
        }
        return render(request, self.get_template_names(), context)


class ObjectEditView(LoginRequiredMixin, ObjectMixin, View):
    """Create (no pk) or edit (pk) through the app's service functions; errors shown by field."""

    form = None
    template_name = "core/object_edit.html"
    create_service = None  # (user, data) -> instance
    update_service = None  # (user, instance, data) -> instance

    def initial(self, request) -> dict:
        return {key: value for key, value in request.GET.items() if key in self.form.base_fields}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        pk = kwargs.get("pk")
        action = CHANGE if pk else ADD
        if not scoping.can(request.user, self.model, action):
            raise PermissionDenied
        self.object = self.get_object(request, pk, CHANGE) if pk else None
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form, status=200):
        context = {"form": form, "object": self.object, "opts": self.model._meta,
                   "urls": model_urls(self.model, request.user, self.object)}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        form = self.form(instance=self.object, user=request.user,
                         initial=None if self.object else self.initial(request))
        return self.render_form(request, form)

    def post(self, request, pk=None):
        form = self.form(request.POST, request.FILES, instance=self.object, user=request.user)
        if form.is_valid():
            data = form.changed_data_dict()
            try:
                if self.object is None:
                    obj = type(self).create_service(request.user, data)
                    messages.success(request, _("Created %(obj)s.") % {"obj": obj})
                else:
                    obj = type(self).update_service(request.user, self.get_object(request, pk, CHANGE), data)
                    messages.success(request, _("Saved %(obj)s.") % {"obj": obj})
            except ValidationError as exc:
                add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not save this record."))
            else:
                return redirect(obj.get_absolute_url())
        return self.render_form(request, form, status=422)


def add_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ObjectDeleteView(LoginRequiredMixin, ObjectMixin, View):
    template_name = "core/object_delete.html"
    delete_service = None

    def get(self, request, pk):
        obj = self.get_object(request, pk, DELETE)
        return render(request, self.template_name, {"object": obj, "opts": self.model._meta})

    def post(self, request, pk):
        obj = self.get_object(request, pk, DELETE)
        try:
            type(self).delete_service(request.user, obj)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(obj)s. An administrator can restore it from the trash.")
                         % {"obj": obj})
        return redirect(reverse(url_name(self.model, "list")))


class ObjectImportView(LoginRequiredMixin, View):
    """Upload → preview with row errors → confirm → background job with a progress bar."""

    model = None
    importer = None
    template_name = "core/object_import.html"
    PREVIEW_ROWS = 200

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.can(request.user, self.model, ADD):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        columns = [names[0] for names in self.importer.columns.values()]
        return {"opts": self.model._meta, "columns": columns, "list_url": reverse(url_name(self.model, "list")),
                **extra}

    def get(self, request):
        if request.GET.get("template"):
            return self.template_file()
        return render(request, self.template_name, self.context(form=ImportForm()))

    def template_file(self):
        from django.http import HttpResponse
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active.append([names[0] for names in self.importer.columns.values()])
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.model_name}-import.xlsx"'
        workbook.save(response)
        return response

    def post(self, request):
        importer = self.importer(request.user)
        if "token" in request.POST:  # confirmed after the preview
            token, mode = request.POST["token"], request.POST.get("mode", ImportForm.MODE_ALL_OR_NOTHING)
            try:
                imports.upload_path(token)
            except imports.ImportFileError as exc:
                messages.error(request, str(exc))
                return redirect(request.path)
            job = jobs.enqueue("core.import", request.user,
                               label=_("Import %(what)s") % {"what": self.model._meta.verbose_name_plural},
                               importer=self.importer.path(), token=token, mode=mode)
            return redirect(job.get_absolute_url())
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=422)
        upload = form.cleaned_data["file"]
        token = imports.store_upload(upload)
        try:
            headers, rows = imports.read_table(imports.upload_path(token), token)
            results = imports.validate(importer, headers, rows)
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, self.template_name, self.context(form=form), status=422)
        failed = [r for r in results if not r.ok]
        shown = failed[: self.PREVIEW_ROWS] + [r for r in results if r.ok][: max(0, 20 - len(failed))]
        shown.sort(key=lambda r: r.number)
        return render(request, self.template_name, self.context(
            preview=True, token=token, mode=form.cleaned_data["mode"], results=shown, total=len(results),
            failed=len(failed), valid=len(results) - len(failed),
            fields=[(name, self.importer.columns.get(name, (name,))[0])
                    for name in dict.fromkeys(name for r in results for name in r.values)],
        ))


def object_or_404_any(model, user, pk):
    """For the trash: soft-deleted records too, still scoped."""
    manager = getattr(model, "all_objects", model._default_manager)
    obj = manager.restrict(user, VIEW).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj
