"""REST endpoints of inspections: /api/inspections/inspections/, plans/, planned/, subjects/, violations/,
decisions/, payments/, confiscations/, provisions/ (the standard scoped CRUD, through the services)."""

import datetime

from ninja import Field, Router, Schema

from dieuhanh.core.api import InputSchema, crud_router

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
from .models import (
    Confiscation,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    SubjectKind,
    Violation,
)
from .models import Field as InspectionField

router = Router()


class ProvisionOut(Schema):
    id: int
    decree: str
    article: int
    clause: int | None
    point: str
    reference: str
    title: str
    field: str
    fine_min: int
    fine_max: int
    fine_applies_to: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    notes: str


class ProvisionIn(InputSchema):
    decree: str = Field(..., min_length=1, max_length=50)
    article: int = Field(..., ge=1)
    clause: int | None = Field(None, ge=1)
    point: str = Field("", max_length=5)
    title: str = Field(..., min_length=1)
    field: InspectionField
    fine_min: int = Field(..., ge=0)
    fine_max: int = Field(..., ge=0)
    fine_applies_to: Provision.AppliesTo = Provision.AppliesTo.ORGANISATION
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    notes: str = ""


class PlanOut(Schema):
    id: int
    year: int
    title: str
    organization: int = Field(..., alias="organization_id")
    decision_number: str
    decision_date: datetime.date | None
    approved_by: str
    notes: str


class PlanIn(InputSchema):
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=255)
    organization: int
    decision_number: str = Field("", max_length=100)
    decision_date: datetime.date | None = None
    approved_by: str = Field("", max_length=200)
    notes: str = ""


class PlannedOut(Schema):
    id: int
    plan: int = Field(..., alias="plan_id")
    kind: str
    field: str
    subject: str
    subject_organization: int | None = Field(None, alias="subject_organization_id")
    quarter: int | None
    notes: str


class PlannedIn(InputSchema):
    plan: int
    kind: InspectionKind = InspectionKind.PLANNED
    field: InspectionField
    subject: str = Field(..., min_length=1, max_length=255)
    subject_organization: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    notes: str = ""


class InspectionOut(Schema):
    id: int
    kind: str
    field: str
    title: str
    organization: int = Field(..., alias="organization_id")
    plan_item: int | None = Field(None, alias="plan_item_id")
    decision_number: str
    decision_date: datetime.date | None
    decision_signer: str
    leader: str
    members: str
    started_on: datetime.date
    ended_on: datetime.date | None
    findings: str
    conclusion_number: str
    conclusion_date: datetime.date | None


class InspectionIn(InputSchema):
    kind: InspectionKind
    field: InspectionField
    title: str = Field(..., min_length=1, max_length=255)
    organization: int
    plan_item: int | None = None
    decision_number: str = Field("", max_length=100)
    decision_date: datetime.date | None = None
    decision_signer: str = Field("", max_length=200)
    leader: str = Field("", max_length=200)
    members: str = ""
    started_on: datetime.date
    ended_on: datetime.date | None = None
    findings: str = ""
    conclusion_number: str = Field("", max_length=100)
    conclusion_date: datetime.date | None = None


class SubjectOut(Schema):
    id: int
    inspection: int = Field(..., alias="inspection_id")
    kind: str
    organization: int | None = Field(None, alias="organization_id")
    name: str
    address: str
    identifier: str
    representative: str
    notes: str


class SubjectIn(InputSchema):
    inspection: int
    kind: SubjectKind = SubjectKind.ORGANISATION
    organization: int | None = None
    name: str = Field("", max_length=255)
    address: str = Field("", max_length=255)
    identifier: str = Field("", max_length=50)
    representative: str = Field("", max_length=200)
    notes: str = ""


class ViolationOut(Schema):
    id: int
    subject: int = Field(..., alias="subject_id")
    inspection: int | None = Field(None, alias="inspection_id")
    provision: int = Field(..., alias="provision_id")
    act_date: datetime.date
    description: str


class ViolationIn(InputSchema):
    subject: int
    provision: int
    act_date: datetime.date
    description: str = Field(..., min_length=1)


class SanctionOut(Schema):
    id: int
    subject: int = Field(..., alias="subject_id")
    inspection: int | None = Field(None, alias="inspection_id")
    number: str
    date: datetime.date
    signer: str
    violations: list[int]
    fine_amount: int
    fine_outside_range: bool
    outside_range_reason: str
    additional_measures: str
    remedial_measures: str
    deadline: datetime.date | None
    enforcement: str
    appealed_on: datetime.date | None
    appeal_result: str

    @staticmethod
    def resolve_violations(obj):
        return [violation.pk for violation in obj.violations.all()]


class SanctionIn(InputSchema):
    subject: int
    number: str = Field(..., min_length=1, max_length=100)
    date: datetime.date
    signer: str = Field(..., min_length=1, max_length=200)
    violations: list[int] = []
    fine_amount: int = Field(0, ge=0)
    fine_outside_range: bool = Field(False, description="Confirms a fine outside the provisions' range")
    outside_range_reason: str = ""
    additional_measures: str = ""
    remedial_measures: str = ""
    deadline: datetime.date | None = None
    enforcement: Sanction.Enforcement = Sanction.Enforcement.UNPAID
    appealed_on: datetime.date | None = None
    appeal_result: str = ""


class PaymentOut(Schema):
    id: int
    sanction: int = Field(..., alias="sanction_id")
    paid_on: datetime.date
    amount: int
    receipt_number: str
    notes: str


class PaymentIn(InputSchema):
    sanction: int
    paid_on: datetime.date
    amount: int = Field(..., ge=1)
    receipt_number: str = Field("", max_length=100)
    notes: str = ""


class ConfiscationOut(Schema):
    id: int
    sanction: int = Field(..., alias="sanction_id")
    item_kind: str
    quantity: int | None
    unit: str
    description: str
    disposal: str
    disposed_on: datetime.date | None


class ConfiscationIn(InputSchema):
    sanction: int
    item_kind: Confiscation.ItemKind
    quantity: int | None = Field(None, ge=1, description="Required: how many items")
    unit: str = Field("bản", min_length=1, max_length=50)
    description: str = ""
    disposal: Confiscation.Disposal = Confiscation.Disposal.PENDING
    disposed_on: datetime.date | None = None


router.add_router("/inspections", crud_router(
    model=Inspection, out_schema=InspectionOut, in_schema=InspectionIn, filterset=InspectionFilterSet,
    create=services.create_inspection, update=services.update_inspection, delete=services.delete_inspection,
    ordering=("-started_on", "-pk"), tags=["inspections"]))
router.add_router("/plans", crud_router(
    model=InspectionPlan, out_schema=PlanOut, in_schema=PlanIn, filterset=InspectionPlanFilterSet,
    create=services.create_plan, update=services.update_plan, delete=services.delete_plan,
    ordering=("-year", "title", "pk"), tags=["inspection plans"]))
router.add_router("/planned", crud_router(
    model=PlannedInspection, out_schema=PlannedOut, in_schema=PlannedIn, filterset=PlannedInspectionFilterSet,
    create=services.create_planned, update=services.update_planned, delete=services.delete_planned,
    ordering=("plan_id", "quarter", "pk"), tags=["planned inspections"]))
router.add_router("/subjects", crud_router(
    model=InspectionSubject, out_schema=SubjectOut, in_schema=SubjectIn, filterset=InspectionSubjectFilterSet,
    create=services.create_subject, update=services.update_subject, delete=services.delete_subject,
    ordering=("inspection_id", "name", "pk"), tags=["inspected subjects"]))
router.add_router("/violations", crud_router(
    model=Violation, out_schema=ViolationOut, in_schema=ViolationIn, filterset=ViolationFilterSet,
    create=services.create_violation, update=services.update_violation, delete=services.delete_violation,
    ordering=("-act_date", "-pk"), tags=["violations"]))
router.add_router("/decisions", crud_router(
    model=Sanction, out_schema=SanctionOut, in_schema=SanctionIn, filterset=SanctionFilterSet,
    create=services.create_sanction, update=services.update_sanction, delete=services.delete_sanction,
    ordering=("-date", "-pk"), tags=["sanction decisions"], prefetch_related=("violations",)))
router.add_router("/payments", crud_router(
    model=Payment, out_schema=PaymentOut, in_schema=PaymentIn, filterset=PaymentFilterSet,
    create=services.create_payment, update=services.update_payment, delete=services.delete_payment,
    ordering=("-paid_on", "-pk"), tags=["fine payments"]))
router.add_router("/confiscations", crud_router(
    model=Confiscation, out_schema=ConfiscationOut, in_schema=ConfiscationIn, filterset=ConfiscationFilterSet,
    create=services.create_confiscation, update=services.update_confiscation,
    delete=services.delete_confiscation, ordering=("-pk",), tags=["confiscations"]))
router.add_router("/provisions", crud_router(
    model=Provision, out_schema=ProvisionOut, in_schema=ProvisionIn, filterset=ProvisionFilterSet,
    create=services.create_provision, update=services.update_provision, delete=services.delete_provision,
    ordering=("decree", "article", "clause", "point", "pk"), tags=["legal provisions"]))
