from django.utils.translation import gettext_lazy as _

from dieuhanh.core.tables import Column, Table


class AdministrativeUnitTable(Table):
    full_name = Column(_("Name"), linkify=True)
    code = Column(_("Code"))
    level = Column(_("Level"))
    parent = Column(_("Parent unit"), linkify="value", order_by="parent__full_name")
    province = Column(_("Province"), linkify="value", order_by="province__full_name")
    valid_from = Column(_("Valid from"))
    valid_until = Column(_("Valid until"))
    select_related = ("parent", "province")
    default_order = ("level", "full_name")
