"""Figures of meetings: meetings held, bridge points connected, recommendations raised, answered and
still unanswered. A meeting and its bridge points count in the period the meeting starts in; a
recommendation counts as raised on its date, as answered on the answer's date, and as unanswered on
a date when it was raised by then and not yet answered. Units: the host organisation's (meetings,
bridge points) or the raising organisation's (recommendations), rolled up to today's units."""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, register

from .filters import BridgePointFilterSet, MeetingFilterSet, RecommendationFilterSet
from .models import BridgePoint, Meeting, Recommendation

MEETING_PERIOD = ("starts_after", "starts_before")

register(Figure(
    key="meetings.held",
    label=_("Meetings held"),
    unit=_("meetings"),
    model=Meeting,
    filterset=MeetingFilterSet,
    list_url_name="meetings:meeting_list",
    period_params=MEETING_PERIOD,
    unit_param="unit",
    fixed_params={"status": Meeting.Status.HELD},
    breakdown=("kind", "kind"),
    breakdown_labels=lambda: dict(Meeting.Kind.choices),
    description=_("Meetings that took place in the period, online or in person"),
    group="meetings",
))

register(Figure(
    key="meetings.bridge_points",
    label=_("Bridge points"),
    unit=_("bridge points"),
    model=BridgePoint,
    filterset=BridgePointFilterSet,
    list_url_name="meetings:bridgepoint_list",
    period_params=MEETING_PERIOD,
    unit_param="unit",
    breakdown=("connection_status", "connection_status"),
    breakdown_labels=lambda: dict(BridgePoint.Connection.choices),
    description=_("Bridge points of the meetings of the period, by how they connected"),
    group="meetings",
))

register(Figure(
    key="meetings.bridge_points_connected",
    label=_("Bridge points connected"),
    unit=_("bridge points"),
    model=BridgePoint,
    filterset=BridgePointFilterSet,
    list_url_name="meetings:bridgepoint_list",
    period_params=MEETING_PERIOD,
    unit_param="unit",
    fixed_params={"connection_status": [BridgePoint.Connection.CONNECTED, BridgePoint.Connection.LATE]},
    description=_("Bridge points that connected (on time or late)"),
    group="meetings",
))

register(Figure(
    key="meetings.recommendations_raised",
    label=_("Recommendations raised"),
    unit=_("recommendations"),
    model=Recommendation,
    filterset=RecommendationFilterSet,
    list_url_name="meetings:recommendation_list",
    period_params=("raised_after", "raised_before"),
    unit_param="unit",
    group="meetings",
))

register(Figure(
    key="meetings.recommendations_answered",
    label=_("Recommendations answered"),
    unit=_("recommendations"),
    model=Recommendation,
    filterset=RecommendationFilterSet,
    list_url_name="meetings:recommendation_list",
    period_params=("answered_after", "answered_before"),
    unit_param="unit",
    description=_("Answers given in the period"),
    group="meetings",
))

register(Figure(
    key="meetings.recommendations_unanswered",
    label=_("Recommendations awaiting an answer"),
    unit=_("recommendations"),
    model=Recommendation,
    filterset=RecommendationFilterSet,
    list_url_name="meetings:recommendation_list",
    date_param="open_on",
    unit_param="unit",
    description=_("Raised and not yet answered on the date"),
    group="meetings",
))
