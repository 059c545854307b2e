from django.contrib import admin

from dieuhanh.core.admin import SoftDeleteAdmin

from .models import Task, TaskExtension, TaskProgress


class TaskProgressInline(admin.TabularInline):
    model = TaskProgress
    extra = 0
    fields = ("reported_on", "percent", "text", "reported_by", "is_completion")
    readonly_fields = fields
    can_delete = False


class TaskExtensionInline(admin.TabularInline):
    model = TaskExtension
    extra = 0
    fields = ("requested_on", "previous_deadline", "new_deadline", "decision", "approved_deadline", "decided_on")
    readonly_fields = fields
    can_delete = False


@admin.register(Task)
class TaskAdmin(SoftDeleteAdmin):
    """Read-mostly: the life cycle is the services' (the task page), the admin site is for looking."""

    list_display = ("title", "lead_organization", "deadline", "state", "is_key", "assigned_on")
    list_filter = ("state", "source_kind", "is_key", "priority")
    search_fields = ("title", "source_number", "search_text")
    raw_id_fields = ("assigning_authority", "lead_organization", "person_in_charge")
    filter_horizontal = ("cooperating_organizations",)
    readonly_fields = ("state", "progress_percent", "completed_on", "result", "evidence", "cancelled_on",
                       "cancel_reason", "original_deadline")
    date_hierarchy = "assigned_on"
    inlines = (TaskProgressInline, TaskExtensionInline)


@admin.register(TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin):
    list_display = ("task", "reported_on", "percent", "reported_by", "is_completion")
    raw_id_fields = ("task",)
    readonly_fields = ("reported_by", "is_completion")


@admin.register(TaskExtension)
class TaskExtensionAdmin(admin.ModelAdmin):
    list_display = ("task", "requested_on", "previous_deadline", "new_deadline", "decision", "decided_on")
    list_filter = ("decision",)
    raw_id_fields = ("task",)
    readonly_fields = ("previous_deadline", "requested_by", "requested_on", "decision", "approved_deadline",
                       "decided_by", "decided_on", "decision_note")
