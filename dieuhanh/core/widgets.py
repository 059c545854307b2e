"""A select that searches the server as you type: for choices with thousands of rows (units, orgs)."""

from django import forms
from django.urls import reverse


class LookupSelect(forms.Select):
    """Renders a search box and a select; typing fetches matching options (HTMX) from core's
    lookup endpoint, which applies the same scoping and folded search as every list."""

    template_name = "core/widgets/lookup_select.html"

    def __init__(self, model_label: str, attrs=None, extra_params: str = ""):
        super().__init__(attrs)
        self.model_label = model_label
        self.extra_params = extra_params

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        app_label, model_name = self.model_label.split(".")
        context["lookup_url"] = reverse("core:lookup", args=[app_label, model_name]) + \
            (f"?{self.extra_params}" if self.extra_params else "")
        return context

    def optgroups(self, name, value, attrs=None):
        # Only the selected option is rendered; the rest arrive as the user types.
        selected = {str(v) for v in value if v not in (None, "")}
        groups = []
        if not selected:
            groups.append((None, [self.create_option(name, "", "---------", False, 0)], 0))
            return groups
        queryset = self.choices.queryset.filter(pk__in=selected)
        for index, obj in enumerate(queryset):
            groups.append((None, [self.create_option(name, str(obj.pk), str(obj), True, index)], index))
        return groups
