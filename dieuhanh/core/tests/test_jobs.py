"""Background jobs: the local worker path and the Celery path over the real Redis broker."""

import os
import time

import pytest
from django.core.management import call_command

from dieuhanh.core import jobs
from dieuhanh.core.models import Job, ObjectChange


@jobs.register("tests.count_to", label="Count")
def count_to(job, *, n: int, fail: bool = False):
    for i in range(n):
        job.progress(100 * i / n, f"step {i}")
    if fail:
        raise RuntimeError("asked to fail")
    return {"counted": n}


@jobs.register("tests.create_org", label="Create an organisation")
def create_org(job, *, unit_id: int):
    from dieuhanh.orgs.services import create_organization

    org = create_organization(job.user, {"name": "Tạo bởi tác vụ", "kind": "other", "unit_id": unit_id})
    return {"id": org.pk}


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def test_local_worker_runs_queued_job_with_progress_and_log(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue("tests.count_to", admin, n=5)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # no broker: waits for the worker
    assert jobs.run_pending(worker="test") == 1
    job.refresh_from_db()
    assert job.status == Job.Status.COMPLETED
    assert job.progress == 100
    assert job.result == {"counted": 5}
    assert "step 4" in job.log
    assert job.started and job.finished and job.worker == "test"


def test_failed_job_records_error_and_does_not_raise(admin):
    job = jobs.enqueue("tests.count_to", admin, n=2, fail=True)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "asked to fail" in job.error


def test_a_job_runs_once_even_if_delivered_twice(admin):
    job = jobs.enqueue("tests.count_to", admin, n=1)
    assert jobs.run_job(job.pk) is True
    assert jobs.run_job(job.pk) is False  # redelivered message: already claimed
    assert Job.objects.get(pk=job.pk).status == Job.Status.COMPLETED


def test_changes_made_by_a_job_are_logged_as_job_with_its_user(admin):
    from dieuhanh.geo.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(level="province", valid_until__isnull=True).first()
    job = jobs.enqueue("tests.create_org", admin, unit_id=unit.pk)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    change = ObjectChange.objects.get(object_id=job.result["id"], action="create",
                                      content_type__model="organization")
    assert change.source == "job" and change.user == admin and change.request_id == job.request_id


def test_jobworker_command_once(admin):
    jobs.enqueue("tests.count_to", admin, n=1)
    call_command("jobworker", "--once", verbosity=0)
    assert Job.objects.filter(status=Job.Status.COMPLETED).count() == 1


def test_job_page_shows_progress_and_is_private(client, admin, make_user):
    job = jobs.enqueue("tests.count_to", admin, n=1)
    client.force_login(admin)
    response = client.get(f"/jobs/{job.pk}/")
    assert response.status_code == 200 and b'role="progressbar"' in response.content
    other = make_user("viewer", organization=None)
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


def test_a_busy_database_delays_progress_but_never_loses_the_end(admin, monkeypatch):
    """A reader holding a SQLite table (the job page polling) makes a write fail at once with
    "database table is locked": a progress report is skipped and carried by the next, and the final
    state is written once the table is free; anything else still fails loudly."""
    from django.db import OperationalError

    job = jobs.enqueue("tests.count_to", admin, n=4)
    real_write, busy = jobs.JobRun._write, {"left": 3}

    def write(run):
        if busy["left"]:
            busy["left"] -= 1
            raise OperationalError("database table is locked: core_job")
        return real_write(run)

    monkeypatch.setattr(jobs.JobRun, "_write", write)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    assert jobs.run_job(job.pk, worker="test") is True
    job.refresh_from_db()
    assert (job.status, job.progress, job.result) == (Job.Status.COMPLETED, 100, {"counted": 4})
    assert "step 3" in job.log and busy["left"] == 0
    # Not a lock: the job's end is not retried away.
    other = jobs.enqueue("tests.count_to", admin, n=1)
    monkeypatch.setattr(jobs.JobRun, "_write", lambda run: (_ for _ in ()).throw(OperationalError("disk I/O error")))
    with pytest.raises(OperationalError):
        jobs.run_job(other.pk, worker="test")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_celery_worker_runs_job_over_redis(settings):
    if not _redis_up():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis required but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    from celery.contrib.testing.worker import start_worker

    from dieuhanh.celery import app
    from dieuhanh.orgs.models import User

    settings.CELERY_BROKER_URL = REDIS_URL
    app.conf.broker_url = REDIS_URL
    app.conf.result_backend = None
    user = User.objects.create(username="celery-admin", role="admin", is_superuser=True)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job = jobs.enqueue("tests.count_to", user, n=3)  # autocommit: dispatched at once
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.2)
    assert job.status == Job.Status.COMPLETED, job.error
    assert job.worker.startswith("celery@")
    assert job.result == {"counted": 3}
