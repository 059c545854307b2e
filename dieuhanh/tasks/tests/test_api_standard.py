"""Standard API tests for tasks (core.testing)."""

import datetime

from django.utils import timezone

from dieuhanh.core import testing

from .test_views_standard import TaskCase

TODAY = timezone.localdate()


class TestTaskApi(TaskCase, testing.ApiTests):
    api_path = "/api/tasks/"

    def api_payload(self, world, owner):
        return {"title": world.unique("Kiểm tra lại các đài truyền thanh cơ sở"), "lead_organization": owner.pk,
                "source_kind": "meeting", "deadline": (TODAY + datetime.timedelta(days=20)).isoformat()}

    def invalid_api_payload(self, world, owner):
        payload = self.api_payload(world, owner)
        return {**payload, "start_date": (TODAY + datetime.timedelta(days=30)).isoformat()}, "deadline"
