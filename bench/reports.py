"""Report engine figures on the demo: `python -m bench.reports` prints `name: value unit` lines.

Uses the scratch database `pagu_bench` (or `BENCH_DATABASE_NAME`), loading the demo only when it is absent.
"""

import os
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "pagu_bench")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

if TYPE_CHECKING:
    from rest_framework.test import APIClient

    from organisation.models import User

DEMO_PEMDA = "99.01"
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
DASHBOARD_TARGET_MS = 100.0


def line(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def samples(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    from config.database import ensure_database
    from organisation.models import Pemda, User
    from reporting import calculations as calc
    from reporting import excel, frames, selectors

    ensure_database()
    if not Pemda.objects.filter(kode=DEMO_PEMDA).exists():
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = User.objects.get(username="bupati")
    scope = selectors.report_scope(
        user=user, tahun=None, bulan=6, triwulan=None, tahap=None, perangkat_daerah=None, level="sub_kegiatan"
    )
    fscope = scope.frames_scope
    print(f"database: {connection.settings_dict['NAME']}, lines: {len(frames.rfk_lines(fscope))}")

    for reader in ("copy", "cursor"):
        runs = samples(lambda reader=reader: frames.rfk_lines(fscope, reader=reader))
        line(f"rfk line frame via {reader} p50", p(runs, 50), "ms")
    loaded = frames.rfk_frames(fscope, bulan=6)
    line(
        "rfk frames load (lines, fisik, opd) p50",
        p(samples(lambda: frames.rfk_frames(fscope, bulan=6)), 50),
        "ms",
    )

    def engine(levels: tuple[str, ...]) -> None:
        grain = levels if "sub_kegiatan" in levels else calc.LEVELS[:6]
        leaves = calc.rfk_leaves(loaded.lines, loaded.fisik, bulan=6, grain=[calc.key(n) for n in grain])
        calc.rfk_tree(leaves, levels=levels)
        calc.rfk_total(leaves)
        calc.monthly_series(loaded.lines)

    for level in ("opd", "sub_kegiatan", "akun"):
        levels = calc.LEVELS[: calc.LEVELS.index(level) + 1]
        line(
            f"rfk engine to {level} (frames loaded) p50",
            p(samples(lambda levels=levels: engine(levels)), 50),
            "ms",
        )

    from rest_framework.test import APIClient

    client = APIClient(SERVER_NAME="127.0.0.1")
    client.force_authenticate(user)
    for name, query in (
        ("rfk pemda variant (one row per OPD)", "level=opd"),
        ("rfk to sub kegiatan", "level=sub_kegiatan"),
        ("lra", None),
        ("capaian", None),
    ):
        url = f"/api/reports/{name.split()[0]}/?bulan=6" + (f"&{query}" if query else "")
        assert client.get(url).status_code == 200, url
        runs = samples(lambda url=url: client.get(url))
        line(f"{name} JSON over the test client p50", p(runs, 50), "ms")
        line(f"{name} JSON over the test client p95", p(runs, 95), "ms")

    dashboard(user, client)

    report = selectors.report_rfk(scope=selectors.report_scope(
        user=user, tahun=None, bulan=6, triwulan=None, tahap=None, perangkat_daerah=None, level="akun"
    ))  # fmt: skip
    started = time.perf_counter()
    content = excel.rfk_workbook(
        title=["RFK"],
        rows=report.rows,
        total=report.total,
        leaf_depth=len(report.levels) - 1,
        signature=["NIP. "],
    )
    line(f"rfk xlsx at every level to akun ({len(report.rows)} rows, {len(content) // 1024} KiB)",
         (time.perf_counter() - started) * 1000, "ms")  # fmt: skip


def dashboard(user: "User", client: "APIClient") -> None:
    """The leader dashboard (`/api/dashboard/`) in-process, over the test client and over HTTP (gunicorn, one
    worker, token auth), against its target of 100 ms."""
    import httpx

    from bench.server import gunicorn
    from organisation.services import auth_token_create
    from reporting import selectors

    scope = selectors.report_scope(
        user=user, tahun=None, bulan=6, triwulan=None, tahap=None, perangkat_daerah=None, level="opd"
    )
    in_process = samples(lambda: selectors.report_dashboard(scope=scope))
    line("dashboard p50 in-process", p(in_process, 50), "ms")
    line("dashboard p95 in-process", p(in_process, 95), "ms")
    url = "/api/dashboard/?bulan=6"
    assert client.get(url).status_code == 200, url
    test_client = samples(lambda: client.get(url))
    line("dashboard JSON over the test client p50", p(test_client, 50), "ms")
    line("dashboard JSON over the test client p95", p(test_client, 95), "ms")
    headers = {"Authorization": f"Token {auth_token_create(user=user, name='bench')[1]}"}
    connection.close()
    with (
        gunicorn(workers=1, probe=url, headers=headers) as base,
        httpx.Client(base_url=base, headers=headers, timeout=30) as http,
    ):
        over_http = samples(lambda: http.get(url).raise_for_status())
    line("dashboard p50 over HTTP", p(over_http, 50), "ms")
    line("dashboard p95 over HTTP", p(over_http, 95), "ms")
    line("dashboard p95 over HTTP / 100 ms target", p(over_http, 95) / DASHBOARD_TARGET_MS, "ratio", 2)
    line("dashboard p95 in-process / 100 ms target", p(in_process, 95) / DASHBOARD_TARGET_MS, "ratio", 2)
    dashboard_in_chromium(url, headers)


def dashboard_in_chromium(probe: str, headers: dict[str, str]) -> None:
    """The bupati's Beranda in Chromium, navigation to the curve drawn and the ranking filled, at 390 px and
    1366 px (`frontend/scripts/bench-dashboard.mjs`; target 2 s). Needs the built SPA and Debian's chromium."""
    import shutil
    import subprocess

    from django.conf import settings

    from bench.server import gunicorn

    frontend = settings.BASE_DIR / "frontend"
    if not (frontend / "dist" / "index.html").is_file() or shutil.which("chromium") is None:
        print("dashboard in chromium: the built SPA or chromium is absent, skipped")
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    with gunicorn(workers=3, probe=probe, headers=headers) as base:
        subprocess.run(
            ["node", "scripts/bench-dashboard.mjs", "5"],
            cwd=frontend,
            env={**os.environ, "E2E_BASE_URL": base},
            check=True,
        )


if __name__ == "__main__":
    main()
