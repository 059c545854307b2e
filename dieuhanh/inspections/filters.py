"""Filters of the inspection lists, shared by the filter bars, the API and the figures.

Periods: inspections, their subjects and violations count in the period the inspection **started**;
decisions, their fines and confiscations in the period of the **decision date**; payments in the
period they were **paid**. `unit` is the inspecting organisation's unit (a province includes the
legacy provinces merged into it); `field` the inspection's field.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.fields import ModelChoiceField

from dieuhanh.core import memo
from dieuhanh.core.filters import BaseFilterSet
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import valid_on_q
from dieuhanh.orgs.models import Organization

from . import services
from .models import (
    Confiscation,
    Field,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    SubjectKind,
    Violation,
)


class _SharedChoiceField(ModelChoiceField):
    """Within `memo.shared_lookups()` (a page evaluating every figure for one unit) the figures'
    filters find the unit once. Units are reference data: no scope narrows the choices."""

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str | int):
            return super().to_python(value)
        return memo.shared(("unit", str(value)), lambda: super(_SharedChoiceField, self).to_python(value))


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = _SharedChoiceField


def _unit_filter():
    return UnitFilter(queryset=AdministrativeUnit.objects.all(), method="filter_unit", label=_("Administrative unit"),
                      widget=LookupSelect("geo.administrativeunit"))


def _date(field_name: str, lookup: str, label):
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup, label=label)


class _InspectionScoped(BaseFilterSet):
    """`field` and `unit` of the inspection a record belongs to (through `inspection_prefix`)."""

    inspection_prefix = "inspection__"
    # Where the inspecting organisation is: decisions, payments and confiscations carry it themselves.
    unit_prefix = None

    def filter_unit(self, queryset, name, value):
        prefix = self.inspection_prefix if self.unit_prefix is None else self.unit_prefix
        return queryset.filter(services.unit_q(value, prefix))

    def filter_field(self, queryset, name, value):
        return queryset.filter(**{f"{self.inspection_prefix}field": value})


def _field_filter():
    return django_filters.ChoiceFilter(choices=Field.choices, method="filter_field",
                                       label=pgettext_lazy("sector", "Field"))


class ProvisionFilterSet(BaseFilterSet):
    decree = django_filters.CharFilter(field_name="decree", lookup_expr="iexact", label=_("Decree"))
    field = django_filters.ChoiceFilter(choices=Field.choices, label=pgettext_lazy("sector", "Field"))
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label=_("In force on"))

    class Meta:
        model = Provision
        fields = []

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))


class InspectionPlanFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    organization = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(), label=_("Organisation"),
                                                    widget=LookupSelect("orgs.organization"))

    class Meta:
        model = InspectionPlan
        fields = []


class PlannedInspectionFilterSet(BaseFilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=InspectionPlan.objects.all(), label=_("Plan"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    field = django_filters.ChoiceFilter(choices=Field.choices, label=pgettext_lazy("sector", "Field"))
    quarter = django_filters.NumberFilter(field_name="quarter", label=_("Quarter"))

    class Meta:
        model = PlannedInspection
        fields = []


class InspectionFilterSet(_InspectionScoped):
    inspection_prefix = ""
    # distinct=False: a plain IN on the inspection's own column cannot repeat rows.
    kind = django_filters.MultipleChoiceFilter(choices=InspectionKind.choices, label=_("Kind"), distinct=False)
    field = _field_filter()
    started_after = _date("started_on", "gte", _("Started from"))
    started_before = _date("started_on", "lte", _("Started until"))
    organization = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(),
                                                    label=_("Inspecting organisation"),
                                                    widget=LookupSelect("orgs.organization"))
    unit = _unit_filter()
    plan = django_filters.ModelChoiceFilter(queryset=InspectionPlan.objects.all(), field_name="plan_item__plan",
                                            label=_("Plan"))
    concluded = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", exclude=True,
                                             label=_("Ended"))

    class Meta:
        model = Inspection
        fields = []


class InspectionSubjectFilterSet(_InspectionScoped):
    inspection = django_filters.ModelChoiceFilter(queryset=Inspection.objects.all(), label=_("Inspection"),
                                                  widget=LookupSelect("inspections.inspection"))
    kind = django_filters.ChoiceFilter(choices=SubjectKind.choices, label=_("Kind"))
    field = _field_filter()
    started_after = _date("inspection__started_on", "gte", _("Inspection started from"))
    started_before = _date("inspection__started_on", "lte", _("Inspection started until"))
    unit = _unit_filter()

    class Meta:
        model = InspectionSubject
        fields = []


class ViolationFilterSet(_InspectionScoped):
    inspection = django_filters.ModelChoiceFilter(queryset=Inspection.objects.all(), label=_("Inspection"),
                                                  widget=LookupSelect("inspections.inspection"))
    subject = django_filters.ModelChoiceFilter(queryset=InspectionSubject.objects.all(), label=_("Subject"),
                                               widget=LookupSelect("inspections.inspectionsubject"))
    provision = django_filters.ModelChoiceFilter(queryset=Provision.objects.all(), label=_("Legal provision"),
                                                 widget=LookupSelect("inspections.provision"))
    decree = django_filters.CharFilter(field_name="provision__decree", lookup_expr="iexact", label=_("Decree"))
    field = _field_filter()
    started_after = _date("inspection__started_on", "gte", _("Inspection started from"))
    started_before = _date("inspection__started_on", "lte", _("Inspection started until"))
    unit = _unit_filter()

    class Meta:
        model = Violation
        fields = []


class SanctionFilterSet(_InspectionScoped):
    unit_prefix = ""
    inspection = django_filters.ModelChoiceFilter(queryset=Inspection.objects.all(), label=_("Inspection"),
                                                  widget=LookupSelect("inspections.inspection"))
    enforcement = django_filters.ChoiceFilter(choices=Sanction.Enforcement.choices, label=_("Enforcement status"))
    field = _field_filter()
    date_after = _date("date", "gte", _("Decided from"))
    date_before = _date("date", "lte", _("Decided until"))
    fine_outside_range = django_filters.BooleanFilter(label=_("Fine outside the range"))
    unit = _unit_filter()

    class Meta:
        model = Sanction
        fields = []


class PaymentFilterSet(_InspectionScoped):
    inspection_prefix = "sanction__inspection__"
    unit_prefix = ""
    sanction = django_filters.ModelChoiceFilter(queryset=Sanction.objects.all(), label=_("Sanction decision"),
                                                widget=LookupSelect("inspections.sanction"))
    field = _field_filter()
    paid_after = _date("paid_on", "gte", _("Paid from"))
    paid_before = _date("paid_on", "lte", _("Paid until"))
    unit = _unit_filter()

    class Meta:
        model = Payment
        fields = []


class ConfiscationFilterSet(_InspectionScoped):
    inspection_prefix = "sanction__inspection__"
    unit_prefix = ""
    sanction = django_filters.ModelChoiceFilter(queryset=Sanction.objects.all(), label=_("Sanction decision"),
                                                widget=LookupSelect("inspections.sanction"))
    item_kind = django_filters.ChoiceFilter(choices=Confiscation.ItemKind.choices, label=_("Item kind"))
    disposal = django_filters.ChoiceFilter(choices=Confiscation.Disposal.choices, label=_("Disposal"))
    field = _field_filter()
    decided_after = _date("decided_on", "gte", _("Decided from"))
    decided_before = _date("decided_on", "lte", _("Decided until"))
    unit = _unit_filter()

    class Meta:
        model = Confiscation
        fields = []
