"""Form conventions: choices narrowed to the user's scope, Vietnamese date inputs, import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .roles import VIEW


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
                         format="%d/%m/%Y")


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-record choices only offer what the user may see.

    Views pass `user`; saving goes through the app's service functions, not `form.save()`.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, VIEW)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            # The vendored Bootstrap's classes, so every form looks like the rest of the UI.
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control")

    def _post_clean(self):
        # Model validation runs in the service, inside its transaction, with the acting user.
        # Here we only build the instance so that field-level errors from the form show first.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as e:
            self._update_errors(e)

    def changed_data_dict(self) -> dict:
        """Cleaned values for the model's own fields, for the service functions."""
        model_fields = {f.name for f in self._meta.model._meta.get_fields()}
        return {name: value for name, value in self.cleaned_data.items() if name in model_fields}


class ImportForm(forms.Form):
    """Upload a CSV or XLSX file to import."""

    MODE_ALL_OR_NOTHING = "all"
    MODE_VALID_ROWS = "valid"
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    mode = forms.ChoiceField(
        label=_("When some rows have errors"),
        choices=[(MODE_ALL_OR_NOTHING, _("Import nothing (all or nothing)")),
                 (MODE_VALID_ROWS, _("Import the valid rows, skip the others"))],
        initial=MODE_ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
