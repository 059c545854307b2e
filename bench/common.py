"""Shared set-up for the benchmark scripts: which database, and Django configured against it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dh_bench_data"


def setup_django(database_url: str) -> None:
    """Point Django at `database_url` and set it up (call before importing any model)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    # Production settings (DEBUG off, manifest static files) with the benchmark's own var/ directory,
    # so that its collected static files and generated secret key stay out of the developer's var/.
    os.environ.setdefault("DIEUHANH_VAR_DIR", str(ROOT / "bench" / "results" / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")
    # Keep each benchmark connection open, as a production app process does.
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    import django

    django.setup()


def ensure_database(database_url: str, recreate: bool) -> None:
    """Create the PostgreSQL database named in the URL (dropping it first when `recreate`)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and recreate:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def module_arguments(description: str, default_url: str, name: str, argv=None):
    """The command line of a module's benchmark (bench/grassroots.py, bench/inspections.py)."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=default_url)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / f"{name}.json"))
    parser.add_argument("--wait-for-load", type=float, default=None, metavar="LOAD",
                        help="before timing, wait (up to --wait-minutes) until the 1-minute load average is below LOAD")
    parser.add_argument("--wait-minutes", type=float, default=30)
    return parser.parse_args(argv)
