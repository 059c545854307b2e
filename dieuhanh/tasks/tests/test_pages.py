"""The task pages beyond the standard ones: views of "my" tasks, the board, the calendar, the task page
and its life-cycle forms (errors by field, nothing saved), and query counts that do not grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dieuhanh.core import testing
from dieuhanh.tasks import services
from dieuhanh.tasks.models import Task, TaskExtension, TaskProgress

D = datetime.date


def listed(response) -> set[int]:
    return testing.listed(response)


# --- the list's views --------------------------------------------------------------------------------------

def test_my_tasks_and_my_organisations_tasks(world, client, new_task):
    officer, specialist = world.users["officer"], world.users["specialist"]
    led = new_task(lead=world.committee)
    cooperating = new_task(lead=world.other_committee, cooperating=[world.committee])
    in_charge = new_task(lead=world.department, person_in_charge=specialist)
    department = new_task(lead=world.department)
    elsewhere = new_task(lead=world.other_committee)
    client.force_login(officer)
    assert listed(client.get("/tasks/")) == {led.pk, cooperating.pk}
    assert listed(client.get("/tasks/", {"mine": "me"})) == {led.pk}
    assert listed(client.get("/tasks/", {"mine": "organization"})) == {led.pk, cooperating.pk}
    client.force_login(specialist)
    assert listed(client.get("/tasks/")) >= {led.pk, cooperating.pk, in_charge.pk, department.pk, elsewhere.pk}
    assert listed(client.get("/tasks/", {"mine": "me"})) == {in_charge.pk}
    assert listed(client.get("/tasks/", {"mine": "organization"})) == {in_charge.pk, department.pk}
    page = client.get("/tasks/", {"mine": "me"}).content.decode()
    assert 'href="/tasks/board/?mine=me"' in page and 'href="/tasks/calendar/?mine=me"' in page


def test_filters_by_source_authority_organisation_status_and_period(world, client, new_task, today):
    meeting = new_task(source_kind="meeting", assigning_authority=world.department,
                       assigned_on=today - datetime.timedelta(days=40))
    overdue = new_task(deadline=today - datetime.timedelta(days=1), assigned_on=today - datetime.timedelta(days=10))
    cooperating = new_task(lead=world.other_committee, cooperating=[world.department])
    client.force_login(world.users["specialist"])
    assert listed(client.get("/tasks/", {"source_kind": "meeting"})) == {meeting.pk}
    assert listed(client.get("/tasks/", {"assigning_authority": world.department.pk})) == {meeting.pk}
    assert listed(client.get("/tasks/", {"timeliness": "overdue"})) == {overdue.pk}
    assert listed(client.get("/tasks/", {"organization": world.department.pk})) == {cooperating.pk}
    since = (today - datetime.timedelta(days=15)).strftime("%d/%m/%Y")
    assert meeting.pk not in listed(client.get("/tasks/", {"assigned_after": since}))
    response = client.get("/tasks/", {"timeliness": "overdue", "export": "csv"})
    cells = testing.exported_cells(response)
    labels = set()
    for language in ("vi", "en"):
        with translation.override(language):
            labels.add(str(Task.Timeliness.OVERDUE.label))
    assert overdue.title in cells and labels & cells  # the derived status, in words


# --- board and calendar ------------------------------------------------------------------------------------

def test_board_columns_follow_the_derived_status(world, client, new_task, today):
    overdue = new_task(deadline=today - datetime.timedelta(days=2))
    regular = new_task(is_regular=True)
    done = new_task()
    services.complete_task(world.users["officer"], done, completed_on=today, result="Xong")
    client.force_login(world.users["officer"])
    response = client.get("/tasks/board/")
    assert response.status_code == 200
    board = {column["code"]: column for column in response.context["board"]}
    assert [t.pk for t in board["overdue"]["cards"]] == [overdue.pk]
    assert [t.pk for t in board["regular"]["cards"]] == [regular.pk]
    assert [t.pk for t in board["on_time"]["cards"]] == [done.pk] and board["on_time"]["count"] == 1
    assert "timeliness=overdue" in board["overdue"]["list_url"]
    html = response.content.decode()
    assert testing.link(overdue) in html and testing.link(done) in html
    # The filters apply to the board too.
    filtered = client.get("/tasks/board/", {"timeliness": "overdue"})
    assert sum(column["count"] for column in filtered.context["board"]) == 1


def test_calendar_month_with_holidays_and_deadlines(world, client, new_task):
    task = new_task(assigned_on=D(2026, 2, 2), start_date=D(2026, 2, 12), working_days=5)
    client.force_login(world.users["officer"])
    response = client.get("/tasks/calendar/", {"month": "2026-02"})
    assert response.status_code == 200
    days = {day["date"]: day for week in response.context["weeks"] for day in week}
    assert [t.pk for t in days[D(2026, 2, 26)]["tasks"]] == [task.pk]
    assert days[D(2026, 2, 17)]["holiday"] == "Tết Nguyên Đán" and not days[D(2026, 2, 17)]["working"]
    assert days[D(2026, 2, 14)]["holiday"] is None and not days[D(2026, 2, 14)]["working"]
    assert response.context["weeks"][0][0]["date"] == D(2026, 1, 26)  # Monday first
    html = response.content.decode()
    assert "Thứ 2" in html and "Chủ nhật" in html  # Vietnamese weekday names
    assert "dh-holiday" in html and "Tết Nguyên Đán" in html
    assert "month=2026-01" in html and "month=2026-03" in html
    assert '<input type="hidden" name="month" value="2026-02">' in html  # filtering stays on the month
    assert testing.link(task) in html
    english = client.get("/tasks/calendar/", {"month": "2026-02"}, headers={"Accept-Language": "en"})
    assert english.status_code == 200
    assert client.get("/tasks/calendar/", {"month": "not-a-month"}).status_code == 200


def _grow(world, count, today):
    for number in range(count):
        task = Task.objects.create(title=f"Nhiệm vụ kiểm tra số {number}", lead_organization=world.committee,
                                   assigned_on=today - datetime.timedelta(days=30),
                                   person_in_charge=world.users["officer"],
                                   deadline=today + datetime.timedelta(days=number % 25 - 5))
        task.cooperating_organizations.add(world.department)


@pytest.mark.parametrize("role", ["specialist", "officer"])
@pytest.mark.parametrize("page", ["/tasks/", "/tasks/board/", "/tasks/calendar/"])
def test_pages_queries_do_not_grow_with_rows(world, client, today, role, page):
    client.force_login(world.users[role])
    params = {"per_page": 100, "mine": "organization"}
    client.get(page, params)  # warm-up
    measured = []
    for count in (6, 18):
        _grow(world, count, today)
        response, queries = testing.count_queries(lambda: client.get(page, params))
        assert response.status_code == 200
        shown = Task.objects.filter(deadline__year=today.year, deadline__month=today.month).count() \
            if page.endswith("calendar/") else Task.objects.count()
        measured.append((shown, queries))
    if page.endswith("calendar/"):
        assert len(measured[0][1]) == len(measured[1][1])
    else:
        testing.assert_queries_do_not_grow(*measured)


def test_detail_page_queries_do_not_grow(world, client, new_task, today):
    task = new_task(cooperating=[world.department])
    client.force_login(world.users["specialist"])
    url = task.get_absolute_url()
    client.get(url)
    _, few = testing.count_queries(lambda: client.get(url))
    for number in range(8):
        services.report_progress(world.users["officer"], task, reported_on=today, percent=number * 10,
                                 text=f"Báo cáo {number}")
    _, many = testing.count_queries(lambda: client.get(url))
    assert len(many) == len(few)


# --- the task page and its forms ------------------------------------------------------------------------

def test_task_page_shows_what_each_role_may_do(world, client, new_task, today):
    task = new_task(lead=world.committee, cooperating=[world.other_committee], assigned_on=D(2026, 2, 2),
                    start_date=D(2026, 2, 12), working_days=5)
    services.request_extension(world.users["officer"], task, new_deadline=today + datetime.timedelta(days=30),
                               reason="Chờ số liệu")
    client.force_login(world.users["officer"])
    html = client.get(task.get_absolute_url()).content.decode()
    assert reverse("tasks:task_progress", args=[task.pk]) in html
    assert reverse("tasks:task_complete", args=[task.pk]) in html
    assert "taskextension_decide" not in html and "/decide/" not in html
    assert "26/02/2026" in html and "12/02/2026" in html  # the deadline five working days after the start
    assert "Tết Nguyên Đán" in html  # the holidays the working days skipped
    client.force_login(world.users["other_officer"])  # co-operating: reads, acts on nothing
    response = client.get(task.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("tasks:task_progress", args=[task.pk]) not in html
    assert client.post(reverse("tasks:task_progress", args=[task.pk]),
                       {"percent": "10", "text": "x", "reported_on": "01/03/2026"}).status_code == 403
    client.force_login(world.users["specialist"])
    html = client.get(task.get_absolute_url()).content.decode()
    assert "/decide/" in html and reverse("tasks:task_cancel", args=[task.pk]) in html


def test_report_progress_from_the_page(world, client, new_task, today):
    task = new_task()
    client.force_login(world.users["officer"])
    url = reverse("tasks:task_progress", args=[task.pk])
    response = client.post(url, {"reported_on": today.strftime("%d/%m/%Y"), "percent": "150", "text": ""})
    assert response.status_code == 422
    form = response.context["progress_form"]
    assert set(form.errors) == {"percent"}
    assert 'id="progress_percent-errors"' in response.content.decode()
    response = client.post(url, {"reported_on": today.strftime("%d/%m/%Y"), "percent": "40", "text": ""})
    assert response.status_code == 422 and set(response.context["progress_form"].errors) == {"text"}
    assert not TaskProgress.objects.exists()
    response = client.post(url, {"reported_on": today.strftime("%d/%m/%Y"), "percent": "40", "text": "Đã rà soát"})
    assert response.status_code == 302 and response["Location"].endswith("#progress")
    assert Task.objects.get(pk=task.pk).progress_percent == 40


def test_completion_without_result_is_refused_by_field(world, client, new_task, today):
    task = new_task()
    client.force_login(world.users["officer"])
    url = reverse("tasks:task_complete", args=[task.pk])
    response = client.post(url, {"completed_on": today.strftime("%d/%m/%Y"), "result": " "})
    assert response.status_code == 422
    assert set(response.context["complete_form"].errors) == {"result"}
    assert Task.objects.get(pk=task.pk).state == Task.State.ASSIGNED
    response = client.post(url, {"completed_on": today.strftime("%d/%m/%Y"), "result": "Đã hoàn thành"})
    assert response.status_code == 302
    task = Task.objects.get(pk=task.pk)
    assert task.state == Task.State.COMPLETED and task.timeliness == Task.Timeliness.ON_TIME


def test_extension_on_a_completed_task_is_refused(world, client, new_task, today):
    task = new_task()
    services.complete_task(world.users["officer"], task, completed_on=today, result="Xong")
    client.force_login(world.users["officer"])
    response = client.post(reverse("tasks:task_extension", args=[task.pk]),
                           {"new_deadline": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
                            "reason": "Cần thêm thời gian"})
    assert response.status_code == 422
    assert response.context["extension_form"].non_field_errors()
    assert not TaskExtension.objects.exists()


def test_decide_and_cancel_from_the_page(world, client, new_task, today):
    task = new_task()
    extension = services.request_extension(world.users["officer"], task, reason="Chờ số liệu",
                                           new_deadline=task.deadline + datetime.timedelta(days=10))
    client.force_login(world.users["officer"])
    assert client.post(reverse("tasks:taskextension_decide", args=[extension.pk]), {"approve": "1"}).status_code == 403
    client.force_login(world.users["specialist"])
    response = client.post(reverse("tasks:taskextension_decide", args=[extension.pk]), {"approve": "0", "note": ""})
    assert response.status_code == 422 and set(response.context["decision_form"].errors) == {"note"}
    response = client.post(reverse("tasks:taskextension_decide", args=[extension.pk]), {"approve": "1"})
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).deadline == task.deadline + datetime.timedelta(days=10)
    response = client.post(reverse("tasks:task_cancel", args=[task.pk]), {"reason": ""})
    assert response.status_code == 422 and set(response.context["cancel_form"].errors) == {"reason"}
    assert client.post(reverse("tasks:task_cancel", args=[task.pk]), {"reason": "Lồng ghép"}).status_code == 302
    assert Task.objects.get(pk=task.pk).state == Task.State.CANCELLED
    assert client.get(reverse("tasks:task_progress", args=[task.pk])).status_code == 405


def test_edit_form_offers_people_and_organisations_in_scope(world, client, new_task):
    task = new_task()
    client.force_login(world.users["specialist"])
    response = client.get(reverse("tasks:task_edit", args=[task.pk]))
    form = response.context["form"]
    people = set(form.fields["person_in_charge"].queryset)
    assert world.users["officer"] in people and world.users["other_specialist"] not in people
    organizations = set(form.fields["cooperating_organizations"].queryset)
    assert world.committee in organizations and world.other_department not in organizations


def test_meeting_link_is_guarded(world, client, new_task):
    # Without a directive (or before the meetings app links one) the page still renders.
    client.force_login(world.users["specialist"])
    assert client.get(new_task(source_kind="meeting").get_absolute_url()).status_code == 200


def test_menu_and_search(world, client, new_task):
    task = new_task(title="Kiểm tra lại các đài truyền thanh cơ sở")
    client.force_login(world.users["officer"])
    html = client.get("/").content.decode()
    assert 'href="/tasks/?mine=me"' in html and 'href="/tasks/board/"' in html
    response = client.get("/search/", {"q": "dai truyen thanh"})
    assert testing.link(task) in response.content.decode()
