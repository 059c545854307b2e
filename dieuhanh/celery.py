"""Celery application. Used only when a broker is configured (REDIS_URL / CELERY_BROKER_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")

app = Celery("dieuhanh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["dieuhanh.core"], related_name="celery_tasks")
