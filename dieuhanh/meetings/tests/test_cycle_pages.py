"""What a new user meets on the way through a conference cycle (tests/browser/test_conference_cycle.py
drives it in a browser): a new meeting hosted by the user's organisation, part forms that go back to
the meeting, an "Issue tasks" button that counts what is left and goes once nothing is, and a task
page that links its meeting only for those who may open it."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.meetings import services
from dieuhanh.meetings.models import BridgePoint, Directive

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


def issue_form(html: str) -> str | None:
    match = re.search(r'<form[^>]*id="issue-tasks"[^>]*>.*?</form>', html, re.S)
    return match.group(0) if match else None


def test_issue_button_counts_the_directives_left_and_goes_once_all_are_issued(world, client):
    specialist = world.users["specialist"]
    meeting = factories.meeting(world, world.department)
    client.force_login(specialist)
    assert issue_form(client.get(meeting.get_absolute_url()).content.decode()) is None  # no directive yet
    for order in (1, 2):
        services.create_directive(specialist, {"meeting": meeting, "order": order, "lead_organization": world.committee,
                                               "text": f"Ý kiến chỉ đạo số {order}",
                                               "deadline": datetime.date(2027, 1, 31)})
    form = issue_form(client.get(meeting.get_absolute_url()).content.decode())
    assert form is not None and re.search(r">[^<]*\b2\b[^<]*</button>", form)  # "Issue 2 tasks"
    client.post(reverse("meetings:meeting_issue_tasks", args=[meeting.pk]))
    assert issue_form(client.get(meeting.get_absolute_url()).content.decode()) is None  # nothing left to issue
    services.create_directive(specialist, {"meeting": meeting, "order": 3, "lead_organization": world.committee,
                                           "text": "Ý kiến chỉ đạo bổ sung"})
    form = issue_form(client.get(meeting.get_absolute_url()).content.decode())
    assert form is not None and re.search(r">[^<]*\b1\b[^<]*</button>", form)


def test_a_new_meeting_is_hosted_by_the_users_organisation(world, client):
    client.force_login(world.users["specialist"])
    form = client.get(reverse("meetings:meeting_add")).context["form"]
    assert form["host_organization"].value() == world.department.pk
    # A link may still say otherwise.
    form = client.get(reverse("meetings:meeting_add"), {"host_organization": world.committee.pk}).context["form"]
    assert str(form["host_organization"].value()) == str(world.committee.pk)


def test_a_part_form_opened_from_the_meeting_cancels_back_to_it(world, client):
    meeting = factories.meeting(world, world.department)
    client.force_login(world.users["specialist"])
    back = f"{meeting.get_absolute_url()}#bridge-points"
    html = client.get(reverse("meetings:bridgepoint_add"), {"meeting": meeting.pk, "next": back}).content.decode()
    assert f'class="btn btn-link" href="{back}"' in html
    # A failed save keeps the way back; an address elsewhere is not followed.
    response = client.post(f"{reverse('meetings:bridgepoint_add')}?next={quote(back)}", {"meeting": meeting.pk})
    assert response.status_code == 422 and f'class="btn btn-link" href="{back}"' in response.content.decode()
    html = client.get(reverse("meetings:bridgepoint_add"), {"next": "https://example.com/"}).content.decode()
    assert 'href="https://example.com/"' not in html


def test_the_task_page_links_its_meeting_only_for_those_who_may_open_it(world, client):
    specialist, officer = world.users["specialist"], world.users["officer"]
    meeting = factories.meeting(world, world.department)
    directive = services.create_directive(specialist, {"meeting": meeting, "order": 1, "text": "Kiện toàn ban biên tập",
                                                       "lead_organization": world.committee,
                                                       "deadline": datetime.date(2027, 1, 31)})
    services.issue_directive_tasks(specialist, meeting)
    task = Directive.objects.get(pk=directive.pk).task
    meeting_link = f'href="{meeting.get_absolute_url()}"'
    # The commune leads the task but neither attended nor was invited: it reads the title, no dead link.
    client.force_login(officer)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    html = client.get(task.get_absolute_url()).content.decode()
    assert meeting.title in html and meeting_link not in html
    # Once it is a bridge point of the meeting, it may open the meeting from its task.
    BridgePoint.objects.create(meeting=meeting, organization=world.committee)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert meeting_link in client.get(task.get_absolute_url()).content.decode()
    client.force_login(specialist)
    assert meeting_link in client.get(task.get_absolute_url()).content.decode()
