from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "dieuhanh.geo"
    label = "geo"
    verbose_name = _("Administrative units")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import services
        from .models import AdministrativeUnit, UnitSuccession

        # A unit or succession written by this process: the next roll-up checks its copy again.
        for model in (AdministrativeUnit, UnitSuccession):
            post_save.connect(services.forget_graph, sender=model, dispatch_uid=f"geo_forget_{model.__name__}_save")
            post_delete.connect(services.forget_graph, sender=model, dispatch_uid=f"geo_forget_{model.__name__}_del")
