"""Selects for filter bars and forms: one that searches the server as you type, for choices with
thousands of rows (units, orgs), and one that renders its options in Python, for every filter bar."""

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .text import escape_html


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
            label = obj.lookup_label() if hasattr(obj, "lookup_label") else str(obj)
            groups.append((None, [self.create_option(name, str(obj.pk), label, True, index)], index))
        return groups


class FastSelectMixin:
    """Renders the same <select> as Django's template, but builds the options in Python.

    Django renders each option through two included templates (~55 µs an option): a filter bar's
    select of the 97 provinces cost ~6 ms a page (bench/, docs/performance.md). Options keep only
    their value, label and `selected`, which is all a Select or SelectMultiple gives them.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            markup = "".join(f'<option value="{escape_html(option["value"])}"'
                             f'{" selected" if option["selected"] else ""}>{escape_html(option["label"])}</option>'
                             for option in options)
            parts.append(f'<optgroup label="{escape_html(group_name)}">{markup}</optgroup>' if group_name else markup)
        opening = f'<select name="{escape_html(widget["name"])}"{flatatt(widget["attrs"])}>'
        return mark_safe(f'{opening}{"".join(parts)}</select>')  # every value and label escaped above


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter: its empty choice means "any" (Django's own reads "unknown", which on a filter
    bar suggests records whose value is not known)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]

    def format_value(self, value):
        # A list, as ChoiceWidget.optgroups expects (a plain string would match "" as a substring).
        return [{True: "true", False: "false", "true": "true", "false": "false", "True": "true",
                 "False": "false", "1": "true", "0": "false"}.get(value, "")]
