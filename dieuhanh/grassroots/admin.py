from django.contrib import admin

from dieuhanh.core.admin import SoftDeleteAdmin

from .models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationStatusChange,
    StationWork,
)


@admin.register(RadioStation)
class RadioStationAdmin(SoftDeleteAdmin):
    list_display = ("name", "unit", "technology", "status", "status_since", "organization")
    list_filter = ("technology", "status")
    search_fields = ("name", "search_text")
    raw_id_fields = ("unit", "organization")
    readonly_fields = ("status", "status_since")


@admin.register(StationStatusChange)
class StationStatusChangeAdmin(admin.ModelAdmin):
    """Read-only: status changes are written by the services, which keep the station's status."""

    list_display = ("station", "date", "status", "reason")
    list_filter = ("status",)
    raw_id_fields = ("station", "work")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoudspeakerCluster)
class LoudspeakerClusterAdmin(SoftDeleteAdmin):
    list_display = ("name", "station", "village", "technology", "status")
    list_filter = ("technology", "status")
    search_fields = ("name", "search_text")
    raw_id_fields = ("station",)


@admin.register(StationWork)
class StationWorkAdmin(SoftDeleteAdmin):
    list_display = ("title", "station", "kind", "started_on", "accepted_on", "cost", "funding_source")
    list_filter = ("kind", "funding_source")
    search_fields = ("title", "search_text")
    raw_id_fields = ("station",)
    readonly_fields = ("accepted_on",)


@admin.register(InterferenceReport)
class InterferenceReportAdmin(SoftDeleteAdmin):
    list_display = ("reported_on", "reporter", "unit", "frequency_mhz", "state")
    list_filter = ("state",)
    search_fields = ("search_text",)
    raw_id_fields = ("unit", "organization", "station")


@admin.register(RadioStaff)
class RadioStaffAdmin(SoftDeleteAdmin):
    list_display = ("full_name", "station", "role", "editorial_board", "is_active")
    list_filter = ("role", "editorial_board", "is_active")
    search_fields = ("full_name", "search_text")
    raw_id_fields = ("station",)


@admin.register(Bulletin)
class BulletinAdmin(SoftDeleteAdmin):
    list_display = ("title", "priority", "campaign", "broadcast_at", "organization")
    list_filter = ("priority",)
    search_fields = ("title", "search_text")
    raw_id_fields = ("organization",)
    filter_horizontal = ("stations",)
