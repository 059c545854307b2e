"""A meeting's conclusion and directives: bad input names the field and saves nothing; each directive
becomes a task in one action, once; the next meeting of a series opens with their status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dieuhanh.core import testing
from dieuhanh.meetings import services
from dieuhanh.meetings.models import BridgePoint, Directive, Meeting
from dieuhanh.tasks.models import Task

from . import factories


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def specialist(world):
    return world.users["specialist"]


def conclude(world, meeting, user, rows):
    services.save_conclusion(user, meeting, {"conclusion_number": "05/TB-SKHCN",
                                             "concluded_on": datetime.date(2026, 10, 16),
                                             "conclusion_text": "Đồng chí Giám đốc Sở kết luận…"}, rows)


def three_directives(world):
    coop = factories.sub_organization(world, world.department, "Trung tâm Chuyển đổi số")
    return [
        (None, {"order": 1, "text": "Rà soát lại hệ thống công nghệ thông tin tham mưu cho Ủy ban",
                "lead_organization": world.committee, "deadline": datetime.date(2027, 1, 31),
                "cooperating_organizations": [coop]}),
        (None, {"order": 2, "text": "Lập danh sách cán bộ công chức cấp xã để tổ chức tập huấn",
                "lead_organization": world.other_committee, "working_days": 10}),
        (None, {"order": 3, "text": "Kiểm tra và soát xét lại hệ thống truyền thanh cơ sở",
                "lead_organization": world.department}),
    ]


# --- bad input: the field is named, nothing is saved ----------------------------------------------------

def test_end_before_start_names_the_field_in_the_ui_and_the_api(world, client, specialist):
    count = Meeting.all_objects.count()
    client.force_login(specialist)
    response = client.post(reverse("meetings:meeting_add"), {
        "title": "Hội nghị", "kind": "online", "starts_at": "15/12/2026 10:00", "ends_at": "15/12/2026 08:00",
        "host_organization": world.department.pk, "status": "planned"})
    assert response.status_code == 422
    assert "ends_at" in response.context["form"].errors
    assert 'id="id_ends_at-errors"' in response.content.decode()
    response = testing.call(client, "POST", "/api/meetings/meetings/", {
        "title": "Hội nghị", "starts_at": "2026-12-15T10:00:00+07:00", "ends_at": "2026-12-15T10:00:00+07:00",
        "host_organization": world.department.pk}, world.token(specialist))
    assert response.status_code == 422 and testing.fields_named(response) == {"ends_at"}, response.json()
    assert Meeting.all_objects.count() == count


def test_duplicate_bridge_point_names_the_organisation(world, client, specialist):
    point = factories.bridge_point(world, world.department)
    client.force_login(specialist)
    response = client.post(reverse("meetings:bridgepoint_add"), {
        "meeting": point.meeting_id, "organization": world.department.pk, "connection_status": "unknown"})
    assert response.status_code == 422
    assert "organization" in response.context["form"].errors
    response = testing.call(client, "POST", "/api/meetings/bridge-points/",
                            {"meeting": point.meeting_id, "organization": world.department.pk},
                            world.token(specialist))
    assert response.status_code == 422 and testing.fields_named(response) == {"organization"}, response.json()
    assert BridgePoint.objects.filter(meeting=point.meeting).count() == 1


def test_directive_without_lead_organisation_names_the_field(world, client, specialist):
    meeting = factories.meeting(world, world.department)
    client.force_login(specialist)
    response = client.post(reverse("meetings:directive_add"), {"meeting": meeting.pk, "order": 1,
                                                               "text": "Kiện toàn ban chỉ đạo"})
    assert response.status_code == 422 and "lead_organization" in response.context["form"].errors
    response = testing.call(client, "POST", "/api/meetings/directives/",
                            {"meeting": meeting.pk, "text": "Kiện toàn ban chỉ đạo"}, world.token(specialist))
    assert response.status_code == 422 and "lead_organization" in testing.fields_named(response)
    assert not Directive.objects.filter(meeting=meeting).exists()


def _formset_post(meeting, rows, **conclusion):
    data = {"conclusion_number": "05/TB-SKHCN", "concluded_on": "16/10/2026",
            "conclusion_text": "Giám đốc Sở kết luận…", **conclusion,
            "directives-TOTAL_FORMS": str(len(rows)), "directives-INITIAL_FORMS": "0",
            "directives-MIN_NUM_FORMS": "0", "directives-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"directives-{index}-{key}"] = value
    return data


def test_conclusion_with_a_bad_directive_saves_nothing(world, client, specialist):
    meeting = factories.meeting(world, world.department)
    client.force_login(specialist)
    url = reverse("meetings:meeting_conclusion", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _formset_post(meeting, [
        {"order": 1, "text": "Rà soát hệ thống", "lead_organization": world.committee.pk, "deadline": "31/01/2027"},
        {"order": 2, "text": "Lập danh sách cán bộ", "deadline": "31/01/2027"},  # no lead organisation
    ]))
    assert response.status_code == 422
    assert "lead_organization" in response.context["formset"].forms[1].errors
    assert 'id="id_directives-1-lead_organization-errors"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.conclusion_text == "" and not meeting.directives.exists()
    # A rule only the model knows (deadline and working days together): still the row's field, nothing saved.
    response = client.post(url, _formset_post(meeting, [
        {"order": 1, "text": "Rà soát hệ thống", "lead_organization": world.committee.pk,
         "deadline": "31/01/2027", "working_days": "10"}]))
    assert response.status_code == 422
    assert "working_days" in response.context["formset"].forms[0].errors
    meeting.refresh_from_db()
    assert meeting.conclusion_text == "" and not meeting.directives.exists()


def test_conclusion_form_saves_text_and_directives(world, client, specialist):
    meeting = factories.meeting(world, world.department)
    client.force_login(specialist)
    response = client.post(reverse("meetings:meeting_conclusion", args=[meeting.pk]), _formset_post(meeting, [
        {"order": 1, "text": "Rà soát hệ thống", "lead_organization": world.committee.pk, "deadline": "31/01/2027"},
        {"order": "2", "text": "", "lead_organization": ""},  # an untouched blank row is skipped
    ]))
    assert response.status_code == 302, testing.form_errors(response)
    meeting.refresh_from_db()
    assert meeting.conclusion_number == "05/TB-SKHCN" and meeting.status == Meeting.Status.HELD
    assert list(meeting.directives.values_list("text", flat=True)) == ["Rà soát hệ thống"]


# --- directives become tasks -------------------------------------------------------------------------------

def test_issuing_creates_one_task_per_directive_linked_back_once(world, specialist):
    meeting = factories.meeting(world, world.department, chair_name="Phan Tấn Linh", chair_position="Giám đốc Sở")
    conclude(world, meeting, specialist, three_directives(world))
    tasks = services.issue_directive_tasks(specialist, meeting)
    assert len(tasks) == 3
    first, second, third = (Directive.objects.get(meeting=meeting, order=n) for n in (1, 2, 3))
    task = first.task
    assert task.source_kind == Task.Source.MEETING
    assert (task.source_number, task.source_date) == ("05/TB-SKHCN", datetime.date(2026, 10, 16))
    assert task.source_signer == "Phan Tấn Linh, Giám đốc Sở"
    assert task.assigning_authority == world.department and task.lead_organization == world.committee
    assert task.deadline == datetime.date(2027, 1, 31) and task.content == first.text
    assert [o.pk for o in task.cooperating_organizations.all()] == [o.pk for o in first.cooperating_organizations.all()]
    assert task.directive.meeting == meeting  # the task page's link back
    assert second.task.working_days == 10 and second.task.deadline is not None
    assert third.task.is_regular and third.task.deadline is None
    # A second click issues nothing twice; a directive added later is issued alone.
    assert services.issue_directive_tasks(specialist, meeting) == []
    services.create_directive(specialist, {"meeting": meeting, "order": 4, "text": "Chấn chỉnh việc treo băng rôn",
                                           "lead_organization": world.committee,
                                           "deadline": datetime.date(2027, 2, 28)})
    assert len(services.issue_directive_tasks(specialist, meeting)) == 1
    assert Task.objects.filter(directive__meeting=meeting).count() == 4


def test_issue_button_and_the_page_show_each_task_status(world, client, specialist):
    meeting = factories.meeting(world, world.department)
    conclude(world, meeting, specialist, three_directives(world))
    client.force_login(specialist)
    response = client.post(reverse("meetings:meeting_issue_tasks", args=[meeting.pk]))
    assert response.status_code == 302
    assert Task.objects.filter(directive__meeting=meeting).count() == 3
    client.post(reverse("meetings:meeting_issue_tasks", args=[meeting.pk]))  # again: nothing new
    assert Task.objects.filter(directive__meeting=meeting).count() == 3
    html = client.get(meeting.get_absolute_url()).content.decode()
    for directive in meeting.directives.select_related("task"):
        assert f'href="{directive.task.get_absolute_url()}"' in html
    assert 'data-timeliness="regular"' in html and 'data-timeliness="in_time"' in html


def test_issue_tasks_api_and_failure_saves_nothing(world, client, specialist):
    meeting = factories.meeting(world, world.department)
    conclude(world, meeting, specialist, three_directives(world))
    headers = world.token(specialist)
    response = testing.call(client, "POST", f"/api/meetings/meetings/{meeting.pk}/issue-tasks", None, headers)
    assert response.status_code == 200 and len(response.json()["issued"]) == 3
    response = testing.call(client, "POST", f"/api/meetings/meetings/{meeting.pk}/issue-tasks", None, headers)
    assert response.json()["issued"] == []
    # Officers may not create tasks (tasks app): nothing is issued, the error says why.
    other = factories.meeting(world, world.committee)
    services.create_directive(world.users["admin"], {"meeting": other, "text": "Kiện toàn ban biên tập",
                                                     "lead_organization": world.committee})
    response = testing.call(client, "POST", f"/api/meetings/meetings/{other.pk}/issue-tasks", None,
                            world.token(world.users["officer"]))
    assert response.status_code == 403
    assert not Directive.objects.filter(meeting=other).exclude(task=None).exists()


def test_an_issued_directive_cannot_be_deleted(world, specialist):
    meeting = factories.meeting(world, world.department)
    conclude(world, meeting, specialist, three_directives(world)[:1])
    services.issue_directive_tasks(specialist, meeting)
    directive = meeting.directives.get()
    with pytest.raises(Exception, match="task"), translation.override("en"):
        services.delete_directive(specialist, directive)
    assert Directive.objects.filter(pk=directive.pk).exists()


# --- a series carries the last meeting's directives over -------------------------------------------------

def test_next_meeting_of_a_series_opens_with_the_last_meetings_directives(world, client, specialist):
    series = factories.series(world, world.department)
    september = factories.meeting(world, world.department, series=series, title="Giao ban tháng 9",
                                  starts_at=factories.at(10, 8, month=9), ends_at=factories.at(10, 10, month=9))
    conclude(world, september, specialist, three_directives(world))
    services.issue_directive_tasks(specialist, september)
    factories.meeting(world, world.department, series=series, title="Giao ban bất thường (hoãn)",
                      starts_at=factories.at(1, 8), ends_at=factories.at(1, 10), status=Meeting.Status.CANCELLED)
    october = factories.meeting(world, world.department, series=series, title="Giao ban tháng 10",
                                starts_at=factories.at(20, 8), ends_at=factories.at(20, 10))
    client.force_login(specialist)
    response = client.get(october.get_absolute_url())
    assert response.context["previous"] == september  # the cancelled one in between is skipped
    html = response.content.decode()
    card = html[html.index('id="carry-over"'):html.index('id="agenda"')]
    for directive in september.directives.all():
        assert directive.text[:40] in card
    assert card.count("data-timeliness=") == 3
    # The first meeting of a series, and a meeting without one, have no such card.
    assert 'id="carry-over"' not in client.get(september.get_absolute_url()).content.decode()


def test_editing_the_title_logs_no_change_of_time(world, client, specialist):
    """The form gives local times, the database UTC: the same instant is no change (core.changelog)."""
    from dieuhanh.core.testing import changes

    meeting = factories.meeting(world, world.department)
    client.force_login(specialist)
    response = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), {
        "title": "Hội nghị (đổi tên)", "kind": "online", "starts_at": "15/10/2026 08:00", "ends_at": "15/10/2026 11:00",
        "host_organization": world.department.pk, "status": "planned", "chair_name": meeting.chair_name,
        "chair_position": meeting.chair_position, "location": meeting.location})
    assert response.status_code == 302, testing.form_errors(response)
    change = changes(meeting, "update").get()
    assert [field for field, _before, _after in change.diff()] == ["title"]
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


@pytest.mark.parametrize("payload", [
    {"starts_at": "0001-01-01T00:00:00+07:00", "ends_at": "2026-10-15T10:00:00+07:00"},
    {"starts_at": "2026-10-15T08:00:00+07:00", "ends_at": "9999-12-31T23:59:00-07:00"},
])
def test_times_out_of_any_calendar_are_refused_by_field(world, client, payload):
    response = testing.call(client, "POST", "/api/meetings/meetings/", {
        "title": "Hội nghị", "host_organization": world.department.pk, **payload}, world.token(world.users["admin"]))
    assert response.status_code == 422 and testing.fields_named(response) & {"starts_at", "ends_at"}


def test_ids_that_name_nothing_are_refused_by_field(world, client):
    headers = world.token(world.users["admin"])
    meeting = factories.meeting(world, world.department)
    for path, payload, field in (
            ("/api/meetings/bridge-points/", {"meeting": 10 ** 21, "organization": world.committee.pk}, "meeting"),
            ("/api/meetings/participants/", {"meeting": meeting.pk, "full_name": "A", "bridge_point": -10 ** 25},
             "bridge_point"),
            ("/api/meetings/directives/", {"meeting": -3, "text": "A", "lead_organization": world.committee.pk},
             "meeting"),
            ("/api/meetings/meetings/", {"title": "A", "starts_at": "2026-10-15T08:00:00+07:00", "series": 10 ** 6,
                                         "ends_at": "2026-10-15T09:00:00+07:00",
                                         "host_organization": world.department.pk}, "series")):
        response = testing.call(client, "POST", path, payload, headers)
        assert response.status_code == 422 and field in testing.fields_named(response), (path, response.content)
