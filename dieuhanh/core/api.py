"""REST API conventions: token and session auth, JSON errors naming the field, scoped CRUD routers.

Every app's `api.py` builds its router with `crud_router()`, which wires the list (filters from the
app's FilterSet, pagination), detail, create, update, partial update and delete endpoints to the
app's service functions, so the API and the UI share one write path and one scoping rule.
"""


import datetime
import typing
from collections.abc import Callable

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from pydantic import ConfigDict, create_model

from . import context, scoping
from .roles import ADD, CHANGE, DELETE, VIEW

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer dh_…` with a personal API token."""

    def authenticate(self, request, token):
        from .models import APIToken

        if not token:
            return None
        user = APIToken.authenticate(token)
        if user is None:
            return None
        if request.method not in SAFE_METHODS and not user._api_token.write_enabled:
            raise HttpError(403, _("This token is read-only."))
        request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    """`X-API-Token: dh_…`, for clients that cannot set Authorization."""

    param_name = "X-API-Token"

    def authenticate(self, request, key):
        return TokenAuth().authenticate(request, key)


class ActiveSessionAuth(SessionAuth):
    """The browser session (with CSRF on writes), as the UI's HTMX calls use."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), TokenHeaderAuth(), ActiveSessionAuth()]


def install_error_handlers(api) -> None:
    """Errors as JSON: {"detail": [{"field": ..., "msg": ..., "loc": [...]}]} for bad input."""

    @api.exception_handler(ValidationError)
    def django_validation_error(request, exc):
        return api.create_response(request, {"detail": validation_detail(exc)}, status=422)

    @api.exception_handler(NinjaValidationError)
    def ninja_validation_error(request, exc):
        detail = []
        for error in exc.errors:
            loc = [str(part) for part in error.get("loc", ())]
            field = next((p for p in reversed(loc) if p not in {"body", "payload", "query", "filters"}), "")
            detail.append({"field": field, "msg": error.get("msg", ""), "loc": loc, "type": error.get("type", "")})
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": _("Authentication required: send a token or sign in.")},
                                   status=401)

    document_errors(api)


class ErrorOut(Schema):
    """401, 403, 404, and 400 for a body that is not JSON."""

    detail: str


class FieldErrorOut(Schema):
    field: str
    msg: str
    loc: list[str]
    type: str


class ValidationErrorOut(Schema):
    """422: every bad field with the reason."""

    detail: list[FieldErrorOut]


def document_errors(api) -> None:
    """Add the error answers the handlers above give to every operation of the OpenAPI document, so
    clients (and schema-driven tests) know them; an operation's own declaration wins."""
    generate = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        schema = generate(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, ValidationErrorOut):
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components[model.__name__] = definition
        error = {"$ref": "#/components/schemas/ErrorOut"}
        invalid = {"$ref": "#/components/schemas/ValidationErrorOut"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                answers = {}
                if operation.get("security"):
                    answers.update({"401": (_("Not authenticated"), error), "403": (_("Not allowed"), error)})
                if "{" in path:
                    answers["404"] = (_("Not found, or outside your scope"), error)
                if operation.get("parameters") or operation.get("requestBody"):
                    answers["422"] = (_("Invalid input, by field"), invalid)
                if operation.get("requestBody"):
                    answers["400"] = (_("The body is not valid JSON"), error)
                for status, (description, body) in answers.items():
                    responses.setdefault(status, {"description": description,
                                                  "content": {"application/json": {"schema": body}}})
        return schema

    api.get_openapi_schema = get_openapi_schema


def page_not_found(request, exception):
    """The site's 404 handler: JSON under /api/ (a path the API's routes do not match, such as
    /api/orgs/people/-1), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def validation_detail(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": "" if field == "__all__" else field, "msg": message,
                 "loc": ["body", field], "type": "validation_error"}
                for field, errors in exc.message_dict.items() for message in errors]
    return [{"field": "", "msg": message, "loc": ["body"], "type": "validation_error"} for message in exc.messages]


# --- filters: one FilterSet for the UI and the API ---------------------------------------------------

_FILTER_TYPES: dict[type, object] = {
    django_filters.NumberFilter: int,
    django_filters.BooleanFilter: bool,
    django_filters.DateFilter: datetime.date,
    django_filters.ModelChoiceFilter: int,
    django_filters.ModelMultipleChoiceFilter: list[int],
    django_filters.UUIDFilter: str,
}


def filter_schema(filterset_class, name: str):
    """A pydantic schema of the FilterSet's filters, so the OpenAPI document lists them."""
    fields = {}
    for filter_name, filter_ in filterset_class.base_filters.items():
        py_type: object = str
        for klass, mapped in _FILTER_TYPES.items():
            if isinstance(filter_, klass):
                py_type = mapped
                break
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            py_type = list[str]
        elif isinstance(filter_, django_filters.ChoiceFilter) and not isinstance(filter_,
                                                                                  django_filters.ModelChoiceFilter):
            choices = filter_.extra.get("choices")
            values = [str(value) for value, _label in (choices() if callable(choices) else choices or [])]
            py_type = typing.Literal[tuple(values)] if values else str
        fields[filter_name] = (py_type | None, None)
    return create_model(name, __base__=Schema, **fields)


def filtered_queryset(request, filterset_class, filters: Schema, queryset):
    data = QueryDict(mutable=True)
    for key, value in filters.dict(exclude_none=True).items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, datetime.date):
            data[key] = value  # as a date: strftime would write year 326 as "326", which no format parses
        elif isinstance(value, bool):
            data[key] = "true" if value else "false"
        else:
            data[key] = str(value)
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise NinjaValidationError([{"loc": ("query", name), "msg": str(error), "type": "validation_error"}
                                    for name, errors in filterset.errors.items() for error in errors])
    return filterset.qs


# --- schemas -----------------------------------------------------------------------------------------

class InputSchema(Schema):
    """Input schemas reject unknown fields, so a typo is an error naming the field, not silence."""

    model_config = ConfigDict(extra="forbid")


def partial_schema(schema, name: str):
    """The same fields, all optional: for PATCH."""
    fields = {key: (info.annotation | None, None) for key, info in schema.model_fields.items()}
    return create_model(name, __base__=InputSchema, **fields)


def payload_to_model_data(model, data: dict) -> dict:
    """Foreign keys arrive as ids under the field's name (`unit: 12`); the services take `unit_id`."""
    result = {}
    for key, value in data.items():
        field = model._meta.get_field(key)
        if field.many_to_one or field.one_to_one:
            result[field.attname] = value
        else:
            result[key] = value
    return result


def crud_router(*, model, out_schema, in_schema, filterset, create: Callable, update: Callable,
                delete: Callable, select_related: tuple[str, ...] = (), ordering: tuple[str, ...] = ("pk",),
                tags: list[str] | None = None) -> Router:
    """List/detail/create/update/patch/delete endpoints for one model, scoped and logged."""
    router = Router(tags=tags or [str(model._meta.verbose_name_plural)])
    single, plural = _names(model)
    name = model.__name__
    filters_schema = filter_schema(filterset, f"{name}Filters")
    patch_schema = partial_schema(in_schema, f"{name}Patch")

    def scoped(request, action):
        _require_action(request.user, model, action)  # 403 for the role, then 404 for the record
        qs = model.objects.restrict(request.user, action)
        return qs.select_related(*select_related) if select_related else qs

    @router.get("/", response=list[out_schema], operation_id=f"list_{model._meta.model_name}",
                 summary=f"List {plural}")
    @paginate(LimitOffsetPagination)
    def list_objects(request, filters: Query[filters_schema]):
        return filtered_queryset(request, filterset, filters, scoped(request, VIEW)).order_by(*ordering)

    @router.get("/{int:pk}", response=out_schema, operation_id=f"get_{model._meta.model_name}",
                 summary=f"Get one {single}")
    def get_object(request, pk: int):
        return get_object_or_404(scoped(request, VIEW), pk=pk)

    @router.post("/", response={201: out_schema}, operation_id=f"create_{model._meta.model_name}",
                 summary=f"Create {single}")
    def create_object(request, payload: in_schema):
        _require_action(request.user, model, ADD)
        with context.as_user(request.user):
            obj = create(request.user, payload_to_model_data(model, payload.dict()))
        scoping.forget_scope(request.user)
        return Status(201, scoped(request, VIEW).get(pk=obj.pk))

    @router.put("/{int:pk}", response=out_schema, operation_id=f"update_{model._meta.model_name}",
                 summary=f"Replace {single}")
    def update_object(request, pk: int, payload: in_schema):
        obj = get_object_or_404(scoped(request, CHANGE), pk=pk)
        update(request.user, obj, payload_to_model_data(model, payload.dict()))
        return scoped(request, VIEW).get(pk=pk)

    @router.patch("/{int:pk}", response=out_schema, operation_id=f"patch_{model._meta.model_name}",
                 summary=f"Update some fields of {single}")
    def patch_object(request, pk: int, payload: patch_schema):
        obj = get_object_or_404(scoped(request, CHANGE), pk=pk)
        update(request.user, obj, payload_to_model_data(model, payload.dict(exclude_unset=True)))
        return scoped(request, VIEW).get(pk=pk)

    @router.delete("/{int:pk}", response={204: None}, operation_id=f"delete_{model._meta.model_name}",
                 summary=f"Delete {single}")
    def delete_object(request, pk: int):
        obj = get_object_or_404(scoped(request, DELETE), pk=pk)
        delete(request.user, obj)
        return Status(204, None)

    return router


def read_router(*, model, out_schema, filterset, select_related=(), ordering=("pk",), tags=None) -> Router:
    """List and detail only (reference data such as administrative units)."""
    router = Router(tags=tags or [str(model._meta.verbose_name_plural)])
    single, plural = _names(model)
    filters_schema = filter_schema(filterset, f"{model.__name__}Filters")

    def scoped(request):
        _require_action(request.user, model, VIEW)
        qs = model.objects.restrict(request.user, VIEW)
        return qs.select_related(*select_related) if select_related else qs

    @router.get("/", response=list[out_schema], operation_id=f"list_{model._meta.model_name}",
                 summary=f"List {plural}")
    @paginate(LimitOffsetPagination)
    def list_objects(request, filters: Query[filters_schema]):
        return filtered_queryset(request, filterset, filters, scoped(request)).order_by(*ordering)

    @router.get("/{int:pk}", response=out_schema, operation_id=f"get_{model._meta.model_name}",
                 summary=f"Get one {single}")
    def get_object(request, pk: int):
        return get_object_or_404(scoped(request), pk=pk)

    return router


def _names(model) -> tuple[str, str]:
    """The model's names in English, for the OpenAPI operation summaries (read by integrators)."""
    from django.utils import translation

    with translation.override("en"):
        return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)


def _require_action(user, model, action):
    from . import scoping

    if not scoping.can(user, model, action):
        raise PermissionDenied(_("Your role may not %(action)s %(model)s records.")
                               % {"action": action, "model": model._meta.verbose_name})
