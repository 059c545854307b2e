from django.urls import path

from . import views

app_name = "inspections"


def _crud(prefix: str, model: str, list_view, detail_view, edit_view, delete_view) -> list:
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{model}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{model}_add"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{model}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{model}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{model}_delete"),
    ]


urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("report.xlsx", views.report, name="report"),
    *_crud("inspections", "inspection", views.InspectionListView, views.InspectionDetailView,
           views.InspectionEditView, views.InspectionDeleteView),
    *_crud("plans", "inspectionplan", views.InspectionPlanListView, views.InspectionPlanDetailView,
           views.InspectionPlanEditView, views.InspectionPlanDeleteView),
    *_crud("planned", "plannedinspection", views.PlannedInspectionListView, views.PlannedInspectionDetailView,
           views.PlannedInspectionEditView, views.PlannedInspectionDeleteView),
    *_crud("subjects", "inspectionsubject", views.InspectionSubjectListView, views.InspectionSubjectDetailView,
           views.InspectionSubjectEditView, views.InspectionSubjectDeleteView),
    *_crud("violations", "violation", views.ViolationListView, views.ViolationDetailView, views.ViolationEditView,
           views.ViolationDeleteView),
    *_crud("decisions", "sanction", views.SanctionListView, views.SanctionDetailView, views.SanctionEditView,
           views.SanctionDeleteView),
    *_crud("payments", "payment", views.PaymentListView, views.PaymentDetailView, views.PaymentEditView,
           views.PaymentDeleteView),
    *_crud("confiscations", "confiscation", views.ConfiscationListView, views.ConfiscationDetailView,
           views.ConfiscationEditView, views.ConfiscationDeleteView),
    *_crud("provisions", "provision", views.ProvisionListView, views.ProvisionDetailView, views.ProvisionEditView,
           views.ProvisionDeleteView),
]
