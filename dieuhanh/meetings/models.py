"""Meetings and conferences: online with bridge points (điểm cầu) or in person; agenda, attendance,
the chair's conclusion with its directives (each becomes a task), and recommendations (kiến nghị)
raised by organisations with the answers given to them.

Scoping: a meeting belongs to its host organisation; officers of the organisations invited to it or
attending it as a bridge point may read it (`scope_extra_organization_paths`), not change it. The
parts of a meeting (agenda, bridge points, participants, directives, invitations) follow the meeting.
A recommendation belongs to the organisation that raised it and is readable by the one assigned to
answer it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, SearchableModel, SoftDeleteModel
from dieuhanh.orgs.models import Organization, Person

# Meetings happen in these years; anything else is a typing slip (and year 1 or 9999 cannot even be
# moved between time zones).
YEARS = (1900, 2100)

# Who may read a meeting without hosting it: its bridge points' and its invited organisations.
MEETING_VIEWERS = ("bridge_points__organization", "invited_organizations")


def _through_meeting(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"meeting__{path}" for path in paths)


def _related(instance, name: str):
    """The related record, or None when the id names none (clean() runs even after the field's own
    validation found that the id does not exist, or is out of the database's range)."""
    try:
        return getattr(instance, name)
    except (ObjectDoesNotExist, OverflowError):
        return None


class MeetingSeries(SearchableModel, BaseModel):
    """A recurring meeting, e.g. the monthly online briefing: each meeting of a series opens with the
    status of the previous meeting's directives."""

    name = models.CharField(_("name"), max_length=255)
    organization = models.ForeignKey(Organization, verbose_name=_("host organisation"), on_delete=models.PROTECT,
                                     related_name="meeting_series")
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name",)
    scope_organization_path = "organization"
    scope_province_path = "organization__province"

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:meetingseries_detail", args=[self.pk])


class Meeting(SoftDeleteModel, SearchableModel, BaseModel):
    """A conference or meeting hosted by an organisation and chaired by someone."""

    class Kind(models.TextChoices):
        ONLINE = "online", _("Online, with bridge points")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ONLINE, db_index=True)
    series = models.ForeignKey(MeetingSeries, verbose_name=_("series"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    host_organization = models.ForeignKey(Organization, verbose_name=_("host organisation"),
                                          on_delete=models.PROTECT, related_name="hosted_meetings")
    chair = models.ForeignKey(Person, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="chaired_meetings",
                              help_text=_("The chair, if recorded among the people; otherwise type the name below"))
    chair_name = models.CharField(_("chair's name"), max_length=150, blank=True)
    chair_position = models.CharField(_("chair's position"), max_length=200, blank=True)
    location = models.CharField(_("venue"), max_length=255, blank=True,
                                help_text=_("Where the host's point (main hall) is"))
    video_link = models.URLField(_("video-conference link"), max_length=500, blank=True,
                                 help_text=_("Optional, e.g. a Jitsi room URL"))
    invited_organizations = models.ManyToManyField(Organization, verbose_name=_("invited organisations"),
                                                   blank=True, related_name="meeting_invitations")
    host_attendee_count = models.PositiveIntegerField(_("attendees at the host's point"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED,
                              db_index=True)
    conclusion_number = models.CharField(_("conclusion notice number"), max_length=100, blank=True,
                                         help_text=_("e.g. 12/TB-UBND; tasks issued from the conclusion cite it"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion_text = models.TextField(_("chair's conclusion"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The iCalendar SEQUENCE of the invitations: raised whenever the time, place or link changes.
    sequence = models.PositiveIntegerField(_("invitation revision"), default=0, editable=False)

    search_fields = ("title", "location", "chair_name")
    scope_organization_path = "host_organization"
    scope_province_path = "host_organization__province"
    scope_extra_organization_paths = MEETING_VIEWERS

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["host_organization", "starts_at"]),
                   models.Index(fields=["series", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self):
        errors = {}
        for name in ("starts_at", "ends_at"):
            value = getattr(self, name)
            if value and not YEARS[0] <= value.year <= YEARS[1]:
                errors[name] = _("Enter a time between the years %(first)s and %(last)s.") % {
                    "first": YEARS[0], "last": YEARS[1]}
        if errors:
            raise ValidationError(errors)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if self.concluded_on and self.starts_at and self.concluded_on < timezone.localtime(self.starts_at).date():
            errors["concluded_on"] = _("The conclusion cannot be dated before the meeting.")
        series = _related(self, "series") if self.series_id else None
        if series is not None and self.host_organization_id and series.organization_id != self.host_organization_id:
            errors["series"] = _("The series belongs to another host organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def chair_display(self) -> str:
        name = self.chair_name or (self.chair.full_name if self.chair_id else "")
        position = self.chair_position or (self.chair.position if self.chair_id else "")
        return ", ".join(part for part in (name, position) if part)

    @property
    def is_concluded(self) -> bool:
        return bool(self.conclusion_text)


class AgendaItem(BaseModel):
    """One item of a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=500)
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True,
                                                        validators=[MaxValueValidator(24 * 60)])
    notes = models.TextField(_("notes"), blank=True)

    scope_organization_path = "meeting__host_organization"
    scope_province_path = "meeting__host_organization__province"
    scope_extra_organization_paths = _through_meeting(MEETING_VIEWERS)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:agendaitem_detail", args=[self.pk])


class BridgePoint(BaseModel):
    """A remote point (điểm cầu) of an online meeting: who attends there, who chairs it, whether it
    connected on the day."""

    class Connection(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet known")
        CONNECTED = "connected", _("Connected")
        LATE = "late", _("Connected late")
        FAILED = "failed", _("Failed to connect")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="bridge_points")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="meeting_bridge_points")
    location = models.CharField(_("location"), max_length=255, blank=True)
    chair_name = models.CharField(_("chair at this point"), max_length=150, blank=True)
    chair_position = models.CharField(_("chair's position"), max_length=200, blank=True)
    expected_attendees = models.PositiveIntegerField(_("expected attendees"), null=True, blank=True)
    attendee_count = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    connection_status = models.CharField(_("connection"), max_length=10, choices=Connection.choices,
                                         default=Connection.UNKNOWN, db_index=True)
    note = models.TextField(_("note"), blank=True)

    scope_organization_path = "meeting__host_organization"
    scope_province_path = "meeting__host_organization__province"
    scope_extra_organization_paths = _through_meeting(MEETING_VIEWERS)

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        ordering = ["meeting", "organization__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "organization"],
                                               name="meetings_bridgepoint_unique_organization")]

    def __str__(self) -> str:
        return str(self.organization) if self.organization_id else str(_("bridge point"))

    def get_absolute_url(self) -> str:
        return reverse("meetings:bridgepoint_detail", args=[self.pk])

    def validate_constraints(self, exclude=None):
        # Django's message names both fields; people need to hear which one to change. (Fields that
        # failed their own validation are in `exclude`: their ids may not even fit the database.)
        checked = not set(exclude or ()) & {"meeting", "organization"}
        if checked and self.meeting_id and self.organization_id and BridgePoint.objects.filter(
                meeting_id=self.meeting_id, organization_id=self.organization_id).exclude(pk=self.pk).exists():
            raise ValidationError({"organization": _("This organisation is already a bridge point of the meeting.")})
        super().validate_constraints(exclude=exclude)


class Participant(BaseModel):
    """A named participant, at the host's point (no bridge point) or at a bridge point."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="participants")
    bridge_point = models.ForeignKey(BridgePoint, verbose_name=_("bridge point"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="participants",
                                     help_text=_("Leave empty for the host's point"))
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="meeting_participations")
    attended = models.BooleanField(_("attended"), default=True)

    scope_organization_path = "meeting__host_organization"
    scope_province_path = "meeting__host_organization__province"
    scope_extra_organization_paths = _through_meeting(MEETING_VIEWERS)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "bridge_point", "full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("meetings:participant_detail", args=[self.pk])

    def clean(self):
        point = _related(self, "bridge_point") if self.bridge_point_id else None
        if point is not None and self.meeting_id and point.meeting_id != self.meeting_id:
            raise ValidationError({"bridge_point": _("This bridge point belongs to another meeting.")})


class Directive(BaseModel):
    """One directive of the chair's conclusion: what is to be done, by whom, by when. Issuing it
    creates a task (tasks app) that links back here."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="directives")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("directive"))
    lead_organization = models.ForeignKey(Organization, verbose_name=_("lead organisation"),
                                          on_delete=models.PROTECT, related_name="meeting_directives")
    cooperating_organizations = models.ManyToManyField(Organization, verbose_name=_("cooperating organisations"),
                                                       blank=True, related_name="+")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), null=True, blank=True,
        help_text=_("Instead of a date: the number of working days from the conclusion"))
    task = models.OneToOneField("tasks.Task", verbose_name=_("task"), null=True, blank=True, editable=False,
                                on_delete=models.SET_NULL, related_name="directive")

    scope_organization_path = "meeting__host_organization"
    scope_province_path = "meeting__host_organization__province"
    scope_extra_organization_paths = (*_through_meeting(MEETING_VIEWERS), "lead_organization")

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return Truncator(self.text).chars(120)

    def get_absolute_url(self) -> str:
        return reverse("meetings:directive_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.deadline and self.working_days:
            errors["working_days"] = _("Give either a deadline or a number of working days, not both.")
        meeting = _related(self, "meeting") if self.meeting_id else None
        if self.deadline and meeting is not None and self.deadline < local_date(meeting.starts_at):
            errors["deadline"] = _("The deadline cannot be before the meeting.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_issued(self) -> bool:
        return self.task_id is not None


class Recommendation(SoftDeleteModel, SearchableModel, BaseModel):
    """A recommendation (kiến nghị) raised by an organisation, at a meeting or in writing, and the
    answer given to it."""

    class Status(models.TextChoices):
        UNANSWERED = "unanswered", _("Awaiting an answer")
        OVERDUE = "overdue", _("Answer overdue")
        ANSWERED = "answered", _("Answered")

    raised_by = models.ForeignKey(Organization, verbose_name=_("raised by"), on_delete=models.PROTECT,
                                  related_name="raised_recommendations")
    meeting = models.ForeignKey(Meeting, verbose_name=_("raised at meeting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="recommendations")
    document_ref = models.CharField(_("written document"), max_length=255, blank=True,
                                    help_text=_("Number and date of the document, when raised in writing"))
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    topic = models.CharField(_("topic"), max_length=255)
    content = models.TextField(_("content"))
    assigned_to = models.ForeignKey(Organization, verbose_name=_("assigned for answer to"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="assigned_recommendations")
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(Organization, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="answered_recommendations")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    search_fields = ("topic", "content", "document_ref")
    scope_organization_path = "raised_by"
    scope_province_path = "raised_by__province"
    scope_extra_organization_paths = ("assigned_to",)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["assigned_to", "answered_on"]), models.Index(fields=["raised_by", "raised_on"])]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("meetings:recommendation_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not self.meeting_id and not self.document_ref:
            errors["meeting"] = _("Say where it was raised: at a meeting, or in a written document.")
        if self.answer_due and self.raised_on and self.answer_due < self.raised_on:
            errors["answer_due"] = _("The answer cannot be due before the recommendation was raised.")
        today = timezone.localdate()
        if self.raised_on and self.raised_on > today:
            errors["raised_on"] = _("A recommendation cannot be dated in the future.")
        if self.answered_on and self.answered_on > today:
            errors["answered_on"] = _("An answer cannot be dated in the future.")
        elif self.answered_on and self.raised_on and self.answered_on < self.raised_on:
            errors["answered_on"] = _("The answer cannot be dated before the recommendation was raised.")
        if self.answered_on and not self.answer_text.strip():
            errors["answer_text"] = _("Write the answer.")
        if self.answer_text.strip() and not self.answered_on:
            errors["answered_on"] = _("Give the date of the answer.")
        if self.answer_text.strip() and not self.answered_by_id:
            errors["answered_by"] = _("Say which organisation answered.")
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        if self.answered_on:
            return self.Status.ANSWERED
        if self.answer_due and self.answer_due < timezone.localdate():
            return self.Status.OVERDUE
        return self.Status.UNANSWERED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def days_to_answer(self) -> int | None:
        """Days from raising to the answer; for an open one, the days it has waited so far."""
        if not self.raised_on:
            return None
        end = self.answered_on or timezone.localdate()
        return (end - self.raised_on).days


class Invitation(BaseModel):
    """One invitation email sent for a meeting: to whom, which revision (iCalendar SEQUENCE), when.
    A re-run of the sending job skips an address that already has the current revision."""

    class Method(models.TextChoices):
        REQUEST = "REQUEST", _("Invitation or update")
        CANCEL = "CANCEL", _("Cancellation")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="invitations")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(_("email"))
    sequence = models.PositiveIntegerField(_("revision"))
    method = models.CharField(_("kind"), max_length=10, choices=Method.choices, default=Method.REQUEST)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    scope_organization_path = "meeting__host_organization"
    scope_province_path = "meeting__host_organization__province"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "-sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "email", "sequence", "method"],
                                               name="meetings_invitation_once_per_revision")]

    def __str__(self) -> str:
        return f"{self.email} ({self.sequence})"


def local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None
