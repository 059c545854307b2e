from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrassrootsConfig(AppConfig):
    name = "dieuhanh.grassroots"
    label = "grassroots"
    verbose_name = _("Grassroots information")
    default_auto_field = "django.db.models.BigAutoField"
