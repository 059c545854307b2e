"""Filter sets: the one definition of a list's filters, used by the UI's filter bar, the API and
figures (a figure's drill-down is the list page with the figure's filter)."""

import copy

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from .widgets import AnyYesNoSelect, FastSelect, FastSelectMultiple

FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}

# The SQL standard's ranges, which PostgreSQL enforces (SQLite's columns all hold 64 bits): the same
# bounds on every database, so the OpenAPI document does not depend on the one in use.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
BIGINT_RANGE = INTEGER_RANGES["BigIntegerField"]


def field_integer_range(field) -> tuple[int, int] | None:
    """The values a model field's column holds, for an integer field or a link (its target's key)."""
    while field is not None and field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field
    if field is None:
        return None
    return INTEGER_RANGES.get(field.get_internal_type())


def _model_field(model, path: str):
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def filter_integer_range(filterset_class, filter_) -> tuple[int, int] | None:
    """The integers an integer filter (a NumberFilter, or the ids of a model choice filter) can
    usefully take: the range of the column it compares with, 64 bits where it names none (a method
    filter). None for the other filters.

    A value past a column's range matches nothing, and past 64 bits it fails in the database driver
    (a server error on SQLite, and on PostgreSQL for an id of a 32-bit column): refused as bad input
    instead, naming the filter, in the filter bar and the API alike."""
    if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        queryset = filter_.extra.get("queryset")
        model = getattr(queryset, "model", None)
        if model is None:  # a callable: the model the filter's field links to
            field = _model_field(filterset_class._meta.model, filter_.field_name)
            model = getattr(field, "related_model", None)
        if model is None:
            return BIGINT_RANGE
        to_field = filter_.extra.get("to_field_name")
        field = model._meta.get_field(to_field) if to_field else model._meta.pk
        return field_integer_range(field)
    if isinstance(filter_, django_filters.NumberFilter):
        if filter_.method is None and filterset_class._meta.model is not None:
            field = _model_field(filterset_class._meta.model, filter_.field_name)
            if field is not None:
                return field_integer_range(field) or BIGINT_RANGE
        return BIGINT_RANGE
    return None


def bound_integer_filters(filterset) -> None:
    """Refuse values of the number filters that no column holds (see `filter_integer_range`). The
    model choice filters need not be: their look-up by id already matches nothing for such a value."""
    for name, filter_ in filterset.filters.items():
        if not isinstance(filter_, django_filters.NumberFilter) or name not in filterset.form.fields:
            continue
        low, high = filter_integer_range(type(filterset), filter_)
        filterset.form.fields[name].validators += [MinValueValidator(low), MaxValueValidator(high)]


class _BaseFilters(dict):
    """A filter set class's filters. django-filter deep-copies them for every filter set it makes,
    querysets and choices included (for a statistics page's dozen figures, a third of its time); each
    filter set only ever sets attributes on its filters (`model`, `parent`, a narrowed `queryset`,
    the cached form field), so a copy of each filter with its own `extra` is enough."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            clone = copy.copy(original)
            clone.extra = dict(original.extra)
            clone.__dict__.pop("_field", None)  # built for, and cached on, each filter set's own copy
            if getattr(original, "_method", None) is not None:
                clone.method = original._method  # a FilterMethod bound to the copy, not to the original
            copies[name] = clone
        return copies


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`: diacritic-insensitive search over the model's `search_fields`."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    @classmethod
    def get_filters(cls):
        return _BaseFilters(super().get_filters())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        bound_integer_filters(self)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            field_qs = getattr(filter_, "queryset", None)
            if field_qs is not None and hasattr(field_qs, "restrict") and user is not None:
                filter_.queryset = field_qs.restrict(user)
        for field in self.form.fields.values():
            if type(field.widget) is forms.NullBooleanSelect:
                field.widget = AnyYesNoSelect(attrs=field.widget.attrs)
            fast = FAST_WIDGETS.get(type(field.widget))
            if fast is not None:  # same HTML, a fraction of the rendering time (core.widgets)
                field.widget = fast(attrs=field.widget.attrs, choices=field.widget.choices)
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-select form-select-sm"
                                              if isinstance(field.widget, forms.Select) else
                                              "form-control form-control-sm")


# --- core's own filter sets --------------------------------------------------------------------------

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from .models import Job, ObjectChange  # noqa: E402


class ObjectChangeFilterSet(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.all(), label=_("User"))
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label__in=["geo", "orgs", "core"]).order_by("app_label", "model"),
        label=_("Type"))
    action = django_filters.ChoiceFilter(choices=ObjectChange.Action.choices, label=_("Action"))
    source = django_filters.ChoiceFilter(choices=ObjectChange.Source.choices, label=_("Source"))
    time_after = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From date"))
    time_before = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("To date"))
    request_id = django_filters.UUIDFilter(label=_("Request id"))
    object_id = django_filters.NumberFilter(label=_("Object id"))

    class Meta:
        model = ObjectChange
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        bound_integer_filters(self)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


class JobFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Job.Status.choices, label=_("Status"))

    class Meta:
        model = Job
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
