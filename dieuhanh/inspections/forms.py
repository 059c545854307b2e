from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, ScopedModelForm
from dieuhanh.core.widgets import LookupSelect

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

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ORGANIZATION = LookupSelect("orgs.organization")


class ProvisionForm(ScopedModelForm):
    class Meta:
        model = Provision
        fields = ["decree", "article", "clause", "point", "title", "field", "fine_min", "fine_max", "fine_applies_to",
                  "valid_from", "valid_until", "notes"]
        widgets = {"title": TEXTAREA, "notes": TEXTAREA}


class _OwnOrganizationByDefault:
    """A new record is the user's own organisation's unless they choose another."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = getattr(self.user, "organization_id", None)
        if not self.instance.pk and organization and not self.initial.get("organization"):
            self.initial["organization"] = organization


class InspectionPlanForm(_OwnOrganizationByDefault, ScopedModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "organization", "decision_number", "decision_date", "approved_by", "notes"]
        widgets = {"organization": ORGANIZATION, "notes": TEXTAREA}


class PlannedInspectionForm(ScopedModelForm):
    class Meta:
        model = PlannedInspection
        fields = ["plan", "kind", "field", "subject", "subject_organization", "quarter", "notes"]
        widgets = {"subject_organization": ORGANIZATION, "notes": TEXTAREA}


class InspectionForm(_OwnOrganizationByDefault, ScopedModelForm):
    class Meta:
        model = Inspection
        fields = ["kind", "field", "title", "organization", "plan_item", "decision_number", "decision_date",
                  "decision_signer", "leader", "members", "started_on", "ended_on", "findings", "conclusion_number",
                  "conclusion_date"]
        widgets = {"organization": ORGANIZATION, "members": TEXTAREA, "findings": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = self.fields["plan_item"].queryset.select_related("plan")


class InspectionSubjectForm(ScopedModelForm):
    class Meta:
        model = InspectionSubject
        fields = ["inspection", "kind", "organization", "name", "address", "identifier", "representative", "notes"]
        widgets = {"inspection": LookupSelect("inspections.inspection"), "organization": ORGANIZATION,
                   "notes": TEXTAREA}


class ViolationForm(ScopedModelForm):
    class Meta:
        model = Violation
        fields = ["subject", "provision", "act_date", "description"]
        widgets = {"subject": LookupSelect("inspections.inspectionsubject"),
                   "provision": LookupSelect("inspections.provision"), "description": TEXTAREA}


class SanctionForm(ScopedModelForm):
    class Meta:
        model = Sanction
        fields = ["subject", "number", "date", "signer", "violations", "fine_amount", "fine_outside_range",
                  "outside_range_reason", "additional_measures", "remedial_measures", "deadline", "enforcement",
                  "appealed_on", "appeal_result"]
        widgets = {"subject": LookupSelect("inspections.inspectionsubject"),
                   "violations": forms.CheckboxSelectMultiple, "outside_range_reason": TEXTAREA,
                   "additional_measures": TEXTAREA, "remedial_measures": TEXTAREA, "appeal_result": TEXTAREA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The violations offered are the subject's (chosen in the form, passed in the link, or the record's).
        subject = self.data.get("subject") or self.initial.get("subject") or self.instance.subject_id
        subject = getattr(subject, "pk", subject)
        queryset = self.fields["violations"].queryset.select_related("provision", "subject")
        self.fields["violations"].queryset = queryset.filter(subject_id=subject) if str(subject or "").isdigit() \
            else queryset.none()
        self.fields["violations"].label_from_instance = lambda v: f"{v.description} — {v.provision.reference}"


class PaymentForm(ScopedModelForm):
    class Meta:
        model = Payment
        fields = ["sanction", "paid_on", "amount", "receipt_number", "notes"]
        widgets = {"sanction": LookupSelect("inspections.sanction"), "notes": TEXTAREA}


class ConfiscationForm(ScopedModelForm):
    class Meta:
        model = Confiscation
        fields = ["sanction", "item_kind", "quantity", "unit", "description", "disposal", "disposed_on"]
        widgets = {"sanction": LookupSelect("inspections.sanction"), "description": TEXTAREA}


class ProgressDateForm(forms.Form):
    at = forms.DateField(label=_("Progress on"), required=False, widget=DateInput())
