"""REST API conventions: token and session auth, JSON errors naming the field, scoped CRUD routers.

Every app's `api.py` builds its router with `crud_router()`, which wires the list (filters from the
app's FilterSet, pagination), detail, create, update, partial update and delete endpoints to the
app's service functions, so the API and the UI share one write path and one scoping rule.
"""


import datetime
import decimal
import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from pydantic import BeforeValidator, ConfigDict, ValidationInfo, create_model, field_validator

from . import context, scoping
from .filters import field_integer_range, filter_integer_range
from .roles import ADD, CHANGE, DELETE, VIEW


class Pagination(LimitOffsetPagination):
    """limit/offset as everywhere, with an upper bound on the offset: a number past what any database
    integer holds would otherwise reach the SQL and fail there (500) instead of as bad input (422)."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=2_000_000_000)


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
            # The field, not the position in a list of ids (…, "stations", 0) or the wrapper.
            field = next((str(p) for p in reversed(error.get("loc", ()))
                          if not isinstance(p, int) and p not in {"body", "payload", "query", "filters"}), "")
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

# Dates and times as the document writes them (RFC 3339), not a number of seconds since 1970.
_DATE_START = re.compile(r"\d{4}-\d\d-\d\d")
_TIME_START = re.compile(r"\d\d:\d\d")


def _documented_bool(value):
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError(_("Enter true or false."))


def _documented_date(value):
    if isinstance(value, datetime.date) or isinstance(value, str) and _DATE_START.match(value):
        return value
    raise ValueError(_("Enter a date as YYYY-MM-DD."))


# Query parameters of the type the OpenAPI document gives them. Pydantic's lax parsing would take more:
# `0` or `no` for false, `0.0` for a date (1 January 1970).
QueryBool = typing.Annotated[bool, BeforeValidator(_documented_bool)]
QueryDate = typing.Annotated[datetime.date, BeforeValidator(_documented_date)]


_FILTER_TYPES: dict[type, object] = {
    django_filters.NumberFilter: int,
    django_filters.BooleanFilter: QueryBool,
    django_filters.DateFilter: QueryDate,
    django_filters.ModelChoiceFilter: int,
    django_filters.ModelMultipleChoiceFilter: list[int],
    django_filters.UUIDFilter: str,
}


def bounded_int(bounds: tuple[int, int]) -> object:
    """`int` limited to `bounds` (ge, le), in the OpenAPI document too."""
    return typing.Annotated[int, Field(ge=bounds[0], le=bounds[1])]


def _bound_ints(annotation, bounds: tuple[int, int]):
    """`annotation` with each plain `int` in it (alone, optional, in a list) limited to `bounds`."""
    if annotation is int:
        return bounded_int(bounds)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, [_bound_ints(arg, bounds) for arg in args])
    if origin is list and len(args) == 1:
        return list[_bound_ints(args[0], bounds)]
    return annotation


def filter_schema(filterset_class, name: str):
    """A pydantic schema of the FilterSet's filters, so the OpenAPI document lists them. Integer
    filters are limited to what the column they compare with holds (core.filters.filter_integer_range):
    a bigger number is a 422 naming the filter, not a database error."""
    fields = {}
    for filter_name, filter_ in filterset_class.base_filters.items():
        py_type: object = str
        for klass, mapped in _FILTER_TYPES.items():
            if isinstance(filter_, klass):
                py_type = mapped
                break
        bounds = filter_integer_range(filterset_class, filter_)
        if bounds is not None:
            py_type = _bound_ints(py_type, bounds)
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

def _json_type_ok(annotation, value) -> bool:
    """Whether `value` has the JSON type the OpenAPI document gives `annotation` (or is already the
    Python value, for callers in Python). Pydantic's lax mode would take more: `0` or `"0"` for a date
    (1 January 1970), `1` or `"yes"` for true, `"12"` for 12."""
    if value is None or annotation is typing.Any:
        return True  # whether None is allowed is pydantic's to say
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_json_type_ok(arg, value) for arg in args if arg is not type(None))
    if origin is typing.Annotated:
        return _json_type_ok(args[0], value)
    if origin is typing.Literal:
        return True
    if origin in (list, set, tuple):
        item = args[0] if args else typing.Any
        return isinstance(value, list | set | tuple) and all(_json_type_ok(item, element) for element in value)
    if not isinstance(annotation, type):
        return True
    if issubclass(annotation, enum.Enum):  # Django's TextChoices are strings, IntegerChoices integers
        return isinstance(value, annotation) or (not isinstance(value, bool) and any(
            isinstance(value, type(member.value)) for member in annotation))
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if annotation is decimal.Decimal:  # the document allows a number or its text
        return isinstance(value, int | float | str | decimal.Decimal) and not isinstance(value, bool)
    if issubclass(annotation, datetime.date | datetime.time):
        # Text in the document's format (RFC 3339), not a number of seconds since 1970 in a string.
        pattern = _TIME_START if annotation is datetime.time else _DATE_START
        return isinstance(value, annotation) or isinstance(value, str) and pattern.match(value) is not None
    if annotation is str:
        return isinstance(value, str)
    return True


# A datetime this far from the ends of the calendar converts to any time zone (UTC to store it, the
# local zone to show it) without leaving the calendar.
_DATETIME_RANGE = (datetime.datetime.min + datetime.timedelta(days=1),
                   datetime.datetime.max - datetime.timedelta(days=1))


class InputSchema(Schema):
    """Input schemas reject unknown fields, so a typo is an error naming the field, not silence; a
    value of another JSON type than the document's (see `_json_type_ok`); and a datetime at the very
    ends of the calendar, which no time zone conversion survives. Datetimes with an offset are given
    to the services in the site's time zone."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value, info: ValidationInfo):
        if not _json_type_ok(cls.model_fields[info.field_name].annotation, value):
            raise ValueError(_("The value is not of the type this field takes."))
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _datetimes_in_range(cls, value, info: ValidationInfo):
        """A datetime with an offset comes in the site's time zone, as from a form: the document allows
        any offset up to ±23:59, PostgreSQL takes none past ±15:59."""
        if isinstance(value, datetime.datetime):
            low, high = _DATETIME_RANGE
            try:
                local = timezone.localtime(value) if timezone.is_aware(value) else value
            except OverflowError:
                local = None
            if local is None or not low <= local.replace(tzinfo=None) <= high:
                raise ValueError(_("Enter a date and time between years 1 and 9999."))
            return local
        return value


def partial_schema(schema, name: str):
    """The same fields, all optional, with the same limits: for PATCH."""

    def optional(info):
        annotation = typing.Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        return annotation | None

    fields = {key: (optional(info), Field(None, description=info.description))
              for key, info in schema.model_fields.items()}
    return create_model(name, __base__=InputSchema, **fields)


def model_bounded_schema(schema, model):
    """`schema` (an app's input schema for `model`) with each integer field limited to what its column
    holds, and each id to what its target's key holds: a bigger number is a 422 naming the field, not
    a database error (on SQLite a number past 64 bits fails in the driver, and a list of ids for a
    many-to-many reaches the database before any model validation)."""
    fields = {}
    for name, info in schema.model_fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field of the schema only (an action's option)
            continue
        bounds = field_integer_range(model_field)
        if bounds is None:
            continue
        annotation = _bound_ints(info.annotation, bounds)
        if annotation is not info.annotation:
            fields[name] = (annotation, info)
    return create_model(schema.__name__, __base__=schema, **fields) if fields else schema


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
                tags: list[str] | None = None, prefetch_related: tuple[str, ...] = ()) -> Router:
    """List/detail/create/update/patch/delete endpoints for one model, scoped and logged."""
    router = Router(tags=tags or [str(model._meta.verbose_name_plural)])
    single, plural = _names(model)
    name = model.__name__
    filters_schema = filter_schema(filterset, f"{name}Filters")
    in_schema = model_bounded_schema(in_schema, model)
    patch_schema = partial_schema(in_schema, f"{name}Patch")

    def scoped(request, action):
        _require_action(request.user, model, action)  # 403 for the role, then 404 for the record
        qs = model.objects.restrict(request.user, action)
        qs = qs.select_related(*select_related) if select_related else qs
        # Many-to-many values in the output (a bulletin's stations): one query a page, not one a row.
        return qs.prefetch_related(*prefetch_related) if prefetch_related else qs

    @router.get("/", response=list[out_schema], operation_id=f"list_{model._meta.model_name}",
                 summary=f"List {plural}")
    @paginate(Pagination)
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
    @paginate(Pagination)
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
