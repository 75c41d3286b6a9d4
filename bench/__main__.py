"""`make bench`: performance figures against their targets, on a scratch database (`pagu_bench`).

Each benchmark prints what it measured, the target from its issue, and the ratio (measured / target;
below 1.0 meets the target). Benchmarks never run in `make test`.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "pagu_bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def report(name: str, value: float, unit: str, target: float | None = None) -> None:
    ratio = f"  target {target:g} {unit}  ratio {value / target:.2f}" if target else ""
    print(f"{name:<58} {value:>10.1f} {unit}{ratio}", flush=True)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def bench_reference_import() -> None:
    from reference.importers import reference_import
    from reference.models import ReferenceVersion

    nomenclature = SHARED_DATA / "nomenklatur" / "kepmendagri_900.1.15.5-1317_2023_kabkota.csv"
    if not nomenclature.is_file():
        print("reference import: official files absent, skipped")
        return
    ReferenceVersion.objects.filter(legal_basis="bench").delete()
    seconds = timed(
        lambda: reference_import(
            kind="nomenklatur",
            file=nomenclature,
            filename=nomenclature.name,
            legal_basis="bench",
            tahun_mulai=2090,
            tahun_selesai=2090,
            pemda_level="KABKOT",
        )
    )
    report("import nomenclature, 4,367 rows", seconds * 1000, "ms")
    ReferenceVersion.objects.filter(legal_basis="bench").delete()


def bench_api_reads() -> None:
    from rest_framework.test import APIClient

    from organisation.models import User

    client = APIClient(SERVER_NAME="127.0.0.1")
    client.force_authenticate(User.objects.get(username="bappeda"))
    for name, url in [
        ("GET /api/nomenklatur/?q=pendidikan", "/api/nomenklatur/?q=pendidikan"),
        ("GET /api/perangkat-daerah/", "/api/perangkat-daerah/"),
    ]:
        assert client.get(url).status_code == 200, url
        samples = [timed(lambda url=url: client.get(url)) * 1000 for _ in range(50)]
        report(f"{name} p95 (in-process, 50 calls)", percentile(samples, 95), "ms")


def bench_budgeting() -> None:
    from bench.budgeting import bench_realisasi_http, bench_realisasi_post, bench_sipd_import

    for fmt in ("csv", "xlsx"):
        result = bench_sipd_import(lines=100_000, fmt=fmt)
        report(
            f"import SIPD rincian, 100,000 lines, {fmt} ({result['file_mb']} MB)",
            result["import_seconds"],
            "s",
            60,
        )
    post = bench_realisasi_post(n=2000)
    report("post one realization, service layer, p50", post["p50_ms"], "ms")
    report("post one realization, service layer, p95", post["p95_ms"], "ms", 10)
    http = bench_realisasi_http(clients=8, seconds=20)
    print(f"realization over HTTP, 8 clients: {http}", flush=True)
    report("realization over HTTP, 8 clients: postings/s (target ≥ 300)", http["postings_per_s"], "/s")
    report("realization over HTTP: lost updates (must be 0)", 0 if http["no_lost_updates"] else 1, "")


def bench_load() -> None:
    from bench.load import run

    seconds = float(os.environ.get("LOAD_SECONDS", "180"))
    result = run(seconds=seconds)
    print(
        f"mixed load, {result['clients']} clients (clerks editing lines, treasurers posting), "
        f"{result['seconds']} s: {result['requests']} requests",
        flush=True,
    )
    report("mixed load: requests/s held", result["requests_per_s"], "req/s")
    report("mixed load: p95 latency", result["p95_ms"], "ms")
    report("mixed load: server errors (must be 0)", result["server_errors"], "")
    for (action, status), count in result["answers"].items():
        print(f"  {action:<20} {status}  {count:>8}")
    for check, offending in result["checks"].items():
        print(f"  {'ok  ' if offending == 0 else 'FAIL'} {check}: {offending}")
    lost = sum(result["checks"].values())
    report("mixed load: lost updates and broken invariants (must be 0)", lost, "")


def bench_audit() -> None:
    from bench.audit import bench_audit

    figures = bench_audit(total=int(os.environ.get("AUDIT_EVENTS", "1000000")))
    print(
        f"audit trail grown to 1M events (+{figures.pop('events_added'):,}) in {figures.pop('grow_seconds'):.0f} s"
    )
    for name, ms in figures.items():
        report(f"GET /api/audit-events/, {name}, p95", ms, "ms", 200)


def bench_reports() -> None:
    from bench import reports

    reports.main()


def bench_engines() -> None:
    from bench import engines

    print(
        "report engine against Polars and DuckDB on the synthetic pemda (BENCH_SIZES, default S)", flush=True
    )
    engines.main()


def bench_uploads() -> None:
    """8 concurrent zip-bomb uploads while 4 clients read, against gunicorn with `make run`'s 3 workers."""
    from bench import uploads
    from bench.server import gunicorn

    with gunicorn(workers=3, probe="/api/schema/", headers={}) as base:
        uploads.main([base, "--rounds", os.environ.get("BOMB_ROUNDS", "3")])


def main() -> int:
    from config.database import ensure_database

    ensure_database()
    print(f"database: {connection.settings_dict['NAME']}, python {sys.version.split()[0]}")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    bench_reference_import()
    bench_api_reads()
    bench_audit()
    bench_reports()
    bench_engines()
    bench_uploads()
    bench_budgeting()
    bench_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
