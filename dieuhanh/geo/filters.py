import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.filters import BaseFilterSet

from .models import AdministrativeUnit


class AdministrativeUnitFilterSet(BaseFilterSet):
    level = django_filters.ChoiceFilter(choices=AdministrativeUnit.Level.choices, label=_("Level"))
    province = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).order_by(
            "valid_until", "full_name"), label=_("Province"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Parent unit (id)"))
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("In force on"))
    era = django_filters.ChoiceFilter(
        choices=[("current", _("In force now")), ("legacy", _("Before 1 July 2025 reform"))],
        method="filter_era", label=_("Era"))

    class Meta:
        model = AdministrativeUnit
        fields = []

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=value))

    def filter_era(self, queryset, name, value):
        return queryset.filter(valid_until__isnull=(value == "current"))
