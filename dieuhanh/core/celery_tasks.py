"""The Celery task that runs a Job record (production: Celery workers with a Redis broker)."""

import socket

from celery import shared_task


@shared_task(name="dieuhanh.run_job", acks_late=True)
def run_job_task(job_id: int) -> bool:
    from .jobs import run_job

    return run_job(job_id, worker=f"celery@{socket.gethostname()}")
