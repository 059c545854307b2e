import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.filters import BaseFilterSet
from dieuhanh.core.roles import Role
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit

from .models import Organization, Person


class OrganizationFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label=_("Kind"))
    province = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE,
                                                   valid_until__isnull=True).order_by("full_name"),
        method="filter_province", label=_("Province"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Administrative unit (id)"))
    # A lookup, not a plain select: rendering every organisation in scope as an <option> cost ~0.5 s
    # a page at 50,000 organisations (bench/, docs/performance.md).
    parent = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(), label=_("Parent organisation"),
                                              widget=LookupSelect("orgs.organization"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Active on"))

    class Meta:
        model = Organization
        fields = []

    def filter_province(self, queryset, name, value):
        # A province today includes the organisations recorded under the provinces merged into it.
        from dieuhanh.geo.services import province_scope_ids

        return queryset.filter(province_id__in=province_scope_ids(value.pk))

    def filter_active_on(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=value))


class PersonFilterSet(BaseFilterSet):
    organization = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(), label=_("Organisation"),
                                                    widget=LookupSelect("orgs.organization"))
    is_active = django_filters.BooleanFilter(label=_("Still in post"))

    class Meta:
        model = Person
        fields = []


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))
    organization = django_filters.ModelChoiceFilter(queryset=Organization.objects.all(), label=_("Acts for"),
                                                    widget=LookupSelect("orgs.organization"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = get_user_model()
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        for word in value.split():
            queryset = queryset.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                                       | Q(last_name__icontains=word) | Q(email__icontains=word))
        return queryset
