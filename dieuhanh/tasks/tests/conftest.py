import datetime

import pytest
from django.utils import timezone

from dieuhanh.core import testing
from dieuhanh.tasks import services
from dieuhanh.tasks.models import Task


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def new_task(world, today):
    """new_task(lead=committee, **data) -> a task created through the service by the specialist."""

    def make(lead=None, cooperating=(), **data):
        values = {"title": world.unique("Rà soát hệ thống đài truyền thanh cơ sở"),
                  "lead_organization": lead or world.committee, "assigned_on": today - datetime.timedelta(days=20),
                  "deadline": today + datetime.timedelta(days=20), **data}
        if values.get("is_regular") or values.get("working_days"):
            values.setdefault("deadline", None)
            if "deadline" not in data:
                values["deadline"] = None
        return services.create_task(world.users["specialist"], values, cooperating)

    return make


@pytest.fixture
def reload():
    def get(obj):
        return type(obj)._base_manager.get(pk=obj.pk)

    return get


def count(model=Task) -> int:
    return model._base_manager.count()
