"""The grassroots benchmark of issue 6: the network view and a province-year's statistics on a
national radio network in PostgreSQL.

    .venv/bin/python bench/grassroots.py [--database-url URL] [--skip-generate] [--iterations N] [--warmup N]
                                         [--wait-for-load LOAD [--wait-minutes M]]

On PostgreSQL (default postgres://postgres@127.0.0.1:5432/dh_bench_grassroots, dropped and recreated
unless --skip-generate): migrate, load every administrative unit, generate the network (one
department per province, a People's Committee per commune, ~10,300 stations of which about a tenth
recorded under the commune of before the 2025 reform, 100,000 loudspeaker clusters, 200,000 works over
2016–2025, a status history per station), then time through Django's test Client, as the department
specialist of the largest province (Hồ Chí Minh City, 168 communes, three legacy provinces):

* network: /grassroots/?province=P&days=30 (every commune's stations, clusters and villages covered,
  communes without an operating station, stations out of service for more than 30 days);
* statistics: /grassroots/statistics/?year=Y&unit=P for each year 2016–2025 (every grassroots figure
  with its breakdown for that province and year, and campaign coverage).

Median, p95, min–max server time and the FLOOR: every SQL read (SELECT) the request runs, captured from
Django and executed directly through psycopg (bench/run.py's `time_floors`); ratio = p95 / floor p95.
Results go to bench/results/grassroots.json and .md; docs/performance.md explains them. The exit
status is 1 when a target (p95 <= 100 ms) is missed. Bulk loading bypasses the services and the
change log on purpose, as bench/generate.py does.
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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dh_bench_grassroots"
TARGET_P95_MS = 100.0
YEARS = range(2016, 2026)
BENCH_PROVINCE = "Hồ Chí Minh"
BATCH = 5000


def generate(seed: int = 2026, clusters_total: int = 100_000, works_total: int = 200_000) -> dict:
    from django.db import connection, transaction

    from dieuhanh.geo.models import AdministrativeUnit, UnitSuccession
    from dieuhanh.grassroots.models import (
        LoudspeakerCluster,
        RadioStation,
        StationStatusChange,
        StationWork,
        Status,
        Technology,
    )
    from dieuhanh.orgs.models import Organization

    if RadioStation.all_objects.exists():
        raise SystemExit("The database already holds radio stations: the generator only fills an empty one.")
    rng = random.Random(seed)
    started = time.perf_counter()
    communes = list(AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=True)
                    .values_list("pk", "full_name", "province_id"))
    provinces = list(AdministrativeUnit.objects.filter(level="province", valid_until__isnull=True)
                     .values_list("pk", "full_name"))
    predecessors: dict[int, list[int]] = {}
    for successor, predecessor in UnitSuccession.objects.filter(
            successor__level="commune", predecessor__level="commune").values_list("successor_id", "predecessor_id"):
        predecessors.setdefault(successor, []).append(predecessor)
    legacy_province = dict(AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=False)
                           .values_list("pk", "province_id"))

    def org(name, unit_id, province_id, kind):
        organization = Organization(name=name, kind=kind, unit_id=unit_id, province_id=province_id)
        organization.search_text = organization.compute_search_text()
        return organization

    with transaction.atomic():
        departments = [org(f"Sở Khoa học và Công nghệ {name[0].lower()}{name[1:]}", pk, pk, "department")
                       for pk, name in provinces]
        Organization.objects.bulk_create(departments, batch_size=BATCH)
        committees = [org(f"Ủy ban nhân dân {name[0].lower()}{name[1:]}", pk, province, "committee")
                      for pk, name, province in communes]
        Organization.objects.bulk_create(committees, batch_size=BATCH)
        stations = []
        for (pk, name, province), committee in zip(communes, committees, strict=True):
            for number in range(rng.choice((3, 3, 3, 4))):
                unit, unit_province = pk, province
                if number == 0 and predecessors.get(pk) and rng.random() < 0.3:
                    unit = rng.choice(predecessors[pk])  # an old inventory, under the commune of before 2025
                    unit_province = legacy_province.get(unit, province)
                technology = rng.choice([Technology.WIRED, Technology.FM, Technology.FM, Technology.IP])
                station = RadioStation(
                    name=f"Đài truyền thanh {name[0].lower()}{name[1:]}" + (f" số {number + 1}" if number else ""),
                    unit_id=unit, province_id=unit_province, organization=committee, single_station=False,
                    technology=technology, frequency_mhz=round(rng.uniform(87.6, 107.9), 1)
                    if technology == Technology.FM else None,
                    commissioned_on=datetime.date(rng.randint(2005, 2015), rng.randint(1, 12), 1),
                    villages=rng.randint(6, 20))
                station.search_text = station.compute_search_text()
                stations.append(station)
        RadioStation.objects.bulk_create(stations, batch_size=BATCH)
        clusters = []
        for index in range(clusters_total):
            station = stations[index % len(stations)]
            clusters.append(LoudspeakerCluster(
                station=station, name=f"Cụm loa số {index // len(stations) + 1}",
                village=f"Thôn {rng.randint(1, station.villages)}", technology=station.technology,
                status=Status.OPERATING if rng.random() < 0.88 else Status.OUT_OF_SERVICE, speakers=rng.randint(1, 4),
                search_text=""))
        LoudspeakerCluster.objects.bulk_create(clusters, batch_size=BATCH)
        kinds = [StationWork.Kind.REPAIR] * 12 + [StationWork.Kind.UPGRADE] * 6 + [StationWork.Kind.NEW_BUILD] + \
            [StationWork.Kind.RELOCATION]
        fundings = [choice for choice, _label in StationWork.Funding.choices]
        works, changes = [], {station.pk: [(station.commissioned_on, Status.OPERATING)] for station in stations}
        for index in range(works_total):
            station = stations[index % len(stations)]
            year = YEARS[index * len(YEARS) // works_total]
            kind = rng.choice(kinds)
            begin = datetime.date(year, rng.randint(1, 10), rng.randint(1, 28))
            accepted = begin + datetime.timedelta(days=rng.randint(20, 60)) if rng.random() < 0.9 else None
            work = StationWork(station=station, kind=kind, title=f"{kind.label} {station.name}", started_on=begin,
                               completed_on=accepted, accepted_on=accepted, contractor="Công ty TNHH Truyền thanh",
                               cost=rng.randint(20, 900) * 1_000_000, funding_source=rng.choice(fundings))
            work.search_text = work.compute_search_text()
            works.append(work)
            if accepted:
                changes[station.pk].append((begin, Status.OUT_OF_SERVICE if kind == StationWork.Kind.REPAIR
                                            else Status.DEGRADED))
                changes[station.pk].append((accepted, Status.OPERATING))
        StationWork.objects.bulk_create(works, batch_size=BATCH)
        rows = []
        for station in stations:
            history = sorted(changes[station.pk])
            if rng.random() < 0.07:  # out of service now, for some days or months
                history.append((datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)),
                                Status.OUT_OF_SERVICE))
            rows += [StationStatusChange(station=station, date=date, status=status, reason="")
                     for date, status in history]
            station.status_since, station.status = history[-1]
        StationStatusChange.objects.bulk_create(rows, batch_size=BATCH)
        RadioStation.objects.bulk_update(stations, ["status", "status_since"], batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "stations": len(stations),
            "clusters": len(clusters), "works": len(works), "status_changes": len(rows),
            "communes": len(communes), "organizations": len(departments) + len(committees)}


def counts() -> dict:
    from dieuhanh.grassroots.models import LoudspeakerCluster, RadioStation, StationStatusChange, StationWork

    return {"stations": RadioStation.objects.count(), "clusters": LoudspeakerCluster.objects.count(),
            "works": StationWork.objects.count(), "status_changes": StationStatusChange.objects.count()}


def main(argv=None) -> int:
    args = module_arguments(__doc__.splitlines()[0], DEFAULT_URL, "grassroots", argv)
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
    user = User.objects.filter(username="bench-grassroots").first()
    if user is None:
        user = User(username="bench-grassroots", role="specialist", organization=department)
        user.set_unusable_password()
        user.save()
    client = run.make_client(user)
    scenarios = [
        run.Scenario("network", "network view, province, 30 days", client,
                     ["/grassroots/?" + urlencode({"province": province.pk, "days": 30})], "grassroots_radiostation"),
        run.Scenario("statistics", "grassroots statistics, province-year", client,
                     ["/grassroots/statistics/?" + urlencode({"year": year, "unit": province.pk}) for year in YEARS],
                     "grassroots_stationwork"),
    ]
    targets.wait_for_quiet(args.wait_for_load, args.wait_minutes)
    return targets.measure_against_targets(
        scenarios, {"network": TARGET_P95_MS, "statistics": TARGET_P95_MS}, database_url=args.database_url,
        iterations=args.iterations, warmup=args.warmup, output=args.output,
        about={"dataset": counts(), "generation": generation, "province": str(province),
               "total_seconds": time.perf_counter() - started})


if __name__ == "__main__":
    sys.exit(main())
