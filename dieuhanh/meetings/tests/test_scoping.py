"""Unit scoping: a commune officer sees the meetings their organisation hosts, is invited to or is a
bridge point of, reads them without changing them; recommendations raised by or assigned to it."""

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.meetings.models import AgendaItem, BridgePoint, Directive, Meeting, Recommendation

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


def test_officer_sees_meetings_hosted_invited_or_bridge_point(world, client):
    hosted = factories.meeting(world, world.committee)
    invited = factories.meeting(world, world.department)
    invited.invited_organizations.add(world.committee)
    point = factories.meeting(world, world.department)
    BridgePoint.objects.create(meeting=point, organization=world.committee)
    other = factories.meeting(world, world.department)
    other.invited_organizations.add(world.other_committee)
    officer = world.users["officer"]
    client.force_login(officer)
    assert testing.listed(client.get(reverse("meetings:meeting_list"))) == {hosted.pk, invited.pk, point.pk}
    assert client.get(other.get_absolute_url()).status_code == 404
    for meeting in (invited, point):
        response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        assert set(response.context["urls"]) <= {"list", "add"}  # no edit/delete for a guest
        assert not response.context["may_change"]
        for name in ("meeting_edit", "meeting_conclusion"):
            assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404, name
        assert client.post(reverse("meetings:meeting_issue_tasks", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting_edit", args=[hosted.pk])).status_code == 200
    # The parts of a meeting it may read, it reads; it adds none to another's meeting.
    item = AgendaItem.objects.create(meeting=invited, title="Báo cáo")
    assert client.get(item.get_absolute_url()).status_code == 200
    assert Meeting.objects.restrict(officer, "change").filter(pk=invited.pk).count() == 0
    response = client.post(reverse("meetings:agendaitem_add"), {"meeting": invited.pk, "order": 2, "title": "X"})
    assert response.status_code == 422 and "meeting" in response.context["form"].errors
    response = testing.call(client, "POST", "/api/meetings/agenda-items/", {"meeting": invited.pk, "title": "X"},
                            world.token(officer))
    assert response.status_code == 403
    assert AgendaItem.objects.filter(meeting=invited).count() == 1


def test_lead_organisation_reads_its_directive(world):
    directive = factories.directive(world, world.department)
    directive.lead_organization = world.committee
    directive.save()
    assert Directive.objects.restrict(world.users["officer"]).filter(pk=directive.pk).exists()
    assert not Directive.objects.restrict(world.users["other_officer"]).filter(pk=directive.pk).exists()


def test_officer_sees_recommendations_raised_by_or_assigned_to_it(world, client):
    own = factories.recommendation(world, world.committee)
    assigned = factories.recommendation(world, world.other_committee)
    assigned.assigned_to = world.committee
    assigned.save()
    hidden = factories.recommendation(world, world.other_committee)
    client.force_login(world.users["officer"])
    assert testing.listed(client.get(reverse("meetings:recommendation_list"))) == {own.pk, assigned.pk}
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert Recommendation.objects.restrict(world.users["officer"], "change").filter(pk=assigned.pk).count() == 0


def test_invited_organisations_must_be_visible(world, client):
    response = testing.call(client, "POST", "/api/meetings/meetings/", {
        "title": "Họp", "starts_at": "2026-10-15T08:00:00+07:00", "ends_at": "2026-10-15T09:00:00+07:00",
        "host_organization": world.committee.pk, "invited_organizations": [world.other_committee.pk]},
        world.token(world.users["officer"]))
    assert response.status_code == 422 and testing.fields_named(response) == {"invited_organizations"}
    assert not Meeting.objects.filter(title="Họp").exists()
