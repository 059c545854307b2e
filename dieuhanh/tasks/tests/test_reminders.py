"""The daily deadline reminders (tasks/jobs.py, job `tasks.send_reminders`): who gets them, when
(working days: weekends and Tết skipped), and that each one is sent once — run twice, redelivered, on
a restarted Celery worker over the real Redis broker, or queued twice by the scheduler."""

from __future__ import annotations

import datetime
import os
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from dieuhanh.core import jobs
from dieuhanh.core.models import Job, Notification
from dieuhanh.core.testing import build_world
from dieuhanh.core.workdays import add_working_days, is_working_day
from dieuhanh.orgs.models import User
from dieuhanh.tasks.models import Task

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.date(2026, 12, 7)  # an ordinary working week: Mon 7 – Fri 11 December 2026


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def world(db, settings):
    settings.TASK_REMINDER_WORKING_DAYS = 3
    world = build_world()
    for name, user in world.users.items():
        user.email = f"{name}@dieuhanh.test"
        user.language = "en"
        user.save(update_fields=["email", "language"])
    # The commune's viewer reads its tasks but does not act on them: no reminders for it.
    viewer = User.objects.create(username="w_committee_viewer", role="viewer", organization=world.committee,
                                 email="committee_viewer@dieuhanh.test")
    retired = User.objects.create(username="w_retired_officer", role="officer", organization=world.committee,
                                  email="retired@dieuhanh.test", is_active=False)
    world.users.update(committee_viewer=viewer, retired=retired)
    return world


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_task(world, deadline, *, title="Rà soát hệ thống thông tin", state=Task.State.ASSIGNED, **extra):
    return Task.objects.create(title=title, lead_organization=world.committee,
                               person_in_charge=world.users["specialist"], deadline=deadline, state=state,
                               assigned_on=d("2026-01-05"), **extra)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job for a day as the worker would; its e-mails leave on commit, which is run here."""
    def run_for(day: datetime.date | str):
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.enqueue("tasks.send_reminders", None, today=str(day))
            assert jobs.run_job(job.pk) is True
        job.refresh_from_db()
        assert job.status == Job.Status.COMPLETED, job.error
        return job.result

    def run_job(job):
        with django_capture_on_commit_callbacks(execute=True):
            jobs.run_job(job.pk)

    run_for.job = run_job
    return run_for


def keys() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "key"))


def test_due_soon_and_overdue_reach_the_person_in_charge_and_the_lead_organisation_once(world, run):
    due = make_task(world, d("2026-12-10"))  # Thursday: 3 working days after Monday
    late = make_task(world, d("2026-12-04"), title="Lập danh sách cán bộ xã", state=Task.State.IN_PROGRESS)
    make_task(world, d("2026-12-11"), title="Not yet: 4 working days away")
    make_task(world, d("2026-12-08"), title="Completed", state=Task.State.COMPLETED, completed_on=d("2026-12-03"))
    make_task(world, d("2026-12-08"), title="Cancelled", state=Task.State.CANCELLED, cancelled_on=d("2026-12-03"),
              cancel_reason="No longer needed")
    make_task(world, d("2026-12-08"), title="Deleted").delete()
    make_task(world, None, title="Regular", is_regular=True)

    result = run(MONDAY)
    assert (result["due_soon"], result["overdue"], result["sent"]) == (1, 1, 4)
    assert keys() == sorted([
        ("w_officer", f"tasks.due_soon:{due.pk}:2026-12-10"),
        ("w_specialist", f"tasks.due_soon:{due.pk}:2026-12-10"),
        ("w_officer", f"tasks.overdue:{late.pk}:2026-12-04:0"),
        ("w_specialist", f"tasks.overdue:{late.pk}:2026-12-04:0"),
    ])
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["officer@dieuhanh.test", "specialist@dieuhanh.test"] * 2)
    soon = Notification.objects.get(recipient=world.users["officer"], key__startswith="tasks.due_soon")
    assert soon.title == f"Task due in 3 working day(s): {due.title}"
    assert soon.url == due.get_absolute_url() and "10/12/2026" in soon.body

    # The same day again (a second run, a rerun by hand): nothing new, no e-mail.
    assert run(MONDAY)["sent"] == 0
    assert len(keys()) == 4 and len(mail.outbox) == 4
    # The next days: each reminder comes once; the overdue one again after a working week.
    new_keys = {}
    for day in ("2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14"):
        before = set(keys())
        run(day)
        new_keys[day] = sorted(key for user, key in set(keys()) - before if user == "w_officer")
    not_yet = Task.objects.get(title__startswith="Not yet")
    assert new_keys == {
        "2026-12-08": [f"tasks.due_soon:{not_yet.pk}:2026-12-11"],  # now 3 working days away
        "2026-12-09": [],
        "2026-12-10": [],  # the deadline day: 'due soon' was said already
        "2026-12-11": [f"tasks.overdue:{due.pk}:2026-12-10:0"],  # the first working day after it
        "2026-12-14": sorted([f"tasks.overdue:{late.pk}:2026-12-04:1",  # 6 working days late: a week on
                              f"tasks.overdue:{not_yet.pk}:2026-12-11:0"]),
    }
    assert len(mail.outbox) == len(keys())


def test_nothing_on_a_day_off(world, run):
    make_task(world, d("2026-11-30"))
    result = run(d("2026-11-28"))  # Saturday
    assert (result["working_day"], result["sent"]) == (False, 0)
    assert run(d("2026-11-25"))["sent"] == 2  # Wednesday: Thu, Fri, Mon → due in 3 working days


def test_one_account_in_both_roles_gets_one_reminder(world, run):
    task = make_task(world, d("2026-12-08"))
    task.person_in_charge = world.users["officer"]  # also one of the lead organisation's accounts
    task.save(update_fields=["person_in_charge"])
    assert run(MONDAY)["sent"] == 1
    assert keys() == [("w_officer", f"tasks.due_soon:{task.pk}:2026-12-08")]


def test_due_soon_across_tet_counts_working_days_only(world, run):
    """Tết 2026: Monday 16 to Friday 20 February are public holidays (from the `holidays` package).
    A deadline of Wednesday 25 February, the third working day after Tết, is 3 working days away on
    Friday 13 February, the last working day before it: the reminder comes then, not during Tết."""
    assert not any(is_working_day(d(f"2026-02-{day}")) for day in range(14, 23))
    task = make_task(world, d("2026-02-25"))
    assert run(d("2026-02-12"))["sent"] == 0  # Thu: Fri 13, Mon 23, Tue 24 → not yet
    assert run(d("2026-02-13"))["sent"] == 2  # Fri: Mon 23, Tue 24, Wed 25
    assert run(d("2026-02-17"))["working_day"] is False  # the first day of the year: nothing
    assert run(d("2026-02-23"))["sent"] == 0
    officer = Notification.objects.get(recipient=world.users["officer"])
    assert (officer.key, officer.title) == (f"tasks.due_soon:{task.pk}:2026-02-25",
                                            f"Task due in 3 working day(s): {task.title}")
    assert run(d("2026-02-26"))["overdue"] == 1  # the day after the deadline


def test_an_approved_extension_gives_a_new_reminder(world, run):
    from dieuhanh.tasks import services

    # Dates ahead of the real today: the services refuse deadlines in the past.
    start = add_working_days(datetime.date.today() + datetime.timedelta(days=30), 1)
    deadline = add_working_days(start, 2)
    task = make_task(world, deadline)
    assert run(start)["sent"] == 2
    extension = services.request_extension(world.users["officer"], task, new_deadline=add_working_days(deadline, 10),
                                           reason="Chờ số liệu của các xã")
    services.decide_extension(world.users["leader"], extension, approve=True)
    task.refresh_from_db()
    assert task.deadline == add_working_days(deadline, 10)
    assert run(start)["sent"] == 0  # the old deadline's reminder is not sent again, nor the new one early
    day = next(day for day in (start + datetime.timedelta(days=n) for n in range(60))
               if is_working_day(day) and add_working_days(day, 3) >= task.deadline)
    assert run(day)["sent"] == 2
    assert {key for _user, key in keys()} == {f"tasks.due_soon:{task.pk}:{deadline.isoformat()}",
                                              f"tasks.due_soon:{task.pk}:{task.deadline.isoformat()}"}
    assert len(mail.outbox) == 4


def test_the_scheduled_run_uses_its_own_day(world, run):
    task = make_task(world, d("2026-12-10"))
    queued = [job for job in jobs.enqueue_due_scheduled(datetime.datetime(2026, 12, 7, 7, 0, tzinfo=HANOI))
              if job.name == "tasks.send_reminders"]
    assert [job.schedule_key for job in queued] == ["tasks.send_reminders@2026-12-07"]
    run.job(queued[0])
    assert ("w_officer", f"tasks.due_soon:{task.pk}:2026-12-10") in keys()
    assert jobs.enqueue_due_scheduled(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=HANOI)) == []


# --- the real broker ------------------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


class Handled:
    """Messages the worker has finished, told by Celery's `task_postrun` signal. The test waits on it
    rather than polling the database, which on SQLite's shared in-memory test database would lock the
    table the worker is writing."""

    def __init__(self):
        import queue

        from celery.signals import task_postrun

        self.queue = queue.Queue()
        self.signal = task_postrun
        task_postrun.connect(self.handler, weak=False)

    def handler(self, task=None, retval=None, args=None, **kwargs):
        if task is not None and task.name == "dieuhanh.run_job":
            self.queue.put((args[0] if args else None, retval))

    def next(self, job_id) -> bool:
        """Wait for the worker to finish the message for `job_id`; True if it ran the job."""
        handled_id, ran = self.queue.get(timeout=30)
        assert handled_id == job_id, (handled_id, job_id)
        return ran

    def close(self):
        self.signal.disconnect(self.handler)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_reminders_over_redis_are_sent_once_across_redelivery_restart_and_rescheduling(settings):
    """Enqueue the reminders on a Celery worker over the real Redis broker; then, on a new worker (a
    restart), deliver the same job again, run it again as if it had never been recorded, and let the
    scheduler queue the day's run twice: still one notification and one e-mail per reminder."""
    if not _redis_up():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis required but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    from celery.contrib.testing.worker import start_worker

    from dieuhanh.celery import app
    from dieuhanh.core.celery_tasks import run_job_task
    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.orgs.models import Organization

    settings.CELERY_BROKER_URL = REDIS_URL
    settings.TASK_REMINDER_WORKING_DAYS = 3
    app.conf.broker_url = REDIS_URL
    app.conf.result_backend = None
    # A transactional test cannot count on the units loaded for the session: the few records it needs.
    province = AdministrativeUnit.objects.filter(level="province", code="11", valid_until__isnull=True).first() \
        or AdministrativeUnit.objects.create(code="11", name="Điện Biên", full_name="Tỉnh Điện Biên",
                                             division_type="tỉnh", level="province")
    committee = Organization.objects.create(name="Ủy ban nhân dân xã Mường Phăng", kind="committee", unit=province)
    officer = User.objects.create(username="officer", role="officer", organization=committee,
                                  email="officer@dieuhanh.test")
    specialist = User.objects.create(username="specialist", role="specialist", organization=committee,
                                     email="specialist@dieuhanh.test")
    due = Task.objects.create(title="Rà soát đài truyền thanh", lead_organization=committee,
                              person_in_charge=specialist, deadline=d("2026-12-09"), assigned_on=d("2026-11-16"))
    late = Task.objects.create(title="Báo cáo tổng kết", lead_organization=committee, person_in_charge=officer,
                               deadline=d("2026-12-04"), assigned_on=d("2026-11-16"))
    expected = sorted([("officer", f"tasks.due_soon:{due.pk}:2026-12-09"),
                       ("specialist", f"tasks.due_soon:{due.pk}:2026-12-09"),
                       ("officer", f"tasks.overdue:{late.pk}:2026-12-04:0"),
                       ("specialist", f"tasks.overdue:{late.pk}:2026-12-04:0")])

    app.control.purge()  # messages another (failed) run left on the test broker would come first
    handled = Handled()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            first = jobs.enqueue("tasks.send_reminders", today=MONDAY.isoformat())  # dispatched at once
            assert handled.next(first.pk) is True
        first.refresh_from_db()
        assert first.status == Job.Status.COMPLETED, first.error
        assert first.worker.startswith("celery@") and first.result["sent"] == 4
        assert keys() == expected and len(mail.outbox) == 4

        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):  # restarted
            run_job_task.delay(first.pk)  # the broker delivers the same message again
            assert handled.next(first.pk) is False  # claimed already: not run again
            # A worker that died after sending but before recording leaves the job to be run again.
            Job.objects.filter(pk=first.pk).update(status=Job.Status.QUEUED, result=None)
            run_job_task.delay(first.pk)
            assert handled.next(first.pk) is True
            # The scheduler's run of the same day, queued by two schedulers: once. (In one transaction, so
            # that the worker starts once every daily job is queued: SQLite has one writer.)
            at_seven = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=HANOI)
            with transaction.atomic():
                queued = jobs.enqueue_due_scheduled(at_seven)
            for job in queued:  # other tests' daily jobs may be registered too: they run first or after
                assert handled.next(job.pk) is True
            scheduled = [job for job in queued if job.name == "tasks.send_reminders"]
            assert len(scheduled) == 1
            assert jobs.enqueue_due_scheduled(at_seven) == []
    finally:
        handled.close()
        app.control.purge()
    first.refresh_from_db()
    assert first.status == Job.Status.COMPLETED and first.result["sent"] == 0
    daily = Job.objects.get(pk=scheduled[0].pk)
    assert daily.status == Job.Status.COMPLETED, daily.error
    assert (daily.result["day"], daily.result["tasks"], daily.result["sent"]) == ("2026-12-07", 2, 0)
    assert Job.objects.filter(schedule_key="tasks.send_reminders@2026-12-07").count() == 1
    assert keys() == expected
    assert len(mail.outbox) == 4
    assert sorted(message.to[0] for message in mail.outbox) == sorted(["officer@dieuhanh.test",
                                                                       "specialist@dieuhanh.test"] * 2)


def test_the_lead_organisation_hears_of_a_new_task_once(world, django_capture_on_commit_callbacks):
    """A task created (by hand, from an import or a meeting's directives) tells the lead organisation's
    acting accounts and the person in charge, after the commit; changing the lead tells the new one."""
    from dieuhanh.tasks import services

    specialist = world.users["specialist"]
    with django_capture_on_commit_callbacks(execute=True):
        task = services.create_task(specialist, {"title": "Lập danh sách cán bộ xã",
                                                 "lead_organization": world.committee,
                                                 "assigned_on": d("2026-12-07"), "deadline": d("2026-12-18")})
    assert keys() == [("w_officer", f"tasks.assigned:{task.pk}:{world.committee.pk}:None")]
    message = Notification.objects.get(recipient=world.users["officer"])
    assert message.title == f"New task for {world.committee}: {task.title}" and "18/12/2026" in message.body
    assert [m.to for m in mail.outbox] == [["officer@dieuhanh.test"]]
    # An edit that keeps the lead says nothing; a new lead and person in charge are told.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_task(specialist, task, {"content": "Gửi về Sở trước ngày 18/12"})
    assert len(keys()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_task(specialist, task, {"lead_organization": world.other_committee,
                                                "person_in_charge": world.users["other_officer"]})
    assert sorted(user for user, _key in keys()) == ["w_officer", "w_other_officer"]
    # Nothing is sent for a creation that fails.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.create_task(specialist, {"title": "", "lead_organization": world.committee})
    assert len(keys()) == 2
