"""The performance benchmark of issue 3: the task list and a province-year's task statistics with
1,000,000 tasks across the national dataset (34 provinces, 10 years).

    .venv/bin/python bench/tasks.py [--database-url URL] [--tasks N] [--skip-generate] [--iterations N]

It reuses the benchmark database of bench/run.py (postgres://postgres@127.0.0.1:5432/dh_bench_data):
when that holds no organisations yet, the national organisation dataset is generated first
(bench/generate.py). Then, unless --skip-generate, the tasks are replaced by N synthetic tasks
(default 1,000,000) written with PostgreSQL COPY:

* assigned between 1 January 2016 and today, evenly over the ten years, and written in that order
  (as a register grows: the ids and the table's rows follow the assignment date);
* led by an organisation of a province that existed on the assignment date (legacy departments and
  district committees before 1 July 2025, today's bodies after), so that a province's statistics
  for a year before the reform roll its legacy provinces up, as they do for real;
* 12% key tasks, sources split between documents, meeting conclusions and ad hoc, 5% regular
  tasks without a deadline, one in five with a co-operating organisation;
* deadlines 5–120 days after assignment; tasks older than the deadline mostly completed (82% on
  time, 13% late), some still open (overdue), 2% cancelled.

Like bench/generate.py it bypasses save() and the change log: synthetic data, never real records.

Timed through Django's test Client with the production settings, as a department specialist of the
largest province (Thành phố Hồ Chí Minh):

* the task list page filtered by year, with a mix of the filters the issue names (status,
  source, key tasks, search), 50 rows a page; the HTMX partial; the same list through the API;
* the statistics of the province-year: every registered task figure evaluated (value and
  drill-down link) as the statistics page does.

The floor of each list is its own SQL (COUNT, page fetch, prefetches) run directly through psycopg;
the floor of the statistics is the SQL of the figures' aggregates, run the same way. Results go to
bench/results/tasks.json and .md (docs/performance.md explains them). Exit status 1 when a target
(list p95 <= 50 ms, statistics p95 <= 100 ms) is missed.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_DATABASE_URL, ROOT, ensure_database, setup_django  # noqa: E402

TARGET_LIST_P95_MS = 50.0
TARGET_STATISTICS_P95_MS = 100.0
FIRST_DAY = datetime.date(2016, 1, 1)
TODAY = datetime.date(2026, 11, 22)  # fixed, so that a rerun builds the same dataset
REFORM = datetime.date(2025, 7, 1)

TITLES = [
    "Rà soát hệ thống công nghệ thông tin của {o}",
    "Lập danh sách cán bộ, công chức cấp xã tham gia bồi dưỡng kỹ năng công nghệ thông tin",
    "Kiểm tra lại hệ thống đài truyền thanh cơ sở và ban biên tập",
    "Triển khai dịch vụ công trực tuyến toàn trình",
    "Báo cáo kết quả chuyển đổi số quý",
    "Xây dựng kế hoạch bảo đảm an toàn thông tin mạng",
    "Tổ chức hội nghị trực tuyến với các điểm cầu",
    "Tham mưu dự thảo quyết định ban hành quy chế phát ngôn",
    "Tổng hợp kiến nghị của cử tri về hạ tầng viễn thông",
    "Cập nhật cơ sở dữ liệu tổ chức, cá nhân hoạt động báo chí",
    "Hoàn thiện hồ sơ thẩm định dự án ứng dụng công nghệ thông tin",
    "Phối hợp xử lý thông tin báo chí phản ánh",
]
SIGNERS = ["Lê Thành Đô", "Nguyễn Văn Sơn", "Trần Quốc Cường", "Mùa A Sơn", "Vừ A Bằng", "Lò Văn Mừng"]


def lead_candidates():
    """{province unit id: [(organisation id, valid_from, valid_until)]} of bodies that lead tasks:
    departments, People's Committees and IT centres, keyed by the province they belong to today."""
    from collections import defaultdict

    from dieuhanh.orgs.models import Organization

    by_province = defaultdict(list)
    rows = Organization.all_objects.filter(kind__in=("department", "committee", "it")).values_list(
        "id", "province_id", "valid_from", "valid_until", "parent_id")
    for org_id, province_id, valid_from, valid_until, _parent in rows:
        if province_id:
            by_province[province_id].append((org_id, valid_from, valid_until))
    return by_province


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_tsv(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def _tsv(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def generate_tasks(total: int, seed: int, database_url: str) -> dict:
    """Replace every task by `total` synthetic ones (see the module docstring)."""
    import psycopg
    from django.db import connection

    from dieuhanh.core.text import fold
    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.tasks.models import Task

    started = time.perf_counter()
    rng = random.Random(seed)
    candidates = lead_candidates()
    provinces = list(AdministrativeUnit.objects.filter(level="province").values_list("id", "valid_until"))
    # A province's tasks go to bodies existing on the assignment date; weights: bigger provinces
    # (more bodies) get more tasks.
    province_ids = [pk for pk, _ in provinces if candidates.get(pk)]
    weights = [len(candidates[pk]) for pk in province_ids]
    # Generated columns (open_until) are the database's to fill.
    fields = {f.column: f for f in Task._meta.concrete_fields if not getattr(f, "generated", False)}
    m2m = Task._meta.get_field("cooperating_organizations").remote_field.through
    m2m_table = m2m._meta.db_table
    m2m_task = m2m._meta.get_field("task").column
    m2m_org = m2m._meta.get_field("organization").column
    span = (TODAY - FIRST_DAY).days
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(f'TRUNCATE "{m2m_table}", "{Task._meta.db_table}" RESTART IDENTITY CASCADE')
    columns = list(fields)
    written = 0
    batch = 50_000
    next_id = 1
    # Written in the order they were assigned, as a real register grows (ids and table rows follow the
    # assignment date), not in random order, which would scatter one period's tasks over the whole table.
    days = sorted(rng.randrange(span) for _ in range(total))
    with psycopg.connect(database_url, autocommit=False) as conn, conn.cursor() as cursor:
        while written < total:
            rows, links = [], []
            for _ in range(min(batch, total - written)):
                assigned = FIRST_DAY + datetime.timedelta(days=days[next_id - 1])
                province = rng.choices(province_ids, weights)[0]
                living = [c for c in candidates[province]
                          if (c[1] is None or c[1] <= assigned) and (c[2] is None or c[2] > assigned)]
                lead = rng.choice(living or candidates[province])[0]
                regular = rng.random() < 0.05
                deadline = None if regular else assigned + datetime.timedelta(days=rng.randint(5, 120))
                state, completed_on, cancelled_on, percent, result = "assigned", None, None, 0, ""
                roll = rng.random()
                if roll < 0.02:
                    state, cancelled_on = "cancelled", assigned + datetime.timedelta(days=rng.randint(1, 30))
                    if cancelled_on > TODAY:
                        state, cancelled_on = "assigned", None
                elif deadline is not None and deadline < TODAY and roll < 0.97:
                    late = roll > 0.84
                    completed_on = deadline + datetime.timedelta(days=rng.randint(1, 40) if late
                                                                 else -rng.randint(0, 4))
                    if completed_on > TODAY:
                        completed_on = None
                    else:
                        state, percent, result = "completed", 100, "Đã hoàn thành, có báo cáo kết quả"
                elif deadline is None and roll < 0.5:
                    state, percent = "in_progress", rng.randint(10, 90)
                if state == "assigned" and assigned < TODAY - datetime.timedelta(days=10) and rng.random() < 0.6:
                    state, percent = "in_progress", rng.randint(10, 90)
                source = rng.choices(("document", "meeting", "ad_hoc"), (55, 30, 15))[0]
                title = rng.choice(TITLES).format(o="đơn vị")
                values = {
                    "id": next_id, "title": title, "content": "", "is_key": rng.random() < 0.12,
                    "source_kind": source,
                    "source_number": f"{rng.randint(1, 3000)}/QĐ-UBND" if source == "document" else "",
                    "source_date": assigned if source != "ad_hoc" else None,
                    "source_signer": rng.choice(SIGNERS) if source == "document" else "",
                    "assigning_authority_id": None, "lead_organization_id": lead, "province_id": province,
                    "person_in_charge_id": None, "priority": rng.choices((1, 2, 3, 4), (5, 20, 65, 10))[0],
                    "assigned_on": assigned, "start_date": assigned, "deadline": deadline,
                    "is_regular": regular, "working_days": None, "original_deadline": deadline,
                    "state": state, "progress_percent": 100 if state == "completed" else percent,
                    "completed_on": completed_on, "result": result, "evidence": "",
                    "cancelled_on": cancelled_on,
                    "cancel_reason": "Không còn phù hợp" if state == "cancelled" else "",
                    "created": now, "last_updated": now, "deleted_at": None,
                }
                values["search_text"] = fold(" ".join(filter(None, (title, values["source_number"],
                                                                     values["source_signer"]))))
                row = []
                for column, field in fields.items():
                    if column in values:
                        row.append(values[column])
                    elif field.null:
                        row.append(None)
                    elif field.has_default():
                        default = field.get_default()
                        row.append(default)
                    else:
                        raise SystemExit(f"bench/tasks.py does not know how to fill tasks_task.{column}")
                rows.append(row)
                if rng.random() < 0.2:
                    partner = rng.choice(candidates[province])[0]
                    if partner != lead:
                        links.append((next_id, partner))
                next_id += 1
            _copy(cursor, Task._meta.db_table, [f'"{c}"' for c in columns], rows)
            _copy(cursor, m2m_table, [f'"{m2m_task}"', f'"{m2m_org}"'], links)
            conn.commit()
            written += len(rows)
            print(f"  {written:,} tasks", flush=True)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Task._meta.db_table}', 'id'), %s)", [next_id])
        conn.commit()
    # VACUUM as autovacuum would soon after such a load: it sets the visibility map, without which no
    # scan can be index-only (every count would read the table's rows).
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'VACUUM ANALYZE "{Task._meta.db_table}"')
        conn.execute(f'VACUUM ANALYZE "{m2m_table}"')
    return {"tasks": written, "seconds": round(time.perf_counter() - started, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-generate", action="store_true", help="reuse the tasks already in the database")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "tasks.json"))
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark measures PostgreSQL: pass a postgres:// --database-url.")
    started = time.perf_counter()
    ensure_database(args.database_url, recreate=False)
    setup_django(args.database_url)
    import generate
    import run
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    from dieuhanh.orgs.models import Organization

    if not Organization.all_objects.exists():
        print("== generate the national organisation dataset", flush=True)
        generate.generate(args.seed)
    generation = None
    if not args.skip_generate:
        print(f"== generate {args.tasks:,} tasks", flush=True)
        generation = generate_tasks(args.tasks, args.seed, args.database_url)
    return measure(args, run, generation, started)


def task_list_urls(year: int) -> list[str]:
    """What a specialist asks the task list: a year and one or two of the issue's filters."""
    period = {"assigned_after": f"{year}-01-01", "assigned_before": f"{year}-12-31"}
    mixes = [{}, {"timeliness": "overdue"}, {"timeliness": "on_time"}, {"source_kind": "meeting"},
             {"is_key": "true"}, {"state": "in_progress"}, {"q": "chuyen doi so"}, {"q": "truyen thanh"},
             {"source_kind": "document", "timeliness": "late"}, {"is_key": "true", "timeliness": "on_time"}]
    return ["/tasks/?" + urlencode({**period, **mix, "per_page": 50}) for mix in mixes]


def task_api_urls(year: int) -> list[str]:
    return ["/api/tasks/?" + url.split("?", 1)[1].replace("per_page=50", "limit=50") for url in task_list_urls(year)]


def statistics_sql(user, period, province_id) -> tuple[list, list[str]]:
    """Evaluate every task figure for the province-period; return the values and the SQL they ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dieuhanh.core import figures

    task_figures = [f for f in figures.all_figures() if f.key.startswith("tasks.")]
    with CaptureQueriesContext(connection) as ctx:
        values = [f.evaluate(user, period, unit_ids=[province_id]) for f in task_figures]
    return values, [q["sql"] for q in ctx.captured_queries]


def _is_search(url: str) -> bool:
    return "?q=" in url or "&q=" in url


def measure_lists(run, scenarios, database_url: str, iterations: int, warmup: int) -> dict:
    """run.measure(), keeping apart the requests with a search (`q`) and those with filters only:
    a substring search cannot be answered from the composite indexes, and sets the tail."""
    results = {scenario.name: run.inspect(scenario) for scenario in scenarios}
    for scenario in scenarios:
        # The floor of a search also counts its two statements before the COUNT (tasks.filters.search_narrowed:
        # how many tasks the other filters leave, the ids among them that match), which run.data_queries
        # does not look for.
        per_url = []
        for url in scenario.urls:
            sql_list, _response = run.capture(scenario, url)
            data = run.data_queries(sql_list, scenario.table)
            start = sql_list.index(data[0])
            per_url.append([sql for sql in sql_list[:start] if _is_search(url) and 'FROM "tasks_task"' in sql] + data)
        results[scenario.name]["sql_per_url"] = per_url
        results[scenario.name]["example_sql"] = per_url[[_is_search(url) for url in scenario.urls].index(True)]
    timed = run.time_requests(scenarios, iterations, warmup)
    floors = run.time_floors(database_url, {name: r.pop("sql_per_url") for name, r in results.items()},
                             iterations, warmup)
    for scenario in scenarios:
        result = results[scenario.name]
        times, cpu = timed[scenario.name]
        floor = floors[scenario.name]
        result["server_ms"] = run.summary(times)
        result["app_cpu_ms"] = run.summary(cpu)
        result["floor_ms"] = run.summary(floor)
        result["data_queries"] = len(result["example_sql"])
        result["ratio_p95"] = result["server_ms"]["p95"] / result["floor_ms"]["p95"]
        result["ratio_median"] = result["server_ms"]["median"] / result["floor_ms"]["median"]
        count = len(scenario.urls)
        # Request i asked urls[i % count]; the floor's i-th timing ran the statements of urls[(i + warmup) % count].
        searching = [_is_search(url) for url in scenario.urls]
        for key, wanted in (("filters_only", False), ("with_search", True)):
            result[key] = {
                "requests": sum(1 for i in range(len(times)) if searching[i % count] == wanted),
                "server_ms": run.summary([t for i, t in enumerate(times) if searching[i % count] == wanted]),
                "app_cpu_ms": run.summary([t for i, t in enumerate(cpu) if searching[i % count] == wanted]),
                "floor_ms": run.summary([t for i, t in enumerate(floor)
                                         if searching[(i + warmup) % count] == wanted]),
            }
    return results


def split_table(results: dict) -> str:
    lines = ["| scenario | requests | median ms | p95 ms | app CPU median ms | floor median ms | floor p95 ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        for key in ("filters_only", "with_search"):
            part = r.get(key)
            if part:
                lines.append(f"| {name}, {key.replace('_', ' ')} | {part['requests']} | "
                             f"{part['server_ms']['median']:.1f} | {part['server_ms']['p95']:.1f} | "
                             f"{part['app_cpu_ms']['median']:.1f} | {part['floor_ms']['median']:.2f} | "
                             f"{part['floor_ms']['p95']:.2f} |")
    return "\n".join(lines) + "\n"


def measure(args, run, generation, started) -> int:
    import gc
    import statistics as stats

    from django.db import connection
    from django.test import Client

    from dieuhanh.core import figures
    from dieuhanh.tasks.models import Task

    province, department, users = run.bench_fixtures()
    specialist, specialist_key = users["bench-specialist"]
    client = run.make_client(specialist)
    api_client = Client(HTTP_HOST="localhost")
    year = 2024
    scenarios = [
        run.Scenario("task-list-specialist", f"Task list page, {year}, filters, specialist (scoped)", client,
                     task_list_urls(year), "tasks_task"),
        run.Scenario("task-list-specialist-htmx", "Task list, HTMX partial (changing a filter)", client,
                     task_list_urls(year), "tasks_task", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "object-table"}),
        run.Scenario("task-api-specialist", "Task API list, specialist token", api_client, task_api_urls(year),
                     "tasks_task", {"HTTP_AUTHORIZATION": f"Bearer {specialist_key}"}),
    ]
    print(f"== measure lists: {len(scenarios)} scenarios × {args.iterations} requests, province {province}",
          flush=True)
    load_before = os.getloadavg()
    results = measure_lists(run, scenarios, args.database_url, args.iterations, args.warmup)

    # Statistics of a province-year: each year of the ten, in turn, as the statistics page asks them.
    # Each evaluation gets the user as a new request has it (loaded by the authentication middleware,
    # outside the timing): nothing computed for an earlier request (the scope, the province looked up)
    # is reused, so the queries and time are those of one statistics request.
    from dieuhanh.orgs.models import User

    def request_user():
        return User.objects.get(pk=specialist.pk)

    periods = [figures.Period.year(y) for y in range(2016, 2026)]
    values, _ = statistics_sql(request_user(), periods[-2], province.pk)
    for i in range(args.warmup):
        statistics_sql(request_user(), periods[i % len(periods)], province.pk)
    gc.collect()
    times, cpu, floor_sql, query_counts = [], [], [], set()
    for period in periods:
        floor_sql.append(statistics_sql(request_user(), period, province.pk)[1])
    for i in range(args.iterations):
        period = periods[i % len(periods)]
        user = request_user()
        t0, c0 = time.perf_counter(), time.process_time()
        _, sql = statistics_sql(user, period, province.pk)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        query_counts.add(len(sql))
    # The floor: the same statements run directly (the figures' aggregates, and the user's scope and
    # the province's merged provinces, read once a request).
    floor = run.time_floors(args.database_url, {"statistics": floor_sql}, args.iterations, args.warmup)["statistics"]
    stats_result = {
        "label": f"Task statistics of a province-year ({len(values)} figures, each year 2016–2025 in turn)",
        "server_ms": run.summary(times), "app_cpu_ms": run.summary(cpu), "floor_ms": run.summary(floor),
        "queries_per_request": sorted(query_counts),
        "queries_by_page_size": {"25": "-", "500": "-"},
        "data_queries": len(floor_sql[0]), "example_sql": floor_sql[0],
        "values_2024": {v.figure.key: v.value for v in values},
    }
    stats_result["ratio_p95"] = stats_result["server_ms"]["p95"] / stats_result["floor_ms"]["p95"]
    stats_result["ratio_median"] = stats_result["server_ms"]["median"] / stats_result["floor_ms"]["median"]
    results["task-statistics-province-year"] = stats_result
    for name, r in results.items():
        print(f"  {name:32} median {r['server_ms']['median']:6.2f} ms  p95 {r['server_ms']['p95']:6.2f} ms"
              f"  [{r['server_ms']['min']:.2f}–{r['server_ms']['max']:.2f}]  queries {r['queries_per_request']}"
              f"  floor p95 {r['floor_ms']['p95']:.2f} ms  ratio {r['ratio_p95']:.2f}", flush=True)
    from dieuhanh.geo.services import province_scope_ids

    # The province as the department sees it: today's province and the legacy ones merged into it.
    scope_ids = province_scope_ids(province.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tasks_task")
        task_count = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM tasks_task WHERE province_id = ANY(%s)", [list(scope_ids)])
        province_tasks = cursor.fetchone()[0]
    report = {
        "machine": run.machine(args.database_url),
        "dataset": {"tasks": task_count, "tasks_in_province": province_tasks,
                    "tasks_in_province_2024": Task.objects.filter(
                        province__in=scope_ids, assigned_on__year=year).count(),
                    "generation": generation},
        "province": str(province), "specialist_organization": str(department),
        "iterations": args.iterations, "warmup": args.warmup,
        "targets": {"list_p95_ms": TARGET_LIST_P95_MS, "statistics_p95_ms": TARGET_STATISTICS_P95_MS},
        "results": results,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "total_seconds": time.perf_counter() - started,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    table = run.markdown_table(report) + "\n" + split_table(results)
    output.with_suffix(".md").write_text(table)
    print(table)
    failed = []
    for name, r in results.items():
        target = TARGET_STATISTICS_P95_MS if name.startswith("task-statistics") else TARGET_LIST_P95_MS
        if r["server_ms"]["p95"] > target:
            failed.append(f"{name}: p95 {r['server_ms']['p95']:.1f} ms > {target} ms")
        sizes = r["queries_by_page_size"]
        if sizes["25"] != sizes["500"]:
            failed.append(f"{name}: queries grow with page size {sizes}")
    print(f"== done in {report['total_seconds']:.0f} s; median of medians "
          f"{stats.median(r['server_ms']['median'] for r in results.values()):.1f} ms; results in {output}")
    for line in failed:
        print(f"  TARGET MISSED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
