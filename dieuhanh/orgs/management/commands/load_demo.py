"""`manage.py load_demo`: the demo province (Điện Biên) with organisations and one account per role."""

from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo province (idempotent): units if missing, organisations, people, demo accounts."

    def handle(self, *args, **options):
        if not AdministrativeUnit.objects.exists():
            self.stdout.write("Loading administrative units from the vietnam-provinces dataset…")
            call_command("load_units", verbosity=options["verbosity"])
        result = load_demo()
        # Domain apps add their demo records in `<app>/demo.py` (a `load() -> str` returning a one-line
        # summary), after the organisations and accounts they hang on; orgs imports no domain app.
        for config in apps.get_app_configs():
            if config.name.startswith("dieuhanh.") and config.label not in ("core", "geo", "orgs"):
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                summary = module.load()
                if options["verbosity"] and summary:
                    self.stdout.write(summary)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Demo province ready ({result['communes']} communes; {result['organizations']} organisations "
                f"created this run). Accounts demo_admin, demo_leader, demo_specialist, demo_officer, "
                f"demo_officer2, demo_viewer — password {DEMO_PASSWORD}"))
