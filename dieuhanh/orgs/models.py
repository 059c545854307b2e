"""Organisations (departments, People's Committees, press agencies, enterprises…), people and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, RestrictedQuerySet, SearchableModel, SoftDeleteModel
from dieuhanh.core.roles import PROVINCE_ROLES, Role
from dieuhanh.core.scoping import Scope
from dieuhanh.geo.models import AdministrativeUnit, ProvinceFromUnit


class Organization(ProvinceFromUnit, SoftDeleteModel, SearchableModel, BaseModel):
    """An agency, committee or enterprise, attached to the administrative unit it sits in."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Provincial department or agency")
        PEOPLES_COMMITTEE = "committee", _("People's Committee")
        PARTY_BODY = "party", _("Party or mass organisation")
        PRESS_AGENCY = "press", _("Press agency")
        TELECOM = "telecom", _("Telecommunications enterprise")
        POSTAL = "postal", _("Postal enterprise")
        PUBLISHER = "publisher", _("Publisher, printer or distributor")
        BROADCASTER = "broadcaster", _("Radio or television station")
        IT_ENTERPRISE = "it", _("IT enterprise")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=50, blank=True,
                            help_text=_("Unique code used by imports and other systems (optional)"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT,
                             related_name="organizations")
    # Denormalised from unit.province so that scoping is one indexed comparison (kept by save()).
    province = models.ForeignKey(AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+", editable=False, null=True)
    parent = models.ForeignKey("self", verbose_name=_("parent organisation"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    successor = models.ForeignKey("self", verbose_name=_("succeeded by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="predecessors",
                                  help_text=_("The organisation that took over its duties"))
    operates_platform = models.BooleanField(_("operates this platform"), default=False,
                                            help_text=_("The department that runs Điều hành (one at a time)"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    valid_from = models.DateField(_("established on"), null=True, blank=True)
    valid_until = models.DateField(_("dissolved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("name", "short_name", "code")
    scope_organization_path = "pk"
    scope_province_path = "province"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code="") & models.Q(deleted_at__isnull=True),
                                    name="orgs_organization_unique_code"),
            models.UniqueConstraint(fields=["operates_platform"],
                                    condition=models.Q(operates_platform=True, deleted_at__isnull=True),
                                    name="orgs_single_operator"),
        ]
        indexes = [models.Index(fields=["province", "kind"]), models.Index(fields=["parent"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:organization_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("The dissolution date must be after the establishment date.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot be its own parent.")
        elif self.parent_id and self.pk and self._is_ancestor_of(self.parent_id):
            errors["parent"] = _("This would make a cycle: the chosen parent is inside this organisation.")
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("An organisation cannot succeed itself.")
        if self.operates_platform and Organization.objects.filter(operates_platform=True).exclude(pk=self.pk).exists():
            errors["operates_platform"] = _("Another organisation already operates the platform; clear it first.")
        if errors:
            raise ValidationError(errors)

    def _is_ancestor_of(self, org_id: int) -> bool:
        seen = set()
        current = org_id
        while current and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = Organization.all_objects.filter(pk=current).values_list("parent_id", flat=True).first()
        return False

    def in_scope(self, scope: Scope) -> bool:
        if scope.everything:
            return True
        if scope.organization_ids:
            # A unit officer acts for their organisation and may add organisations under it.
            return self.pk in scope.organization_ids or (self.pk is None and self.parent_id in scope.organization_ids)
        return self.unit_province_id() in scope.province_ids

    def descendant_ids(self) -> set[int]:
        """This organisation and every organisation under it (breadth-first, one query per level)."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return ids


class Person(SoftDeleteModel, SearchableModel, BaseModel):
    """A person the department deals with: an official, a chair, a spokesperson, a contact."""

    full_name = models.CharField(_("full name"), max_length=150)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="people")
    position = models.CharField(_("position"), max_length=150, blank=True)
    division = models.CharField(_("division / office"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("still in post"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("full_name", "position", "email")
    scope_organization_path = "organization"
    scope_province_path = "organization__province"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organization", "full_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("orgs:person_detail", args=[self.pk])


class DieuhanhUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    """An account: a role, the organisation it acts for, and its preferred language."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    organization = models.ForeignKey(Organization, verbose_name=_("acts for"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="users")
    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="accounts")
    language = models.CharField(_("language"), max_length=8, blank=True, default="",
                                choices=[("vi", "Tiếng Việt"), ("en", "English")])
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    objects = DieuhanhUserManager()
    changelog_enabled = True
    changelog_exclude = ("last_login",)
    scope_organization_path = "organization"
    scope_province_path = "organization__province"
    role_actions = {Role.ADMIN: frozenset({"view", "add", "change", "delete"})}

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")
        ordering = ["username"]

    def get_absolute_url(self) -> str:
        return reverse("orgs:user_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.role != Role.ADMIN and not self.organization_id:
            raise ValidationError({"organization": _("Every role except administrator acts for an organisation.")})

    def save(self, *args, **kwargs):
        # `createsuperuser` and the admin site set is_superuser: the role must say so too.
        if self.is_superuser and self.role != Role.ADMIN:
            self.role = Role.ADMIN
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = set(kwargs["update_fields"]) | {"role"}
        super().save(*args, **kwargs)

    def build_scope(self) -> Scope:
        """Administrators: everything. Department roles: their province, with the legacy provinces
        merged into it. Unit officers: their organisation and the organisations under it."""
        role = Role.ADMIN if self.is_superuser else self.role
        if role == Role.ADMIN:
            return Scope(role=role, everything=True)
        organization = Organization.objects.filter(pk=self.organization_id).first() if self.organization_id else None
        if organization is None:
            return Scope(role=role)
        if role in PROVINCE_ROLES:
            from dieuhanh.geo.services import province_scope_ids

            return Scope(role=role, province_ids=frozenset(province_scope_ids(organization.province_id)))
        return Scope(role=role, organization_ids=frozenset(organization.descendant_ids()))
