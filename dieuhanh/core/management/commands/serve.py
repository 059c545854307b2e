"""`make run`: the web server plus whatever runs background jobs, in one command."""

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand

from dieuhanh.core import jobs


class Command(BaseCommand):
    help = "Serve the app on 127.0.0.1:PORT with a job worker (local, or Celery when a broker is configured)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, port, host, **options):
        manage = [sys.executable, "manage.py"]
        if jobs.broker_url():
            # -B: the worker also runs beat, which queues the daily jobs (one machine; see dieuhanh/celery.py).
            worker_cmd = [sys.executable, "-m", "celery", "-A", "dieuhanh", "worker", "-B", "--loglevel", "INFO",
                          "--concurrency", "2"]
            worker_name = "Celery worker"
        else:
            worker_cmd = [*manage, "jobworker"]
            worker_name = "local job worker"
        self.print_accounts(host, port, worker_name)
        worker = subprocess.Popen(worker_cmd)
        env = dict(os.environ, DEBUG=os.environ.get("DEBUG", "1"))
        server = subprocess.Popen([*manage, "runserver", f"{host}:{port}", "--noreload"], env=env)

        def stop(*_args):
            for proc in (server, worker):
                if proc.poll() is None:
                    proc.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            server.wait()
        finally:
            stop()
            worker.wait(timeout=10)

    def print_accounts(self, host, port, worker_name):
        from django.contrib.auth import get_user_model

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Điều hành on http://{host}:{port}/  (jobs: {worker_name})"))
        users = get_user_model().objects.filter(username__startswith="demo_").order_by("username")
        if users:
            from dieuhanh.orgs.demo import DEMO_PASSWORD

            self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            for user in users:
                org = user.organization.name if user.organization_id else "—"
                self.stdout.write(f"  {user.username:<20} {user.get_role_display():<28} {org}")
        self.stdout.write("Press Ctrl+C to stop.\n")
