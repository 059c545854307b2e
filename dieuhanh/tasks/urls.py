from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.TaskListView.as_view(), name="task_list"),
    path("board/", views.TaskBoardView.as_view(), name="task_board"),
    path("calendar/", views.TaskCalendarView.as_view(), name="task_calendar"),
    path("add/", views.TaskEditView.as_view(), name="task_add"),
    path("import/", views.TaskImportView.as_view(), name="task_import"),
    path("<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("<int:pk>/progress/", views.TaskProgressView.as_view(), name="task_progress"),
    path("<int:pk>/complete/", views.TaskCompleteView.as_view(), name="task_complete"),
    path("<int:pk>/extension/", views.TaskExtensionRequestView.as_view(), name="task_extension"),
    path("<int:pk>/cancel/", views.TaskCancelView.as_view(), name="task_cancel"),
    path("progress/", views.TaskProgressListView.as_view(), name="taskprogress_list"),
    path("progress/<int:pk>/", views.TaskProgressDetailView.as_view(), name="taskprogress_detail"),
    path("extensions/", views.TaskExtensionListView.as_view(), name="taskextension_list"),
    path("extensions/<int:pk>/", views.TaskExtensionDetailView.as_view(), name="taskextension_detail"),
    path("extensions/<int:pk>/decide/", views.TaskExtensionDecisionView.as_view(), name="taskextension_decide"),
]
