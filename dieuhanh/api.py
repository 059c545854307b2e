"""The REST API: /api/, OpenAPI at /api/openapi.json, docs at /api/docs. Each app adds its router."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from dieuhanh.core.api import AUTH, install_error_handlers

api = NinjaAPI(
    title="Điều hành API",
    version="1",
    description=str(_("Operations and reporting platform. Authenticate with a personal API token "
                      "(Authorization: Bearer …) created under your account's API tokens page.")),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

from dieuhanh.core.api_routes import router as core_router  # noqa: E402
from dieuhanh.geo.api import router as geo_router  # noqa: E402
from dieuhanh.grassroots.api import router as grassroots_router  # noqa: E402
from dieuhanh.inspections.api import router as inspections_router  # noqa: E402
from dieuhanh.meetings.api import router as meetings_router  # noqa: E402
from dieuhanh.orgs.api import organizations_router, people_router  # noqa: E402
from dieuhanh.tasks.api import router as tasks_router  # noqa: E402

api.add_router("/core", core_router)
api.add_router("/geo/units", geo_router)
api.add_router("/orgs/organizations", organizations_router)
api.add_router("/orgs/people", people_router)
api.add_router("/tasks", tasks_router)
api.add_router("/meetings", meetings_router)
api.add_router("/grassroots", grassroots_router)
api.add_router("/inspections", inspections_router)
