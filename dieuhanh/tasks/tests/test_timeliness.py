"""The derived status ("on time", "late", "overdue", "due soon"…): never typed, the same in SQL
(filters, figures, board) and in Python (one task), and evaluated "as of" a date."""

import datetime

import pytest

from dieuhanh.core.workdays import add_working_days
from dieuhanh.tasks.models import Task, timeliness_q

D = datetime.date
S, T = Task.State, Task.Timeliness
AS_OF = D(2026, 2, 12)  # a Thursday just before Tết (16–20/02/2026)


def task(world, **fields) -> Task:
    values = {"title": world.unique("Nhiệm vụ"), "lead_organization": world.committee, "assigned_on": D(2026, 1, 5),
              "deadline": D(2026, 3, 31), **fields}
    return Task.objects.create(**values)


@pytest.fixture
def tasks(world):
    return {
        "on_time": task(world, state=S.COMPLETED, deadline=D(2026, 2, 10), completed_on=D(2026, 2, 10), result="x"),
        "late": task(world, state=S.COMPLETED, deadline=D(2026, 1, 30), completed_on=D(2026, 2, 2), result="x"),
        "no_deadline_done": task(world, state=S.COMPLETED, deadline=None, is_regular=True, completed_on=D(2026, 2, 1),
                                 result="x"),
        "overdue": task(world, deadline=D(2026, 2, 11)),
        "due_today": task(world, deadline=AS_OF),
        # Three working days after Thursday 12/02 are 13/02, 23/02 and 24/02 (Tết in between).
        "due_soon_over_tet": task(world, deadline=D(2026, 2, 24)),
        "in_time": task(world, deadline=D(2026, 2, 25)),
        "regular": task(world, deadline=None, is_regular=True, state=S.IN_PROGRESS),
        "cancelled": task(world, state=S.CANCELLED, cancelled_on=D(2026, 2, 1), cancel_reason="x"),
        # Completed or cancelled after AS_OF: still open on that date.
        "completed_later_overdue": task(world, state=S.COMPLETED, deadline=D(2026, 2, 5), completed_on=D(2026, 3, 1),
                                        result="x"),
        "cancelled_later": task(world, state=S.CANCELLED, deadline=D(2026, 5, 1), cancelled_on=D(2026, 3, 1),
                                cancel_reason="x"),
        "not_yet_assigned": task(world, assigned_on=D(2026, 2, 13)),
    }


EXPECTED_AS_OF = {
    "on_time": T.ON_TIME, "late": T.LATE, "no_deadline_done": T.ON_TIME, "overdue": T.OVERDUE,
    "due_today": T.DUE_SOON, "due_soon_over_tet": T.DUE_SOON, "in_time": T.IN_TIME, "regular": T.REGULAR,
    "cancelled": T.CANCELLED, "completed_later_overdue": T.OVERDUE, "cancelled_later": T.IN_TIME,
    "not_yet_assigned": None,
}


def test_due_soon_limit_counts_working_days():
    assert add_working_days(AS_OF, 3) == D(2026, 2, 24)


def test_python_and_sql_agree_as_of_a_date(tasks):
    annotated = {row.pk: row.timeliness_code for row in Task.objects.with_timeliness(AS_OF)}
    for name, obj in tasks.items():
        assert obj.timeliness_on(AS_OF) == EXPECTED_AS_OF[name], name
        assert annotated[obj.pk] == EXPECTED_AS_OF[name], name


def test_filters_and_groups_partition_the_tasks(tasks):
    ids = {name: obj.pk for name, obj in tasks.items()}
    for value in T.values:
        expected = {ids[name] for name, code in EXPECTED_AS_OF.items() if code == value}
        assert set(Task.objects.timeliness(value, as_of=AS_OF).values_list("pk", flat=True)) == expected, value
    open_ = set(Task.objects.filter(timeliness_q("open", AS_OF)).values_list("pk", flat=True))
    assert open_ == {ids[n] for n in ("overdue", "due_today", "due_soon_over_tet", "in_time", "regular",
                                      "completed_later_overdue", "cancelled_later")}
    fell_due = set(Task.objects.timeliness("fell_due", as_of=AS_OF).values_list("pk", flat=True))
    assert fell_due == {ids[n] for n in ("on_time", "late", "no_deadline_done", "overdue", "completed_later_overdue")}


def test_today_is_the_default(tasks):
    # By today every task above is assigned, and the ones finished later are finished.
    today = {row.pk: row.timeliness_code for row in Task.objects.with_timeliness()}
    for obj in tasks.values():
        assert obj.timeliness == obj.timeliness_on() == today[obj.pk]
    assert tasks["completed_later_overdue"].timeliness == T.LATE
    assert tasks["cancelled_later"].timeliness == T.CANCELLED


def test_the_filter_set_evaluates_as_of_and_never_after_today(tasks, rf, world):
    from dieuhanh.tasks.filters import TaskFilterSet

    request = rf.get("/")
    request.user = world.users["admin"]

    def listed(**params):
        return set(TaskFilterSet(params, queryset=Task.objects.all(), request=request).qs.values_list("pk", flat=True))

    overdue_then = {tasks["overdue"].pk, tasks["completed_later_overdue"].pk}
    assert listed(timeliness="overdue", as_of="12/02/2026") == overdue_then
    # A date in the future counts as today: a deadline not yet reached is not overdue.
    future = "31/12/2099"
    assert listed(timeliness="overdue", as_of=future) == listed(timeliness="overdue")
    rows = TaskFilterSet({"as_of": "12/02/2026"}, queryset=Task.objects.all(), request=request).qs
    assert {row.pk: row.timeliness for row in rows}[tasks["due_soon_over_tet"].pk] == T.DUE_SOON


def test_the_setting_changes_due_soon(tasks, settings):
    settings.TASK_DUE_SOON_WORKING_DAYS = 1
    assert tasks["due_soon_over_tet"].timeliness_on(AS_OF) == T.IN_TIME
    assert not Task.objects.timeliness("due_soon", as_of=AS_OF).filter(pk=tasks["due_soon_over_tet"].pk).exists()
