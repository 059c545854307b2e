"""The meeting page's inline connection status (HTMX), the attendance report's totals, the video
link button, and global search."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.meetings.models import BridgePoint, Participant

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def meeting(world):
    meeting = factories.meeting(world, world.department, host_attendee_count=50,
                                video_link="https://meet.jit.si/giao-ban-thang-10")
    for index, (status, attendees) in enumerate((("connected", 30), ("late", 12), ("failed", 0), ("unknown", None))):
        point = BridgePoint.objects.create(meeting=meeting, connection_status=status, attendee_count=attendees,
                                           organization=factories.sub_organization(world, world.committee),
                                           expected_attendees=30)
        if index == 0:
            Participant.objects.create(meeting=meeting, bridge_point=point, full_name="Lường Văn Sơn")
    Participant.objects.create(meeting=meeting, full_name="Giàng Thị Hoa", position="Phó Chủ tịch UBND tỉnh")
    return meeting


def test_attendance_report_totals(world, client, meeting):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("meetings:meeting_attendance", args=[meeting.pk]))
    totals = response.context["totals"]
    assert (totals.points, totals.connected, totals.late, totals.failed, totals.unknown) == (4, 1, 1, 1, 1)
    assert (totals.expected, totals.attendees, totals.named) == (120, 92, 2)
    html = response.content.decode()
    assert 'id="attendees-total">92<' in html and "Lường Văn Sơn" in html and "Giàng Thị Hoa" in html


def test_connection_status_is_set_inline(world, client, meeting):
    point = meeting.bridge_points.get(connection_status="unknown")
    url = reverse("meetings:bridgepoint_connection", args=[point.pk])
    client.force_login(world.users["specialist"])
    response = client.post(url, {"connection_status": "late"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="bridge-point-{point.pk}"' in response.content.decode()
    assert '<option value="late" selected>' in response.content.decode()
    point.refresh_from_db()
    assert point.connection_status == "late"
    response = client.post(url, {"connection_status": "exploded"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    point.refresh_from_db()
    assert point.connection_status == "late"
    response = client.post(url, {"connection_status": "connected"})  # without HTMX: back to the meeting
    assert response.status_code == 302 and response["Location"].startswith(meeting.get_absolute_url())
    client.force_login(world.users["viewer"])
    assert client.post(url, {"connection_status": "failed"}).status_code == 403


def test_meeting_page_shows_the_video_link_and_the_totals(world, client, meeting):
    client.force_login(world.users["specialist"])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="https://meet.jit.si/giao-ban-thang-10"' in html
    assert 'id="attendance-totals"' in html
    meeting.video_link = ""
    meeting.save()
    assert 'href="https://meet.jit.si/' not in client.get(meeting.get_absolute_url()).content.decode()


def test_global_search_finds_meetings_and_recommendations(world, client, meeting):
    recommendation = factories.recommendation(world, world.committee)
    client.force_login(world.users["specialist"])
    html = client.get(reverse("core:search"), {"q": "trien khai nhiem vu"}).content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in html
    html = client.get(reverse("core:search"), {"q": "nhieu song"}).content.decode()
    assert f'href="{recommendation.get_absolute_url()}"' in html


def test_add_from_the_meeting_page_returns_to_it(world, client, meeting):
    client.force_login(world.users["specialist"])
    back = meeting.get_absolute_url() + "#agenda"
    response = client.post(reverse("meetings:agendaitem_add") + "?next=" + quote(back),
                           {"meeting": meeting.pk, "order": 1, "title": "Khai mạc"})
    assert response.status_code == 302 and response["Location"] == back
    response = client.post(reverse("meetings:agendaitem_add") + "?next=https://example.com/",
                           {"meeting": meeting.pk, "order": 2, "title": "Bế mạc"})
    assert response["Location"] != "https://example.com/"  # only this site's pages


def test_links_carry_ungrouped_ids(world, client):
    """A meeting numbered 1600 links to "?meeting=1600", never the grouped "1.600" the Vietnamese
    number format would print (a fresh database reached such ids in CI and the links broke)."""
    meeting = factories.meeting(world, world.department, pk=1600)
    client.force_login(world.users["specialist"])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "?meeting=1600&" in html and "1.600" not in html
    response = client.get(reverse("meetings:bridgepoint_add"), {"meeting": "1600"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("meeting") in ("1600", 1600, meeting)
