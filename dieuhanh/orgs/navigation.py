from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register
from dieuhanh.core.roles import Role

from .models import Organization, Person, User

register(MenuGroup(_("Directory"), [
    MenuItem(_("Organisations"), "orgs:organization_list", Organization),
    MenuItem(_("People"), "orgs:person_list", Person),
], weight=21))
register(MenuGroup(_("Administration"), [
    MenuItem(_("User accounts"), "orgs:user_list", User),
    MenuItem(_("Change log"), "core:objectchange_list", roles=(Role.ADMIN, Role.LEADER, Role.SPECIALIST)),
    MenuItem(_("Trash"), "core:trash", roles=(Role.ADMIN,)),
    MenuItem(_("Background jobs"), "core:job_list"),
], weight=90))
search.register(Organization, select_related=("unit",), order_by=("name",))
search.register(Person, select_related=("organization",), order_by=("full_name",))
