"""Figures of the grassroots radio network (see core.figures and DESIGN.md, "Figures").

Periods: a work counts in the period its **acceptance date** (nghiệm thu) falls in; a work not yet
accepted counts nowhere. "Repaired and upgraded" (seed 000: "sửa chữa, nâng cấp 46 đài") is one
figure, repairs plus upgrades, broken down by kind; relocations are counted by neither works figure
but their cost is in the spending. Stations and communes covered are "as of" the period's end date:
a station's status on that date is its latest status change on or before it. Units: a province or
commune of today includes the records made under the legacy units that went into it.
"""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, register
from dieuhanh.geo.models import AdministrativeUnit

from .filters import (
    BulletinFilterSet,
    CommuneFilterSet,
    InterferenceReportFilterSet,
    RadioStationFilterSet,
    StationWorkFilterSet,
)
from .models import Bulletin, InterferenceReport, RadioStation, StationWork, Status, Technology

ACCEPTED_IN_PERIOD = ("accepted_after", "accepted_before")
Kind = StationWork.Kind

register(Figure(
    key="grassroots.works_new_build",
    label=_("Radio stations newly built"),
    unit=_("stations"),
    model=StationWork,
    filterset=StationWorkFilterSet,
    list_url_name="grassroots:stationwork_list",
    period_params=ACCEPTED_IN_PERIOD,
    unit_param="unit",
    fixed_params={"kind": [Kind.NEW_BUILD]},
    description=_("New-build works accepted in the period"),
    group="grassroots",
))

register(Figure(
    key="grassroots.works_repair",
    label=_("Radio stations repaired and upgraded"),
    unit=_("works"),
    model=StationWork,
    filterset=StationWorkFilterSet,
    list_url_name="grassroots:stationwork_list",
    period_params=ACCEPTED_IN_PERIOD,
    unit_param="unit",
    fixed_params={"kind": [Kind.REPAIR, Kind.UPGRADE]},
    breakdown=("kind", "kind"),
    breakdown_labels=lambda: {Kind.REPAIR: Kind.REPAIR.label, Kind.UPGRADE: Kind.UPGRADE.label},
    description=_("Repair and upgrade works accepted in the period"),
    group="grassroots",
))

register(Figure(
    key="grassroots.spending",
    label=_("Spending on radio stations"),
    unit="đ",
    model=StationWork,
    filterset=StationWorkFilterSet,
    list_url_name="grassroots:stationwork_list",
    aggregate="sum:cost",
    period_params=ACCEPTED_IN_PERIOD,
    unit_param="unit",
    breakdown=("funding_source", "funding_source"),
    breakdown_labels=lambda: dict(StationWork.Funding.choices),
    description=_("Cost of the works accepted in the period, by funding source"),
    group="grassroots",
))

register(Figure(
    key="grassroots.stations",
    label=_("Radio stations by status"),
    unit=_("stations"),
    model=RadioStation,
    filterset=RadioStationFilterSet,
    list_url_name="grassroots:radiostation_list",
    date_param="at",
    unit_param="unit",
    breakdown=("status", "status_then"),
    breakdown_labels=lambda: dict(Status.choices),
    description=_("Stations in the register on the date, by their status on that date"),
    group="grassroots",
))

register(Figure(
    key="grassroots.stations_by_technology",
    label=_("Radio stations by technology"),
    unit=_("stations"),
    model=RadioStation,
    filterset=RadioStationFilterSet,
    list_url_name="grassroots:radiostation_list",
    date_param="at",
    unit_param="unit",
    breakdown=("technology", "technology"),
    breakdown_labels=lambda: dict(Technology.choices),
    group="grassroots",
))

register(Figure(
    key="grassroots.communes_covered",
    label=_("Communes with an operating radio station"),
    unit=_("communes"),
    model=AdministrativeUnit,
    filterset=CommuneFilterSet,
    list_url_name="grassroots:commune_list",
    date_param="at",
    unit_param="unit",
    fixed_params={"covered": "true"},
    description=_("Communes in force on the date with at least one station operating on that date"),
    group="grassroots",
))

register(Figure(
    key="grassroots.communes_without_station",
    label=_("Communes without an operating radio station"),
    unit=_("communes"),
    model=AdministrativeUnit,
    filterset=CommuneFilterSet,
    list_url_name="grassroots:commune_list",
    date_param="at",
    unit_param="unit",
    fixed_params={"covered": "false"},
    group="grassroots",
))

register(Figure(
    key="grassroots.interference_reports",
    label=_("Interference reports"),
    unit=_("reports"),
    model=InterferenceReport,
    filterset=InterferenceReportFilterSet,
    list_url_name="grassroots:interferencereport_list",
    period_params=("reported_after", "reported_before"),
    unit_param="unit",
    breakdown=("state", "state"),
    breakdown_labels=lambda: dict(InterferenceReport.State.choices),
    group="grassroots",
))

register(Figure(
    key="grassroots.bulletins",
    label=_("Bulletins broadcast"),
    unit=_("bulletins"),
    model=Bulletin,
    filterset=BulletinFilterSet,
    list_url_name="grassroots:bulletin_list",
    period_params=("broadcast_after", "broadcast_before"),
    unit_param="unit",
    breakdown=("priority", "priority"),
    breakdown_labels=lambda: dict(Bulletin.Priority.choices),
    group="grassroots",
))
