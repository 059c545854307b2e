from django.urls import path

from . import views

app_name = "meetings"


def _crud(prefix: str, name: str, list_view, detail_view, edit_view, delete_view) -> list:
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("add/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("<int:pk>/conclusion/", views.meeting_conclusion, name="meeting_conclusion"),
    path("<int:pk>/issue-tasks/", views.meeting_issue_tasks, name="meeting_issue_tasks"),
    path("<int:pk>/send-invitations/", views.meeting_send_invitations, name="meeting_send_invitations"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    *_crud("series", "meetingseries", views.MeetingSeriesListView, views.MeetingSeriesDetailView,
           views.MeetingSeriesEditView, views.MeetingSeriesDeleteView),
    *_crud("agenda", "agendaitem", views.AgendaItemListView, views.AgendaItemDetailView,
           views.AgendaItemEditView, views.AgendaItemDeleteView),
    *_crud("bridge-points", "bridgepoint", views.BridgePointListView, views.BridgePointDetailView,
           views.BridgePointEditView, views.BridgePointDeleteView),
    path("bridge-points/<int:pk>/connection/", views.bridgepoint_connection, name="bridgepoint_connection"),
    *_crud("participants", "participant", views.ParticipantListView, views.ParticipantDetailView,
           views.ParticipantEditView, views.ParticipantDeleteView),
    *_crud("directives", "directive", views.DirectiveListView, views.DirectiveDetailView,
           views.DirectiveEditView, views.DirectiveDeleteView),
    *_crud("recommendations", "recommendation", views.RecommendationListView, views.RecommendationDetailView,
           views.RecommendationEditView, views.RecommendationDeleteView),
    path("recommendations/<int:pk>/answer/", views.recommendation_answer, name="recommendation_answer"),
    path("recommendations/unanswered/", views.recommendation_unanswered, name="recommendation_unanswered"),
]
