"""The grassroots radio network: commune radio stations, their loudspeaker clusters, works on them
(new build, repair, upgrade, relocation), their status history, interference reports, radio staff
and the bulletins they broadcast.

Time-aware geography: a station keeps the commune (`unit`) it was recorded under, and `province`
is that unit's own province, denormalised on save as `orgs.Organization` does, so that a department
in a merged province sees legacy records (its scope includes the legacy provinces). Roll-ups to the
communes and provinces of today go through `geo.services` (see `grassroots.services`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, SearchableModel, SoftDeleteModel
from dieuhanh.core.scoping import Scope
from dieuhanh.geo.models import AdministrativeUnit, ProvinceFromUnit
from dieuhanh.orgs.models import Organization


class Technology(models.TextChoices):
    """Decision 135/QĐ-TTg (2020) moves stations from wired and FM to IT-and-telecom-based radio."""

    WIRED = "wired", _("Wired")
    FM = "fm", _("Wireless FM")
    IP = "ip", _("IP (IT and telecom based)")


class Status(models.TextChoices):
    OPERATING = "operating", _("Operating")
    DEGRADED = "degraded", _("Degraded")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    # A station recorded before it is built (its new-build work not yet accepted).
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")


class LatLonMixin(models.Model):
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])

    class Meta:
        abstract = True


class RadioStation(ProvinceFromUnit, LatLonMixin, SoftDeleteModel, SearchableModel, BaseModel):
    """A commune radio station (đài truyền thanh cơ sở), run by an organisation (usually the
    commune's People's Committee). Its `status` is the latest `StationStatusChange`, kept by the
    services; `status_since` is that change's date."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT,
                             related_name="radio_stations",
                             help_text=_("The commune the station was recorded under"))
    # Denormalised from unit.province so that scoping is one indexed comparison (kept by save()).
    province = models.ForeignKey(AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+", editable=False, null=True)
    organization = models.ForeignKey(Organization, verbose_name=_("operating organisation"),
                                     on_delete=models.PROTECT, related_name="radio_stations")
    single_station = models.BooleanField(
        _("only station of its commune"), default=True,
        help_text=_("The commune has one station: a second one for it is refused"))
    technology = models.CharField(_("technology"), max_length=20, choices=Technology.choices, db_index=True)
    frequency_mhz = models.DecimalField(_("frequency (MHz)"), max_digits=7, decimal_places=3, null=True,
                                        blank=True, validators=[MinValueValidator(0)],
                                        help_text=_("Required for a wireless FM station"))
    licence_number = models.CharField(_("frequency licence"), max_length=100, blank=True)
    licence_expires = models.DateField(_("licence expires"), null=True, blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    villages = models.PositiveSmallIntegerField(
        _("villages and residential groups"), null=True, blank=True,
        help_text=_("How many villages or residential groups the station's area has (for the share covered)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPERATING,
                              db_index=True)
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("name", "licence_number", "address")
    scope_organization_path = "organization"
    scope_province_path = "province"

    class Meta:
        verbose_name = _("radio station")
        verbose_name_plural = _("radio stations")
        ordering = ["name"]
        indexes = [models.Index(fields=["province", "status"]), models.Index(fields=["unit"]),
                   models.Index(fields=["status", "status_since"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grassroots:radiostation_detail", args=[self.pk])

    def lookup_label(self) -> str:
        return f"{self.name} ({self.unit.full_name})" if self.unit_id else self.name

    def clean(self):
        errors = {}
        if self.technology == Technology.FM and self.frequency_mhz is None:
            errors["frequency_mhz"] = _("A wireless FM station needs its frequency.")
        if self.licence_expires and self.commissioned_on and self.licence_expires < self.commissioned_on:
            errors["licence_expires"] = _("The licence cannot expire before the station was commissioned.")
        if self.unit_id:
            level = AdministrativeUnit.objects.filter(pk=self.unit_id).values_list("level", flat=True).first()
            if level != AdministrativeUnit.Level.COMMUNE:
                errors["unit"] = _("Choose a commune (xã, phường or đặc khu).")
            else:
                others = RadioStation.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
                single = others.filter(single_station=True).first()
                if single is not None:
                    errors["unit"] = _("This commune is marked as having a single station (%(station)s); "
                                       "a second one is refused.") % {"station": single.name}
                elif self.single_station and others.exists():
                    errors["single_station"] = _("This commune already has %(n)s other station(s): "
                                                 "it cannot be marked single-station.") % {"n": others.count()}
        if errors:
            raise ValidationError(errors)

    def in_scope(self, scope: Scope) -> bool:
        # An unsaved station's province comes from its unit (save() has not set it yet).
        if scope.everything:
            return True
        if scope.organization_ids:
            return self.organization_id in scope.organization_ids
        return self.unit_province_id() in scope.province_ids


class StationChild(models.Model):
    """Records that belong to a station are scoped by it."""

    scope_organization_path = "station__organization"
    scope_province_path = "station__province"

    class Meta:
        abstract = True


class StationStatusChange(StationChild, BaseModel):
    """One change of a station's status, dated, with the reason. Written by the services only
    (recording a change, accepting a work); the latest one is the station's status."""

    station = models.ForeignKey(RadioStation, verbose_name=_("radio station"), on_delete=models.CASCADE,
                                related_name="status_changes")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    work = models.ForeignKey("StationWork", verbose_name=_("work"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="status_changes")

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["station", "-date", "-id"])]

    def __str__(self) -> str:
        return f"{self.station} — {self.get_status_display()} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return self.station.get_absolute_url()

    def clean(self):
        station = RadioStation.all_objects.filter(pk=self.station_id).first() if self.station_id else None
        if station is None or self.date is None:
            return
        if station.commissioned_on and self.date < station.commissioned_on and \
                self.status != Status.UNDER_CONSTRUCTION:
            commissioned = f"{station.commissioned_on:%d/%m/%Y}"
            raise ValidationError({"date": _("The station was commissioned on %(date)s: a status change cannot "
                                             "be dated before that.") % {"date": commissioned}})


class LoudspeakerCluster(LatLonMixin, StationChild, SoftDeleteModel, SearchableModel, BaseModel):
    """A loudspeaker cluster (cụm loa) of a station, in a village or residential group."""

    station = models.ForeignKey(RadioStation, verbose_name=_("radio station"), on_delete=models.PROTECT,
                                related_name="clusters")
    name = models.CharField(_("name"), max_length=200)
    village = models.CharField(_("village / residential group"), max_length=200, blank=True)
    technology = models.CharField(_("technology"), max_length=20, choices=Technology.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPERATING)
    speakers = models.PositiveSmallIntegerField(_("loudspeakers"), default=1)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("name", "village")

    class Meta:
        verbose_name = _("loudspeaker cluster")
        verbose_name_plural = _("loudspeaker clusters")
        ordering = ["station_id", "name"]
        # (station, status, village) of the live clusters: the network view reads a province's ~5,000
        # from the index alone (an index-only scan, no visit to the table), 30 % faster.
        indexes = [models.Index(fields=["station", "status"]),
                   models.Index(fields=["station", "status", "village"], condition=models.Q(deleted_at__isnull=True),
                                name="grassroots_cluster_live_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grassroots:loudspeakercluster_detail", args=[self.pk])


class StationWork(StationChild, SoftDeleteModel, SearchableModel, BaseModel):
    """A new build, repair, upgrade or relocation of a station: dates, contractor, cost, funding and
    acceptance. Figures count a work in the period its acceptance date falls in."""

    class Kind(models.TextChoices):
        NEW_BUILD = "new_build", _("New build")
        REPAIR = "repair", _("Repair")
        UPGRADE = "upgrade", _("Upgrade")
        RELOCATION = "relocation", _("Relocation")

    class Funding(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial budget")
        LOCAL = "local", _("District or commune budget")
        NATIONAL_PROGRAMME = "national_programme", _("National target programme")
        OTHER = "other", _("Other")

    station = models.ForeignKey(RadioStation, verbose_name=_("radio station"), on_delete=models.PROTECT,
                                related_name="works")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True,
                                   help_text=_("Acceptance (nghiệm thu) date; set by accepting the work"))
    contractor = models.CharField(_("contractor"), max_length=255, blank=True)
    cost = models.BigIntegerField(_("cost (VND)"), null=True, blank=True, validators=[MinValueValidator(0)])
    funding_source = models.CharField(_("funding source"), max_length=30, choices=Funding.choices,
                                      default=Funding.PROVINCIAL)
    acceptance_note = models.TextField(_("acceptance note"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("title", "contractor")

    class Meta:
        verbose_name = _("station work")
        verbose_name_plural = _("station works")
        ordering = ["-started_on", "-pk"]
        # (station, accepted_on): a unit's works of a period are its stations' works accepted in it,
        # found station by station (a province-year: ~550 stations, ~1,000 works of 200,000).
        indexes = [models.Index(fields=["kind", "accepted_on"]), models.Index(fields=["station", "-started_on"]),
                   models.Index(fields=["station", "accepted_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grassroots:stationwork_detail", args=[self.pk])

    @property
    def is_accepted(self) -> bool:
        return self.accepted_on is not None

    def clean(self):
        errors = {}
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = _("The work cannot be completed before it started.")
        if self.started_on and self.accepted_on and self.accepted_on < self.started_on:
            errors["accepted_on"] = _("The work cannot be accepted before it started.")
        station = RadioStation.all_objects.filter(pk=self.station_id).first() if self.station_id else None
        if station is not None and self.kind != self.Kind.NEW_BUILD and self.started_on:
            never_built = station.commissioned_on is None and station.status == Status.UNDER_CONSTRUCTION
            if never_built or (station.commissioned_on and self.started_on < station.commissioned_on):
                errors["station"] = _("%(kind)s of a station that does not exist yet: %(station)s is not "
                                      "commissioned%(on)s. Record its new build instead.") % {
                    "kind": self.get_kind_display(), "station": station.name,
                    "on": f" {_('before')} {station.commissioned_on:%d/%m/%Y}" if station.commissioned_on else ""}
        if errors:
            raise ValidationError(errors)


class InterferenceReport(ProvinceFromUnit, LatLonMixin, SoftDeleteModel, SearchableModel, BaseModel):
    """Strange interference on wireless loudspeakers (seed 002): who reported it, where, on which
    frequency, the investigation and its result. The radio-frequency inspection that followed is a
    free-text reference until the inspections module exists."""

    class State(models.TextChoices):
        REPORTED = "reported", _("Reported")
        INVESTIGATING = "investigating", _("Under investigation")
        RESOLVED = "resolved", _("Resolved")
        UNRESOLVED = "unresolved", _("Closed unresolved")

    reported_on = models.DateField(_("reported on"))
    reporter = models.CharField(_("reported by"), max_length=255)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT,
                             related_name="+")
    province = models.ForeignKey(AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+", editable=False, null=True)
    organization = models.ForeignKey(Organization, verbose_name=_("handled by"), on_delete=models.PROTECT,
                                     related_name="interference_reports")
    station = models.ForeignKey(RadioStation, verbose_name=_("affected station"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="interference_reports")
    location = models.CharField(_("where"), max_length=255, blank=True)
    frequency_mhz = models.DecimalField(_("frequency (MHz)"), max_digits=7, decimal_places=3, null=True,
                                        blank=True, validators=[MinValueValidator(0)])
    description = models.TextField(_("description"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REPORTED,
                             db_index=True)
    investigation = models.TextField(_("investigation"), blank=True)
    result = models.TextField(_("result"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    inspection_reference = models.CharField(
        _("radio-frequency inspection"), max_length=255, blank=True,
        help_text=_("Reference of the inspection that followed (linked once the inspections module exists)"))

    search_fields = ("reporter", "location", "description")
    scope_organization_path = "organization"
    scope_province_path = "province"

    class Meta:
        verbose_name = _("interference report")
        verbose_name_plural = _("interference reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reported_on:%d/%m/%Y} — {self.location or self.reporter}"

    def get_absolute_url(self) -> str:
        return reverse("grassroots:interferencereport_detail", args=[self.pk])

    def in_scope(self, scope: Scope) -> bool:
        if scope.everything:
            return True
        if scope.organization_ids:
            return self.organization_id in scope.organization_ids
        return self.unit_province_id() in scope.province_ids

    def clean(self):
        if self.closed_on and self.reported_on and self.closed_on < self.reported_on:
            raise ValidationError({"closed_on": _("A report cannot be closed before it was made.")})


class RadioStaff(StationChild, SoftDeleteModel, SearchableModel, BaseModel):
    """A radio officer of a commune station: role, training, monthly allowance, editorial board."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of station")
        TECHNICIAN = "technician", _("Technician")
        EDITOR = "editor", _("Editor / reporter")
        ANNOUNCER = "announcer", _("Announcer")
        OTHER = "other", _("Other")

    station = models.ForeignKey(RadioStation, verbose_name=_("radio station"), on_delete=models.PROTECT,
                                related_name="staff")
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OTHER)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    training = models.CharField(_("training"), max_length=255, blank=True,
                                help_text=_("Courses taken, e.g. IT-and-telecom radio operation, 2024"))
    monthly_allowance = models.BigIntegerField(_("monthly allowance (VND)"), null=True, blank=True,
                                               validators=[MinValueValidator(0)])
    editorial_board = models.BooleanField(_("editorial board member"), default=False)
    is_active = models.BooleanField(_("still in post"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("full_name", "phone")

    class Meta:
        verbose_name = _("radio officer")
        verbose_name_plural = _("radio staff")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("grassroots:radiostaff_detail", args=[self.pk])


class Bulletin(SoftDeleteModel, SearchableModel, BaseModel):
    """A bulletin broadcast on stations (Circular 39/2020/TT-BTTTT): from a source information
    system at one of three priorities, in a campaign (e.g. storm warnings) whose coverage is the
    stations, and so the communes, that broadcast it."""

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        PRIORITY = "priority", _("Priority")
        EMERGENCY = "emergency", _("Emergency")

    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(_("source"), max_length=255,
                              help_text=_("E.g. the provincial source information system, the commune"))
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices, default=Priority.NORMAL,
                                db_index=True)
    campaign = models.CharField(_("campaign"), max_length=200, blank=True, db_index=True)
    organization = models.ForeignKey(Organization, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                     related_name="bulletins")
    broadcast_at = models.DateTimeField(_("broadcast at"))
    stations = models.ManyToManyField(RadioStation, verbose_name=_("stations"), related_name="bulletins",
                                      blank=True)
    content = models.TextField(_("content"), blank=True)

    search_fields = ("title", "source", "campaign")
    scope_organization_path = "organization"
    scope_province_path = "organization__province"

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-broadcast_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grassroots:bulletin_detail", args=[self.pk])
