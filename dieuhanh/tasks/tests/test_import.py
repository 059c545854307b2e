"""Importing a task list as the committee's office sends it: Vietnamese headers, organisations by name
(accents optional) among those the user sees, deadlines as dates, working days or "Thường xuyên",
row errors by column in the preview, then a background job."""

import datetime
import io

from openpyxl import Workbook

from dieuhanh.core import jobs
from dieuhanh.core.models import Job, ObjectChange
from dieuhanh.core.text import fold
from dieuhanh.core.workdays import add_working_days
from dieuhanh.tasks.models import Task

HEADERS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Số văn bản",
           "Ngày văn bản", "Trọng tâm"]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-sach-nhiem-vu.xlsx"
    return buffer


def rows(world, today):
    committee = fold(world.committee.name)  # no accents, lower case: as typed in a hurry
    return [
        ["Rà soát hiện trạng các hệ thống thông tin\nBáo cáo UBND tỉnh", committee,
         f"{world.department.name}; {world.other_committee.name}", "30/06/2099", "12/QĐ-UBND", "05/01/2026", "x"],
        ["Kiểm tra lại các đài truyền thanh cơ sở", world.committee.name.upper(), "", "10 ngày làm việc", "", "", ""],
        ["Theo dõi thông tin báo chí phản ánh", world.department.name, "", "Thường xuyên", "", "", ""],
        ["Nhiệm vụ của cơ quan không có", "Cơ quan không tồn tại", "", "30/06/2099", "", "", ""],
        ["Nhiệm vụ giao cho Hà Nội", world.other_department.name, "", "30/06/2099", "", "", ""],
        ["Thời hạn viết sai", world.committee.name, "", "cuối quý", "", "", ""],
        ["Thời hạn trước ngày giao", world.committee.name, "",
         (today - datetime.timedelta(days=3)).strftime("%d/%m/%Y"), "", "", ""],
    ]


def run_queued():
    jobs.run_pending(worker="test")
    return Job.objects.latest("pk")


def test_preview_then_import_the_valid_rows(world, client, today):
    client.force_login(world.users["specialist"])
    response = client.post("/tasks/import/", {"file": workbook(rows(world, today)), "mode": "valid"})
    assert response.status_code == 200, response.content[:500]
    assert (response.context["valid"], response.context["failed"]) == (3, 4)
    errors = {r.number: r.errors for r in response.context["results"] if not r.ok}
    assert set(errors) == {5, 6, 7, 8}
    assert set(errors[5]) == {"Cơ quan chủ trì"} and set(errors[6]) == {"Cơ quan chủ trì"}
    assert set(errors[7]) == {"Thời hạn"} and set(errors[8]) == {"Thời hạn"}
    response = client.post("/tasks/import/", {"token": response.context["token"], "mode": "valid"})
    assert response.status_code == 302
    job = run_queued()
    assert job.status == Job.Status.COMPLETED, job.error
    assert (job.result["created"], len(job.result["failed"])) == (3, 4)
    first = Task.objects.get(title="Rà soát hiện trạng các hệ thống thông tin")
    assert first.lead_organization == world.committee and first.is_key and first.source_kind == "document"
    assert set(first.cooperating_organizations.all()) == {world.department, world.other_committee}
    assert first.content.startswith("Rà soát") and first.deadline == datetime.date(2099, 6, 30)
    second = Task.objects.get(title="Kiểm tra lại các đài truyền thanh cơ sở")
    assert (second.working_days, second.deadline) == (10, add_working_days(today, 10))
    assert Task.objects.get(title="Theo dõi thông tin báo chí phản ánh").is_regular
    change = ObjectChange.objects.filter(content_type__model="task", action="create").latest("pk")
    assert (change.source, change.user) == ("import", world.users["specialist"])


def test_all_or_nothing_and_reimport_updates(world, client, today):
    client.force_login(world.users["specialist"])
    response = client.post("/tasks/import/", {"file": workbook(rows(world, today)), "mode": "all"})
    client.post("/tasks/import/", {"token": response.context["token"], "mode": "all"})
    assert run_queued().result["applied"] is False and not Task.objects.exists()
    good = rows(world, today)[:1]
    for deadline in ("30/06/2099", "31/07/2099"):
        good[0][3] = deadline
        response = client.post("/tasks/import/", {"file": workbook(good), "mode": "all"})
        client.post("/tasks/import/", {"token": response.context["token"], "mode": "all"})
        run_queued()
    task = Task.objects.get()
    assert task.deadline == datetime.date(2099, 7, 31)
    assert Job.objects.latest("pk").result["updated"] == 1


def test_officers_may_not_import_and_the_template_has_the_headers(world, client):
    client.force_login(world.users["officer"])
    assert client.get("/tasks/import/").status_code == 403
    client.force_login(world.users["specialist"])
    response = client.get("/tasks/import/", {"template": "1"})
    from openpyxl import load_workbook

    headers = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {"Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Số văn bản"} <= set(headers)


def test_english_headers_are_accepted(world, client):
    book = Workbook()
    book.active.append(["Title", "Lead organisation", "Deadline", "Priority", "Key task"])
    book.active.append(["Review the radio stations", world.committee.name, "2099-06-30", "High", "yes"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "tasks.xlsx"
    client.force_login(world.users["specialist"])
    response = client.post("/tasks/import/", {"file": buffer, "mode": "all"})
    assert response.context["failed"] == 0, [r.errors for r in response.context["results"]]
    client.post("/tasks/import/", {"token": response.context["token"], "mode": "all"})
    run_queued()
    task = Task.objects.get()
    assert (task.priority, task.is_key) == (Task.Priority.HIGH, True)
