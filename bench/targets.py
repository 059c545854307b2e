"""The measuring and reporting half of a module's benchmark (bench/grassroots.py, bench/inspections.py):
time each scenario and its SQL floor, write bench/results/<name>.json and .md, say which p95 targets
were missed. The module's script generates its data and builds its scenarios; this does the rest."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import run  # bench/run.py: the timing helpers


def wait_for_quiet(load: float | None, minutes: float) -> None:
    """Before timing, wait (up to `minutes`) until the 1-minute load average is below `load`."""
    if load is None:
        return
    deadline = time.monotonic() + 60 * minutes
    while os.getloadavg()[0] >= load and time.monotonic() < deadline:
        time.sleep(10)
    print(f"== load average {os.getloadavg()[0]:.2f} (waited for < {load})", flush=True)


def measure_against_targets(scenarios: list, targets_ms: dict[str, float], *, database_url: str, iterations: int,
                            warmup: int, output: str, about: dict) -> int:
    """Time `scenarios` (median, p95, app CPU) and their floor (every SELECT each request runs, executed
    directly through psycopg); write the report (`about` adds the dataset, province, …); return 1 when a
    scenario's p95 is above its target in `targets_ms`."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    statements, query_counts = {}, {}
    for scenario in scenarios:
        scenario.get(scenario.urls[0])
        per_url = [run.capture(scenario, url)[0] for url in scenario.urls]
        # The floor: every read the request makes (the session save and transaction statements aside).
        statements[scenario.name] = [[q for q in sql if q.lstrip().upper().startswith(("SELECT", "WITH"))]
                                     for sql in per_url]
        query_counts[scenario.name] = sorted({len(sql) for sql in per_url})
    timed = run.time_requests(scenarios, iterations, warmup)
    floors = run.time_floors(database_url, statements, iterations, warmup)
    results = {}
    for scenario in scenarios:
        times, cpu = timed[scenario.name]
        result = {"label": scenario.label, "example_url": scenario.urls[0], "server_ms": run.summary(times),
                  "app_cpu_ms": run.summary(cpu), "floor_ms": run.summary(floors[scenario.name]),
                  "queries_per_request": query_counts[scenario.name]}
        result["ratio_p95"] = result["server_ms"]["p95"] / result["floor_ms"]["p95"]
        results[scenario.name] = result
    report = {"machine": run.machine(database_url), **about, "iterations": iterations, "warmup": warmup,
              "target_p95_ms": targets_ms, "results": results,
              "load_average": {"before": load_before, "after": os.getloadavg()},
              "measuring_seconds": time.perf_counter() - started}
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    lines = ["| scenario | median ms | p95 ms | min–max ms | app CPU median / p95 ms | queries / request "
             "| floor median ms | floor p95 ms | p95 / floor p95 |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        server, floor, cpu = r["server_ms"], r["floor_ms"], r["app_cpu_ms"]
        queries = "–".join(str(n) for n in sorted({min(r["queries_per_request"]), max(r["queries_per_request"])}))
        lines.append(f"| {name} | {server['median']:.1f} | {server['p95']:.1f} | {server['min']:.1f}–"
                     f"{server['max']:.1f} | {cpu['median']:.1f} / {cpu['p95']:.1f} | {queries} "
                     f"| {floor['median']:.2f} | {floor['p95']:.2f} | {r['ratio_p95']:.1f} |")
    lines.append(f"\n{iterations} requests a scenario after {warmup} warm-up; dataset {about.get('dataset')}; "
                 f"load average {load_before[0]:.2f} before, {report['load_average']['after'][0]:.2f} after.")
    table = "\n".join(lines) + "\n"
    path.with_suffix(".md").write_text(table)
    print(table)
    missed = [name for name, r in results.items() if r["server_ms"]["p95"] > targets_ms[name]]
    for name in missed:
        print(f"  TARGET MISSED {name}: p95 {results[name]['server_ms']['p95']:.1f} ms > {targets_ms[name]} ms")
    return 1 if missed else 0
