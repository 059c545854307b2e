"""Filter sets: the one definition of a list's filters, used by the UI's filter bar, the API and
figures (a figure's drill-down is the list page with the figure's filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .widgets import FastSelect, FastSelectMultiple

FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`: diacritic-insensitive search over the model's `search_fields`."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            field_qs = getattr(filter_, "queryset", None)
            if field_qs is not None and hasattr(field_qs, "restrict") and user is not None:
                filter_.queryset = field_qs.restrict(user)
        for field in self.form.fields.values():
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
