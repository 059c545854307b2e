from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.admin import SoftDeleteAdmin

from .models import Organization, Person, User


@admin.register(Organization)
class OrganizationAdmin(SoftDeleteAdmin):
    list_display = ("name", "kind", "unit", "parent", "operates_platform")
    list_filter = ("kind", "operates_platform")
    search_fields = ("name", "code", "search_text")
    raw_id_fields = ("unit", "parent", "successor")


@admin.register(Person)
class PersonAdmin(SoftDeleteAdmin):
    list_display = ("full_name", "position", "organization", "is_active")
    search_fields = ("full_name", "search_text")
    raw_id_fields = ("organization",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("organization", "person")
    fieldsets = (*DjangoUserAdmin.fieldsets,
                 (_("Điều hành"), {"fields": ("role", "organization", "person", "language", "phone")}))
