"""Figures of the geo app: administrative units by level in force on a date."""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, register

from .filters import AdministrativeUnitFilterSet
from .models import AdministrativeUnit

register(Figure(
    key="geo.units_in_force",
    label=_("Administrative units in force"),
    unit=_("units"),
    model=AdministrativeUnit,
    filterset=AdministrativeUnitFilterSet,
    list_url_name="geo:administrativeunit_list",
    date_param="valid_on",
    breakdown=("level", "level"),
    breakdown_labels=lambda: dict(AdministrativeUnit.Level.choices),
    group="home",
))
