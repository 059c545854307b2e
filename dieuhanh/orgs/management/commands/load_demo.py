"""`manage.py load_demo`: the demo province (Điện Biên) with organisations and one account per role."""

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
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Demo province ready ({result['communes']} communes; {result['organizations']} organisations "
                f"created this run). Accounts demo_admin, demo_leader, demo_specialist, demo_officer, "
                f"demo_officer2, demo_viewer — password {DEMO_PASSWORD}"))
