"""Task forms: details (department), the life-cycle forms on the task page, and the XLSX import."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, ScopedModelForm
from dieuhanh.core.imports import Importer
from dieuhanh.core.text import fold
from dieuhanh.core.widgets import FastSelectMultiple, LookupSelect
from dieuhanh.orgs.models import Organization, User

from .models import Task


def assignable_users(user):
    """Accounts a user may name as person in charge: active, acting for an organisation they see."""
    return User.objects.filter(is_active=True, organization__in=Organization.objects.restrict(user).values("pk")) \
        .select_related("organization").order_by("organization__name", "first_name", "last_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        organization = obj.organization.short_name or obj.organization.name if obj.organization_id else ""
        return f"{name} ({obj.username}){' — ' + organization if organization else ''}"


class TaskForm(ScopedModelForm):
    """A task's details. Its state, progress, completion and cancelling are separate actions."""

    class Meta:
        model = Task
        fields = ["title", "content", "is_key", "source_kind", "source_number", "source_date", "source_signer",
                  "assigning_authority", "lead_organization", "cooperating_organizations", "person_in_charge",
                  "priority", "assigned_on", "start_date", "deadline", "is_regular", "working_days"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 4}),
            "assigning_authority": LookupSelect("orgs.organization"),
            "lead_organization": LookupSelect("orgs.organization"),
        }
        field_classes = {"person_in_charge": PersonChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["person_in_charge"].queryset = assignable_users(user)
        cooperating = self.fields["cooperating_organizations"]
        cooperating.widget = FastSelectMultiple(attrs={"class": "form-select", "size": 8},
                                                choices=cooperating.widget.choices)
        cooperating.help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["deadline"].help_text = _("Leave empty when the deadline is given in working days, or for a "
                                              "regular task.")


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), required=False, widget=DateInput())
    percent = forms.IntegerField(label=_("Progress (%)"), required=False, min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "progress_%s")
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _style(self)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput())
    result = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Documents, links or numbers that show the result; attach files to the "
                                           "completion report afterwards."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "complete_%s")
        kwargs.setdefault("initial", {"completed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _style(self)


class ExtensionRequestForm(forms.Form):
    new_deadline = forms.DateField(label=_("Requested deadline"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "extension_%s")
        super().__init__(*args, **kwargs)
        _style(self)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(choices=[("1", _("Approve")), ("0", _("Refuse"))],
                                     coerce=lambda value: value == "1", label=_("Decision"))
    new_deadline = forms.DateField(label=_("Granted deadline"), required=False, widget=DateInput(),
                                   help_text=_("Leave empty to grant the requested deadline."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        _style(self)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "cancel_%s")
        super().__init__(*args, **kwargs)
        _style(self)


def _style(form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                      else "form-control")


# --- import --------------------------------------------------------------------------------------------

_REGULAR_WORDS = {"thuong xuyen", "regular", "hang nam", "hang thang", "hang quy", "lien tuc"}
_WORKING_DAYS = re.compile(r"^(\d{1,3})\s*(ngay lam viec|ngay|working days?|days?)$")
_TRUE = {"x", "co", "yes", "true", "1", "v", "trong tam", "key"}


class OrganizationMatcher:
    """Organisations by name as offices write them: accents and case optional, short name or code
    accepted, only among the organisations the importing user can see."""

    def __init__(self, user):
        self.user = user
        self._index: dict[str, list[Organization]] | None = None

    def index(self) -> dict[str, list[Organization]]:
        if self._index is None:
            index: dict[str, list[Organization]] = {}
            for organization in Organization.objects.restrict(self.user).only("pk", "name", "short_name", "code"):
                keys = {fold(organization.name), fold(organization.short_name), fold(organization.code)}
                for key in keys - {""}:
                    index.setdefault(key, []).append(organization)
            self._index = index
        return self._index

    def find(self, name: str) -> Organization:
        matches = self.index().get(fold(name), [])
        if not matches:
            raise forms.ValidationError(_("No organisation you can see is called “%(name)s”.") % {"name": name})
        if len({organization.pk for organization in matches}) > 1:
            raise forms.ValidationError(_("Several organisations are called “%(name)s”: use the code instead.")
                                        % {"name": name})
        return matches[0]

    def find_many(self, text: str) -> list[Organization]:
        """Names separated by semicolons or new lines; commas too when a name has none of its own."""
        found, missing = [], []
        for part in (p.strip() for p in re.split(r"[;\n]+", text or "")):
            if not part:
                continue
            try:
                found.append(self.find(part))
                continue
            except forms.ValidationError:
                pass
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            matched = []
            for piece in pieces:
                try:
                    matched.append(self.find(piece))
                except forms.ValidationError:
                    missing.append(piece)
            found.extend(matched)
        if missing:
            raise forms.ValidationError(_("No organisation you can see is called: %(names)s.")
                                        % {"names": "; ".join(f"“{name}”" for name in missing)})
        return list({organization.pk: organization for organization in found}.values())


class TaskImportForm(forms.Form):
    """One row of a task list as the committee's office sends it."""

    title = forms.CharField(max_length=500, required=False)
    content = forms.CharField(required=False)
    lead_organization = forms.CharField()
    cooperating_organizations = forms.CharField(required=False)
    deadline = forms.CharField(required=False, help_text=_("A date, “N ngày làm việc” or “Thường xuyên”"))
    start_date = forms.DateField(required=False)
    assigned_on = forms.DateField(required=False)
    source_number = forms.CharField(max_length=100, required=False)
    source_date = forms.DateField(required=False)
    source_signer = forms.CharField(max_length=150, required=False)
    assigning_authority = forms.CharField(required=False)
    source_kind = forms.CharField(required=False)
    priority = forms.CharField(required=False)
    is_key = forms.CharField(required=False)
    person_in_charge = forms.CharField(required=False)

    def __init__(self, *args, user=None, matcher: OrganizationMatcher | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.matcher = matcher or OrganizationMatcher(user)

    def clean_lead_organization(self):
        return self.matcher.find(self.cleaned_data["lead_organization"])

    def clean_cooperating_organizations(self):
        return self.matcher.find_many(self.cleaned_data.get("cooperating_organizations", ""))

    def clean_assigning_authority(self):
        name = self.cleaned_data.get("assigning_authority", "").strip()
        return self.matcher.find(name) if name else None

    def clean_deadline(self):
        text = self.cleaned_data.get("deadline", "").strip()
        if not text:
            return {}
        key = fold(text)
        if key in _REGULAR_WORDS:
            return {"is_regular": True}
        match = _WORKING_DAYS.match(key)
        if match:
            return {"working_days": int(match.group(1))}
        try:
            return {"deadline": forms.DateField().clean(text)}
        except forms.ValidationError as exc:
            raise forms.ValidationError(_("Enter a date (dd/mm/yyyy), a number of working days (“10 ngày làm "
                                          "việc”) or “Thường xuyên”.")) from exc

    def clean_source_kind(self):
        value = fold(self.cleaned_data.get("source_kind", ""))
        if not value:
            return ""
        for code, label in Task.Source.choices:
            names = {fold(code)}
            for language in ("vi", "en"):
                with translation.override(language):
                    names.add(fold(str(label)))
            if value in names:
                return code
        aliases = {"van ban": Task.Source.DOCUMENT, "ket luan": Task.Source.MEETING, "hop": Task.Source.MEETING,
                   "hoi nghi": Task.Source.MEETING, "dot xuat": Task.Source.AD_HOC}
        for alias, code in aliases.items():
            if alias in value:
                return code
        raise forms.ValidationError(_("Unknown source. Use one of: %(kinds)s.")
                                    % {"kinds": ", ".join(str(label) for _c, label in Task.Source.choices)})

    def clean_priority(self):
        value = fold(self.cleaned_data.get("priority", ""))
        if not value:
            return Task.Priority.NORMAL
        if value.isdigit() and int(value) in Task.Priority.values:
            return int(value)
        aliases = {"khan": Task.Priority.URGENT, "hoa toc": Task.Priority.URGENT, "cao": Task.Priority.HIGH,
                   "thap": Task.Priority.LOW, "binh thuong": Task.Priority.NORMAL}
        for code, label in Task.Priority.choices:
            for language in ("vi", "en"):
                with translation.override(language):
                    aliases[fold(str(label))] = code
        if value in aliases:
            return aliases[value]
        raise forms.ValidationError(_("Unknown priority. Use one of: %(values)s.")
                                    % {"values": ", ".join(str(label) for _c, label in Task.Priority.choices)})

    def clean_is_key(self):
        return fold(self.cleaned_data.get("is_key", "")) in _TRUE

    def clean_person_in_charge(self):
        name = self.cleaned_data.get("person_in_charge", "").strip()
        if not name:
            return None
        person = assignable_users(self.user).filter(username__iexact=name).first()
        if person is None:
            raise forms.ValidationError(_("No active account you can assign is called “%(name)s”.")
                                        % {"name": name})
        return person

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title") or "").strip() and not (cleaned.get("content") or "").strip():
            self.add_error("title", _("Give the task's title or its content."))
        return cleaned


class TaskImporter(Importer):
    """A task list in XLSX or CSV. Headers as the committee's office writes them, or in English."""

    form_class = TaskImportForm
    label = _("tasks")
    columns = {
        "title": ("Tên nhiệm vụ", "Nhiệm vụ", "Trích yếu", "Title", "Task"),
        "content": ("Nội dung nhiệm vụ", "Nội dung", "Content"),
        "lead_organization": ("Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì", "Lead organisation",
                              "Lead organization"),
        "cooperating_organizations": ("Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp", "Co-operating organisations",
                                      "Cooperating organizations"),
        "deadline": ("Thời hạn", "Thời hạn hoàn thành", "Hạn hoàn thành", "Deadline"),
        "start_date": ("Ngày bắt đầu", "Start date"),
        "assigned_on": ("Ngày giao", "Assigned on"),
        "source_number": ("Số văn bản", "Số hiệu văn bản", "Số ký hiệu", "Document number"),
        "source_date": ("Ngày văn bản", "Ngày ban hành", "Document date"),
        "source_signer": ("Người ký", "Signed by", "Signer"),
        "assigning_authority": ("Cơ quan giao", "Cơ quan giao nhiệm vụ", "Assigning authority"),
        "source_kind": ("Nguồn", "Nguồn giao", "Source"),
        "priority": ("Mức độ ưu tiên", "Ưu tiên", "Priority"),
        "is_key": ("Trọng tâm", "Nhiệm vụ trọng tâm", "Key task"),
        "person_in_charge": ("Tài khoản phụ trách", "Người phụ trách", "Person in charge"),
    }

    def __init__(self, user):
        super().__init__(user)
        self.matcher = OrganizationMatcher(user)

    def validate_row(self, values: dict):
        form = self.form_class(data=values, user=self.user, matcher=self.matcher)
        if not form.is_valid():
            return None, {self._label(name): [str(e) for e in errs] for name, errs in form.errors.items()}
        # The task's own rules (a deadline before the start…) show in the preview, not only when applying.
        data, _cooperating = self.row_data(form.cleaned_data)
        task = Task(**data)
        task.compute_deadline()
        try:
            task.full_clean()
        except ValidationError as exc:
            aliases = {"working_days": "deadline", "is_regular": "deadline"}
            return None, {self._label(aliases.get(name, name)): list(messages)
                          for name, messages in exc.message_dict.items()}
        return form.cleaned_data, {}

    def row_data(self, cleaned: dict) -> tuple[dict, list]:
        content = (cleaned.get("content") or "").strip()
        title = (cleaned.get("title") or "").strip() or content.split("\n", 1)[0][:500]
        data = {
            "title": title, "content": content,
            "lead_organization": cleaned["lead_organization"],
            "assigning_authority": cleaned.get("assigning_authority"),
            "source_number": cleaned.get("source_number") or "",
            "source_date": cleaned.get("source_date"),
            "source_signer": cleaned.get("source_signer") or "",
            "priority": cleaned.get("priority") or Task.Priority.NORMAL,
            "is_key": bool(cleaned.get("is_key")),
            "person_in_charge": cleaned.get("person_in_charge"),
            "start_date": cleaned.get("start_date"),
            **(cleaned.get("deadline") or {}),
        }
        if cleaned.get("assigned_on"):
            data["assigned_on"] = cleaned["assigned_on"]
        data["source_kind"] = cleaned.get("source_kind") or (Task.Source.DOCUMENT if data["source_number"]
                                                             else Task.Source.AD_HOC)
        return data, cleaned.get("cooperating_organizations") or []

    def save_row(self, cleaned: dict):
        """A row with a document number updates the task of that document, title and lead organisation
        already there (the office re-sends its list with new deadlines); any other row is a new task."""
        from django.core.exceptions import PermissionDenied

        from .services import create_task, update_task

        data, cooperating = self.row_data(cleaned)
        existing = None
        if data["source_number"]:
            existing = Task.objects.filter(source_number=data["source_number"], title=data["title"],
                                           lead_organization=data["lead_organization"]).first()
        if existing is not None:
            if not Task.objects.restrict(self.user, "change").filter(pk=existing.pk).exists():
                raise PermissionDenied(_("This task exists outside the units you act for."))
            return update_task(self.user, existing, {**data, "cooperating_organizations": cooperating}), False
        return create_task(self.user, data, cooperating), True
