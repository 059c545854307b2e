"""Background jobs: one way to write them, one record (`Job`) the UI shows, two ways to run them.

    @jobs.register("orgs.import", label=_("Import organisations"))
    def import_organisations(job, *, upload_id, mode):
        job.progress(10, "Reading the file")
        ...
        return {"created": 12}

`jobs.enqueue(name, user, **params)` stores a queued Job and, once the transaction commits, hands
it to Celery when a broker is configured (REDIS_URL / CELERY_BROKER_URL), else to the local worker
that `manage.py serve` runs beside the web server (`manage.py jobworker` on its own). A job is
claimed with a conditional UPDATE, so a redelivered message or a second worker never runs it twice.

A job may run every day: `@jobs.register("tasks.send_reminders", daily_at=datetime.time(7, 0))`.
`enqueue_due_scheduled()` queues each such job once per day from that time on (a unique
`Job.schedule_key`, "<name>@<date>", so schedulers racing queue it once); the local worker calls it
as it polls, and in production a Celery beat entry calls it every minute (dieuhanh/celery.py).
"""

from __future__ import annotations

import datetime
import logging
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from . import context
from .context import Source

log = logging.getLogger(__name__)


@dataclass
class JobSpec:
    name: str
    label: str
    func: Callable
    daily_at: datetime.time | None = None  # local time (TIME_ZONE) of a daily run, if scheduled


_registry: dict[str, JobSpec] = {}


def register(name: str, label: str = "", daily_at: datetime.time | None = None):
    def decorator(func):
        if name in _registry and _registry[name].func is not func:
            raise ValueError(f"job {name} registered twice")
        _registry[name] = JobSpec(name, str(label) or name, func, daily_at)
        return func

    return decorator


def scheduled() -> list[JobSpec]:
    return [spec for spec in _registry.values() if spec.daily_at is not None]


def enqueue_due_scheduled(now: datetime.datetime | None = None) -> list:
    """Queue every daily job whose time has come today and that is not queued for today yet.

    Safe to call often and from several processes at once: the day's run is one `Job.schedule_key`,
    and the database refuses a second row with the same key. A scheduler that was down at the hour
    catches up when it comes back the same day; a day it was down for entirely is not run afterwards
    (a daily job looks at the state of its day, so the next day's run covers it)."""
    from .models import Job

    local = timezone.localtime(now or timezone.now())
    queued = []
    for spec in scheduled():
        if local.time() < spec.daily_at:
            continue
        key = f"{spec.name}@{local.date().isoformat()}"
        if Job.objects.filter(schedule_key=key).exists():
            continue  # the common case, answered without provoking an integrity error
        try:
            with transaction.atomic():
                record = Job.objects.create(name=spec.name, label=str(spec.label)[:300], params={},
                                            schedule_key=key)
        except IntegrityError:
            continue  # another scheduler queued it a moment ago
        transaction.on_commit(lambda pk=record.pk: dispatch(pk))
        queued.append(record)
    return queued


def get_spec(name: str) -> JobSpec:
    return _registry[name]


class JobRun:
    """What a running job sees: progress, log, the acting user, its parameters."""

    def __init__(self, record):
        self.record = record
        self.user = record.user
        self._lines: list[str] = [record.log] if record.log else []
        self._last_write = 0.0

    @property
    def scheduled_for(self) -> datetime.date | None:
        """The day a scheduled run is for (it may start after midnight), None for other runs."""
        key = getattr(self.record, "schedule_key", None) or ""
        return datetime.date.fromisoformat(key.rsplit("@", 1)[1]) if "@" in key else None

    def log(self, message: str) -> None:
        stamp = timezone.localtime().strftime("%H:%M:%S")
        self._lines.append(f"[{stamp}] {message}")
        self._flush(force=False)

    def progress(self, percent: float, message: str | None = None) -> None:
        self.record.progress = max(0, min(100, int(percent)))
        if message:
            self.log(message)
        else:
            self._flush(force=False)

    def _flush(self, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < 0.3:
            return
        self._last_write = now
        self.record.log = "\n".join(line for line in self._lines if line)
        if force:
            _when_unlocked(self._write)
            return
        # A progress report is for the progress bar: if the database is busy (a locked SQLite table),
        # the job goes on and the next report or the final write carries it. Inside a savepoint, so a
        # failed write leaves the job's own transaction usable.
        try:
            with transaction.atomic():
                self._write()
        except OperationalError as exc:
            log.info("job %s: progress not saved (%s); the next report will carry it", self.record.pk, exc)

    def _write(self) -> None:
        type(self.record).objects.filter(pk=self.record.pk).update(progress=self.record.progress,
                                                                   log=self.record.log)


def enqueue(name: str, user=None, label: str = "", **params):
    """Queue a job; it starts after the surrounding transaction commits."""
    from .models import Job

    spec = get_spec(name)
    ctx = context.current()
    record = Job.objects.create(name=name, label=str(label or spec.label)[:300], params=params,
                                user=user if getattr(user, "pk", None) else None, request_id=ctx.request_id)
    transaction.on_commit(lambda: dispatch(record.pk))
    return record


def broker_url() -> str:
    return getattr(settings, "CELERY_BROKER_URL", "") or ""


def dispatch(job_id: int) -> None:
    if getattr(settings, "JOBS_RUN_INLINE", False):
        run_job(job_id, worker="inline")
    elif broker_url():
        from .celery_tasks import run_job_task

        run_job_task.delay(job_id)
    # else: the local worker polls queued jobs.


def _when_unlocked(write, attempts: int = 10, pause: float = 0.2):
    """Run a bookkeeping write (a job's final state), waiting out a locked SQLite table: a reader of
    the job (its page polling, a test) may hold it for a moment, and the job's end must not be lost."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause)
    return None


def run_job(job_id: int, worker: str = "") -> bool:
    """Claim and run one job. Returns False when it was already claimed by someone else."""
    from .models import Job

    worker = worker or socket.gethostname()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started=timezone.now(), worker=worker[:200])
    if not claimed:
        return False
    record = Job.objects.select_related("user").get(pk=job_id)
    run = JobRun(record)
    try:
        spec = get_spec(record.name)
        with context.acting_as(user=record.user, source=Source.JOB, request_id=record.request_id):
            result = spec.func(run, **record.params)
    except Exception as exc:  # noqa: BLE001 - a job's failure is recorded, not raised
        log.exception("job %s (%s) failed", job_id, record.name)
        run._flush(force=True)
        error = f"{exc}\n\n{traceback.format_exc()}"[-20000:]
        _when_unlocked(lambda: Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, finished=timezone.now(),
                                                                    error=error))
        return True
    run.record.progress = 100
    run._flush(force=True)
    _when_unlocked(lambda: Job.objects.filter(pk=job_id).update(
        status=Job.Status.COMPLETED, finished=timezone.now(), progress=100, result=result))
    return True


def run_pending(worker: str = "", limit: int | None = None) -> int:
    """Run queued jobs, oldest first (the local worker's loop body)."""
    from .models import Job

    done = 0
    while limit is None or done < limit:
        job_id = Job.objects.filter(status=Job.Status.QUEUED).order_by("created", "pk") \
            .values_list("pk", flat=True).first()
        if job_id is None:
            break
        if run_job(job_id, worker=worker):
            done += 1
    return done


def heartbeat_key() -> str:
    return "dieuhanh:jobworker:heartbeat"
