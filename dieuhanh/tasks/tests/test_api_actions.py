"""The life-cycle endpoints: the same services as the task page, 422 naming the field, 403/404."""

import datetime

from dieuhanh.core import testing
from dieuhanh.core.testing import call, fields_named
from dieuhanh.tasks import services
from dieuhanh.tasks.models import Task, TaskExtension, TaskProgress


def test_progress_complete_and_timeliness_in_the_output(world, client, new_task, today):
    task = new_task(deadline=today + datetime.timedelta(days=1))
    headers = world.token(world.users["officer"])
    response = call(client, "POST", f"/api/tasks/{task.pk}/progress", {"percent": 120, "text": "x"}, headers)
    assert response.status_code == 422 and "percent" in fields_named(response)
    response = call(client, "POST", f"/api/tasks/{task.pk}/progress", {"percent": 60, "text": ""}, headers)
    assert response.status_code == 422 and fields_named(response) == {"text"}
    assert not TaskProgress.objects.exists()
    response = call(client, "POST", f"/api/tasks/{task.pk}/progress", {"percent": 60, "text": "Đã rà soát"}, headers)
    assert response.status_code == 201, response.content
    assert response.json()["percent"] == 60 and response.json()["reported_on"] == today.isoformat()
    detail = client.get(f"/api/tasks/{task.pk}", headers=headers).json()
    assert (detail["state"], detail["progress_percent"], detail["timeliness"]) == ("in_progress", 60, "due_soon")
    response = call(client, "POST", f"/api/tasks/{task.pk}/complete", {"result": ""}, headers)
    assert response.status_code == 422 and fields_named(response) == {"result"}
    response = call(client, "POST", f"/api/tasks/{task.pk}/complete", {"result": "Xong", "evidence": "BC 12"}, headers)
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["timeliness"]) == ("completed", "on_time")
    change = testing.changes(task, "update").latest("pk")
    assert (change.user, change.source) == (world.users["officer"], "api")


def test_extension_request_and_decision(world, client, new_task, today):
    task = new_task()
    officer = world.token(world.users["officer"])
    new_deadline = (task.deadline + datetime.timedelta(days=15)).isoformat()
    response = call(client, "POST", f"/api/tasks/{task.pk}/extensions", {"new_deadline": task.deadline.isoformat(),
                                                                         "reason": "x"}, officer)
    assert response.status_code == 422 and fields_named(response) == {"new_deadline"}
    response = call(client, "POST", f"/api/tasks/{task.pk}/extensions", {"new_deadline": new_deadline,
                                                                         "reason": "Chờ số liệu"}, officer)
    assert response.status_code == 201 and response.json()["decision"] == "pending"
    pk = response.json()["id"]
    assert call(client, "POST", f"/api/tasks/extensions/{pk}/decision", {"approve": True}, officer).status_code == 403
    specialist = world.token(world.users["specialist"])
    response = call(client, "POST", f"/api/tasks/extensions/{pk}/decision", {"approve": False}, specialist)
    assert response.status_code == 422 and fields_named(response) == {"note"}
    response = call(client, "POST", f"/api/tasks/extensions/{pk}/decision", {"approve": True, "note": "Đồng ý"},
                    specialist)
    assert response.status_code == 200 and response.json()["approved_deadline"] == new_deadline
    assert Task.objects.get(pk=task.pk).deadline.isoformat() == new_deadline
    listed = client.get("/api/tasks/extensions/", {"task": task.pk, "decision": "approved"}, headers=officer).json()
    assert [item["id"] for item in listed["items"]] == [pk]


def test_extension_on_a_completed_task_names_the_task(world, client, new_task, today):
    task = new_task()
    services.complete_task(world.users["officer"], task, completed_on=today, result="Xong")
    response = call(client, "POST", f"/api/tasks/{task.pk}/extensions",
                    {"new_deadline": (today + datetime.timedelta(days=40)).isoformat(), "reason": "x"},
                    world.token(world.users["officer"]))
    assert response.status_code == 422 and fields_named(response) == {"task"}
    assert not TaskExtension.objects.exists()


def test_who_may_act(world, client, new_task):
    task = new_task(lead=world.other_committee, cooperating=[world.committee])
    officer = world.token(world.users["officer"])  # co-operating: sees the task, may not act on it
    assert client.get(f"/api/tasks/{task.pk}", headers=officer).status_code == 200
    response = call(client, "POST", f"/api/tasks/{task.pk}/progress", {"percent": 10, "text": "x"}, officer)
    assert response.status_code == 403
    assert call(client, "POST", f"/api/tasks/{task.pk}/cancel", {"reason": "x"}, officer).status_code == 403
    viewer = world.token(world.users["viewer"])
    response = call(client, "POST", f"/api/tasks/{task.pk}/progress", {"percent": 10, "text": "x"}, viewer)
    assert response.status_code == 403
    other = world.token(world.users["other_specialist"])
    assert call(client, "POST", f"/api/tasks/{task.pk}/cancel", {"reason": "x"}, other).status_code == 404
    specialist = world.token(world.users["specialist"])
    assert call(client, "POST", f"/api/tasks/{task.pk}/cancel", {"reason": ""}, specialist).status_code == 422
    response = call(client, "POST", f"/api/tasks/{task.pk}/cancel", {"reason": "Không cần nữa"}, specialist)
    assert response.status_code == 200 and response.json()["timeliness"] == "cancelled"
    assert not TaskProgress.objects.exists()


def test_list_filters_and_life_cycle_fields_are_not_writable(world, client, new_task, today):
    overdue = new_task(deadline=today - datetime.timedelta(days=1))
    new_task()
    headers = world.token(world.users["specialist"])
    response = client.get("/api/tasks/", {"timeliness": "overdue"}, headers=headers)
    assert [item["id"] for item in response.json()["items"]] == [overdue.pk]
    response = client.get("/api/tasks/", {"timeliness": "nonsense"}, headers=headers)
    assert response.status_code == 422
    payload = {"title": "Nhiệm vụ mới", "lead_organization": world.committee.pk, "state": "completed",
               "deadline": (today + datetime.timedelta(days=5)).isoformat()}
    response = call(client, "POST", "/api/tasks/", payload, headers)
    assert response.status_code == 422 and "state" in fields_named(response)
    payload.pop("state")
    response = call(client, "POST", "/api/tasks/", {**payload, "working_days": 5, "deadline": None,
                                                    "start_date": "2026-02-12", "assigned_on": "2026-02-10",
                                                    "cooperating_organizations": [world.department.pk]}, headers)
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == "2026-02-26"
    assert response.json()["cooperating_organizations"] == [world.department.pk]
