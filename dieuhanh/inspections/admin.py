from django.contrib import admin

from dieuhanh.core.admin import SoftDeleteAdmin

from .models import (
    Confiscation,
    Inspection,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    Violation,
)


@admin.register(Provision)
class ProvisionAdmin(SoftDeleteAdmin):
    list_display = ("decree", "article", "clause", "point", "field", "fine_min", "fine_max", "valid_from",
                    "valid_until")
    list_filter = ("decree", "field")
    search_fields = ("decree", "search_text")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(SoftDeleteAdmin):
    list_display = ("title", "year", "organization", "decision_number")
    list_filter = ("year",)
    search_fields = ("title", "search_text")
    raw_id_fields = ("organization",)


@admin.register(PlannedInspection)
class PlannedInspectionAdmin(SoftDeleteAdmin):
    list_display = ("subject", "plan", "kind", "field", "quarter")
    list_filter = ("kind", "field")
    raw_id_fields = ("plan", "subject_organization")


@admin.register(Inspection)
class InspectionAdmin(SoftDeleteAdmin):
    list_display = ("title", "kind", "field", "organization", "started_on", "ended_on")
    list_filter = ("kind", "field")
    search_fields = ("title", "search_text")
    raw_id_fields = ("organization", "plan_item")


@admin.register(InspectionSubject)
class InspectionSubjectAdmin(SoftDeleteAdmin):
    list_display = ("name", "kind", "inspection")
    list_filter = ("kind",)
    search_fields = ("name", "search_text")
    raw_id_fields = ("inspection", "organization")


@admin.register(Violation)
class ViolationAdmin(SoftDeleteAdmin):
    list_display = ("subject", "provision", "act_date")
    search_fields = ("search_text",)
    raw_id_fields = ("subject", "provision")


@admin.register(Sanction)
class SanctionAdmin(SoftDeleteAdmin):
    list_display = ("number", "date", "subject", "fine_amount", "enforcement")
    list_filter = ("enforcement",)
    search_fields = ("number", "search_text")
    raw_id_fields = ("subject",)
    filter_horizontal = ("violations",)
    readonly_fields = ("enforcement",)


@admin.register(Payment)
class PaymentAdmin(SoftDeleteAdmin):
    list_display = ("sanction", "paid_on", "amount", "receipt_number")
    raw_id_fields = ("sanction",)


@admin.register(Confiscation)
class ConfiscationAdmin(SoftDeleteAdmin):
    list_display = ("sanction", "item_kind", "quantity", "unit", "disposal")
    list_filter = ("item_kind", "disposal")
    raw_id_fields = ("sanction",)
