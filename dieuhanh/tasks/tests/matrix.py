"""The tasks app's rows of the authorisation matrix (core/tests/test_authorization_matrix.py).

Who may do what: the department (leader, specialist) and administrators create, edit, delete and
cancel tasks and decide extension requests; the lead organisation's officers (and the department)
report progress, complete and request extensions; everyone in scope reads. A task is "own" when its
lead organisation is the role's own (the commune's committee for the officer, the Sở otherwise),
"other" when it is another commune's (officer) or in Hà Nội (the others).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from dieuhanh.core.testing import ANYONE, DEPARTMENT, WRITERS, Rule, api

TODAY = timezone.localdate()


def _date(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


PAGES: dict[str, Rule] = {
    "tasks:task_list": Rule(),
    "tasks:task_board": Rule(),
    "tasks:task_calendar": Rule(),
    "tasks:task_add": Rule(roles=DEPARTMENT),
    "tasks:task_import": Rule(roles=DEPARTMENT),
    "tasks:task_detail": Rule(target="task"),
    "tasks:task_edit": Rule(roles=DEPARTMENT, target="task"),
    "tasks:task_delete": Rule(roles=DEPARTMENT, target="task"),
    # Life-cycle forms posted from the task page: on success, back to it (302).
    "tasks:task_progress": Rule(roles=WRITERS, target="task", method="POST", ok=302,
                                data={"reported_on": _date(0), "percent": "40", "text": "Đã rà soát 12/20 hệ thống."}),
    "tasks:task_complete": Rule(roles=WRITERS, target="task", method="POST", ok=302,
                                data={"completed_on": _date(0), "result": "Đã hoàn thành, có báo cáo kèm theo."}),
    "tasks:task_extension": Rule(roles=WRITERS, target="task", method="POST", ok=302,
                                 data={"new_deadline": _date(60), "reason": "Chờ số liệu của các xã."}),
    "tasks:task_cancel": Rule(roles=DEPARTMENT, target="task", method="POST", ok=302,
                              data={"reason": "Nhiệm vụ được lồng ghép vào kế hoạch khác."}),
    "tasks:taskextension_decide": Rule(roles=DEPARTMENT, target="pending_extension", method="POST", ok=302,
                                       data={"approve": "1", "note": "Đồng ý."}),
    "tasks:taskprogress_list": Rule(),
    "tasks:taskprogress_detail": Rule(target="progress"),
    "tasks:taskextension_list": Rule(),
    "tasks:taskextension_detail": Rule(target="pending_extension"),
}

OPERATIONS: dict[str, Rule] = {
    "GET /api/tasks/": api(),
    # Creating 'in another unit' means naming another unit's organisation as lead: 422 naming the field.
    "POST /api/tasks/": api(roles=DEPARTMENT, target="task", ok=201, other=422),
    "GET /api/tasks/{pk}": api(target="task"),
    "PUT /api/tasks/{pk}": api(roles=DEPARTMENT, target="task"),
    "PATCH /api/tasks/{pk}": api(roles=DEPARTMENT, target="task"),
    "DELETE /api/tasks/{pk}": api(roles=DEPARTMENT, target="task", ok=204),
    "POST /api/tasks/{pk}/progress": api(roles=WRITERS, target="task_progress", ok=201),
    "POST /api/tasks/{pk}/complete": api(roles=WRITERS, target="task_completion"),
    "POST /api/tasks/{pk}/extensions": api(roles=WRITERS, target="task_extension", ok=201),
    "POST /api/tasks/{pk}/cancel": api(roles=DEPARTMENT, target="task_cancel"),
    "POST /api/tasks/extensions/{pk}/decision": api(roles=DEPARTMENT, target="pending_extension"),
    "GET /api/tasks/progress/": api(),
    "GET /api/tasks/progress/{pk}": api(target="progress"),
    "GET /api/tasks/extensions/": api(),
    "GET /api/tasks/extensions/{pk}": api(target="pending_extension"),
}

OWNER_FIELDS = {"lead_organization"}


def _owner(world, role, where):
    role = role or "specialist"
    return world.other_org(role) if where == "other" else world.own_org(role)


def _task(world, role, where):
    from dieuhanh.tasks.models import Task

    return Task.objects.create(title=world.unique("Rà soát hệ thống thông tin"),
                               lead_organization=_owner(world, role, where),
                               assigned_on=TODAY - datetime.timedelta(days=10),
                               deadline=TODAY + datetime.timedelta(days=30))


def _progress(world, role, where):
    from dieuhanh.tasks.models import TaskProgress

    return TaskProgress.objects.create(task=_task(world, role, where), percent=30, text="Đã triển khai.",
                                       reported_on=TODAY)


def _pending_extension(world, role, where):
    from dieuhanh.tasks.models import TaskExtension

    task = _task(world, role, where)
    return TaskExtension.objects.create(task=task, new_deadline=task.deadline + datetime.timedelta(days=20),
                                        previous_deadline=task.deadline, reason="Chờ số liệu của các xã.")


TARGETS = {"task": _task, "task_progress": _task, "task_completion": _task, "task_extension": _task,
           "task_cancel": _task, "progress": _progress, "pending_extension": _pending_extension}

PAYLOADS = {
    "task": lambda world, obj: {"title": world.unique("Lập danh sách công chức cấp xã"),
                                "lead_organization": obj.lead_organization_id,
                                "deadline": (TODAY + datetime.timedelta(days=20)).isoformat()},
    "task_progress": lambda world, obj: {"percent": 50, "text": "Đã hoàn thành một nửa khối lượng."},
    "task_completion": lambda world, obj: {"result": "Đã hoàn thành.", "evidence": "Báo cáo số 12/BC"},
    "task_extension": lambda world, obj: {"new_deadline": (obj.deadline + datetime.timedelta(days=15)).isoformat(),
                                          "reason": "Chờ số liệu của các xã."},
    "task_cancel": lambda world, obj: {"reason": "Không còn cần thiết."},
    "pending_extension": lambda world, obj: {"approve": True, "note": "Đồng ý."},
}

__all__ = ["ANYONE", "OPERATIONS", "OWNER_FIELDS", "PAGES", "PAYLOADS", "TARGETS"]
