"""Pages of inspections and sanctions: the standard list / detail / edit / delete pages of each record,
a plan's progress on a date, the statistics page and the periodic inspection report (XLSX)."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dieuhanh.core import figures, memo, scoping
from dieuhanh.core.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from dieuhanh.core.roles import ADD, VIEW
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from . import services
from .filters import (
    ConfiscationFilterSet,
    InspectionFilterSet,
    InspectionPlanFilterSet,
    InspectionSubjectFilterSet,
    PaymentFilterSet,
    PlannedInspectionFilterSet,
    ProvisionFilterSet,
    SanctionFilterSet,
    ViolationFilterSet,
)
from .forms import (
    ConfiscationForm,
    InspectionForm,
    InspectionPlanForm,
    InspectionSubjectForm,
    PaymentForm,
    PlannedInspectionForm,
    ProgressDateForm,
    ProvisionForm,
    SanctionForm,
    ViolationForm,
)
from .models import (
    Confiscation,
    Field,
    Inspection,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    Violation,
)
from .tables import (
    ConfiscationTable,
    InspectionPlanTable,
    InspectionSubjectTable,
    InspectionTable,
    PaymentTable,
    PlannedInspectionTable,
    ProvisionTable,
    SanctionTable,
    ViolationTable,
)


def _crud_views(model, table, filterset, form, create, update, delete, fields, template=None, extra=None,
                related=()):
    """The four standard views of a model (list, detail, edit, delete)."""

    class ListView(ObjectListView):
        pass

    ListView.model, ListView.table, ListView.filterset = model, table, filterset

    class DetailView(ObjectDetailView):
        def get_queryset(self, request, action=VIEW):
            return super().get_queryset(request, action).select_related(*related)

        def extra_context(self, request, obj):
            return extra(request, obj) if extra else {}

    DetailView.model, DetailView.fields = model, fields
    DetailView.template_name = template or "core/object_detail.html"

    class EditView(ObjectEditView):
        pass

    EditView.model, EditView.form = model, form
    EditView.create_service, EditView.update_service = staticmethod(create), staticmethod(update)

    class DeleteView(ObjectDeleteView):
        pass

    DeleteView.model, DeleteView.delete_service = model, staticmethod(delete)
    return ListView, DetailView, EditView, DeleteView


def _may_add(user, model) -> bool:
    return scoping.can(user, model, ADD)


# --- detail pages with their children ---------------------------------------------------------------------


def _parse_date(value) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value or "", fmt).date()
        except ValueError:
            continue
    return None


def plan_context(request, plan):
    at = _parse_date(request.GET.get("at")) or timezone.localdate()
    progress, items = services.plan_progress(request.user, plan, at)
    return {"progress": progress, "items": items, "at": at,
            "progress_form": ProgressDateForm(initial={"at": at}),
            "may_add_item": _may_add(request.user, PlannedInspection),
            "may_add_inspection": _may_add(request.user, Inspection)}


def inspection_context(request, obj):
    user = request.user
    subjects = list(InspectionSubject.objects.restrict(user).filter(inspection=obj).select_related("organization"))
    violations = list(Violation.objects.restrict(user).filter(inspection=obj).select_related("provision", "subject"))
    sanctions = list(Sanction.objects.restrict(user).filter(inspection=obj).select_related("subject"))
    for violation in violations:
        violation.range = violation.provision.range_for(violation.subject.kind)
    confiscations = list(Confiscation.objects.restrict(user).filter(sanction__inspection=obj).select_related(
        "sanction"))
    paid = dict(Payment.objects.restrict(user).filter(sanction__inspection=obj).values_list("sanction_id")
                .annotate(total=Sum("amount")).order_by())
    for sanction in sanctions:
        sanction.paid = paid.get(sanction.pk, 0)
    return {"subjects": subjects, "violations": violations, "sanctions": sanctions, "confiscations": confiscations,
            "fines_total": sum(s.fine_amount for s in sanctions), "paid_total": sum(paid.values()),
            "may_add_subject": _may_add(user, InspectionSubject), "may_add_violation": _may_add(user, Violation),
            "may_add_sanction": _may_add(user, Sanction)}


def subject_context(request, obj):
    user = request.user
    violations = list(Violation.objects.restrict(user).filter(subject=obj).select_related("provision"))
    for violation in violations:
        violation.range = violation.provision.range_for(obj.kind)
    return {"violations": violations, "range": services.fine_range(violations, obj.kind),
            "sanctions": Sanction.objects.restrict(user).filter(subject=obj),
            "may_add_violation": _may_add(user, Violation), "may_add_sanction": _may_add(user, Sanction)}


def sanction_context(request, obj):
    user = request.user
    violations = list(Violation.objects.restrict(user).filter(sanctions=obj).select_related("provision"))
    payments = list(Payment.objects.restrict(user).filter(sanction=obj))
    paid = sum(p.amount for p in payments)
    return {"violations": violations, "range": services.fine_range(violations, obj.subject.kind),
            "payments": payments, "paid": paid, "left": max(0, obj.fine_amount - paid),
            "confiscations": Confiscation.objects.restrict(user).filter(sanction=obj),
            "may_add_payment": _may_add(user, Payment) and paid < obj.fine_amount,
            "may_add_confiscation": _may_add(user, Confiscation)}


def violation_context(request, obj):
    return {"range": obj.provision.range_for(obj.subject.kind)}


(ProvisionListView, ProvisionDetailView, ProvisionEditView, ProvisionDeleteView) = _crud_views(
    Provision, ProvisionTable, ProvisionFilterSet, ProvisionForm, services.create_provision,
    services.update_provision, services.delete_provision,
    ("decree", "article", "clause", "point", "title", "field", "fine_min", "fine_max", "fine_applies_to",
     "valid_from", "valid_until", "notes"))

(InspectionPlanListView, InspectionPlanDetailView, InspectionPlanEditView, InspectionPlanDeleteView) = _crud_views(
    InspectionPlan, InspectionPlanTable, InspectionPlanFilterSet, InspectionPlanForm, services.create_plan,
    services.update_plan, services.delete_plan,
    ("year", "title", "organization", "decision_number", "decision_date", "approved_by", "notes"),
    template="inspections/inspectionplan.html", extra=plan_context, related=("organization",))

(PlannedInspectionListView, PlannedInspectionDetailView, PlannedInspectionEditView,
 PlannedInspectionDeleteView) = _crud_views(
    PlannedInspection, PlannedInspectionTable, PlannedInspectionFilterSet, PlannedInspectionForm,
    services.create_planned, services.update_planned, services.delete_planned,
    ("plan", "kind", "field", "subject", "subject_organization", "quarter", "notes"),
    template="inspections/plannedinspection.html",
    extra=lambda request, obj: {"inspections": Inspection.objects.restrict(request.user).filter(plan_item=obj),
                                "may_add_inspection": _may_add(request.user, Inspection)})

(InspectionListView, InspectionDetailView, InspectionEditView, InspectionDeleteView) = _crud_views(
    Inspection, InspectionTable, InspectionFilterSet, InspectionForm, services.create_inspection,
    services.update_inspection, services.delete_inspection,
    ("kind", "field", "organization", "plan_item", "decision_number", "decision_date", "decision_signer", "leader",
     "members", "started_on", "ended_on", "findings", "conclusion_number", "conclusion_date"),
    template="inspections/inspection.html", extra=inspection_context, related=("organization", "plan_item"))

(InspectionSubjectListView, InspectionSubjectDetailView, InspectionSubjectEditView,
 InspectionSubjectDeleteView) = _crud_views(
    InspectionSubject, InspectionSubjectTable, InspectionSubjectFilterSet, InspectionSubjectForm,
    services.create_subject, services.update_subject, services.delete_subject,
    ("name", "kind", "inspection", "organization", "address", "identifier", "representative", "notes"),
    template="inspections/inspectionsubject.html", extra=subject_context, related=("inspection",))

(ViolationListView, ViolationDetailView, ViolationEditView, ViolationDeleteView) = _crud_views(
    Violation, ViolationTable, ViolationFilterSet, ViolationForm, services.create_violation,
    services.update_violation, services.delete_violation,
    ("subject", "inspection", "provision", "act_date", "description"),
    template="inspections/violation.html", extra=violation_context, related=("subject", "provision", "inspection"))

(SanctionListView, SanctionDetailView, SanctionEditView, SanctionDeleteView) = _crud_views(
    Sanction, SanctionTable, SanctionFilterSet, SanctionForm, services.create_sanction, services.update_sanction,
    services.delete_sanction,
    ("number", "date", "signer", "subject", "inspection", "fine_amount", "fine_outside_range",
     "outside_range_reason", "additional_measures", "remedial_measures", "deadline", "enforcement", "appealed_on",
     "appeal_result"),
    template="inspections/sanction.html", extra=sanction_context, related=("subject", "inspection"))

(PaymentListView, PaymentDetailView, PaymentEditView, PaymentDeleteView) = _crud_views(
    Payment, PaymentTable, PaymentFilterSet, PaymentForm, services.create_payment, services.update_payment,
    services.delete_payment, ("sanction", "paid_on", "amount", "receipt_number", "notes"),
    template="inspections/payment.html", related=("sanction",))

(ConfiscationListView, ConfiscationDetailView, ConfiscationEditView, ConfiscationDeleteView) = _crud_views(
    Confiscation, ConfiscationTable, ConfiscationFilterSet, ConfiscationForm, services.create_confiscation,
    services.update_confiscation, services.delete_confiscation,
    ("sanction", "item_kind", "quantity", "unit", "description", "disposal", "disposed_on"),
    template="inspections/confiscation.html", related=("sanction",))


# --- statistics and the periodic report ------------------------------------------------------------------

YEAR_CHOICES_BACK = 12


def _default_province(user) -> AdministrativeUnit | None:
    organization = Organization.objects.filter(pk=getattr(user, "organization_id", None)).select_related(
        "province").first()
    if organization is None:
        organization = Organization.objects.filter(operates_platform=True).select_related("province").first()
    if organization is None or organization.province is None:
        return None
    province = organization.province
    if province.valid_until is not None:  # a legacy province: the one it went into
        province = province.province_on(timezone.localdate()).first() or province
    return province


def _period_unit_field(request):
    """The statistics' period (a year, or from / to), unit and field, from the query string."""
    today = timezone.localdate()
    errors = []
    start, end = _parse_date(request.GET.get("start")), _parse_date(request.GET.get("end"))
    year = request.GET.get("year", "")
    if year.isdigit() and 1945 <= int(year) <= 2100:
        period = figures.Period.year(int(year))
    elif start or end:
        period = figures.Period(start, end)
        year = ""
    else:
        year = str(today.year - 1)  # the year-end report's question: last year's inspections
        period = figures.Period.year(int(year))
    if (request.GET.get("start") and not start) or (request.GET.get("end") and not end):
        errors.append(_("Dates: enter them as dd/mm/yyyy."))
    unit = None
    if (request.GET.get("unit") or "").isdigit():
        unit = AdministrativeUnit.objects.filter(pk=request.GET["unit"]).first()
    if unit is None and "unit" not in request.GET:
        unit = _default_province(request.user)
    field = request.GET.get("field") or ""
    if field not in Field.values:
        field = ""
    return period, year, unit, field, errors


def figure_values(user, period, unit, field):
    extra = {"field": field} if field else None
    return [figure.evaluate(user, period, [unit.pk] if unit else None, extra)
            for figure in figures.all_figures() if figure.key.startswith("inspections.")]


@login_required
def statistics(request):
    """The inspection figures for a period, unit and field, each number linking to its records."""
    if not scoping.can(request.user, Inspection, VIEW):
        raise PermissionDenied
    period, year, unit, field, errors = _period_unit_field(request)
    with memo.shared_lookups():  # the unit and its provinces: once for all figures
        values = figure_values(request.user, period, unit, field)
    from .filters import _unit_filter

    unit_field = _unit_filter().field
    today = timezone.localdate()
    return render(request, "inspections/statistics.html", {
        "values": values, "period": period, "unit": unit, "year": year, "errors": errors, "field": field,
        "fields": Field.choices, "years": list(range(today.year, today.year - YEAR_CHOICES_BACK, -1)),
        "unit_widget": unit_field.widget.render("unit", unit.pk if unit else None, {"id": "id_unit"}),
        "querystring": request.GET.urlencode(),
    })


@login_required
def report(request):
    """The periodic inspection report (XLSX): one row per field, the figures of the period as columns,
    and the total; the same figures as the statistics page."""
    if not scoping.can(request.user, Inspection, VIEW):
        raise PermissionDenied
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    period, _year, unit, _field, _errors = _period_unit_field(request)
    keys = ["inspections.inspections", "inspections.subjects", "inspections.violations", "inspections.decisions",
            "inspections.fines_imposed", "inspections.fines_collected", "inspections.confiscated"]
    columns = [figures.get(key) for key in keys]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Inspections"))[:31]
    span = f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}" if period.start and period.end else ""
    sheet.append([str(_("RESULTS OF INSPECTIONS, CHECKS AND ADMINISTRATIVE SANCTIONS"))])
    period_label, unit_label, every_unit = _("Period"), _("Unit"), _("all units in your scope")
    sheet.append([f"{period_label}: {span}", f"{unit_label}: {unit or every_unit}"])
    sheet.append([])
    kinds = [part_label for part_label in figures.get("inspections.inspections").breakdown_labels().values()]
    header = [str(_("No.")), str(pgettext("sector", "Field")), str(figures.get("inspections.inspections").label),
              *[str(k) for k in kinds], *[str(f.label) for f in columns[1:]]]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    rows = [(str(label), code) for code, label in Field.choices] + [(str(_("Total")), "")]
    for number, (label, code) in enumerate(rows, start=1):
        with memo.shared_lookups():
            values = figure_values(request.user, period, unit, code)
        by_key = {value.figure.key: value for value in values}
        inspections = by_key["inspections.inspections"]
        line = [number if code else "", label, inspections.value, *[part.value for part in inspections.parts],
                *[by_key[key].value for key in keys[1:]]]
        sheet.append(line)
        if not code:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index, width in enumerate([6, 38] + [16] * (len(header) - 2), start=1):
        sheet.column_dimensions[sheet.cell(row=4, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=5, min_col=3):
        for cell in row:
            cell.number_format = "#,##0"
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"bao-cao-thanh-tra-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx" if period.start and period.end \
        else "bao-cao-thanh-tra.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook.save(response)
    return response
