from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "dieuhanh.geo"
    label = "geo"
    verbose_name = _("Administrative units")
    default_auto_field = "django.db.models.BigAutoField"
