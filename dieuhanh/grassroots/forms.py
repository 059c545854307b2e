import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from dieuhanh.core import scoping
from dieuhanh.core.forms import DateInput, ScopedModelForm
from dieuhanh.core.imports import Importer
from dieuhanh.core.text import fold
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import province_scope_ids
from dieuhanh.orgs.models import Organization

from .models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationStatusChange,
    StationWork,
    Status,
    Technology,
)

COMMUNE_LOOKUP = LookupSelect("geo.administrativeunit", extra_params="level=commune")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class RadioStationForm(ScopedModelForm):
    class Meta:
        model = RadioStation
        fields = ["name", "unit", "organization", "single_station", "technology", "frequency_mhz", "licence_number",
                  "licence_expires", "equipment", "commissioned_on", "status", "villages", "address", "latitude",
                  "longitude", "notes"]
        widgets = {"unit": COMMUNE_LOOKUP, "organization": LookupSelect("orgs.organization"),
                   "equipment": TEXTAREA, "notes": TEXTAREA}
        labels = {"status": _("Status when recorded")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Afterwards the status changes only through a dated status change (the history).
            self.fields.pop("status")


class StatusChangeForm(ScopedModelForm):
    class Meta:
        model = StationStatusChange
        fields = ["status", "date", "reason"]


class LoudspeakerClusterForm(ScopedModelForm):
    class Meta:
        model = LoudspeakerCluster
        fields = ["station", "name", "village", "technology", "status", "speakers", "installed_on", "latitude",
                  "longitude", "notes"]
        widgets = {"station": LookupSelect("grassroots.radiostation"), "notes": TEXTAREA}


class StationWorkForm(ScopedModelForm):
    class Meta:
        model = StationWork
        fields = ["station", "kind", "title", "started_on", "completed_on", "contractor", "cost", "funding_source",
                  "notes"]
        widgets = {"station": LookupSelect("grassroots.radiostation"), "notes": TEXTAREA}


class AcceptWorkForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput(attrs={"class": "form-control"}))
    acceptance_note = forms.CharField(label=_("Acceptance note"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class InterferenceReportForm(ScopedModelForm):
    class Meta:
        model = InterferenceReport
        fields = ["reported_on", "reporter", "unit", "organization", "station", "location", "frequency_mhz",
                  "description", "state", "investigation", "result", "closed_on", "inspection_reference",
                  "latitude", "longitude"]
        widgets = {"unit": COMMUNE_LOOKUP, "organization": LookupSelect("orgs.organization"),
                   "station": LookupSelect("grassroots.radiostation"), "description": TEXTAREA,
                   "investigation": TEXTAREA, "result": TEXTAREA}


class RadioStaffForm(ScopedModelForm):
    class Meta:
        model = RadioStaff
        fields = ["full_name", "station", "role", "phone", "training", "monthly_allowance", "editorial_board",
                  "is_active", "notes"]
        widgets = {"station": LookupSelect("grassroots.radiostation"), "notes": TEXTAREA}


class BulletinForm(ScopedModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "source", "priority", "campaign", "organization", "broadcast_at", "stations", "content"]
        widgets = {"organization": LookupSelect("orgs.organization"), "content": TEXTAREA,
                   "broadcast_at": forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"},
                                                       format="%d/%m/%Y %H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A province's stations fit a multiple select (a few hundred at most in scope of a department).
        self.fields["stations"].widget.attrs["size"] = 8
        self.fields["stations"].queryset = self.fields["stations"].queryset.select_related("unit")


# --- the inventory import ---------------------------------------------------------------------------------


def _choice(value: str, choices, extra: dict | None = None) -> str | None:
    """A choice from its code or its label in either language, diacritics and case ignored."""
    wanted = fold(value)
    for code, label in choices:
        names = {fold(code)}
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(fold(str(label)))
        if wanted in names:
            return code
    return (extra or {}).get(wanted)


TECHNOLOGY_WORDS = {"co day": Technology.WIRED, "day": Technology.WIRED, "khong day": Technology.FM,
                    "fm": Technology.FM, "khong day fm": Technology.FM, "ung dung cntt-vt": Technology.IP,
                    "cntt-vt": Technology.IP, "ip": Technology.IP, "cntt": Technology.IP,
                    "ung dung cong nghe thong tin - vien thong": Technology.IP}
STATUS_WORDS = {"tot": Status.OPERATING, "hoat dong": Status.OPERATING, "dang hoat dong": Status.OPERATING,
                "hoat dong tot": Status.OPERATING, "xuong cap": Status.DEGRADED, "hu hong mot phan": Status.DEGRADED,
                "hong": Status.OUT_OF_SERVICE, "hu hong": Status.OUT_OF_SERVICE,
                "ngung hoat dong": Status.OUT_OF_SERVICE, "khong hoat dong": Status.OUT_OF_SERVICE,
                "dang xay dung": Status.UNDER_CONSTRUCTION}


def _strip_division(name: str) -> str:
    folded = fold(name)
    for prefix in ("xa ", "phuong ", "thi tran ", "dac khu "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


class StationImportForm(forms.Form):
    """One row of a station inventory. The commune is given by name, matched diacritic-insensitively
    among the communes of the importing user's province (today's first, then the legacy ones)."""

    unit = forms.CharField()
    name = forms.CharField(max_length=200, required=False)
    technology = forms.CharField()
    frequency_mhz = forms.DecimalField(max_digits=7, decimal_places=3, required=False)
    commissioned_year = forms.IntegerField(min_value=1945, max_value=2100, required=False)
    status = forms.CharField(required=False)
    clusters = forms.IntegerField(min_value=0, max_value=500, required=False)
    villages = forms.IntegerField(min_value=0, max_value=1000, required=False)
    organization = forms.CharField(required=False)
    licence_number = forms.CharField(max_length=100, required=False)
    equipment = forms.CharField(required=False)
    notes = forms.CharField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def _province_ids(self) -> set[int]:
        scope = scoping.get_scope(self.user)
        if scope.province_ids:
            return set(scope.province_ids)
        organization = Organization.objects.filter(pk=getattr(self.user, "organization_id", None)).first()
        if organization is not None and organization.province_id:
            return province_scope_ids(organization.province_id)
        return set()

    def clean_unit(self):
        value = self.cleaned_data["unit"].strip()
        wanted = _strip_division(value)
        communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
        province_ids = self._province_ids()
        if province_ids:
            communes = communes.filter(province_id__in=province_ids)
        elif scoping.get_scope(self.user).everything is False:
            raise forms.ValidationError(_("Your account acts for no province: the commune cannot be matched."))
        for current in (True, False):
            matches = [unit for unit in communes.filter(valid_until__isnull=current).select_related("parent")
                       if _strip_division(unit.name) == wanted or fold(unit.full_name) == fold(value)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise forms.ValidationError(
                    _("Several communes are called %(name)s: %(list)s.")
                    % {"name": value, "list": "; ".join(f"{u.full_name} ({u.parent})" for u in matches[:5])})
        raise forms.ValidationError(_("No commune of your province is called %(name)s.") % {"name": value})

    def clean_technology(self):
        code = _choice(self.cleaned_data["technology"], Technology.choices, TECHNOLOGY_WORDS)
        if code is None:
            raise forms.ValidationError(_("Unknown technology. Use one of: %(list)s.")
                                        % {"list": ", ".join(str(label) for _c, label in Technology.choices)})
        return code

    def clean_status(self):
        value = self.cleaned_data.get("status", "").strip()
        if not value:
            return Status.OPERATING
        code = _choice(value, Status.choices, STATUS_WORDS)
        if code is None:
            raise forms.ValidationError(_("Unknown status. Use one of: %(list)s.")
                                        % {"list": ", ".join(str(label) for _c, label in Status.choices)})
        return code

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is None:
            return cleaned
        value = cleaned.get("organization", "").strip()
        visible = Organization.objects.restrict(self.user)
        if value:
            organization = visible.filter(code=value).first() or next(
                (o for o in visible.filter(search_text__contains=fold(value)[:50]) if fold(o.name) == fold(value)),
                None)
            if organization is None:
                self.add_error("organization", _("No organisation you can see is called %(name)s.") % {"name": value})
        else:
            # By default the commune's People's Committee runs the station.
            organization = visible.filter(unit=unit, kind=Organization.Kind.PEOPLES_COMMITTEE).order_by("pk").first()
            if organization is None:
                self.add_error("organization", _("Name the operating organisation: %(unit)s has no People's "
                                                 "Committee you can see.") % {"unit": unit.full_name})
        cleaned["organization"] = organization
        if not cleaned.get("name"):
            cleaned["name"] = f"Đài truyền thanh {unit.full_name[0].lower()}{unit.full_name[1:]}"
        return cleaned


class StationImporter(Importer):
    form_class = StationImportForm
    label = _("radio stations")
    columns = {
        "unit": ("Xã/Phường", "Xã", "Phường", "Xã, phường", "Commune"),
        "name": ("Tên đài", "Tên", "Station", "Name"),
        "technology": ("Công nghệ", "Loại hình", "Technology"),
        "frequency_mhz": ("Tần số", "Tần số (MHz)", "Frequency"),
        "commissioned_year": ("Năm đưa vào sử dụng", "Năm sử dụng", "Year commissioned"),
        "status": ("Tình trạng", "Tình trạng hoạt động", "Status"),
        "clusters": ("Số cụm loa", "Cụm loa", "Clusters"),
        "villages": ("Số thôn, tổ dân phố", "Số thôn/bản", "Villages"),
        "organization": ("Đơn vị vận hành", "Đơn vị quản lý", "Operator"),
        "licence_number": ("Giấy phép tần số", "Giấy phép", "Licence"),
        "equipment": ("Thiết bị", "Equipment"),
        "notes": ("Ghi chú", "Notes"),
    }

    def save_row(self, cleaned: dict):
        from .services import create_cluster, create_station, update_station

        year = cleaned.get("commissioned_year")
        data = {
            "name": cleaned["name"], "unit": cleaned["unit"], "organization": cleaned["organization"],
            "technology": cleaned["technology"], "frequency_mhz": cleaned.get("frequency_mhz"),
            "licence_number": cleaned.get("licence_number") or "", "equipment": cleaned.get("equipment") or "",
            "notes": cleaned.get("notes") or "",
            # The inventory gives a year: the station counts as commissioned from its first day.
            "commissioned_on": datetime.date(year, 1, 1) if year else None,
            "villages": cleaned.get("villages"),
        }
        existing = next((s for s in RadioStation.objects.filter(unit=cleaned["unit"])
                         if fold(s.name) == fold(cleaned["name"])), None)
        if existing is not None:
            existing = RadioStation.objects.restrict(self.user, "change").filter(pk=existing.pk).first()
            if existing is None:
                raise PermissionDenied(_("This station exists outside the units you act for."))
            station, created = update_station(self.user, existing, data), False
        else:
            # An inventory says how a station is now: a station not operating is so from the import on.
            station, created = create_station(
                self.user, {**data, "status": cleaned["status"]}, status_reason=_("Imported from a station inventory"),
                status_date=None if cleaned["status"] == Status.OPERATING else timezone.localdate()), True
        wanted = cleaned.get("clusters") or 0
        have = station.clusters.count()
        for number in range(have + 1, wanted + 1):
            create_cluster(self.user, {"station": station, "name": f"Cụm loa số {number}",
                                       "technology": station.technology, "status": Status.OPERATING})
        return station, created
