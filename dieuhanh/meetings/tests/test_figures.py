"""Figures of meetings: the value for a period and a unit, equal to the records its drill-down lists."""

import datetime

import pytest

from dieuhanh.core import figures, testing
from dieuhanh.core.figures import Period
from dieuhanh.meetings import services
from dieuhanh.meetings.models import BridgePoint, Meeting

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def data(world):
    admin = world.users["admin"]
    october = factories.meeting(world, world.department, status=Meeting.Status.HELD)
    factories.meeting(world, world.committee, status=Meeting.Status.HELD, kind=Meeting.Kind.IN_PERSON)
    factories.meeting(world, world.department, status=Meeting.Status.CANCELLED)
    factories.meeting(world, world.department, status=Meeting.Status.HELD, starts_at=factories.at(15, 8, month=3),
                      ends_at=factories.at(15, 10, month=3))
    factories.meeting(world, world.other_department, status=Meeting.Status.HELD)
    for organization, status in ((world.committee, "connected"), (world.other_committee, "late"),
                                 (factories.sub_organization(world, world.department), "failed")):
        BridgePoint.objects.create(meeting=october, organization=organization, connection_status=status)
    for day, answered in ((5, 9), (6, None), (20, None)):
        recommendation = services.create_recommendation(admin, {
            "raised_by": world.committee, "meeting": october, "topic": "Kiến nghị", "content": "…",
            "raised_on": datetime.date(2026, 10, day)})
        if answered:
            services.answer_recommendation(admin, recommendation, {"answer_text": "Đã trả lời",
                                                                   "answered_by": world.department,
                                                                   "answered_on": datetime.date(2026, 10, answered)})
    return october


QUARTER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


@pytest.mark.parametrize(("key", "value", "parts"), [
    ("meetings.held", 2, {"online": 1, "in_person": 1}),
    ("meetings.bridge_points", 3, {"connected": 1, "late": 1, "failed": 1, "unknown": 0}),
    ("meetings.bridge_points_connected", 2, {}),
    ("meetings.recommendations_raised", 3, {}),
    ("meetings.recommendations_answered", 1, {}),
    ("meetings.recommendations_unanswered", 2, {}),
])
def test_figures_for_october_and_their_drill_down(world, client, data, key, value, parts):
    specialist = world.users["specialist"]
    result = figures.get(key).evaluate(specialist, QUARTER, unit_ids=[world.province.pk])
    assert result.value == value
    assert {part.key: part.value for part in result.parts} == parts
    client.force_login(specialist)
    assert client.get(result.url).context["page"].paginator.count == value
    for part in result.parts:
        assert client.get(part.url).context["page"].paginator.count == part.value


def test_unanswered_is_as_of_the_date(world, data):
    figure = figures.get("meetings.recommendations_unanswered")
    specialist = world.users["specialist"]
    assert figure.evaluate(specialist, Period(end=datetime.date(2026, 10, 7))).value == 2  # 5th and 6th open
    assert figure.evaluate(specialist, Period(end=datetime.date(2026, 10, 10))).value == 1  # the 5th answered


def test_unit_of_a_commune_and_officer_scope(world, data):
    held = figures.get("meetings.held")
    assert held.evaluate(world.users["specialist"], QUARTER, unit_ids=[world.committee.unit_id]).value == 1
    assert held.evaluate(world.users["officer"], QUARTER).value == 2  # hosts one, is a bridge point of the other
    assert held.evaluate(world.users["admin"], QUARTER).value == 3
