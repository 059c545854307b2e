"""Inspections and sanctions: yearly inspection plans, inspections and checks by field, the subjects
inspected, violations with the legal provision breached, sanction decisions (fines in VND, payments,
enforcement, appeals) and confiscations.

Scoping: an inspection belongs to the organisation that carries it out (the department's inspectorate,
a district's inter-sector team, a commune's committee); its province is that organisation's
(`organization__province`). Every record of an inspection (subjects, violations, decisions,
payments, confiscations) is scoped through it. The provision catalogue is reference data with
validity dates: decrees are replaced (159/2013 by 119/2020, 174/2013 by 15/2020, amended by 14/2022).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.core.models import BaseModel, SearchableModel, SoftDeleteModel
from dieuhanh.core.roles import ACTIONS, ADD, CHANGE, VIEW, Role
from dieuhanh.orgs.models import Organization


class Field(models.TextChoices):
    """The fields of information and communications the department inspects."""

    PRESS = "press", _("Press")
    PUBLISHING = "publishing", _("Publishing, printing and distribution")
    POST = "post", _("Post")
    TELECOM = "telecom", _("Telecommunications")
    INTERNET = "internet", _("Internet and information services")
    RADIO_FREQUENCY = "radio_frequency", _("Radio frequencies")
    IT_SECURITY = "it_security", _("IT and information security")
    ADVERTISING = "advertising", _("Advertising")


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned inspection")
    UNSCHEDULED = "unscheduled", _("Unscheduled inspection")
    CHECK = "check", _("Check")
    INTER_SECTOR = "inter_sector", _("Inter-sector team")


class SubjectKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual")
    HOUSEHOLD = "household", _("Household business")


# Department roles keep the catalogue (decrees are replaced); officers and viewers read it.
CATALOGUE_ROLE_ACTIONS = {
    Role.ADMIN: frozenset(ACTIONS),
    Role.LEADER: frozenset({VIEW, ADD, CHANGE}),
    Role.SPECIALIST: frozenset({VIEW, ADD, CHANGE}),
    Role.OFFICER: frozenset({VIEW}),
    Role.VIEWER: frozenset({VIEW}),
}


class Provision(SoftDeleteModel, SearchableModel, BaseModel):
    """A provision of a sanctions decree (decree, article, clause, point) describing an act and its
    fine range. Reference data that the department extends; `valid_from` / `valid_until` say when it
    is in force (`valid_until` is the first day it no longer applies, as for administrative units).

    The range is stated for one kind of violator (`fine_applies_to`); the other kind pays twice or
    half of it, as each decree's general provisions say."""

    class AppliesTo(models.TextChoices):
        INDIVIDUAL = "individual", _("Individuals (organisations pay twice)")
        ORGANISATION = "organisation", _("Organisations (individuals pay half)")

    decree = models.CharField(_("decree"), max_length=50, db_index=True, help_text=_("E.g. 119/2020/NĐ-CP"))
    article = models.PositiveSmallIntegerField(_("article"))
    clause = models.PositiveSmallIntegerField(_("clause"), null=True, blank=True)
    point = models.CharField(_("point"), max_length=5, blank=True)
    title = models.TextField(_("act"), help_text=_("The act the provision sanctions"))
    field = models.CharField(pgettext_lazy("sector", "field"), max_length=20, choices=Field.choices, db_index=True)
    fine_min = models.BigIntegerField(_("minimum fine (VND)"), validators=[MinValueValidator(0)])
    fine_max = models.BigIntegerField(_("maximum fine (VND)"), validators=[MinValueValidator(0)])
    fine_applies_to = models.CharField(_("range stated for"), max_length=20, choices=AppliesTo.choices,
                                       default=AppliesTo.ORGANISATION)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True,
                                   help_text=_("The first day it no longer applies (replaced or amended)"))
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("decree", "title")
    role_actions = CATALOGUE_ROLE_ACTIONS

    class Meta:
        verbose_name = _("legal provision")
        verbose_name_plural = _("legal provisions")
        ordering = ["decree", "article", "clause", "point"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        return f"{' '.join(parts)} Nghị định {self.decree}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:provision_detail", args=[self.pk])

    def lookup_label(self) -> str:
        return f"{self.reference} — {self.title[:80]}"

    def in_force_on(self, date: datetime.date) -> bool:
        return self.valid_from <= date and (self.valid_until is None or date < self.valid_until)

    def range_for(self, subject_kind: str) -> tuple[int, int]:
        """The fine range for a violator of that kind (a household business is an individual)."""
        organisation = subject_kind == SubjectKind.ORGANISATION
        if self.fine_applies_to == self.AppliesTo.INDIVIDUAL and organisation:
            return self.fine_min * 2, self.fine_max * 2
        if self.fine_applies_to == self.AppliesTo.ORGANISATION and not organisation:
            return self.fine_min // 2, self.fine_max // 2
        return self.fine_min, self.fine_max

    def clean(self):
        errors = {}
        # Either bound may be the wrong one: the error names both.
        if self.fine_min is not None and self.fine_max is not None and self.fine_max < self.fine_min:
            errors["fine_min"] = errors["fine_max"] = _("The maximum fine cannot be below the minimum.")
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_from"] = errors["valid_until"] = _(
                "A provision cannot stop applying before it comes into force.")
        if errors:
            raise ValidationError(errors)


class InspectionPlan(SoftDeleteModel, SearchableModel, BaseModel):
    """A year's inspection plan of an organisation, approved by a decision."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=255)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="inspection_plans")
    decision_number = models.CharField(_("approval decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("approval decision date"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("title", "decision_number")
    scope_organization_path = "organization"
    scope_province_path = "organization__province"

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspectionplan_detail", args=[self.pk])

    def get_year_display(self) -> str:
        return str(self.year)  # a year, not a quantity: never "2.026"


class PlannedInspection(SoftDeleteModel, BaseModel):
    """One inspection or check of a plan: field, subject and when it is due. It is done when an
    inspection carried out under it has ended (see `services.plan_progress`)."""

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices,
                            default=InspectionKind.PLANNED)
    field = models.CharField(pgettext_lazy("sector", "field"), max_length=20, choices=Field.choices)
    subject = models.CharField(_("subject"), max_length=255)
    subject_organization = models.ForeignKey(Organization, verbose_name=_("subject in the registry"), null=True,
                                             blank=True, on_delete=models.SET_NULL, related_name="+")
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(4)])
    notes = models.TextField(_("notes"), blank=True)

    scope_organization_path = "plan__organization"
    scope_province_path = "plan__organization__province"

    class Meta:
        verbose_name = _("planned inspection")
        verbose_name_plural = _("planned inspections")
        ordering = ["plan_id", "quarter", "pk"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:plannedinspection_detail", args=[self.pk])


class Inspection(SoftDeleteModel, SearchableModel, BaseModel):
    """An inspection or a check (thanh tra, kiểm tra): its decision, team, dates, findings and
    conclusion. Figures count it in the period its start date falls in."""

    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, db_index=True)
    field = models.CharField(pgettext_lazy("sector", "field"), max_length=20, choices=Field.choices, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    organization = models.ForeignKey(Organization, verbose_name=_("inspecting organisation"),
                                     on_delete=models.PROTECT, related_name="inspections")
    plan_item = models.ForeignKey(PlannedInspection, verbose_name=_("planned as"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="inspections")
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("decision signed by"), max_length=200, blank=True)
    leader = models.CharField(_("team leader"), max_length=200, blank=True)
    members = models.TextField(_("team members"), blank=True,
                               help_text=_("One per line: name, position, organisation (a team may come from "
                                           "several organisations)"))
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion_number = models.CharField(_("conclusion document number"), max_length=100, blank=True)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True)

    search_fields = ("title", "decision_number", "leader")
    scope_organization_path = "organization"
    scope_province_path = "organization__province"

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["organization", "started_on"]),
                   models.Index(fields=["started_on", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    def status_on(self, date: datetime.date) -> str:
        if self.ended_on and self.ended_on <= date:
            return "done"
        if self.started_on <= date:
            return "in_progress"
        return "not_started"

    def clean(self):
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("An inspection cannot end before it started.")
        if self.started_on and self.decision_date and self.started_on < self.decision_date:
            errors["started_on"] = _("An inspection cannot start before the decision ordering it (%(date)s).") % {
                "date": f"{self.decision_date:%d/%m/%Y}"}
        if self.conclusion_date and self.started_on and self.conclusion_date < self.started_on:
            errors["conclusion_date"] = _("The conclusion cannot be dated before the inspection started.")
        if errors:
            raise ValidationError(errors)


class InspectionChild(models.Model):
    """Records of an inspection are scoped by it."""

    scope_organization_path = "inspection__organization"
    scope_province_path = "inspection__organization__province"

    class Meta:
        abstract = True


class InspectionSubject(InspectionChild, SoftDeleteModel, SearchableModel, BaseModel):
    """An organisation, individual or household business inspected: from the registry of
    organisations, or entered on the spot."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="subjects")
    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices, default=SubjectKind.ORGANISATION)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation in the registry"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255, blank=True,
                            help_text=_("Left blank: the registry organisation's name"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    identifier = models.CharField(_("tax code or ID number"), max_length=50, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("name", "identifier", "address")

    class Meta:
        verbose_name = _("inspected subject")
        verbose_name_plural = _("inspected subjects")
        ordering = ["inspection_id", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspectionsubject_detail", args=[self.pk])

    def lookup_label(self) -> str:
        return f"{self.name} ({self.inspection})" if self.inspection_id else self.name

    def clean(self):
        if not self.name and self.organization_id:
            self.name = Organization.all_objects.filter(pk=self.organization_id).values_list(
                "name", flat=True).first() or ""
        if not self.name:
            raise ValidationError({"name": _("Enter the subject's name, or choose an organisation of the registry.")})


class Violation(InspectionChild, SoftDeleteModel, SearchableModel, BaseModel):
    """An act by an inspected subject that breaches a provision in force on the date of the act."""

    subject = models.ForeignKey(InspectionSubject, verbose_name=_("subject"), on_delete=models.PROTECT,
                                related_name="violations")
    # Denormalised from the subject (kept by save()): scoping and figures read it without a join.
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="violations", editable=False, null=True)
    provision = models.ForeignKey(Provision, verbose_name=_("legal provision breached"), on_delete=models.PROTECT,
                                  related_name="violations")
    act_date = models.DateField(_("date of the act"))
    description = models.TextField(_("act"))

    search_fields = ("description",)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-act_date", "-pk"]
        indexes = [models.Index(fields=["inspection", "act_date"])]

    def __str__(self) -> str:
        return self.description if len(self.description) <= 80 else f"{self.description[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("inspections:violation_detail", args=[self.pk])

    def lookup_label(self) -> str:
        return str(self)

    def save(self, *args, **kwargs):
        if self.subject_id:
            self.inspection_id = InspectionSubject.all_objects.filter(pk=self.subject_id).values_list(
                "inspection_id", flat=True).first()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"inspection"}
        super().save(*args, **kwargs)

    def in_scope(self, scope) -> bool:
        if scope.everything:
            return True
        inspection = Inspection.all_objects.filter(subjects=self.subject_id).values(
            "organization_id", "organization__province_id").first() or {}
        if scope.organization_ids:
            return inspection.get("organization_id") in scope.organization_ids
        return inspection.get("organization__province_id") in scope.province_ids

    @property
    def fine_range(self) -> tuple[int, int] | None:
        if not (self.provision_id and self.subject_id):
            return None
        return self.provision.range_for(self.subject.kind)

    def clean(self):
        if self.provision_id and self.act_date:
            provision = Provision.all_objects.filter(pk=self.provision_id).first()
            if provision is not None and not provision.in_force_on(self.act_date):
                until = f" {_('until')} {provision.valid_until:%d/%m/%Y}" if provision.valid_until else ""
                raise ValidationError({"provision": _(
                    "%(provision)s is not in force on %(date)s, the date of the act (in force from "
                    "%(start)s%(until)s). Choose the provision in force then.") % {
                    "provision": provision.reference, "date": f"{self.act_date:%d/%m/%Y}",
                    "start": f"{provision.valid_from:%d/%m/%Y}", "until": until}})


class Sanction(InspectionChild, SoftDeleteModel, SearchableModel, BaseModel):
    """A decision imposing administrative sanctions on a subject for its violations: the fine (checked
    against the provisions' ranges), additional and remedial measures, payments, enforcement, appeal."""

    class Enforcement(models.TextChoices):
        UNPAID = "unpaid", _("Not yet paid")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", _("Paid")
        ENFORCED = "enforced", _("Coercive enforcement")
        SUSPENDED = "suspended", _("Suspended or exempted")

    subject = models.ForeignKey(InspectionSubject, verbose_name=_("subject"), on_delete=models.PROTECT,
                                related_name="sanctions")
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="sanctions", editable=False, null=True)
    # The inspecting organisation, denormalised from the inspection (kept by save() and by
    # services.update_inspection): a province-year's decisions, fines, payments and confiscations are
    # read through an index on (organization, date) instead of joining every decision of the year.
    organization = models.ForeignKey(Organization, verbose_name=_("inspecting organisation"),
                                     on_delete=models.PROTECT, related_name="+", editable=False, null=True)
    number = models.CharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=200)
    violations = models.ManyToManyField(Violation, verbose_name=_("violations covered"), related_name="sanctions",
                                        blank=True)
    fine_amount = models.BigIntegerField(_("fine (VND)"), default=0, validators=[MinValueValidator(0)])
    fine_outside_range = models.BooleanField(
        _("fine outside the provisions' range confirmed"), default=False,
        help_text=_("Tick to confirm a fine outside the range of the provisions breached, and give the reason"))
    outside_range_reason = models.TextField(_("reason for a fine outside the range"), blank=True)
    additional_measures = models.TextField(_("additional measures"), blank=True,
                                           help_text=_("E.g. confiscation of exhibits, suspension of a licence"))
    remedial_measures = models.TextField(_("remedial measures"), blank=True)
    deadline = models.DateField(_("deadline to comply"), null=True, blank=True)
    enforcement = models.CharField(_("enforcement status"), max_length=20, choices=Enforcement.choices,
                                   default=Enforcement.UNPAID, db_index=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appeal_result = models.TextField(_("appeal result"), blank=True)

    search_fields = ("number", "signer")
    scope_organization_path = "organization"
    scope_province_path = "organization__province"
    changelog_exclude = (*BaseModel.changelog_exclude, "organization")

    class Meta:
        verbose_name = _("sanction decision")
        verbose_name_plural = _("sanction decisions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["inspection", "date"]), models.Index(fields=["organization", "date"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("inspections:sanction_detail", args=[self.pk])

    def lookup_label(self) -> str:
        return f"{self.number} ({self.subject})" if self.subject_id else self.number

    def save(self, *args, **kwargs):
        if self.subject_id:
            self.inspection_id, self.organization_id = InspectionSubject.all_objects.filter(
                pk=self.subject_id).values_list("inspection_id", "inspection__organization_id").first()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"inspection", "organization"}
        super().save(*args, **kwargs)

    in_scope = Violation.in_scope

    def clean(self):
        errors = {}
        if self.subject_id and self.date:
            started = Inspection.all_objects.filter(subjects=self.subject_id).values_list(
                "started_on", flat=True).first()
            if started and self.date < started:
                errors["date"] = _("The decision cannot be dated before the inspection started (%(date)s).") % {
                    "date": f"{started:%d/%m/%Y}"}
        if self.deadline and self.date and self.deadline < self.date:
            errors["deadline"] = _("The deadline cannot be before the decision.")
        if self.appealed_on and self.date and self.appealed_on < self.date:
            errors["appealed_on"] = _("An appeal cannot be made before the decision.")
        if self.fine_outside_range and not self.outside_range_reason.strip():
            errors["outside_range_reason"] = _("Give the reason for a fine outside the provisions' range.")
        if errors:
            raise ValidationError(errors)


class SanctionChild(models.Model):
    """Records of a decision carry its (denormalised) inspecting organisation, as the decision does."""

    organization = models.ForeignKey(Organization, verbose_name=_("inspecting organisation"),
                                     on_delete=models.PROTECT, related_name="+", editable=False, null=True)

    scope_organization_path = "organization"
    scope_province_path = "organization__province"
    changelog_exclude = (*BaseModel.changelog_exclude, "organization")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.sanction_id:
            self.organization_id = Sanction.all_objects.filter(pk=self.sanction_id).values_list(
                "organization_id", flat=True).first()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"organization"}
        super().save(*args, **kwargs)

    def in_scope(self, scope) -> bool:
        # An unsaved record's organisation comes from its decision (save() has not set it yet).
        if scope.everything:
            return True
        owner = Sanction.all_objects.filter(pk=self.sanction_id).values(
            "organization_id", "organization__province_id").first() or {}
        if scope.organization_ids:
            return owner.get("organization_id") in scope.organization_ids
        return owner.get("organization__province_id") in scope.province_ids


class Payment(SanctionChild, SoftDeleteModel, BaseModel):
    """A payment of a decision's fine (date, amount, receipt). The payments never exceed the fine."""

    sanction = models.ForeignKey(Sanction, verbose_name=_("sanction decision"), on_delete=models.PROTECT,
                                 related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.BigIntegerField(_("amount (VND)"), validators=[MinValueValidator(1)])
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("fine payment")
        verbose_name_plural = _("fine payments")
        ordering = ["-paid_on", "-pk"]
        indexes = [models.Index(fields=["sanction", "paid_on"]), models.Index(fields=["organization", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.sanction} — {self.paid_on:%d/%m/%Y}" if self.sanction_id and self.paid_on else str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("inspections:payment_detail", args=[self.pk])

    def clean(self):
        sanction = Sanction.all_objects.filter(pk=self.sanction_id).first() if self.sanction_id else None
        if sanction is None or self.amount is None:
            return
        errors = {}
        if self.paid_on and self.paid_on < sanction.date:
            errors["paid_on"] = _("A fine cannot be paid before its decision (%(date)s).") % {
                "date": f"{sanction.date:%d/%m/%Y}"}
        others = Payment.objects.filter(sanction=sanction).exclude(pk=self.pk).aggregate(
            total=models.Sum("amount"))["total"] or 0
        if others + self.amount > sanction.fine_amount:
            errors["amount"] = _("The payments would total %(total)s đ, above the fine of %(fine)s đ "
                                 "(%(left)s đ left to pay).") % {
                "total": f"{others + self.amount:,}".replace(",", "."),
                "fine": f"{sanction.fine_amount:,}".replace(",", "."),
                "left": f"{max(0, sanction.fine_amount - others):,}".replace(",", ".")}
        if errors:
            raise ValidationError(errors)


class Confiscation(SanctionChild, SoftDeleteModel, SearchableModel, BaseModel):
    """Items confiscated under a decision: kind, quantity and unit, and how they were disposed of."""

    class ItemKind(models.TextChoices):
        PUBLICATIONS = "publications", _("Publications")
        SIM_CARDS = "sim_cards", _("SIM cards")
        DEVICES = "devices", _("Devices")
        RADIO_EQUIPMENT = "radio_equipment", _("Radio transmitters")
        ADVERTISING = "advertising", _("Advertising materials")
        OTHER = "other", _("Other")

    class Disposal(models.TextChoices):
        PENDING = "pending", _("Held, not yet disposed of")
        DESTROYED = "destroyed", _("Destroyed")
        TRANSFERRED = "transferred", _("Transferred")
        RETURNED = "returned", _("Returned")

    sanction = models.ForeignKey(Sanction, verbose_name=_("sanction decision"), on_delete=models.PROTECT,
                                 related_name="confiscations")
    item_kind = models.CharField(_("item kind"), max_length=20, choices=ItemKind.choices, db_index=True)
    # Nullable only so that a missing quantity gets the clear message of clean(), not a database error.
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=50, default="bản",
                            help_text=_("E.g. bản (copies), chiếc (pieces), bộ (sets)"))
    description = models.TextField(_("description"), blank=True)
    disposal = models.CharField(_("disposal"), max_length=20, choices=Disposal.choices, default=Disposal.PENDING)
    disposed_on = models.DateField(_("disposed of on"), null=True, blank=True)
    # The decision's date, copied (and moved with the decision's) so that the figures filter one table by
    # organisation and date instead of joining every decision of the organisation.
    decided_on = models.DateField(_("decided on"), null=True, editable=False)

    search_fields = ("description",)
    changelog_exclude = (*SanctionChild.changelog_exclude, "decided_on")

    class Meta:
        verbose_name = _("confiscation")
        verbose_name_plural = _("confiscations")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["sanction", "item_kind"]), models.Index(fields=["organization", "item_kind"]),
                   models.Index(fields=["organization", "decided_on"])]

    def save(self, *args, **kwargs):
        if self.sanction_id:
            self.decided_on = Sanction.all_objects.filter(pk=self.sanction_id).values_list("date", flat=True).first()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"decided_on"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()}: {self.quantity or 0} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:confiscation_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not self.quantity:
            errors["quantity"] = _("Enter how many items were confiscated (a positive number).")
        if self.disposed_on and self.disposal == self.Disposal.PENDING:
            errors["disposal"] = _("Say how the items were disposed of on that date.")
        if self.sanction_id and self.disposed_on:
            date = Sanction.all_objects.filter(pk=self.sanction_id).values_list("date", flat=True).first()
            if date and self.disposed_on < date:
                errors["disposed_on"] = _("Items cannot be disposed of before the decision confiscating them.")
        if errors:
            raise ValidationError(errors)
