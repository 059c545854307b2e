"""Administrative units and their succession across reforms (above all the reform of 1 July 2025).

A unit row is one unit in one era: the legacy commune "Xã Thanh Minh" (valid until 30/06/2025) and
the current ward that absorbed it are two rows joined by a `UnitSuccession`. Records keep the unit
they were made under; roll-ups follow succession to the units in force on the date asked for.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, SearchableModel
from dieuhanh.core.roles import REFERENCE_ROLE_ACTIONS

REFORM_2025 = datetime.date(2025, 7, 1)


class AdministrativeUnit(SearchableModel, BaseModel):
    """A province, district or commune, valid from one date until the day before another."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(_("code"), max_length=10, help_text=_("Official code of the General Statistics Office"))
    name = models.CharField(_("name"), max_length=150, help_text=_("Name without the division type"))
    full_name = models.CharField(_("full name"), max_length=200)
    division_type = models.CharField(_("division type"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("parent unit"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    province = models.ForeignKey("self", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("The province this unit belonged to in its own era "
                                             "(itself for a province)"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("First day on which the unit no longer exists; empty if in force"))
    codename = models.CharField(_("code name"), max_length=200, blank=True)

    search_fields = ("full_name", "code")
    role_actions = REFERENCE_ROLE_ACTIONS
    changelog_exclude = ("created", "last_updated", "search_text")

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        # Provinces first, then districts, then communes ("province" > "district" > "commune").
        ordering = ["-level", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], condition=models.Q(valid_until__isnull=True),
                                    name="geo_unit_unique_current_code"),
            models.UniqueConstraint(fields=["level", "code", "valid_until"],
                                    condition=models.Q(valid_until__isnull=False), name="geo_unit_unique_past_code"),
        ]
        # last_updated: the roll-ups' freshness check reads its maximum (geo.services._graph_stamp).
        indexes = [models.Index(fields=["level", "valid_until"]), models.Index(fields=["code"]),
                   models.Index(fields=["last_updated"], name="geo_unit_last_updated")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("geo:administrativeunit_detail", args=[self.pk])

    def lookup_label(self) -> str:
        """How the unit reads in a picker, where a current and a legacy unit may share a name."""
        label = self.full_name
        if self.level != self.Level.PROVINCE and self.province_id:
            label = f"{label}, {self.province.full_name}"
        if self.valid_until:
            label = f"{label} ({_('until')} {self.valid_until - datetime.timedelta(days=1):%d/%m/%Y})"
        return label

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and \
            (self.valid_until is None or date < self.valid_until)

    # Time-aware queries; the logic lives in geo.services (imported late: services imports this module).
    def successors_on(self, date: datetime.date):
        """Units in force on `date` that this unit's territory went into (itself if in force)."""
        from .services import successors_on

        return successors_on(self, date)

    def ancestors_on(self, date: datetime.date) -> list[AdministrativeUnit]:
        """Units above this one in force on `date`, nearest first, the province last."""
        from .services import ancestors_on

        return ancestors_on(self, date)

    def province_on(self, date: datetime.date):
        """The province(s) in force on `date` this unit lies in (almost always one)."""
        from .services import province_on

        return province_on(self, date)


class ProvinceFromUnit:
    """For a record placed in an administrative `unit` that also keeps the unit's `province`
    (denormalised, so that scoping by province is one indexed comparison): `save()` sets it from
    the unit. Put it before the model base classes."""

    def unit_province_id(self) -> int | None:
        """The province of the record's unit as stored (also before the record itself is saved)."""
        if not self.unit_id:
            return None
        return AdministrativeUnit.objects.filter(pk=self.unit_id).values_list("province_id", flat=True).first()

    def save(self, *args, **kwargs):
        if self.unit_id:
            self.province_id = self.unit_province_id()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"province"}
        super().save(*args, **kwargs)


class UnitSuccession(BaseModel):
    """`predecessor` ceased (wholly or in part) and its territory went to `successor` on `date`."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merged into")
        SPLIT = "split", _("Split into")
        DISSOLVE = "dissolve", _("Level abolished")
        RENAME = "rename", _("Renamed or re-coded")

    predecessor = models.ForeignKey(AdministrativeUnit, verbose_name=_("predecessor"), on_delete=models.CASCADE,
                                    related_name="successions_out")
    successor = models.ForeignKey(AdministrativeUnit, verbose_name=_("successor"), on_delete=models.CASCADE,
                                  related_name="successions_in")
    date = models.DateField(_("effective date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MERGE)
    partial = models.BooleanField(_("partial"), default=False,
                                  help_text=_("Only part of the predecessor went to this successor"))

    role_actions = REFERENCE_ROLE_ACTIONS

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["date", "predecessor_id"]
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor", "date"],
                                               name="geo_succession_unique")]
        indexes = [models.Index(fields=["last_updated"], name="geo_succession_last_updated")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"


class UnitDataset(BaseModel):
    """Which release of the units dataset was last loaded (shown on the unit list and by `load_units`)."""

    package = models.CharField(_("package"), max_length=100, unique=True)
    version = models.CharField(_("version"), max_length=40)
    data_version = models.CharField(_("data version"), max_length=40, blank=True,
                                    help_text=_("Date on which the package's authors retrieved the data"))
    license = models.CharField(_("license"), max_length=60, blank=True)

    role_actions = REFERENCE_ROLE_ACTIONS

    class Meta:
        verbose_name = _("units dataset")
        verbose_name_plural = _("units datasets")
        ordering = ["package"]

    def __str__(self) -> str:
        return f"{self.package} {self.version} ({self.data_version})"
