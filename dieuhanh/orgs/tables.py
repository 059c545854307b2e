from django.utils.translation import gettext_lazy as _

from dieuhanh.core.tables import Column, Table


class OrganizationTable(Table):
    name = Column(_("Name"), linkify=True)
    short_name = Column(_("Short name"))
    kind = Column(_("Kind"))
    unit = Column(_("Administrative unit"), linkify="value", order_by="unit__full_name")
    parent = Column(_("Parent organisation"), linkify="value", order_by="parent__name")
    phone = Column(_("Phone"), order_by=False)
    email = Column(_("Email"), order_by=False)
    # Fetched for the page's rows only (two `id IN (…)` queries), not joined: with the joins PostgreSQL
    # hashed all 14,000 units before sorting and cutting the page (bench/, docs/performance.md).
    prefetch_related = ("unit", "parent")
    default_order = ("name", "pk")


class PersonTable(Table):
    full_name = Column(_("Full name"), linkify=True)
    position = Column(_("Position"))
    organization = Column(_("Organisation"), linkify="value", order_by="organization__name")
    phone = Column(_("Phone"), order_by=False)
    email = Column(_("Email"), order_by=False)
    is_active = Column(_("Still in post"))
    select_related = ("organization",)
    default_order = ("full_name", "pk")


class UserTable(Table):
    username = Column(_("User name"), linkify=True)
    get_full_name = Column(_("Full name"), order_by="last_name")
    role = Column(_("Role"))
    organization = Column(_("Acts for"), linkify="value", order_by="organization__name")
    is_active = Column(_("Active"))
    last_login = Column(_("Last login"))
    select_related = ("organization",)
    default_order = ("username",)
