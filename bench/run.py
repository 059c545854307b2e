"""The performance benchmark of issue 2: list pages and API lists on a national-scale dataset.

    .venv/bin/python bench/run.py [--database-url URL] [--skip-generate] [--iterations N] [--warmup N]
                                  [--show-sql] [--breakdown SCENARIO] [--profile SCENARIO]

On PostgreSQL (default postgres://postgres@127.0.0.1:5432/dh_bench_data, dropped and recreated
unless --skip-generate): migrate, collect static files, generate the dataset (bench/generate.py),
then time, through Django's test Client (the whole middleware, view, template and session stack
with the production settings; no network, no HTTP parsing):

* the organisation list page, searched, filtered by kind and province, 50 rows a page, as a
  department specialist (scoped to the province) and as an administrator (no scope), the same as
  the HTMX partial that typing in the filter bar fetches, and as an administrator without the
  province filter (the whole country);
* the same query through the API (/api/orgs/organizations/?…&limit=50) with a real API token;
* the administrative unit list searched without diacritics (/geo/units/?q=dien+bien).

The scenarios are warmed up, then run N times each, taking turns, over a mix of search terms. For
each it reports the median, p95, min and max server time, the CPU time of this process, the SQL
queries per request (and for 25 against 500 rows a page) and the FLOOR: the SQL the list runs for
its data (the COUNT, the page fetch and the page's prefetched related rows), captured from Django
and timed executing it directly through psycopg over the same mix; the ratio is p95 / floor p95. Results are printed
and written to bench/results/latest.json; docs/performance.md explains them. The exit status is 1
when a target (p95 <= 50 ms, ratio <= 3, same queries for 25 and 500 rows) is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_DATABASE_URL, ROOT, ensure_database, setup_django  # noqa: E402

TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0
BENCH_PROVINCE = "Hồ Chí Minh"  # the largest: 168 communes, three legacy provinces merged into it

# (search term, kind): what a specialist types into the filter bar, over every kind of organisation.
ORG_QUERIES = [
    ("uy ban", "committee"), ("phuong", "committee"), ("xa", "committee"), ("so", "department"),
    ("van hoa", "department"), ("buu dien", "postal"), ("vien thong", "telecom"), ("cong nghe", "it"),
    ("phan mem", "it"), ("truyen thanh", "broadcaster"), ("bao", "press"), ("tap chi", "press"),
    ("in", "publisher"), ("sach", "publisher"), ("dang uy", "party"), ("quang cao", "other"),
    ("cong ty tnhh", "it"), ("minh", "telecom"), ("thanh", "postal"), ("sai gon", "committee"),
]
UNIT_QUERIES = ["dien bien", "dak lak", "thanh minh", "ha noi", "phuong 1", "muong", "ho chi minh",
                "hai phong", "xa tan", "nam dinh", "quang tri", "an phu", "binh thanh", "long xuyen"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(times_ms: list[float]) -> dict:
    return {"median": statistics.median(times_ms), "p95": percentile(times_ms, 95),
            "min": min(times_ms), "max": max(times_ms), "n": len(times_ms)}


# --- fixtures: the acting users and their tokens -------------------------------------------------


def bench_fixtures():
    from dieuhanh.core.models import APIToken
    from dieuhanh.core.roles import Role
    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.orgs.models import Organization, User

    province = AdministrativeUnit.objects.get(level="province", valid_until__isnull=True,
                                              name__contains=BENCH_PROVINCE)
    department = Organization.objects.filter(province=province, kind="department",
                                             name__startswith="Sở Khoa học và Công nghệ").first()
    if department is None:
        raise SystemExit(f"No Sở KH&CN in {province}: was the dataset generated?")
    users = {}
    for username, role, organization in (("bench-specialist", Role.SPECIALIST, department),
                                         ("bench-admin", Role.ADMIN, None)):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=role, organization=organization,
                        is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN)
            user.set_unusable_password()
            user.save()
        APIToken.objects.filter(user=user).delete()
        key = APIToken.generate_key()
        token = APIToken(user=user, name="benchmark")
        token.set_key(key)
        token.save()
        users[username] = (user, key)
    return province, department, users


def make_client(user):
    from django.test import Client

    # HTTP_HOST: one of the default ALLOWED_HOSTS; secure: the production settings redirect HTTP.
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


# --- scenarios -------------------------------------------------------------------------------


class Scenario:
    """A named series of GET requests (one URL per search term) made by one client."""

    def __init__(self, name: str, label: str, client, urls: list[str], table: str, headers: dict | None = None):
        self.name = name
        self.label = label
        self.client = client
        self.urls = urls
        self.table = table  # the list's own table: its COUNT and page fetch are the floor
        self.headers = headers or {}

    def get(self, url: str):
        response = self.client.get(url, secure=True, **self.headers)
        if response.status_code != 200:
            raise SystemExit(f"{self.name}: {url} answered {response.status_code}: {response.content[:500]!r}")
        return response

    def with_page_size(self, size: int) -> str:
        url = self.urls[0]
        return re.sub(r"(limit|per_page)=\d+", rf"\g<1>={size}", url) if re.search(r"(limit|per_page)=", url) \
            else f"{url}&per_page={size}"


def org_list_urls(province_id: int | None) -> list[str]:
    return ["/orgs/organizations/?" + urlencode({"q": q, "kind": kind, "per_page": 50}
                                                | ({"province": province_id} if province_id else {}))
            for q, kind in ORG_QUERIES]


def org_api_urls(province_id: int) -> list[str]:
    return ["/api/orgs/organizations/?" + urlencode({"q": q, "kind": kind, "province": province_id, "limit": 50})
            for q, kind in ORG_QUERIES]


def unit_list_urls() -> list[str]:
    return ["/geo/units/?" + urlencode({"q": q, "per_page": 50}) for q in UNIT_QUERIES]


def capture(scenario: Scenario, url: str):
    """The SQL a request runs (as executed, parameters inlined) and the response."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = scenario.get(url)
    return [q["sql"] for q in ctx.captured_queries], response


def data_queries(sql_list: list[str], table: str) -> list[str]:
    """The list's own SQL: the COUNT on its table, the page fetch (the next statement reading that
    table with a LIMIT; a primary-key lookup, `"id" = 12`, is not one) and the statements that
    fetch the page's related rows right after it (`prefetch_related`: `WHERE … "id" IN (…)`)."""
    reads = re.compile(rf'^SELECT .*? FROM "{re.escape(table)}"', re.S)
    by_pk = re.compile(rf'"{re.escape(table)}"\."id" = \d+\)')
    prefetch = re.compile(r'^SELECT .*? WHERE \(?"\w+"\."id"\)? IN \(', re.S)
    for position, sql in enumerate(sql_list):
        if not (reads.match(sql) and sql.startswith("SELECT COUNT(*)")):
            continue
        statements = [sql]
        for offset, page in enumerate(sql_list[position + 1:], start=position + 1):
            if reads.match(page) and " LIMIT " in page and not by_pk.search(page):
                statements.append(page)
                statements += itertools.takewhile(prefetch.match, sql_list[offset + 1:])
                break
        return statements
    return []


def show_sql(scenario: Scenario) -> None:
    """Every statement one request runs, with its time as Django measured it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scenario.get(scenario.urls[0])
    with CaptureQueriesContext(connection) as ctx:
        scenario.get(scenario.urls[0])
    print(f"== {scenario.name}: {scenario.urls[0]} ({len(ctx)} queries)")
    for query in ctx.captured_queries:
        print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")


def time_requests(scenarios: list[Scenario], iterations: int, warmup: int) -> dict[str, tuple[list, list]]:
    """Wall-clock and CPU ms (this process: Django and the driver, not PostgreSQL) per request.

    The scenarios take turns, one request each, so that a change in the machine's load during the
    run weighs on all of them alike instead of on whichever ran at that moment."""
    for i in range(warmup):
        for scenario in scenarios:
            scenario.get(scenario.urls[i % len(scenario.urls)])
    gc.collect()
    measured = {scenario.name: ([], []) for scenario in scenarios}
    for i in range(iterations):
        for scenario in scenarios:
            url = scenario.urls[i % len(scenario.urls)]
            started, started_cpu = time.perf_counter(), time.process_time()
            scenario.get(url)
            times, cpu = measured[scenario.name]
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return measured


def time_floors(database_url: str, statements: dict[str, list[list[str]]], iterations: int,
                warmup: int) -> dict[str, list[float]]:
    """Execute each request's data SQL directly (psycopg, one connection, fetching every row), the
    scenarios taking turns as in time_requests()."""
    import psycopg

    measured = {name: [] for name in statements}
    with psycopg.connect(database_url, autocommit=True) as conn, conn.cursor() as cursor:
        for i in range(warmup + iterations):
            for name, per_url in statements.items():
                started = time.perf_counter()
                for sql in per_url[i % len(per_url)]:
                    cursor.execute(sql)
                    cursor.fetchall()
                if i >= warmup:
                    measured[name].append((time.perf_counter() - started) * 1000)
    return measured


def inspect(scenario: Scenario) -> dict:
    """Queries per request, the data SQL of each URL (the floor), rows, and 25 against 500 rows."""
    scenario.get(scenario.urls[0])  # first touch: connection, caches
    per_url_sql, query_counts, rows = [], [], []
    for url in scenario.urls:
        sql_list, response = capture(scenario, url)
        query_counts.append(len(sql_list))
        data = data_queries(sql_list, scenario.table)
        if not data:
            raise SystemExit(f"{scenario.name}: found no data query on {scenario.table} for {url}")
        per_url_sql.append(data)
        rows.append(response_rows(response))
    small, large = scenario.with_page_size(25), scenario.with_page_size(500)
    return {
        "label": scenario.label,
        "queries_per_request": sorted(set(query_counts)),
        "queries_by_page_size": {"25": len(capture(scenario, small)[0]), "500": len(capture(scenario, large)[0])},
        "rows_per_request": {"min": min(rows), "median": statistics.median(rows), "max": max(rows)},
        "example_url": scenario.urls[0],
        "example_sql": per_url_sql[0],
        "sql_per_url": per_url_sql,
    }


def measure(scenarios: list[Scenario], database_url: str, iterations: int, warmup: int) -> dict[str, dict]:
    results = {scenario.name: inspect(scenario) for scenario in scenarios}
    timed = time_requests(scenarios, iterations, warmup)
    floors = time_floors(database_url, {name: r.pop("sql_per_url") for name, r in results.items()},
                         iterations, warmup)
    for name, result in results.items():
        times, cpu = timed[name]
        result["server_ms"] = summary(times)
        result["app_cpu_ms"] = summary(cpu)
        result["floor_ms"] = summary(floors[name])
        result["data_queries"] = len(result["example_sql"])
        result["ratio_p95"] = result["server_ms"]["p95"] / result["floor_ms"]["p95"]
        result["ratio_median"] = result["server_ms"]["median"] / result["floor_ms"]["median"]
    return results


def response_rows(response) -> int:
    if response["Content-Type"].startswith("application/json"):
        return len(response.json()["items"])
    return response.content.count(b"<tr>") - 1  # minus the header row


def breakdown(scenario: Scenario, iterations: int) -> None:
    """Median CPU time per request spent in the main parts of a list request (this process only).
    The parts may nest (the SQL line counts statements from all of them), so they need not add up."""
    import functools
    from collections import defaultdict

    from django.contrib.auth import middleware as auth_middleware
    from django.contrib.sessions.backends import db as session_db
    from django.core import paginator
    from django.db.backends import utils as db_utils
    from ninja.operation import Operation
    from ninja.pagination import LimitOffsetPagination

    from dieuhanh.core import api, filters, generic, scoping, tables

    spent: dict[str, float] = defaultdict(float)

    def timed(owner, attribute, label):
        original = getattr(owner, attribute)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - started
        setattr(owner, attribute, wrapper)

    timed(session_db.SessionStore, "load", "session: load")
    timed(session_db.SessionStore, "save", "session: save (every request)")
    timed(auth_middleware, "get_user", "authentication: user")
    timed(filters.BaseFilterSet, "__init__", "filter set: build, restrict choices")
    timed(paginator.Paginator, "get_page", "paginator: COUNT")
    timed(tables.Table, "rows", "table: fetch the page, render the cells")
    timed(generic, "render", "template: page and filter bar")
    timed(scoping, "get_scope", "scope: the user's units (built once a request)")
    timed(api, "filtered_queryset", "API: validate the filters, build the query")
    timed(api.TokenAuth, "authenticate", "API: token")
    timed(LimitOffsetPagination, "paginate_queryset", "API: paginate (COUNT)")
    timed(Operation, "_result_to_response", "API: fetch the page, serialise it")
    timed(db_utils.CursorWrapper, "execute", "(SQL: compile and send, all statements)")
    for url in scenario.urls:
        scenario.get(url)
    totals, parts = [], defaultdict(list)
    for i in range(iterations):
        spent.clear()
        started = time.process_time()
        scenario.get(scenario.urls[i % len(scenario.urls)])
        totals.append((time.process_time() - started) * 1000)
        for label, seconds in spent.items():
            parts[label].append(seconds * 1000)
    print(f"== {scenario.name}: median CPU {statistics.median(totals):.1f} ms a request, of which")
    for label, values in parts.items():
        print(f"  {statistics.median(values):6.2f} ms  {label}")


def profile(scenario: Scenario, iterations: int) -> None:
    for url in scenario.urls:
        scenario.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(iterations):
        scenario.get(scenario.urls[i % len(scenario.urls)])
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def markdown_table(report: dict) -> str:
    """The results as the table docs/performance.md shows."""
    lines = ["| scenario | median ms | p95 ms | min–max ms | app CPU median ms | queries / request "
             "| queries 25 vs 500 rows | floor median ms | floor p95 ms | p95 / floor p95 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in report["results"].items():
        server, floor = r["server_ms"], r["floor_ms"]
        queries = "–".join(str(n) for n in (min(r["queries_per_request"]), max(r["queries_per_request"]))) \
            if len(r["queries_per_request"]) > 1 else str(r["queries_per_request"][0])
        lines.append(f"| {name} | {server['median']:.1f} | {server['p95']:.1f} "
                     f"| {server['min']:.1f}–{server['max']:.1f} | {r['app_cpu_ms']['median']:.1f} | {queries} "
                     f"| {r['queries_by_page_size']['25']} vs {r['queries_by_page_size']['500']} "
                     f"| {floor['median']:.2f} | {floor['p95']:.2f} | {r['ratio_p95']:.1f} |")
    load = report["load_average"]
    lines.append("")
    lines.append(f"{report['iterations']} requests a scenario after {report['warmup']} warm-up requests; "
                 f"load average (1 min) {load['before'][0]:.2f} before, {load['after'][0]:.2f} after.")
    return "\n".join(lines) + "\n"


# --- the machine ---------------------------------------------------------------------------------


def machine(database_url: str) -> dict:
    import psycopg

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal"))
    except OSError:
        memory_kb = 0
    with psycopg.connect(database_url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        pg_settings = {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in (
            "shared_buffers", "work_mem", "random_page_cost", "synchronous_commit", "jit")}
    import django

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(memory_kb / 1024 / 1024, 1),
            "postgresql": pg_version, "postgresql_settings": pg_settings, "psycopg": psycopg.__version__,
            "python": platform.python_version(), "django": django.get_version(),
            "kernel": platform.release(), "commit": commit}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--skip-generate", action="store_true", help="reuse the dataset already in the database")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", metavar="SCENARIO", help="cProfile one scenario instead of timing")
    parser.add_argument("--show-sql", action="store_true", help="print each scenario's SQL instead of timing")
    parser.add_argument("--breakdown", metavar="SCENARIO", help="CPU time by part of the request, instead of timing")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = parser.parse_args(argv)

    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark measures PostgreSQL: pass a postgres:// --database-url.")
    started = time.perf_counter()
    ensure_database(args.database_url, recreate=not args.skip_generate)
    setup_django(args.database_url)
    import generate
    from django.core.management import call_command

    print("== migrate", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    generation = None
    if not args.skip_generate:
        print("== generate", flush=True)
        generation = generate.generate(args.seed, args.organizations, args.people)
    dataset = generate.counts()
    province, department, users = bench_fixtures()
    specialist, specialist_key = users["bench-specialist"]
    admin, admin_key = users["bench-admin"]
    specialist_client, admin_client = make_client(specialist), make_client(admin)
    from django.test import Client

    api_client = Client(HTTP_HOST="localhost")  # no session: the token alone authenticates
    scenarios = [
        Scenario("org-list-specialist", "Organisation list page, specialist (scoped)", specialist_client,
                 org_list_urls(province.pk), "orgs_organization"),
        Scenario("org-list-admin", "Organisation list page, administrator", admin_client,
                 org_list_urls(province.pk), "orgs_organization"),
        Scenario("org-list-specialist-htmx", "Organisation list, specialist, HTMX partial (typing in the filter bar)",
                 specialist_client, org_list_urls(province.pk), "orgs_organization",
                 {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "object-table"}),
        Scenario("org-list-admin-national", "Organisation list page, administrator, all provinces", admin_client,
                 org_list_urls(None), "orgs_organization"),
        Scenario("org-api-specialist", "Organisation API list, specialist token", api_client,
                 org_api_urls(province.pk), "orgs_organization",
                 {"HTTP_AUTHORIZATION": f"Bearer {specialist_key}"}),
        Scenario("org-api-admin", "Organisation API list, administrator token", api_client,
                 org_api_urls(province.pk), "orgs_organization", {"HTTP_AUTHORIZATION": f"Bearer {admin_key}"}),
        Scenario("unit-list", "Unit list page searched without diacritics, specialist", specialist_client,
                 unit_list_urls(), "geo_administrativeunit"),
    ]
    if args.show_sql:
        for scenario in scenarios:
            show_sql(scenario)
        return 0
    if args.breakdown or args.profile:
        name = args.breakdown or args.profile
        chosen = [s for s in scenarios if s.name == name]
        if not chosen:
            raise SystemExit(f"Unknown scenario {name}; one of {[s.name for s in scenarios]}")
        (breakdown if args.breakdown else profile)(chosen[0], args.iterations)
        return 0
    print(f"== measure: {len(scenarios)} scenarios × {args.iterations} requests "
          f"(after {args.warmup} warm-up requests), province {province}", flush=True)
    load_before = os.getloadavg()
    results = measure(scenarios, args.database_url, args.iterations, args.warmup)
    for name, r in results.items():
        print(f"  {name:24} median {r['server_ms']['median']:6.2f} ms  p95 {r['server_ms']['p95']:6.2f} ms"
              f"  [{r['server_ms']['min']:.2f}–{r['server_ms']['max']:.2f}]  cpu {r['app_cpu_ms']['median']:.2f}"
              f"  queries {r['queries_per_request']}"
              f"  floor p95 {r['floor_ms']['p95']:.2f} ms  ratio {r['ratio_p95']:.2f}"
              f"  (25 vs 500 rows: {r['queries_by_page_size']['25']} vs {r['queries_by_page_size']['500']} queries)",
              flush=True)
    report = {
        "machine": machine(args.database_url),
        "dataset": dataset,
        "generation_seconds": generation["seconds"] if generation else None,
        "province": str(province),
        "specialist_organization": str(department),
        "iterations": args.iterations,
        "warmup": args.warmup,
        "targets": {"p95_ms": TARGET_P95_MS, "ratio": TARGET_RATIO},
        "results": results,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "total_seconds": time.perf_counter() - started,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    table = markdown_table(report)
    output.with_suffix(".md").write_text(table)
    print(table)
    failed = []
    for name, r in results.items():
        if r["server_ms"]["p95"] > TARGET_P95_MS:
            failed.append(f"{name}: p95 {r['server_ms']['p95']:.1f} ms > {TARGET_P95_MS} ms")
        if r["ratio_p95"] > TARGET_RATIO:
            failed.append(f"{name}: ratio {r['ratio_p95']:.2f} > {TARGET_RATIO}")
        if r["queries_by_page_size"]["25"] != r["queries_by_page_size"]["500"]:
            failed.append(f"{name}: queries grow with page size {r['queries_by_page_size']}")
    print(f"== done in {report['total_seconds']:.0f} s; results in {output}")
    for line in failed:
        print(f"  TARGET MISSED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
