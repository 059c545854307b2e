from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dieuhanh.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import changelog, imports  # noqa: F401 - imports registers the import job

        changelog.connect()
        # Each app may declare navigation (menu and search targets), figures and jobs in modules of those
        # names; importing them registers them with core (core itself imports no domain app).
        for config in apps.get_app_configs():
            if not config.name.startswith("dieuhanh."):
                continue
            for module in ("navigation", "figures", "jobs"):
                try:
                    import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.{module}":
                        raise
