from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from dieuhanh.api import api
from dieuhanh.core import views as core_views

urlpatterns = [
    path("", include("dieuhanh.core.urls")),
    path("accounts/", include("dieuhanh.orgs.account_urls")),
    path("geo/", include("dieuhanh.geo.urls")),
    path("orgs/", include("dieuhanh.orgs.urls")),
    path("api/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "dieuhanh.core.api.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
