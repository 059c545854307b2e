"""The one definition of the task list's filters: the filter bar, the board, the calendar, the API and
the figures (a figure's drill-down is the task list with the figure's parameters)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from dieuhanh.core.filters import BaseFilterSet
from dieuhanh.core.forms import DateInput
from dieuhanh.core.roles import Role
from dieuhanh.core.scoping import get_scope
from dieuhanh.core.text import search_terms
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from .models import Task, TaskExtension, TaskProgress, timeliness_q

TIMELINESS_CHOICES = [
    ("open", _("Open (not completed)")),
    *[(value, label) for value, label in Task.Timeliness.choices if value in Task.TIMELINESS_GROUPS["open"]],
    ("completed", _("Completed")),
    *[(value, label) for value, label in Task.Timeliness.choices if value in Task.TIMELINESS_GROUPS["completed"]],
    ("fell_due", _("Fallen due (completed, or overdue)")),
    (Task.Timeliness.CANCELLED.value, Task.Timeliness.CANCELLED.label),
]
MINE_CHOICES = [("me", _("My tasks")), ("organization", _("My organisation's tasks"))]


def _request_cache(request) -> dict | None:
    """A dict kept on the request's user object, so for one request, like the user's scope (core.scoping):
    the statistics page evaluates a dozen figures, each through its own filter set, for one province."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.__dict__.setdefault("_tasks_filter_cache", {})


class _RememberingModelChoiceField(ModelChoiceField):
    """Looks a chosen record up once per request (see _request_cache) rather than once per filter set."""

    cache: dict | None = None

    def to_python(self, value):
        if self.cache is None or value in self.empty_values:
            return super().to_python(value)
        key = (self.queryset.model._meta.label, str(value))
        if key not in self.cache:
            self.cache[key] = super().to_python(value)
        return self.cache[key]


class _ProvinceFilter(django_filters.ModelChoiceFilter):
    field_class = _RememberingModelChoiceField


def _date_filter(field_name: str, lookup: str, label) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup, label=label, widget=DateInput())


# Up to this many tasks left by the other filters, a search reads them rather than the trigram index.
SEARCH_SCAN_LIMIT = 10_000


def search_narrowed(queryset, query: str):
    """The tasks of `queryset` whose folded text holds every word of `query` (as `.search()`).

    The trigram index answers a search over many tasks, but for a common word ("chuyển đổi số") it
    reads posting lists as long as the whole country's matches, however narrow the other filters (a
    province and a year: about 5,500 tasks in the largest), and PostgreSQL's estimate does not see it.
    So when the other filters leave at most SEARCH_SCAN_LIMIT tasks, their ids come from the composite
    indexes and the words are looked for in those rows only (STRPOS/INSTR, which the trigram index
    cannot serve, so the plan cannot fall back to it): two short queries more, and the list's count and
    page then fetch the matching ids only."""
    terms = search_terms(query)
    if not terms:
        return queryset
    candidates = queryset.order_by().values("pk")
    if candidates[:SEARCH_SCAN_LIMIT + 1].count() > SEARCH_SCAN_LIMIT:
        return queryset.search(query)
    holds = [Q(GreaterThan(StrIndex("search_text", Value(term)), 0)) for term in terms]
    # The candidates in a subquery of their own (its LIMIT keeps PostgreSQL from merging it into the
    # outer query), each row then read by its primary key; only the matching ids come back.
    matching = Task._base_manager.filter(pk__in=candidates[:SEARCH_SCAN_LIMIT]).filter(*holds)
    return queryset.filter(pk__in=list(matching.order_by().values_list("pk", flat=True)))


class TaskFilterSet(BaseFilterSet):
    """Filters of the task list. `timeliness` is evaluated as of `as_of` (today if not given, and
    never later than today: a deadline in the future has not passed yet)."""

    mine = django_filters.ChoiceFilter(choices=MINE_CHOICES, method="filter_mine", label=_("Show"),
                                       empty_label=_("All tasks I can see"))
    source_kind = django_filters.ChoiceFilter(choices=Task.Source.choices, label=_("Source"))
    assigning_authority = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("Assigning authority"), widget=LookupSelect("orgs.organization"))
    lead_organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("Lead organisation"), widget=LookupSelect("orgs.organization"))
    state = django_filters.ChoiceFilter(choices=Task.State.choices, label=_("State"))
    timeliness = django_filters.ChoiceFilter(choices=TIMELINESS_CHOICES, method="filter_timeliness",
                                             label=_("Status"))
    is_key = django_filters.BooleanFilter(label=_("Key task"))
    deadline_after = _date_filter("deadline", "gte", _("Deadline from"))
    deadline_before = _date_filter("deadline", "lte", _("Deadline to"))
    assigned_after = _date_filter("assigned_on", "gte", _("Assigned from"))
    assigned_before = _date_filter("assigned_on", "lte", _("Assigned to"))
    # Used by figures and links from other pages; shown as hidden fields (see HIDDEN below).
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), method="filter_organization",
        label=_("Organisation (lead or co-operating)"), widget=LookupSelect("orgs.organization"))
    person_in_charge = django_filters.NumberFilter(field_name="person_in_charge_id", label=_("Person in charge (id)"))
    priority = django_filters.ChoiceFilter(choices=Task.Priority.choices, label=_("Priority"))
    completed_after = _date_filter("completed_on", "gte", _("Completed from"))
    completed_before = _date_filter("completed_on", "lte", _("Completed to"))
    as_of = django_filters.DateFilter(method="filter_as_of", label=_("Status as of"), widget=DateInput())
    province = _ProvinceFilter(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE),
        method="filter_province", label=_("Province"))

    HIDDEN = ("organization", "person_in_charge", "priority", "completed_after", "completed_before", "as_of",
              "province")

    class Meta:
        model = Task
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self._cache = _request_cache(request)
        for name in self.HIDDEN:
            field = self.form.fields[name]
            field.widget = forms.HiddenInput()
        self.form.fields["province"].cache = self._cache

    # --- evaluation date -------------------------------------------------------------------------------

    @property
    def as_of_date(self):
        today = timezone.localdate()
        value = None
        if self.is_bound:
            self.form.errors  # noqa: B018 - validates the form, so cleaned_data holds the valid fields
            value = self.form.cleaned_data.get("as_of")
        return min(value, today) if value else today

    @property
    def qs(self):
        if not hasattr(self, "_annotated_qs"):
            self._annotated_qs = super().qs.with_timeliness(self.as_of_date).paged_by_ids()
        return self._annotated_qs

    # --- search --------------------------------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        return queryset  # applied last, by filter_queryset(), once the other filters have narrowed the list

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        value = self.form.cleaned_data.get("q") if self.is_bound else None
        return search_narrowed(queryset, value) if value else queryset

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by filter_timeliness and the annotation

    def filter_timeliness(self, queryset, name, value):
        return queryset.filter(timeliness_q(value, self.as_of_date))

    # --- who ---------------------------------------------------------------------------------------------

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        scope = get_scope(user)
        own_orgs = set(scope.organization_ids) if scope.role == Role.OFFICER else \
            ({user.organization_id} if user.organization_id else set())
        if value == "me":
            condition = Q(person_in_charge=user)
            if scope.role == Role.OFFICER:
                condition |= Q(lead_organization__in=own_orgs)
            return queryset.filter(condition)
        return queryset.filter(Q(lead_organization__in=own_orgs) | Q(pk__in=Task.cooperating_organizations.through
                                                                      .objects.filter(organization__in=own_orgs)
                                                                      .values("task_id")))

    def filter_organization(self, queryset, name, value):
        # A sub-select, not a join through the many-to-many: a task must not be listed twice.
        cooperating = Task.cooperating_organizations.through.objects.filter(organization=value).values("task_id")
        return queryset.filter(Q(lead_organization=value) | Q(pk__in=cooperating))

    def filter_province(self, queryset, name, value):
        # A province today includes the organisations recorded under the provinces merged into it.
        from dieuhanh.geo.services import province_scope_ids

        cache = {} if self._cache is None else self._cache
        key = ("province_scope_ids", value.pk)
        if key not in cache:
            cache[key] = sorted(province_scope_ids(value.pk))
        return queryset.filter(province_id__in=cache[key])

    def hidden_active(self) -> list[tuple[str, str]]:
        """(label, value) of the hidden filters in use, so the page can say what narrows the list."""
        if not self.is_bound or not self.form.is_valid():
            return []
        result = []
        for name in self.HIDDEN:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y")
            elif name == "priority":
                value = Task.Priority(int(value)).label
            result.append((str(self.form.fields[name].label), str(value)))
        return result


class TaskProgressFilterSet(BaseFilterSet):
    task = django_filters.NumberFilter(field_name="task_id", label=_("Task (id)"))
    reported_after = _date_filter("reported_on", "gte", _("Reported from"))
    reported_before = _date_filter("reported_on", "lte", _("Reported to"))
    lead_organization = django_filters.ModelChoiceFilter(
        field_name="task__lead_organization", queryset=Organization.objects.all(), label=_("Lead organisation"),
        widget=LookupSelect("orgs.organization"))

    class Meta:
        model = TaskProgress
        fields = []

    def filter_q(self, queryset, name, value):
        # Reports are found by their task's title and number.
        return queryset.filter(task__in=Task.objects.search(value).values("pk"))


class TaskExtensionFilterSet(BaseFilterSet):
    decision = django_filters.ChoiceFilter(choices=TaskExtension.Decision.choices, label=_("Decision"))
    task = django_filters.NumberFilter(field_name="task_id", label=_("Task (id)"))
    lead_organization = django_filters.ModelChoiceFilter(
        field_name="task__lead_organization", queryset=Organization.objects.all(), label=_("Lead organisation"),
        widget=LookupSelect("orgs.organization"))
    requested_after = _date_filter("requested_on", "gte", _("Requested from"))
    requested_before = _date_filter("requested_on", "lte", _("Requested to"))

    class Meta:
        model = TaskExtension
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(task__in=Task.objects.search(value).values("pk"))
