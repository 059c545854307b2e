"""What keeps the list and the figures fast with a million tasks, and still right: the two columns kept
for the database's sake (tasks.models docstring: the task's province follows its lead organisation,
`open_until` the life cycle), a province's statistics in a fixed, small number of queries, the search
within a narrowed list, and pages read by their ids."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core import figures
from dieuhanh.orgs import services as org_services
from dieuhanh.orgs.models import User
from dieuhanh.tasks import filters, services
from dieuhanh.tasks.models import Task

D = datetime.date
S = Task.State
OPEN_FOREVER = D(9999, 12, 31)


def test_a_task_takes_its_lead_organisations_province(world, new_task):
    task = new_task(lead=world.committee)
    assert task.province_id == world.province.pk == Task.objects.get(pk=task.pk).province_id
    specialist, other = world.users["specialist"], world.users["other_specialist"]
    assert Task.objects.restrict(specialist).filter(pk=task.pk).exists()
    assert not Task.objects.restrict(other).filter(pk=task.pk).exists()
    # Moved to a Hà Nội organisation (by an administrator, who sees both): the task moves with it.
    services.update_task(world.users["admin"], task, {"lead_organization": world.other_department})
    assert Task.objects.get(pk=task.pk).province_id == world.other_province.pk
    assert not Task.objects.restrict(specialist).filter(pk=task.pk).exists()
    assert Task.objects.restrict(other).filter(pk=task.pk).exists()
    # Its progress reports and extension requests follow the task's province.
    report = services.report_progress(world.users["other_specialist"], task, reported_on=task.assigned_on,
                                      percent=10, text="Đã triển khai")
    assert type(report).objects.restrict(other).filter(pk=report.pk).exists()
    assert not type(report).objects.restrict(specialist).filter(pk=report.pk).exists()


def test_the_specialist_cannot_move_a_task_out_of_the_province(world, new_task):
    task = new_task(lead=world.committee)
    with pytest.raises(ValidationError):  # the Hà Nội organisation is out of the specialist's view
        services.update_task(world.users["specialist"], task, {"lead_organization": world.other_department})
    assert Task.objects.get(pk=task.pk).province_id == world.province.pk


def test_tasks_follow_their_organisation_to_another_province(world, new_task):
    task = new_task(lead=world.committee)
    untouched = new_task(lead=world.department)
    org_services.update_organization(world.users["admin"], world.committee, {"unit": world.other_province})
    assert Task.objects.get(pk=task.pk).province_id == world.other_province.pk
    assert Task.objects.get(pk=untouched.pk).province_id == world.province.pk
    assert not Task.objects.restrict(world.users["specialist"]).filter(pk=task.pk).exists()


def test_open_until_follows_the_life_cycle(world, new_task, today):
    task = new_task(assigned_on=today - datetime.timedelta(days=10))

    def open_until():
        return Task.objects.filter(pk=task.pk).values_list("open_until", flat=True).get()

    assert open_until() == OPEN_FOREVER
    services.complete_task(world.users["specialist"], task, completed_on=today - datetime.timedelta(days=2),
                           result="Đã xong")
    assert open_until() == today - datetime.timedelta(days=2)
    # The database computes it, so even a bulk update (no save()) keeps it right.
    Task.objects.filter(pk=task.pk).update(state=S.CANCELLED, cancelled_on=today - datetime.timedelta(days=1))
    assert open_until() == today - datetime.timedelta(days=1)
    Task.objects.filter(pk=task.pk).update(state=S.IN_PROGRESS)
    assert open_until() == OPEN_FOREVER
    # Open on a date: assigned on or before it, not yet completed or cancelled.
    Task.objects.filter(pk=task.pk).update(state=S.COMPLETED, completed_on=today - datetime.timedelta(days=2))
    for days_before, expected in ((11, False), (10, True), (3, True), (2, False)):
        as_of = today - datetime.timedelta(days=days_before)
        assert Task.objects.timeliness("open", as_of=as_of).filter(pk=task.pk).exists() is expected, days_before
        assert (Task.objects.get(pk=task.pk).timeliness_on(as_of) in Task.TIMELINESS_GROUPS["open"]) is expected


def test_a_provinces_statistics_take_a_fixed_number_of_queries(world, new_task, today):
    for lead in (world.committee, world.department, world.other_committee):
        new_task(lead=lead)
    task_figures = [f for f in figures.all_figures() if f.key.startswith("tasks.")]
    evaluations = sum(2 if isinstance(f, figures.RatioFigure) else 1 for f in task_figures)

    def run():
        user = User.objects.get(pk=world.users["specialist"].pk)  # a new request: nothing cached yet
        with CaptureQueriesContext(connection) as ctx:
            values = [f.evaluate(user, figures.Period(today - datetime.timedelta(days=365), today),
                                 unit_ids=[world.province.pk])
                      for f in task_figures]
        return values, len(ctx)

    values, count = run()
    assert {v.figure.key: v.value for v in values}["tasks.assigned"] == 3
    # One query a figure (value and breakdown together), plus once a request: the user's scope (their
    # organisation and the provinces merged into theirs), the province asked for and its merged ones.
    assert count == evaluations + 4
    for _ in range(3):
        new_task(lead=world.committee)
    assert run()[1] == count


@pytest.fixture
def titled(world, new_task):
    titles = ["Báo cáo kết quả chuyển đổi số quý I", "Chuyển đổi số cấp xã", "Kiểm tra đài truyền thanh cơ sở",
              "Số hóa hồ sơ một cửa", "Báo cáo chuyển đổi số năm"]
    return {title: new_task(title=title) for title in titles}


@pytest.mark.parametrize("limit", [filters.SEARCH_SCAN_LIMIT, 0])
def test_search_finds_the_same_tasks_either_way(world, titled, rf, limit, monkeypatch):
    # With few tasks left by the other filters the words are looked for in those rows; with many, through
    # the trigram index (`.search()`): the same tasks either way, every word required, no diacritics needed.
    monkeypatch.setattr(filters, "SEARCH_SCAN_LIMIT", limit)
    user = world.users["specialist"]

    def found(**params):
        request = rf.get("/tasks/", params)
        request.user = user
        filterset = filters.TaskFilterSet(request.GET, queryset=Task.objects.restrict(user), request=request)
        assert filterset.is_valid(), filterset.errors
        return {task.title for task in filterset.qs}

    assert found(q="chuyen doi so") == {"Báo cáo kết quả chuyển đổi số quý I", "Chuyển đổi số cấp xã",
                                        "Báo cáo chuyển đổi số năm"}
    assert found(q="Báo cáo số") == {"Báo cáo kết quả chuyển đổi số quý I", "Báo cáo chuyển đổi số năm"}
    assert found(q="truyen thanh", state=S.ASSIGNED) == {"Kiểm tra đài truyền thanh cơ sở"}
    assert found(q="khong co") == set()
    assert len(found(q="  ")) == len(titled)


def test_a_page_reads_only_its_rows_and_keeps_the_order(world, new_task, today):
    for day in range(12):
        new_task(title=f"Nhiệm vụ {day:02}", assigned_on=today - datetime.timedelta(days=day))
    user = world.users["specialist"]
    paged = Task.objects.restrict(user).with_timeliness().paged_by_ids().order_by("-assigned_on", "-pk")
    plain = Task.objects.restrict(user).order_by("-assigned_on", "-pk")
    page = paged[3:8]
    with CaptureQueriesContext(connection) as ctx:
        rows = list(page)
    assert [t.pk for t in rows] == [t.pk for t in plain[3:8]]
    assert all(t.timeliness_code for t in rows)
    sql = ctx.captured_queries[0]["sql"].upper()
    assert len(ctx) == 1 and " IN (SELECT " in sql  # the ids in a subquery, then those rows
    assert [t.pk for t in paged[:1]] == [plain.first().pk]
    assert paged[0].pk == plain.first().pk  # a single row is not a slice
