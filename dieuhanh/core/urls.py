from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path("search/", views.search, name="search"),
    path("changes/", views.ObjectChangeListView.as_view(), name="objectchange_list"),
    path("changes/<int:pk>/", views.objectchange_detail, name="objectchange_detail"),
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:app_label>/<str:model_name>/<int:pk>/restore/", views.restore, name="restore"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("language/", views.set_language, name="set_language"),
    path("lookup/<str:app_label>/<str:model_name>/", views.lookup, name="lookup"),
]
