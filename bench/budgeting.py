"""Budgeting benchmarks (`make bench`): import a generated SIPD rincian export of `lines` rows into a fresh
stage, and post realisasi through the service layer and over HTTP.

The import runs against the configured database inside one transaction that is rolled back, so it leaves nothing
behind. Needs the demo reference lists (loaded here when missing).
"""

import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from budgeting.sipd import write_sipd_file

BENCH_PEMDA = {"kode": "99.98", "nama": "Kabupaten Uji Kinerja", "level": "KABKOT"}


def sipd_rows(
    *,
    tahun: int,
    units: list[tuple[str, str, str, str]],
    sub_kegiatan: dict[str, list[tuple[str, str]]],
    akun: list[tuple[str, str]],
    sumber_dana: list[tuple[str, str]],
    lines: int,
    seed: int = 1,
) -> list[list[object]]:
    """`lines` rows of a SIPD rincian export. `units`: (kode_skpd, nama_skpd, kode_sub_unit, nama_sub_unit);
    `sub_kegiatan`: kode_skpd → [(kode, nama)] of sub kegiatan instantiated for that OPD."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for n in range(lines):
        skpd, skpd_nama, unit, unit_nama = units[n % len(units)]
        sub_kode, sub_nama = rng.choice(sub_kegiatan[skpd])
        parts = sub_kode.split(".")
        akun_kode, akun_nama = rng.choice(akun)
        dana_kode, dana_nama = rng.choice(sumber_dana)
        pagu = Decimal(rng.randrange(1_000_000, 2_000_000_000)) / 100
        rows.append([
            tahun, parts[0], "URUSAN", skpd, skpd_nama, unit, unit_nama, ".".join(parts[:2]), "BIDANG",
            ".".join(parts[:3]), "PROGRAM", ".".join(parts[:5]), "KEGIATAN", sub_kode, sub_nama, dana_kode, dana_nama,
            akun_kode, akun_nama, f"1.1.7.01.{n % 100:02d}.{n % 9999:04d}", f"Komponen {n}", f"{pagu:.2f}",
        ])  # fmt: skip
    return rows


def bench_sipd_import(lines: int = 100_000, fmt: str = "csv") -> dict[str, Any]:
    """Generate a `lines`-row SIPD export (csv or xlsx) in a temporary folder, import it into a fresh stage of a
    scratch pemda, roll everything back, and return the timings in seconds."""
    from budgeting.importers import sipd_import
    from budgeting.models import Anggaran, Tahap
    from demo.organisation import DEMO_OPD
    from demo.reference import YEARS, reference_demo_load
    from organisation.models import Pemda, PerangkatDaerah, Role, User
    from reference.codes import instantiate, opd_bidang_all
    from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
    from reference.selectors import reference_version_in_force

    tahun = YEARS[0] + 2
    if reference_version_in_force(kind=ReferenceKind.AKUN, tahun=tahun) is None:
        reference_demo_load()
    result: dict[str, Any] = {"lines": lines, "format": fmt}
    with transaction.atomic():
        pemda, _ = Pemda.objects.get_or_create(kode=BENCH_PEMDA["kode"], defaults=BENCH_PEMDA)
        nomen = reference_version_in_force(
            kind=ReferenceKind.NOMENKLATUR, tahun=tahun, pemda_level=pemda.level
        )
        subs = list(Nomenklatur.objects.filter(version=nomen, level=5).values_list("kode", "nama"))
        units: list[tuple[str, str, str, str]] = []
        sub_kegiatan: dict[str, list[tuple[str, str]]] = {}
        for kode, nama, _ in DEMO_OPD:
            PerangkatDaerah.objects.get_or_create(pemda=pemda, kode=kode, defaults={"nama": nama})
            bidang = opd_bidang_all(kode)
            own = [(instantiate(k, kode), n) for k, n in subs if k[:4] in bidang or k.startswith("X.XX")]
            sub_kegiatan[kode] = own
            units.append((kode, nama, kode, nama))
        akun = list(
            Akun.objects.filter(
                version=reference_version_in_force(kind=ReferenceKind.AKUN, tahun=tahun),
                level=6,
                kode__startswith="5",
            ).values_list("kode", "nama")
        )
        dana = list(
            SumberDana.objects.filter(
                version=reference_version_in_force(kind=ReferenceKind.SUMBER_DANA, tahun=tahun), level__gte=3
            ).values_list("kode", "nama")
        )
        user = User.objects.create(username="bench-keuangan", pemda=pemda, role=Role.FINANCE)
        last = (
            Anggaran.objects.filter(pemda=pemda, tahun=tahun, tahap=Tahap.PERGESERAN)
            .order_by("-nomor")
            .first()
        )
        stage = Anggaran.objects.create(
            pemda=pemda, tahun=tahun, tahap=Tahap.PERGESERAN, nomor=(last.nomor + 1) if last else 1
        )
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            rows = sipd_rows(
                tahun=tahun, units=units, sub_kegiatan=sub_kegiatan, akun=akun, sumber_dana=dana, lines=lines
            )
            path = write_sipd_file(Path(folder) / f"rincian.{fmt}", rows)
            result["generate_seconds"] = round(time.perf_counter() - started, 2)
            result["file_mb"] = round(path.stat().st_size / 1e6, 1)
            started = time.perf_counter()
            imported = sipd_import(user=user, anggaran=stage, file=path, filename=path.name)
            result["import_seconds"] = round(time.perf_counter() - started, 2)
        result["phases"] = {name: round(value, 2) for name, value in imported.timings.items()}
        result["created"] = imported.created
        result["total"] = str(imported.total)
        transaction.set_rollback(True)
    return result


# ---------------------------------------------------------------- realization posting


def bench_target() -> tuple[Any, Any, list[tuple[int, Decimal]]]:
    """The demo DPA (loaded when missing), its finance user and its belanja lines (id, pagu)."""
    from django.core.management import call_command

    from budgeting.models import Anggaran, BudgetLine, LineJenis, Tahap
    from organisation.models import User

    def dpa() -> Any:
        return (
            Anggaran.objects.filter(tahap=Tahap.DPA, pemda__users__username="keuangan")
            .order_by("-tahun")
            .first()
        )

    anggaran = dpa()
    if anggaran is None:
        call_command("load_demo")
        anggaran = dpa()
    user = User.objects.get(username="keuangan")
    lines = list(
        BudgetLine.objects.filter(
            anggaran=anggaran, jenis=LineJenis.BELANJA, jumlah__gte=10_000_000
        ).values_list("pk", "jumlah")
    )
    return anggaran, user, lines


def bench_cleanup(anggaran: Any, prefix: str) -> None:
    """Remove the benchmark's entries (and their audit rows) and rebuild the document's monthly totals."""
    import pgtrigger
    from django.apps import apps

    from budgeting.models import Realisasi
    from budgeting.services import realisasi_rebuild

    with transaction.atomic(), pgtrigger.ignore("budgeting.Realisasi:delete_delete"):
        entries = Realisasi.objects.filter(anggaran=anggaran, nomor_dokumen__startswith=prefix)
        apps.get_model("budgeting", "RealisasiEvent").objects.filter(
            pgh_obj_id__in=entries.values("pk")
        ).delete()
        entries.delete()
        realisasi_rebuild(anggaran=anggaran)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def consistency(anggaran: Any, prefix: str) -> dict[str, Any]:
    """Summary totals vs entries for the whole document, and the benchmark's own entries."""
    from django.db import connection

    from budgeting.models import Realisasi

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT budget_line_id, bulan, SUM(jumlah) AS s FROM budgeting_realisasi "
            "WHERE anggaran_id = %s AND NOT is_void GROUP BY 1, 2) e FULL JOIN (SELECT budget_line_id, bulan, jumlah "
            "FROM budgeting_realisasibulanan WHERE anggaran_id = %s AND jumlah <> 0) b USING (budget_line_id, bulan) "
            "WHERE e.s IS DISTINCT FROM b.jumlah",
            [anggaran.pk, anggaran.pk],
        )
        mismatched = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM budgeting_budgetline l JOIN (SELECT budget_line_id, SUM(jumlah) s FROM "
            "budgeting_realisasibulanan WHERE anggaran_id = %s GROUP BY 1) b ON b.budget_line_id = l.id "
            "WHERE b.s > l.jumlah",
            [anggaran.pk],
        )
        over = cursor.fetchone()[0]
    mine = Realisasi.objects.filter(anggaran=anggaran, nomor_dokumen__startswith=prefix)
    from django.db.models import Count, Sum

    stats = mine.aggregate(n=Count("id"), total=Sum("jumlah"))
    return {
        "summary_mismatches": mismatched,
        "lines_over_dpa": over,
        "entries": stats["n"],
        "sum": stats["total"],
    }


def bench_realisasi_post(n: int = 2000) -> dict[str, Any]:
    """Post `n` realization entries through `realisasi_post`, each in its own committed transaction, on random
    lines of the demo DPA; p50/p95/p99 in ms (target p95 < 10 ms). The entries are removed afterwards."""
    import datetime
    import uuid

    from budgeting.services import realisasi_post

    anggaran, user, lines = bench_target()
    rng = random.Random(2)
    prefix = f"BENCH-{uuid.uuid4().hex[:8]}-"
    samples: list[float] = []
    try:
        for i in range(n):
            pk, _ = rng.choice(lines)
            started = time.perf_counter()
            realisasi_post(
                user=user,
                budget_line=pk,
                tanggal=datetime.date(anggaran.tahun, 1 + i % 12, 1 + i % 28),
                jenis="sp2d_ls",
                nomor_dokumen=f"{prefix}{i}",
                jumlah=Decimal(rng.randrange(10_000, 500_000)),
            )
            samples.append(time.perf_counter() - started)
        check = consistency(anggaran, prefix)
    finally:
        bench_cleanup(anggaran, prefix)
    return {"posts": n, "lines": len(lines), **_percentiles(samples), **check}


def bench_realisasi_http(clients: int = 8, seconds: float = 20, workers: int = 4) -> dict[str, Any]:
    """Start gunicorn (sync workers) on a free loopback port against the configured database with the demo
    loaded; `clients` threads post realization over HTTP with token auth for `seconds`. Reports postings/s
    (target ≥ 300), latency percentiles and server errors, then checks that nothing was lost: the monthly totals
    equal the entries, and the entries equal what the clients were told was accepted (201). Cleans up after."""
    import datetime
    import threading
    import uuid

    import httpx
    from django.db import connection

    from bench.server import gunicorn
    from organisation.services import auth_token_create

    anggaran, user, lines = bench_target()
    _, key = auth_token_create(user=user, name="bench")
    prefix = f"BENCH-{uuid.uuid4().hex[:8]}-"
    headers = {"Authorization": f"Token {key}"}
    result: dict[str, Any] = {"clients": clients, "seconds": seconds, "workers": workers, "lines": len(lines)}
    try:
        counts = {"accepted": 0, "refused": 0, "server_errors": 0, "other": 0}
        accepted_sum = [Decimal(0)]
        samples: list[float] = []
        lock = threading.Lock()
        month = (
            max(1, min(12, datetime.date.today().month))
            if datetime.date.today().year == anggaran.tahun
            else 12
        )
        with gunicorn(workers=workers, probe="/api/realisasi/?page_size=1", headers=headers) as base:
            stop_at = time.monotonic() + seconds

            def client(n: int) -> None:
                rng = random.Random(n)
                local: list[float] = []
                tally = dict.fromkeys(counts, 0)
                total = Decimal(0)
                with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
                    i = 0
                    while time.monotonic() < stop_at:
                        pk, _ = rng.choice(lines)
                        amount = Decimal(rng.randrange(10_000, 500_000))
                        body = {
                            "budget_line": pk, "tanggal": f"{anggaran.tahun}-{1 + i % month:02d}-{1 + i % 28:02d}",
                            "jenis": "sp2d_ls", "nomor_dokumen": f"{prefix}{n}-{i}", "jumlah": str(amount),
                        }  # fmt: skip
                        started = time.perf_counter()
                        response = http.post("/api/realisasi/", json=body)
                        local.append(time.perf_counter() - started)
                        if response.status_code == 201:
                            tally["accepted"] += 1
                            total += amount
                        elif response.status_code == 400:
                            tally["refused"] += 1
                        elif response.status_code >= 500:
                            tally["server_errors"] += 1
                        else:
                            tally["other"] += 1
                        i += 1
                with lock:
                    samples.extend(local)
                    for key, value in tally.items():
                        counts[key] += value
                    accepted_sum[0] += total

            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 60)
            elapsed = time.perf_counter() - started
        result.update(counts)
        result["postings_per_s"] = round(counts["accepted"] / elapsed, 1)
        result["requests_per_s"] = round(len(samples) / elapsed, 1)
        result.update(_percentiles(samples) if samples else {})
        connection.close()
        check = consistency(anggaran, prefix)
        result.update(check)
        result["accepted_sum"] = str(accepted_sum[0])
        result["no_lost_updates"] = (
            check["summary_mismatches"] == 0
            and check["entries"] == counts["accepted"]
            and (check["sum"] or Decimal(0)) == accepted_sum[0]
        )
    finally:
        bench_cleanup(anggaran, prefix)
    return result


if __name__ == "__main__":  # pragma: no cover
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else "sipd"
    if command == "realization-post":
        print(bench_realisasi_post(int(sys.argv[2]) if len(sys.argv) > 2 else 2000))
    elif command == "realization-http":
        print(
            bench_realisasi_http(
                clients=int(sys.argv[2]) if len(sys.argv) > 2 else 8,
                seconds=float(sys.argv[3]) if len(sys.argv) > 3 else 20,
                workers=int(sys.argv[4]) if len(sys.argv) > 4 else 4,
            )
        )
    else:
        args = sys.argv[2:] if command == "sipd" else sys.argv[1:]
        print(bench_sipd_import(int(args[0]) if args else 100_000, args[1] if len(args) > 1 else "csv"))
