from django import forms
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import ScopedModelForm
from dieuhanh.core.imports import Importer
from dieuhanh.core.roles import Role
from dieuhanh.core.text import fold
from dieuhanh.core.widgets import LookupSelect
from dieuhanh.geo.models import AdministrativeUnit

from .models import Organization, Person, User


class OrganizationForm(ScopedModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "code", "kind", "unit", "parent", "successor", "address", "phone",
                  "email", "website", "tax_code", "valid_from", "valid_until", "operates_platform", "notes"]
        widgets = {
            "unit": LookupSelect("geo.administrativeunit"),
            "parent": LookupSelect("orgs.organization"),
            "successor": LookupSelect("orgs.organization"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from dieuhanh.core import scoping

        if scoping.get_scope(user).role != Role.ADMIN:
            # Which organisation operates the platform is the administrators' configuration.
            self.fields.pop("operates_platform")


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "organization", "position", "division", "phone", "email", "is_active", "notes"]
        widgets = {"organization": LookupSelect("orgs.organization"), "notes": forms.Textarea(attrs={"rows": 3})}


class UserForm(ScopedModelForm):
    """Administrators manage accounts; a new password is optional when editing."""

    new_password = forms.CharField(label=_("New password"), required=False, strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text=password_validation.password_validators_help_text_html())

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "organization", "language",
                  "is_active"]
        widgets = {"organization": LookupSelect("orgs.organization")}
        # Vietnamese names are family + middle names, then the given name (get_full_name() joins them).
        labels = {"first_name": _("Family and middle names"), "last_name": _("Given name")}

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            candidate = self.instance if self.instance.pk else User(username=self.data.get("username", ""))
            password_validation.validate_password(password, candidate)
        return password

    def changed_data_dict(self):
        data = super().changed_data_dict()
        data.pop("new_password", None)
        return data


class OrganizationImportForm(forms.Form):
    """One row of an organisation import. Units and parents are given by code, kinds by name or code."""

    name = forms.CharField(max_length=255)
    short_name = forms.CharField(max_length=100, required=False)
    code = forms.CharField(max_length=50, required=False)
    kind = forms.CharField()
    unit = forms.CharField(help_text=_("Code of the administrative unit in force, e.g. 11 or 03151"))
    parent = forms.CharField(required=False, help_text=_("Code of the parent organisation"))
    address = forms.CharField(max_length=255, required=False)
    phone = forms.CharField(max_length=50, required=False)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_kind(self):
        value = fold(self.cleaned_data["kind"])
        for code, label in Organization.Kind.choices:
            # Files come from people working in either language: accept the code or either label.
            names = {fold(code)}
            for language in ("vi", "en"):
                with translation.override(language):
                    names.add(fold(str(label)))
            if value in names:
                return code
        raise forms.ValidationError(_("Unknown kind. Use one of: %(kinds)s.")
                                    % {"kinds": ", ".join(str(label) for _c, label in Organization.Kind.choices)})

    def clean_unit(self):
        code = self.cleaned_data["unit"].strip()
        unit = AdministrativeUnit.objects.filter(code=code, valid_until__isnull=True).order_by("level").first()
        if unit is None:
            unit = AdministrativeUnit.objects.filter(code=code).order_by("-valid_until").first()
        if unit is None:
            raise forms.ValidationError(_("No administrative unit has the code %(code)s.") % {"code": code})
        return unit

    def clean_parent(self):
        code = self.cleaned_data.get("parent", "").strip()
        if not code:
            return None
        parent = Organization.objects.restrict(self.user).filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(_("No organisation you can see has the code %(code)s.") % {"code": code})
        return parent


class OrganizationImporter(Importer):
    form_class = OrganizationImportForm
    label = _("organisations")
    columns = {
        "name": ("Tên", "Tên cơ quan", "Name"),
        "short_name": ("Tên viết tắt", "Short name"),
        "code": ("Mã", "Mã cơ quan", "Code"),
        "kind": ("Loại", "Kind"),
        "unit": ("Mã đơn vị hành chính", "Đơn vị hành chính", "Unit code", "Unit"),
        "parent": ("Mã cơ quan cấp trên", "Parent code", "Parent"),
        "address": ("Địa chỉ", "Address"),
        "phone": ("Điện thoại", "Phone"),
        "email": ("Email", "Thư điện tử"),
        "website": ("Website", "Trang thông tin"),
    }

    def save_row(self, cleaned: dict):
        from .services import create_organization, update_organization

        data = {key: value for key, value in cleaned.items() if value is not None}
        data.setdefault("parent", None)
        existing = Organization.objects.filter(code=cleaned["code"]).first() if cleaned.get("code") else None
        if existing is not None:
            existing = Organization.objects.restrict(self.user, "change").filter(pk=existing.pk).first()
            if existing is None:
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied(_("An organisation with this code exists outside the units you act for."))
            return update_organization(self.user, existing, data), False
        created = create_organization(self.user, data)
        # A new organisation can widen an officer's scope (a parent for later rows of the same file).
        from dieuhanh.core.scoping import forget_scope

        forget_scope(self.user)
        return created, True
