"""Figures of the orgs app: organisations by kind."""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, register

from .filters import OrganizationFilterSet
from .models import Organization

register(Figure(
    key="orgs.organizations",
    label=_("Organisations"),
    unit=_("organisations"),
    model=Organization,
    filterset=OrganizationFilterSet,
    list_url_name="orgs:organization_list",
    date_param="active_on",
    unit_param="province",
    breakdown=("kind", "kind"),
    breakdown_labels=lambda: dict(Organization.Kind.choices),
    group="home",
))
