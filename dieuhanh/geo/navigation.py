from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register

from .models import AdministrativeUnit

register(MenuGroup(_("Directory"), [
    MenuItem(_("Administrative units"), "geo:administrativeunit_list", AdministrativeUnit),
], weight=20))
search.register(AdministrativeUnit, select_related=("province",), order_by=("valid_until", "level", "full_name"))
