"""Standard page tests for tasks, progress reports and extension requests (core.testing)."""

import datetime

from django.utils import timezone

from dieuhanh.core import testing
from dieuhanh.tasks.models import Task, TaskExtension, TaskProgress

TODAY = timezone.localdate()


def make_task(world, owner, **extra) -> Task:
    deadline = extra.pop("deadline", TODAY + datetime.timedelta(days=30))
    return Task.objects.create(title=world.unique("Rà soát hệ thống thông tin"), lead_organization=owner,
                               assigned_on=TODAY - datetime.timedelta(days=5), deadline=deadline,
                               original_deadline=deadline, **extra)


class TaskCase:
    """A task is owned by its lead organisation. Only the department writes tasks (officers report on
    them: see test_lifecycle), so the write tests run for the department's roles."""

    model = Task
    edited_field = "title"
    owner_field = "lead_organization"
    actor_roles = ("specialist", "leader")

    def make(self, world, owner):
        return make_task(world, owner)


class TestTaskPages(TaskCase, testing.ViewTests):
    def form_data(self, world, owner):
        return {"title": world.unique("Lập danh sách công chức cấp xã cần bồi dưỡng CNTT"), "source_kind": "ad_hoc",
                "lead_organization": owner.pk, "priority": "3", "assigned_on": TODAY.strftime("%d/%m/%Y"),
                "deadline": (TODAY + datetime.timedelta(days=20)).strftime("%d/%m/%Y")}

    def invalid_form_data(self, world, owner):
        data = self.form_data(world, owner)
        return {**data, "start_date": (TODAY + datetime.timedelta(days=25)).strftime("%d/%m/%Y")}, "deadline"


class TestTaskPagesForOfficers(TaskCase, testing.ViewTests):
    """The read tests as the commune officer, whose tasks are their committee's."""

    actor_roles = ("officer",)

    def form_data(self, world, owner):
        return TestTaskPages.form_data(self, world, owner)

    # The officer does not write task details: test_lifecycle covers what the officer does.
    test_create_saves_redirects_and_logs = None
    test_create_with_bad_data_names_the_field_and_saves_nothing = None
    test_edit_saves_and_logs_before_and_after = None
    test_edit_cannot_move_the_record_out_of_scope = None
    test_delete_moves_to_trash_and_admin_restores = None
    test_anonymous_is_sent_to_sign_in = None
    test_viewer_reads_but_cannot_write = None
    test_other_unit_gets_404 = None


class ChildCase:
    """Progress reports and extension requests are read here; they are written through the task.
    Every home role reads them (the administrator, who sees every unit, has no 'outside' record)."""

    owner_field = "task"
    actor_roles = ("leader", "specialist", "officer", "viewer")

    def query_count_lists(self, world):
        self.grow(world, self.query_rows)
        yield {"per_page": 100, "limit": 100}
        self.grow(world, 2 * self.query_rows)
        yield {"per_page": 100, "limit": 100}


class ChildPages(ChildCase):
    def test_export_csv_and_xlsx(self, world, client, role):
        # The export's cells are the columns; the report's own text stands for the record.
        inside, outside = self.pair(world)
        client.force_login(world.users[role])
        for export in ("csv", "xlsx"):
            response = client.get(self.url("list"), {"export": export})
            assert response.status_code == 200
            cells = testing.exported_cells(response)
            assert self.text(inside) in cells and self.text(outside) not in cells, export


class ProgressCase:
    model = TaskProgress
    edited_field = "text"

    def make(self, world, owner):
        return TaskProgress.objects.create(task=make_task(world, owner), percent=40, reported_on=TODAY,
                                           text=world.unique("Đã rà soát 12/20 hệ thống"))

    def text(self, obj):
        return obj.text


class ExtensionCase:
    model = TaskExtension
    edited_field = "reason"

    def make(self, world, owner):
        task = make_task(world, owner)
        return TaskExtension.objects.create(task=task, new_deadline=task.deadline + datetime.timedelta(days=10),
                                            previous_deadline=task.deadline,
                                            reason=world.unique("Chờ số liệu của các xã"))

    def text(self, obj):
        return obj.reason


class TestProgressPages(ProgressCase, ChildPages, testing.ReadViewTests):
    pass


class TestExtensionPages(ExtensionCase, ChildPages, testing.ReadViewTests):
    pass


class TestProgressApi(ProgressCase, ChildCase, testing.ReadApiTests):
    api_path = "/api/tasks/progress/"


class TestExtensionApi(ExtensionCase, ChildCase, testing.ReadApiTests):
    api_path = "/api/tasks/extensions/"
