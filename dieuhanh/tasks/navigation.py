"""The Tasks menu and the search box's task results."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register

from .models import Task, TaskExtension, TaskProgress


@dataclass
class FilteredMenuItem(MenuItem):
    """A menu entry that opens a list with a filter already chosen (?mine=me)."""

    query: str = ""

    @property
    def url(self) -> str:
        return super().url + self.query


register(MenuGroup(_("Tasks"), [
    FilteredMenuItem(_("My tasks"), "tasks:task_list", Task, query="?mine=me"),
    FilteredMenuItem(_("My organisation's tasks"), "tasks:task_list", Task, query="?mine=organization"),
    MenuItem(_("All tasks"), "tasks:task_list", Task),
    MenuItem(_("Task board"), "tasks:task_board", Task),
    MenuItem(_("Task calendar"), "tasks:task_calendar", Task),
    FilteredMenuItem(_("Extension requests"), "tasks:taskextension_list", TaskExtension, query="?decision=pending"),
    MenuItem(_("Progress reports"), "tasks:taskprogress_list", TaskProgress),
], weight=30))
search.register(Task, select_related=("lead_organization",), order_by=("-assigned_on", "-pk"))
