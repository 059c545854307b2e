"""The meeting page, its attendance report and the recommendation pages issue as many queries for a
big meeting as for a small one (rows come in batches, never one query a row)."""

import datetime

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.meetings import services
from dieuhanh.meetings.models import AgendaItem, BridgePoint, Participant

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


def grow(world, meeting, previous, start, count):
    """`count` more of everything the meeting page lists: agenda items, bridge points with named
    participants, host participants, directives issued as tasks (here and at the previous meeting),
    recommendations raised at the meeting."""
    admin, specialist = world.users["admin"], world.users["specialist"]
    coop = factories.sub_organization(world, world.department, "Trung tâm Chuyển đổi số")
    for number in range(start, start + count):
        organization = factories.sub_organization(world, world.committee, f"Thôn {number}")
        AgendaItem.objects.create(meeting=meeting, order=number, title=f"Tham luận {number}")
        point = BridgePoint.objects.create(meeting=meeting, organization=organization, chair_name=f"Chủ trì {number}",
                                           attendee_count=10 + number,
                                           connection_status=("connected", "late", "failed")[number % 3])
        Participant.objects.create(meeting=meeting, bridge_point=point, full_name=f"Đại biểu {number}",
                                   organization=organization)
        Participant.objects.create(meeting=meeting, full_name=f"Khách mời {number}")
        for target in (meeting, previous):
            services.create_directive(admin, {"meeting": target, "order": number, "text": f"Chỉ đạo {number}",
                                              "lead_organization": organization,
                                              "cooperating_organizations": [coop],
                                              "deadline": datetime.date(2027, 3, 31)})
        services.create_recommendation(admin, {"raised_by": organization, "meeting": meeting,
                                               "topic": f"Kiến nghị {number}", "content": "…",
                                               "assigned_to": world.department,
                                               "raised_on": datetime.date(2026, 10, 20)})
        meeting.invited_organizations.add(organization)
    services.issue_directive_tasks(specialist, meeting)
    services.issue_directive_tasks(specialist, previous)


@pytest.mark.parametrize("role", ["specialist", "officer"])
def test_meeting_pages_do_not_grow(world, client, role):
    series = factories.series(world, world.committee)
    previous = factories.meeting(world, world.committee, series=series, starts_at=factories.at(1, 8),
                                 ends_at=factories.at(1, 10))
    meeting = factories.meeting(world, world.committee, series=series, starts_at=factories.at(20, 8),
                                ends_at=factories.at(20, 10))
    client.force_login(world.users[role])
    pages = [meeting.get_absolute_url(), reverse("meetings:meeting_attendance", args=[meeting.pk]),
             reverse("meetings:recommendation_unanswered"), reverse("meetings:meetingseries_detail", args=[series.pk])]
    grow(world, meeting, previous, 1, 2)
    pages.append(reverse("meetings:bridgepoint_detail", args=[meeting.bridge_points.first().pk]))
    for url in pages:
        client.get(url)  # warm-up
    few = [testing.count_queries(lambda u=url: client.get(u)) for url in pages]
    grow(world, meeting, previous, 3, 6)
    many = [testing.count_queries(lambda u=url: client.get(u)) for url in pages]
    for url, (response_few, sql_few), (response_many, sql_many) in zip(pages, few, many, strict=True):
        assert response_few.status_code == response_many.status_code == 200, url
        testing.assert_queries_do_not_grow((2, sql_few), (8, sql_many))
    html = many[0][0].content.decode()
    assert html.count('id="bridge-point-') == 8 and html.count("data-timeliness=") == 16
