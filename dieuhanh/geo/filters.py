import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.filters import BaseFilterSet

from .models import AdministrativeUnit
from .services import valid_on_q


class AdministrativeUnitFilterSet(BaseFilterSet):
    level = django_filters.ChoiceFilter(choices=AdministrativeUnit.Level.choices, label=_("Level"))
    province = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).order_by(
            "valid_until", "full_name"), label=_("Province"))
    # The drill-down province → districts → communes: links carry ?parent=<id>; the list's title names
    # the parent, so the field itself stays hidden (a select of every province and district would be huge).
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Parent unit"), widget=forms.HiddenInput)
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("In force on"))
    era = django_filters.ChoiceFilter(
        choices=[("current", _("In force now")), ("legacy", _("Before 1 July 2025 reform"))],
        method="filter_era", label=_("Era"))

    class Meta:
        model = AdministrativeUnit
        fields = []

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))

    def filter_era(self, queryset, name, value):
        return queryset.filter(valid_until__isnull=(value == "current"))
