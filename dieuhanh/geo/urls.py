from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("units/", views.AdministrativeUnitListView.as_view(), name="administrativeunit_list"),
    path("units/<int:pk>/", views.AdministrativeUnitDetailView.as_view(), name="administrativeunit_detail"),
]
