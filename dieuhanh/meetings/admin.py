from django.contrib import admin

from dieuhanh.core.admin import SoftDeleteAdmin

from .models import AgendaItem, BridgePoint, Directive, Invitation, Meeting, MeetingSeries, Participant, Recommendation


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class BridgePointInline(admin.TabularInline):
    model = BridgePoint
    extra = 0
    raw_id_fields = ("organization",)


class DirectiveInline(admin.TabularInline):
    model = Directive
    extra = 0
    raw_id_fields = ("lead_organization",)
    exclude = ("cooperating_organizations",)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "organization")
    search_fields = ("name", "search_text")
    raw_id_fields = ("organization",)


@admin.register(Meeting)
class MeetingAdmin(SoftDeleteAdmin):
    list_display = ("title", "kind", "starts_at", "host_organization", "status", "sequence")
    list_filter = ("kind", "status")
    search_fields = ("title", "search_text")
    raw_id_fields = ("host_organization", "chair", "series", "invited_organizations")
    inlines = (AgendaItemInline, BridgePointInline, DirectiveInline)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "position", "meeting", "bridge_point", "attended")
    raw_id_fields = ("meeting", "bridge_point", "organization")


@admin.register(Recommendation)
class RecommendationAdmin(SoftDeleteAdmin):
    list_display = ("topic", "raised_by", "raised_on", "assigned_to", "answered_on")
    search_fields = ("topic", "search_text")
    raw_id_fields = ("raised_by", "meeting", "assigned_to", "answered_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("meeting", "email", "sequence", "method", "sent_at")
    raw_id_fields = ("meeting", "organization")
