from django.contrib import admin

from .models import APIToken, Attachment, Job, Notification, ObjectChange


class SoftDeleteAdmin(admin.ModelAdmin):
    """Admin for models with a trash can: deleting one object soft-deletes it (SoftDeleteModel.delete);
    the bulk action, which would bypass that, is removed."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ("time", "user_name", "action", "source", "content_type", "object_repr")
    list_filter = ("action", "source", "content_type")
    search_fields = ("object_repr", "user_name", "request_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created", "label", "status", "progress", "user", "schedule_key")
    list_filter = ("status", "name")


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "write_enabled", "created", "expires", "last_used")
    readonly_fields = ("prefix",)
    exclude = ("key_hash",)


@admin.register(Attachment)
class AttachmentAdmin(SoftDeleteAdmin):
    """Read-only: files are added and replaced through the record's page (core.attachments)."""

    list_display = ("title", "version", "original_name", "content_type", "object_id", "uploaded_by", "created")
    list_filter = ("content_type",)
    search_fields = ("title", "original_name", "sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at", "emailed_at")
    list_filter = ("read_at", "emailed_at")
    search_fields = ("title", "key", "recipient__username")
    raw_id_fields = ("recipient",)
