"""The inspections benchmark of issue 5: a province-year's inspection statistics and a filtered list
of inspections, on a national record of inspections in PostgreSQL.

    .venv/bin/python bench/inspections.py [--database-url URL] [--skip-generate] [--iterations N] [--warmup N]
                                          [--wait-for-load LOAD [--wait-minutes M]]

On PostgreSQL (default postgres://postgres@127.0.0.1:5432/dh_bench_inspections, dropped and recreated
unless --skip-generate): migrate (which seeds the provision catalogue), load every administrative unit,
generate 10 years (2016–2025) of inspections in the 34 provinces (one department per province, 200,000
inspections and checks, one subject each, 500,000 violations, 500,000 sanction decisions each covering
one violation, payments of most fines, confiscations), then time through Django's test Client, as the
department specialist of the largest province (Hồ Chí Minh City):

* statistics: /inspections/statistics/?year=Y&unit=P for each year 2016–2025 (every inspection figure
  with its breakdown for that province and year); target p95 <= 100 ms;
* list: /inspections/inspections/?unit=P&started_after=…&started_before=…&kind=…&field=… (a year's
  inspections of one kind and field in the province, first page of 50); target p95 <= 50 ms.

Median, p95, min–max server time and the FLOOR: every SQL read (SELECT) the request runs, captured from
Django and executed directly through psycopg (bench/run.py's `time_floors`); ratio = p95 / floor p95.
Results go to bench/results/inspections.json and .md; docs/performance.md explains them. The exit status
is 1 when a target is missed. Bulk loading bypasses the services and the change log on purpose, as
bench/generate.py does.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ensure_database, module_arguments, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dh_bench_inspections"
TARGETS_P95_MS = {"statistics": 100.0, "list": 50.0}
YEARS = range(2016, 2026)
BENCH_PROVINCE = "Hồ Chí Minh"
BATCH = 5000


def generate(seed: int = 2026, inspections_total: int = 200_000, violations_total: int = 500_000) -> dict:
    from django.db import connection, transaction

    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.inspections.models import (
        Confiscation,
        Field,
        Inspection,
        InspectionKind,
        InspectionSubject,
        Payment,
        Provision,
        Sanction,
        SubjectKind,
        Violation,
    )
    from dieuhanh.orgs.models import Organization

    if Inspection.all_objects.exists():
        raise SystemExit("The database already holds inspections: the generator only fills an empty one.")
    rng = random.Random(seed)
    started = time.perf_counter()
    provinces = list(AdministrativeUnit.objects.filter(level="province", valid_until__isnull=True)
                     .values_list("pk", "full_name"))
    provisions = {}
    for provision in Provision.objects.filter(valid_until__isnull=True):
        provisions.setdefault(provision.field, []).append(provision)
    fields = [field for field in Field.values if field in provisions]
    kinds = [InspectionKind.PLANNED] * 6 + [InspectionKind.CHECK] * 3 + [InspectionKind.UNSCHEDULED,
                                                                          InspectionKind.INTER_SECTOR]
    subject_kinds = [SubjectKind.ORGANISATION, SubjectKind.HOUSEHOLD, SubjectKind.HOUSEHOLD, SubjectKind.INDIVIDUAL]
    with transaction.atomic():
        departments = []
        for pk, name in provinces:
            organization = Organization(name=f"Sở Khoa học và Công nghệ {name[0].lower()}{name[1:]}", kind="department",
                                        unit_id=pk, province_id=pk)
            organization.search_text = organization.compute_search_text()
            departments.append(organization)
        Organization.objects.bulk_create(departments, batch_size=BATCH)
        inspections, subjects = [], []
        for index in range(inspections_total):
            year = YEARS[index * len(YEARS) // inspections_total]
            begin = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            field = rng.choice(fields)
            inspection = Inspection(kind=rng.choice(kinds), field=field, title=f"Thanh tra {field} số {index + 1}",
                                    organization=departments[index % len(departments)], started_on=begin,
                                    ended_on=begin + datetime.timedelta(days=rng.randint(3, 20)),
                                    decision_number=f"{index + 1}/QĐ-TTr")
            inspection.search_text = inspection.compute_search_text()
            inspections.append(inspection)
        Inspection.objects.bulk_create(inspections, batch_size=BATCH)
        for index, inspection in enumerate(inspections):
            subject = InspectionSubject(inspection=inspection, kind=rng.choice(subject_kinds),
                                        name=f"Cơ sở kinh doanh số {index + 1}")
            subject.search_text = subject.compute_search_text()
            subjects.append(subject)
        InspectionSubject.objects.bulk_create(subjects, batch_size=BATCH)
        violations, sanctions, links, payments, confiscations = [], [], [], [], []
        for index in range(violations_total):
            subject = subjects[(index * 7919) % len(subjects)]
            inspection = inspections[(index * 7919) % len(inspections)]
            provision = rng.choice(provisions[inspection.field])
            violation = Violation(subject=subject, inspection=inspection, provision=provision,
                                  act_date=inspection.started_on, description=f"Vi phạm số {index + 1}",
                                  search_text=f"vi pham so {index + 1}")
            violations.append(violation)
            low, high = provision.range_for(subject.kind)
            fine = rng.randint(low // 100_000, high // 100_000) * 100_000
            sanctions.append(Sanction(subject=subject, inspection=inspection, number=f"{index + 1}/QĐ-XPHC",
                                      date=inspection.started_on + datetime.timedelta(days=rng.randint(5, 25)),
                                      signer="Chánh Thanh tra", fine_amount=fine, search_text=f"{index + 1}/qd-xphc",
                                      organization_id=inspection.organization_id,
                                      enforcement="paid" if rng.random() < 0.85 else "unpaid"))
        Violation.objects.bulk_create(violations, batch_size=BATCH)
        Sanction.objects.bulk_create(sanctions, batch_size=BATCH)
        item_kinds = [Confiscation.ItemKind.PUBLICATIONS] * 3 + [Confiscation.ItemKind.SIM_CARDS,
                                                                 Confiscation.ItemKind.RADIO_EQUIPMENT]
        for violation, sanction in zip(violations, sanctions, strict=True):
            links.append(Sanction.violations.through(sanction_id=sanction.pk, violation_id=violation.pk))
            if sanction.enforcement == "paid":
                payments.append(Payment(sanction=sanction, organization_id=sanction.organization_id,
                                        paid_on=sanction.date + datetime.timedelta(days=rng.randint(1, 40)),
                                        amount=sanction.fine_amount))
            if rng.random() < 0.2:
                confiscations.append(Confiscation(sanction=sanction, organization_id=sanction.organization_id,
                                                  decided_on=sanction.date,
                                                  item_kind=rng.choice(item_kinds),
                                                  quantity=rng.randint(1, 400), unit="bản", search_text=""))
        Sanction.violations.through.objects.bulk_create(links, batch_size=BATCH)
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        Confiscation.objects.bulk_create(confiscations, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "inspections": len(inspections),
            "subjects": len(subjects), "violations": len(violations), "sanctions": len(sanctions),
            "payments": len(payments), "confiscations": len(confiscations)}


def counts() -> dict:
    from dieuhanh.inspections.models import Confiscation, Inspection, Payment, Sanction, Violation

    return {"inspections": Inspection.objects.count(), "violations": Violation.objects.count(),
            "sanctions": Sanction.objects.count(), "payments": Payment.objects.count(),
            "confiscations": Confiscation.objects.count()}


def main(argv=None) -> int:
    args = module_arguments(__doc__.splitlines()[0], DEFAULT_URL, "inspections", argv)
    started = time.perf_counter()
    ensure_database(args.database_url, recreate=not args.skip_generate)
    setup_django(args.database_url)
    import run  # bench/run.py: the timing helpers, unchanged
    import targets  # bench/targets.py: measuring and the report
    from django.core.management import call_command

    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.orgs.models import Organization, User

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    generation = None
    if not args.skip_generate:
        print("== load units", flush=True)
        call_command("load_units", verbosity=0)
        print("== generate", flush=True)
        generation = generate()
        print(f"   {generation}", flush=True)
    province = AdministrativeUnit.objects.get(level="province", valid_until__isnull=True,
                                              name__contains=BENCH_PROVINCE)
    department = Organization.objects.filter(province=province, kind="department").first()
    user = User.objects.filter(username="bench-inspections").first()
    if user is None:
        user = User(username="bench-inspections", role="specialist", organization=department)
        user.set_unusable_password()
        user.save()
    client = run.make_client(user)
    scenarios = [
        run.Scenario("statistics", "inspection statistics, province-year", client,
                     ["/inspections/statistics/?" + urlencode({"year": year, "unit": province.pk}) for year in YEARS],
                     "inspections_inspection"),
        run.Scenario("list", "inspections of a kind and field, province-year", client,
                     ["/inspections/inspections/?" + urlencode({
                         "unit": province.pk, "started_after": f"01/01/{year}", "started_before": f"31/12/{year}",
                         "kind": kind, "field": field, "per_page": 50})
                      for year in YEARS for kind, field in (("planned", "telecom"), ("check", "publishing"))],
                     "inspections_inspection"),
    ]
    targets.wait_for_quiet(args.wait_for_load, args.wait_minutes)
    return targets.measure_against_targets(
        scenarios, TARGETS_P95_MS, database_url=args.database_url, iterations=args.iterations,
        warmup=args.warmup, output=args.output,
        about={"dataset": counts(), "generation": generation, "province": str(province),
               "total_seconds": time.perf_counter() - started})


if __name__ == "__main__":
    sys.exit(main())
