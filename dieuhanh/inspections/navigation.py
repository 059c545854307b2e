from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register

from .models import (
    Confiscation,
    Inspection,
    InspectionPlan,
    InspectionSubject,
    Payment,
    Provision,
    Sanction,
    Violation,
)

register(MenuGroup(_("Inspections"), [
    MenuItem(_("Inspections and checks"), "inspections:inspection_list", Inspection),
    MenuItem(_("Inspection plans"), "inspections:inspectionplan_list", InspectionPlan),
    MenuItem(_("Inspected subjects"), "inspections:inspectionsubject_list", InspectionSubject),
    MenuItem(_("Violations"), "inspections:violation_list", Violation),
    MenuItem(_("Sanction decisions"), "inspections:sanction_list", Sanction),
    MenuItem(_("Fine payments"), "inspections:payment_list", Payment),
    MenuItem(_("Confiscations"), "inspections:confiscation_list", Confiscation),
    MenuItem(_("Legal provisions"), "inspections:provision_list", Provision),
    MenuItem(_("Statistics"), "inspections:statistics", Inspection),
], weight=55))
search.register(Inspection, select_related=("organization",), order_by=("-started_on",))
search.register(InspectionSubject, select_related=("inspection",), order_by=("name",))
search.register(Sanction, select_related=("subject",), order_by=("-date",))
search.register(Provision, order_by=("decree", "article"))
