from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import ScopedModelForm
from dieuhanh.core.roles import CHANGE
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.orgs.models import Organization

from .models import AgendaItem, BridgePoint, Directive, Meeting, MeetingSeries, Participant, Recommendation

DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class DateTimeInput(forms.DateTimeInput):
    """dd/mm/yyyy hh:mm, typed (the project's format), like core's DateInput."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy hh:mm", **(attrs or {})}, format=DATETIME_FORMAT)


def _organizations_in_force(field) -> None:
    """Many-to-many choices of organisations: those in force only, so the list stays short."""
    field.queryset = field.queryset.filter(valid_until__isnull=True).order_by("name")
    field.widget.attrs.update({"size": 8, "class": "form-select"})
    field.help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")


class MeetingSeriesForm(ScopedModelForm):
    class Meta:
        model = MeetingSeries
        fields = ["name", "organization", "description"]
        widgets = {"organization": LookupSelect("orgs.organization"), "description": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "kind", "series", "starts_at", "ends_at", "host_organization", "chair", "chair_name",
                  "chair_position", "location", "video_link", "invited_organizations", "host_attendee_count",
                  "status", "notes"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "host_organization": LookupSelect("orgs.organization"),
            "chair": LookupSelect("orgs.person"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = DateTimeInput(attrs={"class": "form-control"})
            self.fields[name].input_formats = [DATETIME_FORMAT, "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M",
                                               "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        _organizations_in_force(self.fields["invited_organizations"])
        self.fields["series"].queryset = self.fields["series"].queryset.select_related("organization")


class ConclusionForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = ["conclusion_number", "concluded_on", "conclusion_text"]
        widgets = {"conclusion_text": forms.Textarea(attrs={"rows": 8})}


class _PartForm(ScopedModelForm):
    """A part of a meeting: only meetings the user may change are offered."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = Meeting.objects.restrict(user, CHANGE)


class AgendaItemForm(_PartForm):
    class Meta:
        model = AgendaItem
        fields = ["meeting", "order", "title", "presenter", "duration_minutes", "notes"]
        widgets = {"meeting": LookupSelect("meetings.meeting"), "notes": forms.Textarea(attrs={"rows": 3})}


class BridgePointForm(_PartForm):
    class Meta:
        model = BridgePoint
        fields = ["meeting", "organization", "location", "chair_name", "chair_position", "expected_attendees",
                  "attendee_count", "connection_status", "note"]
        widgets = {"meeting": LookupSelect("meetings.meeting"), "organization": LookupSelect("orgs.organization"),
                   "note": forms.Textarea(attrs={"rows": 2})}


class ParticipantForm(_PartForm):
    class Meta:
        model = Participant
        fields = ["meeting", "bridge_point", "full_name", "position", "organization", "attended"]
        widgets = {"meeting": LookupSelect("meetings.meeting"), "organization": LookupSelect("orgs.organization")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # The bridge points of the chosen meeting (or of the one being edited), not of every meeting.
        meeting = self.data.get("meeting") or self.initial.get("meeting") or self.instance.meeting_id
        points = self.fields["bridge_point"].queryset.select_related("organization")
        try:
            self.fields["bridge_point"].queryset = points.filter(meeting_id=int(getattr(meeting, "pk", meeting)))
        except (TypeError, ValueError):
            self.fields["bridge_point"].queryset = points.none()


class DirectiveForm(_PartForm):
    class Meta:
        model = Directive
        fields = ["meeting", "order", "text", "lead_organization", "cooperating_organizations", "deadline",
                  "working_days"]
        widgets = {"meeting": LookupSelect("meetings.meeting"), "lead_organization": LookupSelect("orgs.organization"),
                   "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        _organizations_in_force(self.fields["cooperating_organizations"])


class ConclusionDirectiveForm(DirectiveForm):
    """A row of the conclusion's directive formset: the meeting is the page's."""

    class Meta(DirectiveForm.Meta):
        fields = ["order", "text", "lead_organization", "cooperating_organizations", "deadline", "working_days"]
        widgets = {"lead_organization": LookupSelect("orgs.organization"), "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cooperating_organizations"].widget.attrs["size"] = 4
        if self.instance.is_issued:
            self.fields["text"].help_text = _("Already issued as a task: changes here do not change the task.")


class BaseDirectiveFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk and form.instance.is_issued:
            form.fields.pop("DELETE", None)  # its task exists: cancel the task instead

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Every row offers the same organisations: read them once for the page, not once a row.
        if not hasattr(self, "_cooperating_choices"):
            self._cooperating_choices = list(form.fields["cooperating_organizations"].choices)
        form.fields["cooperating_organizations"].choices = self._cooperating_choices
        return form

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "user": self.user}
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"order": index + 1}  # blank rows number on; an untouched one is skipped
        return kwargs

    def rows(self) -> list:
        """(directive or None, data or None to delete) for services.save_conclusion."""
        result = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            deleting = self.can_delete and self._should_delete_form(form)
            instance = form.instance if form.instance.pk else None
            result.append((instance, None if deleting else form.changed_data_dict()))
        return result

    def row_form(self, index):
        """The form of the index-th row handed to the service (rows() skips untouched blank rows)."""
        position = -1
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            position += 1
            if position == index:
                return form
        return None


DirectiveFormSet = forms.modelformset_factory(Directive, form=ConclusionDirectiveForm, formset=BaseDirectiveFormSet,
                                              extra=3, can_delete=True)


class RecommendationForm(ScopedModelForm):
    class Meta:
        model = Recommendation
        fields = ["raised_by", "meeting", "document_ref", "raised_on", "topic", "content", "assigned_to",
                  "answer_due"]
        widgets = {"raised_by": LookupSelect("orgs.organization"), "meeting": LookupSelect("meetings.meeting"),
                   "assigned_to": LookupSelect("orgs.organization"), "content": forms.Textarea(attrs={"rows": 4})}


class AnswerForm(ScopedModelForm):
    class Meta:
        model = Recommendation
        fields = ["answer_text", "answered_by", "answered_on"]
        widgets = {"answered_by": LookupSelect("orgs.organization"), "answer_text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["answer_text"].required = True
        if not self.instance.answered_by_id:
            self.initial.setdefault("answered_by",
                                    self.instance.assigned_to_id or getattr(user, "organization_id", None))
        self.fields["answered_by"].queryset = Organization.objects.restrict(user)
