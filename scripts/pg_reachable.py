"""Exit 0 when the PostgreSQL server in the given DATABASE_URL accepts connections."""

import sys

import psycopg

url = sys.argv[1]
# Connect to the maintenance database: the project database may not exist yet.
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(base, connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
    print(f"PostgreSQL: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
