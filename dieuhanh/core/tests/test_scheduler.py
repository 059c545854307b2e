"""Daily jobs (core.jobs `daily_at`, `enqueue_due_scheduled`): each day's run is queued once, however
many schedulers call, and the run knows the day it was scheduled for."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from dieuhanh.core import jobs
from dieuhanh.core.celery_tasks import enqueue_scheduled_task
from dieuhanh.core.models import Job

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NAME = "tests.daily_digest"


@jobs.register(NAME, label="Daily digest", daily_at=datetime.time(6, 30))
def daily_digest(job):
    return {"day": job.scheduled_for.isoformat() if job.scheduled_for else None}


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=HANOI)


def mine(queued) -> list:
    return [job for job in queued if job.name == NAME]


def test_not_before_the_hour_then_once_a_day(db):
    assert mine(jobs.enqueue_due_scheduled(at("2026-11-23", 6, 29))) == []
    first = mine(jobs.enqueue_due_scheduled(at("2026-11-23", 6, 30)))
    assert [job.schedule_key for job in first] == [f"{NAME}@2026-11-23"]
    # Two schedulers on the same day (a second beat, the local worker restarting): queued once.
    assert mine(jobs.enqueue_due_scheduled(at("2026-11-23", 6, 31))) == []
    assert mine(jobs.enqueue_due_scheduled(at("2026-11-23", 23, 59))) == []
    assert Job.objects.filter(name=NAME).count() == 1
    tomorrow = mine(jobs.enqueue_due_scheduled(at("2026-11-24", 7, 0)))
    assert [job.schedule_key for job in tomorrow] == [f"{NAME}@2026-11-24"]


def test_the_day_is_the_local_day(db):
    # 23:30 UTC on the 22nd is 06:30 on the 23rd in Hà Nội.
    utc = datetime.datetime(2026, 11, 22, 23, 30, tzinfo=datetime.UTC)
    assert [job.schedule_key for job in mine(jobs.enqueue_due_scheduled(utc))] == [f"{NAME}@2026-11-23"]


def test_a_scheduled_run_knows_its_day_and_runs_once(db):
    job = mine(jobs.enqueue_due_scheduled(at("2026-11-23", 8)))[0]
    assert jobs.run_job(job.pk) is True
    assert jobs.run_job(job.pk) is False  # redelivered: claimed already
    job.refresh_from_db()
    assert (job.status, job.result, job.user) == (Job.Status.COMPLETED, {"day": "2026-11-23"}, None)


def test_the_celery_beat_task_queues_the_days_jobs(db):
    from django.utils import timezone

    now = timezone.localtime()
    due = {spec.name for spec in jobs.scheduled() if now.time() >= spec.daily_at}
    assert enqueue_scheduled_task() == len(due)  # the beat entry's task, called in-process
    assert enqueue_scheduled_task() == 0
    queued = list(Job.objects.filter(schedule_key__isnull=False).values_list("name", "schedule_key"))
    assert sorted(queued) == sorted((name, f"{name}@{now.date().isoformat()}") for name in due)


def test_worker_once_does_not_queue_daily_jobs(db):
    call_command("jobworker", "--once", verbosity=0)
    assert not Job.objects.filter(schedule_key__isnull=False).exists()


def test_the_schedule_key_is_unique_in_the_database(db):
    from django.db import IntegrityError, transaction

    Job.objects.create(name=NAME, label="x", schedule_key=f"{NAME}@2026-11-23")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(name=NAME, label="x", schedule_key=f"{NAME}@2026-11-23")
    Job.objects.create(name="core.import", label="unscheduled jobs share the empty key")
    Job.objects.create(name="core.import", label="unscheduled jobs share the empty key")
