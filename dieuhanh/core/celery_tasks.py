"""The Celery tasks (production: Celery workers with a Redis broker): run a Job record, and queue the
daily jobs whose time has come (called by Celery beat, see dieuhanh/celery.py)."""

import socket

from celery import shared_task


@shared_task(name="dieuhanh.run_job", acks_late=True)
def run_job_task(job_id: int) -> bool:
    from .jobs import run_job

    return run_job(job_id, worker=f"celery@{socket.gethostname()}")


@shared_task(name="dieuhanh.enqueue_scheduled", ignore_result=True)
def enqueue_scheduled_task() -> int:
    from .jobs import enqueue_due_scheduled

    return len(enqueue_due_scheduled())
