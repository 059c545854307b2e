"""Figures of tasks (see core.figures and DESIGN.md, "Figures"): every number links to its tasks.

Periods and dates (a period is [start, end]; "as of" is the period's end, or today if that is
earlier, since a deadline in the future has not passed yet):

* assigned: tasks whose assignment date is in the period;
* completed on time / completed late: tasks completed in the period, on or before their deadline
  (a task without a deadline counts as on time) or after it;
* overdue: tasks open as of the end date whose deadline is before it (wherever in time that deadline
  fell: a task left overdue from last year still counts);
* open (in progress): tasks open as of the end date, broken down by status (overdue, due soon, on
  track, regular);
* on-time rate: of the tasks whose deadline falls in the period and that have *fallen due* as of
  the end date (completed, on time or late, or overdue), the share completed on time. This is how
  the department's year-end report says "167/167 key tasks assigned by the provincial People's
  Committee were done on time": the tasks due that year, and how many of them were done by their
  deadline. Tasks due in the period but not yet due as of the end date (still on track or due soon)
  count in neither part; cancelled tasks count in neither. An approved extension moves the deadline,
  so a task done by its extended deadline is on time.
* the key-task variants (nhiệm vụ trọng tâm) count only tasks marked `is_key`.

Units: `province` (a province of today includes the organisations recorded under the provinces
merged into it); every figure also takes the list's other filters as extra parameters (`organization`
for one organisation, as lead or co-operating).
"""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.figures import Figure, RatioFigure, register

from .filters import TaskFilterSet
from .models import Task

ASSIGNED_IN_PERIOD = ("assigned_after", "assigned_before")
COMPLETED_IN_PERIOD = ("completed_after", "completed_before")
DUE_IN_PERIOD = ("deadline_after", "deadline_before")
T = Task.Timeliness
COMMON = {"model": Task, "filterset": TaskFilterSet, "list_url_name": "tasks:task_list", "unit_param": "province"}


def _open_labels() -> dict:
    return {code: T(code).label for code in Task.TIMELINESS_GROUPS["open"]}


register(Figure(
    key="tasks.assigned", label=_("Tasks assigned"), unit=_("tasks"), period_params=ASSIGNED_IN_PERIOD,
    breakdown=("source_kind", "source_kind"), breakdown_labels=lambda: dict(Task.Source.choices),
    description=_("Tasks assigned in the period, by source"), group="tasks", **COMMON))

register(Figure(
    key="tasks.key_assigned", label=_("Key tasks assigned"), unit=_("tasks"), period_params=ASSIGNED_IN_PERIOD,
    fixed_params={"is_key": True}, description=_("Key tasks assigned in the period"),
    group="tasks", **COMMON))

register(Figure(
    key="tasks.completed_on_time", label=_("Tasks completed on time"), unit=_("tasks"),
    period_params=COMPLETED_IN_PERIOD, fixed_params={"timeliness": T.ON_TIME},
    description=_("Completed in the period, on or before the deadline"), group="tasks", **COMMON))

register(Figure(
    key="tasks.completed_late", label=_("Tasks completed late"), unit=_("tasks"),
    period_params=COMPLETED_IN_PERIOD, fixed_params={"timeliness": T.LATE},
    description=_("Completed in the period, after the deadline"), group="tasks", **COMMON))

register(Figure(
    key="tasks.overdue", label=_("Overdue tasks"), unit=_("tasks"), date_param="as_of",
    fixed_params={"timeliness": T.OVERDUE},
    description=_("Open at the end of the period with the deadline passed"), group="home", **COMMON))

register(Figure(
    key="tasks.open", label=_("Tasks in progress"), unit=_("tasks"), date_param="as_of",
    fixed_params={"timeliness": "open"}, breakdown=("timeliness", "timeliness_code"), breakdown_labels=_open_labels,
    description=_("Open at the end of the period, by status"), group="home", **COMMON))


def _rate(key: str, label, fixed: dict, group: str, description) -> RatioFigure:
    on_time = Figure(key=f"{key}.on_time", label=_("completed on time"), unit=_("tasks"),
                     period_params=DUE_IN_PERIOD, date_param="as_of", fixed_params={**fixed, "timeliness": T.ON_TIME},
                     **COMMON)
    fell_due = Figure(key=f"{key}.fell_due", label=_("fallen due (completed or overdue)"), unit=_("tasks"),
                      period_params=DUE_IN_PERIOD, date_param="as_of", fixed_params={**fixed, "timeliness": "fell_due"},
                      **COMMON)
    return register(RatioFigure(key=key, label=label, numerator=on_time, denominator=fell_due,
                                description=description, group=group))


_rate("tasks.key_on_time_rate", _("Key tasks done on time"), {"is_key": True}, "home",
      _("Key tasks due in the period: completed on time, out of those completed or overdue"))
_rate("tasks.on_time_rate", _("Tasks done on time"), {}, "tasks",
      _("Tasks due in the period: completed on time, out of those completed or overdue"))
