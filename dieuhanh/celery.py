"""Celery application. Used only when a broker is configured (REDIS_URL / CELERY_BROKER_URL).

Workers: `celery -A dieuhanh worker`. Daily jobs (core.jobs `daily_at`) need one scheduler tick a
minute: `celery -A dieuhanh beat` (or a worker started with `-B`, as `manage.py serve` does). Running
beat on several machines is harmless: each day's run is queued once (Job.schedule_key is unique).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")

app = Celery("dieuhanh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["dieuhanh.core"], related_name="celery_tasks")
app.conf.beat_schedule = {
    "dieuhanh-scheduled-jobs": {"task": "dieuhanh.enqueue_scheduled", "schedule": 60.0,
                                "options": {"expires": 55}},
}
