from django.urls import path

from . import views

app_name = "grassroots"


def _crud(prefix: str, model: str, list_view, detail_view, edit_view, delete_view) -> list:
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{model}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{model}_add"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{model}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{model}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{model}_delete"),
    ]


urlpatterns = [
    path("", views.network, name="network"),
    path("statistics/", views.statistics, name="statistics"),
    path("communes/", views.CommuneListView.as_view(), name="commune_list"),
    path("stations/import/", views.RadioStationImportView.as_view(), name="radiostation_import"),
    path("stations/<int:pk>/status/", views.station_status, name="radiostation_status"),
    path("works/<int:pk>/accept/", views.accept_work, name="stationwork_accept"),
    *_crud("stations", "radiostation", views.RadioStationListView, views.RadioStationDetailView,
           views.RadioStationEditView, views.RadioStationDeleteView),
    *_crud("clusters", "loudspeakercluster", views.LoudspeakerClusterListView, views.LoudspeakerClusterDetailView,
           views.LoudspeakerClusterEditView, views.LoudspeakerClusterDeleteView),
    *_crud("works", "stationwork", views.StationWorkListView, views.StationWorkDetailView,
           views.StationWorkEditView, views.StationWorkDeleteView),
    *_crud("interference", "interferencereport", views.InterferenceReportListView,
           views.InterferenceReportDetailView, views.InterferenceReportEditView, views.InterferenceReportDeleteView),
    *_crud("staff", "radiostaff", views.RadioStaffListView, views.RadioStaffDetailView, views.RadioStaffEditView,
           views.RadioStaffDeleteView),
    *_crud("bulletins", "bulletin", views.BulletinListView, views.BulletinDetailView, views.BulletinEditView,
           views.BulletinDeleteView),
]
