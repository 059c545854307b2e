"""Figures of inspections and sanctions (see core.figures and DESIGN.md, "Figures").

Seed 001: "27 inspections and checks, 115 million VND of administrative fines, 1,964 publications
confiscated" are `inspections.inspections`, `inspections.fines_imposed` and the publications part of
`inspections.confiscated`. Periods: inspections, their subjects and violations count in the period
the inspection started; decisions, fines imposed and confiscations in the period of the decision
date; fines collected in the period of payment. Units: the inspecting organisation's (a province
includes the legacy provinces merged into it). Every figure takes `field` as an extra parameter.
"""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, register

from .filters import (
    ConfiscationFilterSet,
    InspectionFilterSet,
    InspectionSubjectFilterSet,
    PaymentFilterSet,
    SanctionFilterSet,
    ViolationFilterSet,
)
from .models import Confiscation, Inspection, InspectionKind, InspectionSubject, Payment, Sanction, Violation

STARTED_IN_PERIOD = ("started_after", "started_before")
DECIDED_IN_PERIOD = ("date_after", "date_before")

register(Figure(
    key="inspections.inspections",
    label=_("Inspections and checks"),
    unit=_("inspections"),
    model=Inspection,
    filterset=InspectionFilterSet,
    list_url_name="inspections:inspection_list",
    period_params=STARTED_IN_PERIOD,
    unit_param="unit",
    breakdown=("kind", "kind"),
    breakdown_labels=lambda: dict(InspectionKind.choices),
    description=_("Inspections and checks started in the period, by kind"),
    group="inspections",
))

register(Figure(
    key="inspections.subjects",
    label=_("Subjects inspected"),
    unit=_("subjects"),
    model=InspectionSubject,
    filterset=InspectionSubjectFilterSet,
    list_url_name="inspections:inspectionsubject_list",
    period_params=STARTED_IN_PERIOD,
    unit_param="unit",
    description=_("Organisations, individuals and businesses inspected in the inspections of the period"),
    group="inspections",
))

register(Figure(
    key="inspections.violations",
    label=_("Violations found"),
    unit=_("violations"),
    model=Violation,
    filterset=ViolationFilterSet,
    list_url_name="inspections:violation_list",
    period_params=STARTED_IN_PERIOD,
    unit_param="unit",
    description=_("Violations recorded in the inspections of the period"),
    group="inspections",
))

register(Figure(
    key="inspections.decisions",
    label=_("Sanction decisions"),
    unit=_("decisions"),
    model=Sanction,
    filterset=SanctionFilterSet,
    list_url_name="inspections:sanction_list",
    period_params=DECIDED_IN_PERIOD,
    unit_param="unit",
    breakdown=("enforcement", "enforcement"),
    breakdown_labels=lambda: dict(Sanction.Enforcement.choices),
    description=_("Sanction decisions dated in the period, by enforcement status"),
    group="inspections",
))

register(Figure(
    key="inspections.fines_imposed",
    label=_("Administrative fines imposed"),
    unit="đ",
    model=Sanction,
    filterset=SanctionFilterSet,
    list_url_name="inspections:sanction_list",
    aggregate="sum:fine_amount",
    period_params=DECIDED_IN_PERIOD,
    unit_param="unit",
    description=_("Fines of the sanction decisions dated in the period"),
    group="inspections",
))

register(Figure(
    key="inspections.fines_collected",
    label=_("Administrative fines collected"),
    unit="đ",
    model=Payment,
    filterset=PaymentFilterSet,
    list_url_name="inspections:payment_list",
    aggregate="sum:amount",
    period_params=("paid_after", "paid_before"),
    unit_param="unit",
    description=_("Fine payments made in the period"),
    group="inspections",
))

register(Figure(
    key="inspections.confiscated",
    label=_("Items confiscated"),
    unit=_("items"),
    model=Confiscation,
    filterset=ConfiscationFilterSet,
    list_url_name="inspections:confiscation_list",
    aggregate="sum:quantity",
    period_params=("decided_after", "decided_before"),
    unit_param="unit",
    breakdown=("item_kind", "item_kind"),
    breakdown_labels=lambda: dict(Confiscation.ItemKind.choices),
    description=_("Items confiscated by the decisions dated in the period, by kind"),
    group="inspections",
))
