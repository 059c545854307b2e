"""Writes to organisations, people and accounts. UI, API, imports and jobs all come through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dieuhanh.core import context, scoping
from dieuhanh.core.roles import Role
from dieuhanh.core.services import create_object, delete_object, update_object

from .models import Organization, Person, User


def create_organization(user, data: dict) -> Organization:
    return create_object(user, Organization, dict(data))


def update_organization(user, organization: Organization, data: dict) -> Organization:
    return update_object(user, organization, dict(data))


def delete_organization(user, organization: Organization) -> None:
    if Organization.objects.filter(parent=organization).exists():
        raise ValidationError(_("Move or delete its sub-organisations first."))
    if organization.users.filter(is_active=True).exists():
        raise ValidationError(_("Active user accounts act for this organisation; reassign them first."))
    delete_object(user, organization)


def create_person(user, data: dict) -> Person:
    return create_object(user, Person, dict(data))


def update_person(user, person: Person, data: dict) -> Person:
    return update_object(user, person, dict(data))


def delete_person(user, person: Person) -> None:
    delete_object(user, person)


def _require_admin(user) -> None:
    if scoping.get_scope(user).role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator can manage user accounts."))


def _sync_admin_flags(account: User, previous_role: str | None) -> None:
    # Scoping treats a superuser as an administrator whatever its role, so when an administrator
    # changes the role the Django flags must follow: a demoted administrator loses everything at once.
    if account.role != previous_role:
        account.is_superuser = account.is_staff = account.role == Role.ADMIN


def create_user(user, data: dict, password: str | None = None) -> User:
    """An administrator creates an account; without a password it cannot sign in until one is set."""
    _require_admin(user)
    data = dict(data)
    with transaction.atomic(), context.as_user(user):
        account = User(**data)
        _sync_admin_flags(account, None)
        if password:
            account.set_password(password)
        else:
            account.set_unusable_password()
        account.full_clean(exclude=["password"])
        account.save()
    return account


def update_user(user, account: User, data: dict, password: str | None = None) -> User:
    _require_admin(user)
    if account.pk == user.pk and (data.get("is_active") is False or data.get("role", Role.ADMIN) != Role.ADMIN):
        raise ValidationError({"role": _("You cannot remove your own administrator role or deactivate yourself.")})
    with transaction.atomic(), context.as_user(user):
        previous_role = account.role
        for name, value in data.items():
            setattr(account, name, value)
        _sync_admin_flags(account, previous_role)
        if password:
            account.set_password(password)
        account.full_clean(exclude=["password"])
        account.save()
    return account


def set_own_language(user, language: str) -> None:
    with context.as_user(user):
        user.language = language
        user.save(update_fields=["language"])
