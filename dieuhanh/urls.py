from django.contrib import admin
from django.urls import include, path

from dieuhanh.api import api
from dieuhanh.core import views as core_views

urlpatterns = [
    path("", include("dieuhanh.core.urls")),
    path("accounts/", include("dieuhanh.orgs.account_urls")),
    path("geo/", include("dieuhanh.geo.urls")),
    path("orgs/", include("dieuhanh.orgs.urls")),
    path("tasks/", include("dieuhanh.tasks.urls")),
    path("meetings/", include("dieuhanh.meetings.urls")),
    path("grassroots/", include("dieuhanh.grassroots.urls")),
    path("inspections/", include("dieuhanh.inspections.urls")),
    path("api/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "dieuhanh.core.api.page_not_found"
# MEDIA_ROOT is never served as public media, not even with DEBUG: attachments and import uploads are
# read through scoped views only.
