"""The task's life cycle through the services: who may do what, bad input named by field with nothing
saved, the change log, and deadlines in working days across Tết and the Hùng Kings holiday."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dieuhanh.core import testing
from dieuhanh.tasks import services
from dieuhanh.tasks.models import Task, TaskExtension, TaskProgress

D = datetime.date
State, T = Task.State, Task.Timeliness


def fields_of(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- creating and editing --------------------------------------------------------------------------------

def test_working_days_skip_tet(world, new_task):
    # Thursday 12/02/2026; Tết holidays 16–20/02/2026: five working days later is Thursday 26/02.
    task = new_task(assigned_on=D(2026, 2, 10), start_date=D(2026, 2, 12), working_days=5)
    assert task.deadline == D(2026, 2, 26)
    assert task.original_deadline == D(2026, 2, 26)


def test_working_days_skip_hung_kings_and_the_may_holidays(world, new_task):
    # Friday 24/04/2026; Hùng Kings' day falls on Sunday 26/04 and is observed on Monday 27/04; 30/04
    # and 01/05 are holidays: three working days are 28/04, 29/04 and Monday 04/05.
    task = new_task(assigned_on=D(2026, 4, 20), start_date=D(2026, 4, 24), working_days=3)
    assert task.deadline == D(2026, 5, 4)


def test_working_days_count_from_the_assignment_date_without_a_start(world, new_task):
    # Friday 24/01/2025; Tết 2025 is 27/01–01/02: Monday 03/02 is the first working day, 05/02 the third.
    task = new_task(assigned_on=D(2025, 1, 24), working_days=3)
    assert task.deadline == D(2025, 2, 5)


def test_editing_the_start_recomputes_a_working_day_deadline(world, new_task):
    task = new_task(assigned_on=D(2026, 2, 10), start_date=D(2026, 2, 12), working_days=5)
    services.update_task(world.users["specialist"], task, {"start_date": D(2026, 2, 23)})
    assert Task.objects.get(pk=task.pk).deadline == D(2026, 3, 2)


@pytest.mark.parametrize(("data", "field"), [
    ({"start_date": D(2026, 3, 10), "deadline": D(2026, 3, 1)}, "deadline"),
    ({"is_regular": True, "deadline": D(2026, 3, 1)}, "deadline"),
    ({"deadline": None}, "deadline"),
    ({"source_kind": "document", "source_number": ""}, "source_number"),
    ({"source_date": D(2026, 3, 5)}, "source_date"),
    ({"title": ""}, "title"),
    ({"working_days": 0}, "working_days"),
    ({"state": "completed"}, "state"),
    ({"result": "Đã xong"}, "result"),
])
def test_bad_task_data_names_the_field_and_saves_nothing(world, data, field):
    values = {"title": "Rà soát hệ thống thông tin", "lead_organization": world.committee,
              "assigned_on": D(2026, 3, 2), "deadline": D(2026, 4, 1), **data}
    before = Task.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(world.users["specialist"], values)
    assert field in fields_of(excinfo)
    assert Task.objects.count() == before


def test_links_must_be_visible_and_the_lead_cannot_cooperate(world):
    values = {"title": "Kiểm tra đài truyền thanh", "lead_organization": world.committee, "deadline": D(2030, 1, 1)}
    specialist = world.users["specialist"]
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(specialist, values, [world.other_department])
    assert fields_of(excinfo) == {"cooperating_organizations"}
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(specialist, values, [world.committee])
    assert fields_of(excinfo) == {"cooperating_organizations"}
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(specialist, {**values, "person_in_charge": world.users["other_specialist"]})
    assert fields_of(excinfo) == {"person_in_charge"}
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(specialist, {**values, "lead_organization": world.other_department})
    assert fields_of(excinfo) == {"lead_organization"}
    assert not Task.objects.exists()
    task = services.create_task(specialist, {**values, "person_in_charge": world.users["officer"]},
                                [world.other_committee, world.department])
    assert set(task.cooperating_organizations.all()) == {world.other_committee, world.department}


def test_cooperating_organisations_are_in_the_change_log(world, new_task, client):
    """Links are part of the record: the creation's entry lists them, an edit's entry shows them
    before and after (one entry for the edit, not one per link), and the history card names them."""
    from dieuhanh.core.models import ObjectChange

    task = new_task(cooperating=[world.other_committee])
    def changes():
        return list(ObjectChange.objects.filter(object_id=task.pk, content_type__model="task").order_by("pk"))

    assert [c.action for c in changes()] == ["create"]
    assert changes()[0].postchange_data["cooperating_organizations"] == [world.other_committee.pk]
    specialist = world.users["specialist"]
    services.update_task(specialist, task, {"title": "Rà soát lại", "cooperating_organizations": [world.department]})
    update = changes()[-1]
    assert [c.action for c in changes()] == ["create", "update"]
    assert update.prechange_data["cooperating_organizations"] == [world.other_committee.pk]
    assert update.postchange_data["cooperating_organizations"] == [world.department.pk]
    assert update.postchange_data["title"] == "Rà soát lại"
    # Only the links change: still an entry, with the user who made it.
    services.update_task(specialist, task, {"cooperating_organizations": []})
    links_only = changes()[-1]
    assert [c.action for c in changes()] == ["create", "update", "update"]
    assert (links_only.prechange_data["cooperating_organizations"], links_only.postchange_data[
        "cooperating_organizations"]) == ([world.department.pk], [])
    assert links_only.user == specialist
    assert [row[0] for row in links_only.labelled_diff()] == [str(Task._meta.get_field(
        "cooperating_organizations").verbose_name)]
    assert links_only.labelled_diff()[0][1] == str(world.department)
    # Setting the same links again is no change.
    services.update_task(specialist, task, {"cooperating_organizations": []})
    assert len(changes()) == 3


def test_only_the_department_creates_edits_and_deletes(world, new_task):
    task = new_task()
    officer = world.users["officer"]
    with pytest.raises(PermissionDenied):
        services.create_task(officer, {"title": "x", "lead_organization": world.committee, "deadline": D(2030, 1, 1)})
    with pytest.raises(PermissionDenied):
        services.update_task(officer, task, {"title": "Đổi tên"})
    with pytest.raises(PermissionDenied):
        services.delete_task(officer, task)
    services.delete_task(world.users["leader"], task)
    assert not Task.objects.filter(pk=task.pk).exists() and Task.all_objects.filter(pk=task.pk).exists()


# --- progress ----------------------------------------------------------------------------------------------

def test_the_lead_organisation_reports_progress(world, new_task, today, reload):
    task = new_task()
    officer = world.users["officer"]
    report = services.report_progress(officer, task, reported_on=today - datetime.timedelta(days=3), percent=30,
                                      text="Đã rà soát 6/20 đài")
    task = reload(task)
    assert (task.state, task.progress_percent) == (State.IN_PROGRESS, 30)
    assert report.reported_by == officer
    # A report dated earlier than the latest does not set the progress.
    services.report_progress(officer, task, reported_on=today - datetime.timedelta(days=10), percent=10,
                             text="Đã ban hành kế hoạch")
    assert reload(task).progress_percent == 30
    changes = testing.changes(task, "update")
    assert {change.user for change in changes} == {officer}
    assert testing.changes(report, "create").get().user == officer


@pytest.mark.parametrize(("values", "field"), [
    ({"percent": 120}, "percent"),
    ({"percent": None}, "percent"),
    ({"text": "  "}, "text"),
    ({"reported_on": datetime.date.today() + datetime.timedelta(days=3)}, "reported_on"),
    ({"reported_on": D(2000, 1, 1)}, "reported_on"),
])
def test_bad_progress_names_the_field_and_saves_nothing(world, new_task, today, reload, values, field):
    task = new_task()
    with pytest.raises(ValidationError) as excinfo:
        services.report_progress(world.users["officer"], task,
                                 **{"reported_on": today, "percent": 40, "text": "Đã triển khai", **values})
    assert field in fields_of(excinfo)
    assert not TaskProgress.objects.exists()
    assert reload(task).state == State.ASSIGNED


def test_cooperating_organisations_read_but_do_not_report(world, new_task, today):
    task = new_task(lead=world.other_committee, cooperating=[world.committee])
    officer = world.users["officer"]
    assert Task.objects.restrict(officer).filter(pk=task.pk).exists()
    assert not Task.objects.restrict(officer, "report").filter(pk=task.pk).exists()
    for action in (lambda: services.report_progress(officer, task, reported_on=today, percent=10, text="x"),
                   lambda: services.complete_task(officer, task, completed_on=today, result="Xong"),
                   lambda: services.request_extension(officer, task, new_deadline=task.deadline
                                                      + datetime.timedelta(days=5), reason="Cần thêm thời gian")):
        with pytest.raises(PermissionDenied):
            action()
    viewer = world.users["viewer"]
    with pytest.raises(PermissionDenied):
        services.report_progress(viewer, task, reported_on=today, percent=10, text="x")
    assert not TaskProgress.objects.exists()
    # Another commune's officer does not even see it.
    assert not Task.objects.restrict(world.users["other_officer"]).filter(pk=new_task().pk).exists()


# --- completing --------------------------------------------------------------------------------------------

def test_complete_on_time_and_late(world, new_task, today, reload):
    on_time = new_task(deadline=today - datetime.timedelta(days=2))
    late = new_task(deadline=today - datetime.timedelta(days=5))
    officer = world.users["officer"]
    services.complete_task(officer, on_time, completed_on=today - datetime.timedelta(days=2), result="Đã hoàn thành",
                           evidence="Báo cáo số 12/BC-UBND")
    services.complete_task(officer, late, completed_on=today, result="Đã hoàn thành")
    on_time, late = reload(on_time), reload(late)
    assert (on_time.state, on_time.progress_percent, on_time.timeliness) == (State.COMPLETED, 100, T.ON_TIME)
    assert on_time.evidence == "Báo cáo số 12/BC-UBND"
    assert late.timeliness == T.LATE
    report = on_time.progress_reports.get()
    assert report.is_completion and report.percent == 100 and report.text == "Đã hoàn thành"


@pytest.mark.parametrize(("values", "field"), [
    ({"result": ""}, "result"),
    ({"result": "   "}, "result"),
    ({"completed_on": None}, "completed_on"),
    ({"completed_on": datetime.date.today() + datetime.timedelta(days=1)}, "completed_on"),
    ({"completed_on": D(2001, 1, 1)}, "completed_on"),
])
def test_completion_needs_its_result_and_a_sensible_date(world, new_task, today, reload, values, field):
    task = new_task()
    before = testing.snapshot(task)
    with pytest.raises(ValidationError) as excinfo:
        services.complete_task(world.users["officer"], task, **{"completed_on": today, "result": "Xong", **values})
    assert field in fields_of(excinfo)
    assert testing.snapshot(task) == before and not TaskProgress.objects.exists()


def test_a_closed_task_takes_no_more_reports(world, new_task, today):
    task = new_task()
    services.complete_task(world.users["officer"], task, completed_on=today, result="Xong")
    with pytest.raises(ValidationError) as excinfo:
        services.report_progress(world.users["officer"], task, reported_on=today, percent=100, text="x")
    assert fields_of(excinfo) == {"task"}
    with pytest.raises(ValidationError):
        services.complete_task(world.users["officer"], task, completed_on=today, result="Lần hai")


# --- extensions --------------------------------------------------------------------------------------------

def test_extension_request_then_approval_moves_the_deadline(world, new_task, today, reload):
    task = new_task(deadline=today - datetime.timedelta(days=3))
    assert task.timeliness == T.OVERDUE
    officer, leader = world.users["officer"], world.users["leader"]
    extension = services.request_extension(officer, task, new_deadline=today + datetime.timedelta(days=30),
                                           reason="Mưa lũ chia cắt đường đến các bản")
    assert (extension.decision, extension.previous_deadline, extension.requested_by) == \
        ("pending", today - datetime.timedelta(days=3), officer)
    with pytest.raises(PermissionDenied):
        services.decide_extension(officer, extension, approve=True)
    services.decide_extension(leader, extension, approve=True, note="Đồng ý")
    task, extension = reload(task), reload(extension)
    assert task.deadline == today + datetime.timedelta(days=30)
    assert task.original_deadline == today - datetime.timedelta(days=3)
    assert task.timeliness == T.IN_TIME
    assert (extension.decision, extension.decided_by, extension.approved_deadline) == \
        ("approved", leader, task.deadline)
    assert testing.changes(task, "update").filter(user=leader).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.decide_extension(leader, extension, approve=False, note="Đổi ý")
    assert fields_of(excinfo) == {"decision"}


def test_approval_may_grant_another_deadline_and_clears_working_days(world, new_task, today, reload):
    task = new_task(assigned_on=today - datetime.timedelta(days=3), working_days=10)
    extension = services.request_extension(world.users["officer"], task, reason="Chờ số liệu",
                                           new_deadline=task.deadline + datetime.timedelta(days=30))
    granted = task.deadline + datetime.timedelta(days=14)
    services.decide_extension(world.users["specialist"], extension, approve=True, new_deadline=granted)
    task = reload(task)
    assert (task.deadline, task.working_days) == (granted, None)


def test_refusal_needs_a_note_and_keeps_the_deadline(world, new_task, today, reload):
    task = new_task()
    extension = services.request_extension(world.users["officer"], task, reason="Chờ số liệu",
                                           new_deadline=task.deadline + datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as excinfo:
        services.decide_extension(world.users["specialist"], extension, approve=False)
    assert fields_of(excinfo) == {"note"}
    assert reload(extension).decision == "pending"
    services.decide_extension(world.users["specialist"], extension, approve=False, note="Không có căn cứ")
    assert reload(extension).decision == "refused" and reload(task).deadline == task.deadline


@pytest.mark.parametrize(("values", "field"), [
    ({"new_deadline": None}, "new_deadline"),
    ({"new_deadline": "same"}, "new_deadline"),
    ({"reason": ""}, "reason"),
])
def test_bad_extension_requests(world, new_task, values, field):
    task = new_task()
    if values.get("new_deadline") == "same":
        values = {"new_deadline": task.deadline}
    with pytest.raises(ValidationError) as excinfo:
        services.request_extension(world.users["officer"], task,
                                   **{"new_deadline": task.deadline + datetime.timedelta(days=9),
                                      "reason": "Chờ số liệu", **values})
    assert field in fields_of(excinfo)
    assert not TaskExtension.objects.exists()


def test_no_extension_on_a_completed_or_regular_task_or_twice(world, new_task, today):
    officer = world.users["officer"]
    completed = new_task()
    services.complete_task(officer, completed, completed_on=today, result="Xong")
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):  # the message is read below
        services.request_extension(officer, completed, new_deadline=today + datetime.timedelta(days=60),
                                   reason="Cần thêm thời gian")
    assert fields_of(excinfo) == {"task"}
    assert "completed" in excinfo.value.message_dict["task"][0]
    regular = new_task(is_regular=True)
    with pytest.raises(ValidationError):
        services.request_extension(officer, regular, new_deadline=today + datetime.timedelta(days=60), reason="x")
    task = new_task()
    services.request_extension(officer, task, new_deadline=task.deadline + datetime.timedelta(days=5), reason="x")
    with pytest.raises(ValidationError) as excinfo:
        services.request_extension(officer, task, new_deadline=task.deadline + datetime.timedelta(days=9), reason="y")
    assert fields_of(excinfo) == {"task"}
    assert TaskExtension.objects.count() == 1


def test_completing_closes_a_pending_request(world, new_task, today, reload):
    task = new_task()
    extension = services.request_extension(world.users["officer"], task, reason="Chờ số liệu",
                                           new_deadline=task.deadline + datetime.timedelta(days=10))
    services.complete_task(world.users["officer"], task, completed_on=today, result="Xong")
    assert reload(extension).decision == TaskExtension.Decision.WITHDRAWN
    with pytest.raises(ValidationError):
        services.decide_extension(world.users["leader"], reload(extension), approve=True)


# --- cancelling --------------------------------------------------------------------------------------------

def test_cancel_needs_the_department_and_a_reason(world, new_task, today, reload):
    task = new_task()
    with pytest.raises(PermissionDenied):
        services.cancel_task(world.users["officer"], task, reason="Không cần nữa")
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_task(world.users["specialist"], task, reason=" ")
    assert fields_of(excinfo) == {"reason"}
    assert reload(task).state == State.ASSIGNED
    services.cancel_task(world.users["specialist"], task, reason="Lồng ghép vào kế hoạch khác")
    task = reload(task)
    assert (task.state, task.cancelled_on, task.timeliness) == (State.CANCELLED, today, T.CANCELLED)
    with pytest.raises(ValidationError):
        services.report_progress(world.users["officer"], task, reported_on=today, percent=10, text="x")
    with pytest.raises(ValidationError):
        services.cancel_task(world.users["specialist"], task, reason="Lần hai")


def test_start_task(world, new_task, reload):
    task = new_task()
    services.start_task(world.users["officer"], task)
    assert reload(task).state == State.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.start_task(world.users["officer"], task)
