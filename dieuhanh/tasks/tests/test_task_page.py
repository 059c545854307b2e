"""The task page of a completed task says how late it was completed, in working days, like an open
task says how late it is."""

import datetime
import re

from dieuhanh.core.workdays import working_days_between
from dieuhanh.tasks import services


def late_note(html: str) -> str | None:
    match = re.search(r'<p[^>]*id="completed-on"[^>]*>(.*?)</p>', html, re.S)
    assert match, "the result card shows the completion date"
    note = re.search(r'<span class="text-danger[^"]*">(.*?)</span>', match.group(1), re.S)
    return note.group(1) if note else None


def test_a_task_completed_late_says_by_how_many_working_days(world, client, new_task, today):
    officer = world.users["officer"]
    late = new_task(assigned_on=today - datetime.timedelta(days=30), deadline=today - datetime.timedelta(days=14))
    on_time = new_task(assigned_on=today - datetime.timedelta(days=30), deadline=today + datetime.timedelta(days=3))
    for task in (late, on_time):
        services.complete_task(officer, task, completed_on=today, result="Đã hoàn thành, đã gửi báo cáo về Sở.")
    client.force_login(officer)
    note = late_note(client.get(late.get_absolute_url()).content.decode())
    working_days = working_days_between(late.deadline, today)
    assert working_days > 0 and note is not None and re.search(rf"\b{working_days}\b", note), note
    assert late_note(client.get(on_time.get_absolute_url()).content.decode()) is None
