"""Điều hành: operations and reporting platform for a provincial information and communications department."""

from .celery import app as celery_app

__all__ = ("celery_app",)
