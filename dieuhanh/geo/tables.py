from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.tables import Column, Table

from .models import AdministrativeUnit


def _children_link(value, row):
    if row.level == AdministrativeUnit.Level.COMMUNE:
        return ""
    label = _("Districts") if row.level == AdministrativeUnit.Level.PROVINCE and row.valid_until else _("Communes")
    return format_html('<a href="{}?parent={}">{}</a>', reverse("geo:administrativeunit_list"), row.pk, label)


class AdministrativeUnitTable(Table):
    full_name = Column(_("Name"), linkify=True)
    code = Column(_("Code"))
    level = Column(_("Level"))
    parent = Column(_("Parent unit"), linkify="value", order_by="parent__full_name")
    province = Column(_("Province"), linkify="value", order_by="province__full_name")
    valid_from = Column(_("Valid from"))
    valid_until = Column(_("Valid until"))
    units_under = Column(_("Units under it"), accessor="pk", order_by=False, export=False, formatter=_children_link)
    select_related = ("parent", "province")
    default_order = ("-level", "full_name")
