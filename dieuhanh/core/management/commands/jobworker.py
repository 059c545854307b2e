"""The local job worker: runs queued jobs when no Celery broker is configured, and queues the daily
jobs (core.jobs `daily_at`) when their time comes."""

import socket
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from dieuhanh.core import jobs


class Command(BaseCommand):
    help = "Run queued background jobs (single-machine mode, no broker needed)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Run what is queued, then exit (daily jobs are not queued).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the daily jobs.")

    def handle(self, *args, once=False, interval=1.0, no_schedule=False, **options):
        worker = f"local@{socket.gethostname()}"
        self.stdout.write(f"job worker {worker} polling every {interval}s")
        next_schedule_check = 0.0
        while True:
            cache.set(jobs.heartbeat_key(), timezone.now().isoformat(), 60)
            if not (once or no_schedule) and time.monotonic() >= next_schedule_check:
                # Twice a minute is plenty for daily jobs; racing another worker is harmless.
                for job in jobs.enqueue_due_scheduled():
                    self.stdout.write(f"queued {job.schedule_key}")
                next_schedule_check = time.monotonic() + 30
            done = jobs.run_pending(worker=worker)
            if once:
                self.stdout.write(f"ran {done} job(s)")
                return
            if not done:
                time.sleep(interval)
            # Between polls, drop connections the database closed (restarts, idle timeouts).
            close_old_connections()
