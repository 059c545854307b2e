from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.core.tables import Column, Table


class MeetingSeriesTable(Table):
    name = Column(_("Name"), linkify=True)
    organization = Column(_("Host organisation"), linkify="value", order_by="organization__name")
    select_related = ("organization",)
    default_order = ("name", "pk")


class MeetingTable(Table):
    starts_at = Column(_("Starts at"))
    title = Column(_("Title"), linkify=True)
    kind = Column(_("Kind"))
    host_organization = Column(_("Host organisation"), linkify="value", order_by="host_organization__name")
    chair_display = Column(_("Chair"), order_by="chair_name")
    series = Column(_("Series"), linkify="value", order_by="series__name")
    status = Column(_("Status"))
    select_related = ("host_organization", "chair", "series")
    default_order = ("-starts_at", "-pk")


class AgendaItemTable(Table):
    meeting = Column(_("Meeting"), linkify="value", order_by="meeting__starts_at")
    order = Column(_("Order"))
    title = Column(_("Title"), linkify=True)
    presenter = Column(_("Presenter"))
    duration_minutes = Column(_("Duration (minutes)"))
    select_related = ("meeting",)
    default_order = ("-meeting__starts_at", "meeting", "order", "pk")


class BridgePointTable(Table):
    organization = Column(_("Bridge point"), linkify=True, order_by="organization__name")
    meeting = Column(_("Meeting"), linkify="value", order_by="meeting__starts_at")
    chair_name = Column(_("Chair at this point"))
    expected_attendees = Column(_("Expected attendees"))
    attendee_count = Column(_("Attendees"))
    connection_status = Column(_("Connection"))
    select_related = ("meeting", "organization")
    default_order = ("-meeting__starts_at", "meeting", "organization__name", "pk")


class ParticipantTable(Table):
    full_name = Column(_("Full name"), linkify=True)
    position = Column(_("Position"))
    organization = Column(_("Organisation"), linkify="value", order_by="organization__name")
    bridge_point = Column(_("Bridge point"), order_by="bridge_point__organization__name")
    meeting = Column(_("Meeting"), linkify="value", order_by="meeting__starts_at")
    attended = Column(_("Attended"))
    select_related = ("meeting", "organization", "bridge_point__organization")
    default_order = ("-meeting__starts_at", "meeting", "full_name", "pk")


class DirectiveTable(Table):
    text = Column(_("Directive"), accessor="__str__", linkify=True, order_by="text")
    meeting = Column(_("Meeting"), linkify="value", order_by="meeting__starts_at")
    lead_organization = Column(_("Lead organisation"), linkify="value", order_by="lead_organization__name")
    deadline = Column(_("Deadline"))
    task = Column(_("Task"), linkify="value", order_by="task_id")
    select_related = ("meeting", "lead_organization", "task")
    default_order = ("-meeting__starts_at", "meeting", "order", "pk")


class RecommendationTable(Table):
    raised_on = Column(_("Raised on"))
    topic = Column(_("Topic"), linkify=True)
    raised_by = Column(_("Raised by"), linkify="value", order_by="raised_by__name")
    meeting = Column(_("At meeting"), linkify="value", order_by="meeting__starts_at")
    assigned_to = Column(pgettext_lazy("recommendation", "Assigned to"), linkify="value", order_by="assigned_to__name")
    answer_due = Column(_("Answer due"))
    answered_on = Column(_("Answered on"))
    status = Column(_("Status"), order_by=False)
    days_to_answer = Column(_("Days to answer"), order_by=False)
    select_related = ("raised_by", "assigned_to", "meeting")
    default_order = ("-raised_on", "-pk")
