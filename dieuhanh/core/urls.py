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
    path("attachments/<str:app_label>/<str:model_name>/<int:pk>/", views.attachment_list, name="attachment_list"),
    path("attachments/<str:app_label>/<str:model_name>/<int:pk>/upload/", views.attachment_upload,
         name="attachment_upload"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("lookup/<str:app_label>/<str:model_name>/", views.lookup, name="lookup"),
]
