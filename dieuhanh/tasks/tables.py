from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.tables import Column, Table, display_value
from dieuhanh.core.text import escape_html

from .models import Task

# Bootstrap colours of the derived statuses (the board's columns, the badges).
TIMELINESS_CSS = {
    Task.Timeliness.OVERDUE: "danger",
    Task.Timeliness.DUE_SOON: "warning",
    Task.Timeliness.IN_TIME: "primary",
    Task.Timeliness.REGULAR: "info",
    Task.Timeliness.ON_TIME: "success",
    Task.Timeliness.LATE: "secondary",
    Task.Timeliness.CANCELLED: "light",
}


def timeliness_badge(value, row) -> str:
    code = getattr(row, "timeliness", None)
    if not code:
        return "—"
    css = TIMELINESS_CSS.get(code, "secondary")
    text_css = " text-dark" if css in ("warning", "info", "light") else ""
    return mark_safe(f'<span class="badge text-bg-{css}{text_css}" data-timeliness="{code}">'
                     f'{escape_html(str(value))}</span>')


def progress_bar(value, row) -> str:
    percent = int(value or 0)
    return mark_safe(f'<div class="progress" role="progressbar" aria-valuenow="{percent}" aria-valuemin="0" '
                     f'aria-valuemax="100" style="min-width:4rem;height:1rem"><div class="progress-bar" '
                     f'style="width:{percent}%">{percent}%</div></div>')


def source_text(value, row) -> str:
    return row.source_number or display_value(value)


class TaskTable(Table):
    title = Column(_("Task"), linkify=True)
    source_kind = Column(_("Source"), formatter=source_text)
    lead_organization = Column(_("Lead organisation"), linkify="value", order_by="lead_organization__name")
    person_in_charge = Column(_("Person in charge"), "person_in_charge.get_full_name",
                              order_by="person_in_charge__first_name")
    assigned_on = Column(_("Assigned on"))
    deadline = Column(_("Deadline"))
    state = Column(_("State"))
    timeliness_code = Column(_("Status"), formatter=timeliness_badge)
    progress_percent = Column(_("Progress"), formatter=progress_bar)
    is_key = Column(_("Key task"))
    select_related = ("lead_organization", "person_in_charge")
    default_order = ("-assigned_on", "-pk")


class TaskProgressTable(Table):
    reported_on = Column(_("Reported on"), linkify=True)
    task = Column(_("Task"), linkify="value", order_by="task__title")
    percent = Column(_("Progress (%)"))
    text = Column(_("Report"), order_by=False, formatter=lambda value, row: Truncator(value).chars(200))
    reported_by = Column(_("Reported by"), "reported_by.get_full_name", order_by="reported_by__first_name")
    select_related = ("task", "reported_by")
    default_order = ("-reported_on", "-pk")


class TaskExtensionTable(Table):
    requested_on = Column(_("Requested on"), linkify=True)
    task = Column(_("Task"), linkify="value", order_by="task__title")
    previous_deadline = Column(_("Deadline when requested"))
    new_deadline = Column(_("Requested deadline"))
    reason = Column(_("Reason"), order_by=False, formatter=lambda value, row: Truncator(value).chars(200))
    decision = Column(_("Decision"))
    decided_on = Column(_("Decided on"))
    select_related = ("task",)
    default_order = ("-requested_on", "-pk")
