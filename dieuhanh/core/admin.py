from django.contrib import admin

from .models import APIToken, Job, ObjectChange


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
    list_display = ("created", "label", "status", "progress", "user")
    list_filter = ("status", "name")


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "write_enabled", "created", "expires", "last_used")
    readonly_fields = ("prefix",)
    exclude = ("key_hash",)
