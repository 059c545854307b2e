from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "dieuhanh.inspections"
    label = "inspections"
    verbose_name = _("Inspections and sanctions")
    default_auto_field = "django.db.models.BigAutoField"
