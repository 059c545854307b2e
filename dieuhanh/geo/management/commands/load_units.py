"""`manage.py load_units [--province CODE]`: load or update administrative units from `vietnam-provinces`."""

from django.core.management.base import BaseCommand, CommandError

from dieuhanh.core.context import Source, acting_as
from dieuhanh.geo import services


class Command(BaseCommand):
    help = ("Load or update the administrative units (34 provinces and 3,321 communes in force since "
            "1 July 2025, the 63 provinces, 696 districts and 10,051 communes before it, and the 2025 "
            "successions) from the vietnam-provinces package. Idempotent: run it again after upgrading "
            "the package to pick up corrections.")

    def add_arguments(self, parser):
        parser.add_argument("--province", metavar="CODE",
                            help="Load only this current province (e.g. 11 for Điện Biên), its communes and the "
                                 "legacy units of the provinces that merged into it (fast test set-up).")

    def handle(self, *args, **options):
        with acting_as(source=Source.COMMAND):
            try:
                summary = services.load_units(province=options["province"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if options["verbosity"] < 1:
            return
        out = self.stdout
        out.write(f"Dataset: vietnam-provinces {summary.version} (data {summary.data_version}), GPL-3.0-or-later")
        out.write(f"{'era':<8} {'level':<9} {'created':>8} {'updated':>8} {'unchanged':>10}")
        for (era, level), counts in sorted(summary.units.items(), key=lambda item: (
                item[0][0] != "current", services.LEVEL_RANK[item[0][1]] * -1)):
            out.write(f"{era:<8} {level:<9} {counts['created']:>8} {counts['updated']:>8} {counts['unchanged']:>10}")
        s = summary.successions
        out.write(f"successions: {s['created']} created, {s['updated']} updated, {s['deleted']} deleted, "
                  f"{s['unchanged']} unchanged")
        if summary.not_in_dataset:
            out.write(self.style.WARNING(
                f"{summary.not_in_dataset} units in the database are no longer in the dataset (kept)."))
        out.write(self.style.SUCCESS("Done." if summary.changed else "Already up to date."))
