"""Template helpers: Vietnamese number and money formats, query strings, figure tiles."""

from django import template
from django.utils import formats

from dieuhanh.core import scoping
from dieuhanh.core.tables import display_value

register = template.Library()


@register.filter
def num(value):
    """1964 → '1.964' (grouped per the active language)."""
    if value in (None, ""):
        return "—"
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def vnd(value):
    """115000000 → '115.000.000 đ'."""
    if value in (None, ""):
        return "—"
    return f"{formats.number_format(int(round(value)), use_l10n=True, force_grouping=True)} đ"


@register.filter
def display(value):
    return display_value(value)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


@register.filter
def can(user, spec):
    """{% if user|can:'orgs.organization.add' %}"""
    from django.apps import apps

    app_label, model_name, action = spec.split(".")
    return scoping.can(user, apps.get_model(app_label, model_name), action)


@register.inclusion_tag("core/inc/figure_tile.html")
def figure_tile(value):
    return {"fv": value}


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.inclusion_tag("core/inc/attachments_card.html", takes_context=True)
def attachments_card(context, obj):
    """{% attachments_card object %}: the record's documents, their versions, and (for those who may
    change the record) upload, new version and delete. Scoped by the record's own permissions."""
    from dieuhanh.core.views import attachment_card_context

    return attachment_card_context(context["request"], obj)
