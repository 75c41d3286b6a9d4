"""Mixed load over HTTP (`make bench`): clerks editing budget lines and treasurers posting realization at the same
time for several minutes, then every invariant that load can break is checked and nothing may be lost.

Clerks (OPD finance officers, two per OPD so they collide on the same lines) work in a scratch open stage copied
from the demo's closed RKA, with its plafon: they read a line, change its volume with `If-Match`, add lines and
delete lines they added. Treasurers post realization on the demo DPA. Every answer is tallied; every write the
server acknowledged is remembered, so afterwards:

- lost updates: each line's version is 1 + the updates acknowledged on it and its jumlah the last acknowledged
  one; acknowledged creations exist, acknowledged deletions do not; realization entries and their sum equal the
  201s and their amounts;
- DESIGN section 6: line totals (jumlah = volumes × harga + PPN, rounded once), ceilings (no plafon exceeded by the
  load), cash plan (Σ anggaran kas = DPA line), spending (monthly summary = entries, no line over its DPA), balance
  (SiLPA ≥ 0) — on the data the load touched and on the whole demo budget;
- audit: every acknowledged line write has its history event, attributed to the clerk who made it.

The scratch stage and the load's users stay out of the demo data: the stage is deleted afterwards.
"""

import datetime
import random
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx
from django.db import connection, transaction

from bench.server import gunicorn


@dataclass
class Tally:
    """What one client saw: answers by (action, status), latencies, and the writes acknowledged."""

    answers: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    latency: list[float] = field(default_factory=list)
    updates: list[tuple[int, int, str]] = field(default_factory=list)  # line, new version, jumlah
    created: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    posted: list[Decimal] = field(default_factory=list)

    def merge(self, other: "Tally") -> None:
        for key, value in other.answers.items():
            self.answers[key] += value
        self.latency += other.latency
        self.updates += other.updates
        self.created += other.created
        self.deleted += other.deleted
        self.posted += other.posted


@dataclass
class Clerk:
    user_id: int
    token: str
    opd_id: int
    lines: list[int]  # the OPD's lines in the scratch stage, shared with the OPD's other clerk
    template: dict[str, Any]  # a line of the OPD to model new lines on


def _scratch_stage() -> Any:
    """An open RKA (next free nomor) copied from the demo's closed RKA, lines and plafon."""
    from budgeting.models import Anggaran, Tahap
    from budgeting.services import anggaran_copy_rows

    source = Anggaran.objects.get(pemda__kode="99.01", tahap=Tahap.RKA, nomor=1)
    nomor = 1 + max(a.nomor for a in Anggaran.objects.filter(pemda=source.pemda, tahap=Tahap.RKA))
    with transaction.atomic():
        stage = Anggaran.objects.create(
            pemda=source.pemda, tahun=source.tahun, tahap=Tahap.RKA, nomor=nomor, keterangan="Uji beban"
        )
        anggaran_copy_rows(source=source, target=stage)
    return stage


def _drop_stage(stage: Any) -> None:
    from budgeting.models import BudgetLine, Plafon

    with transaction.atomic():
        BudgetLine.objects.filter(anggaran=stage).delete()
        Plafon.objects.filter(anggaran=stage).delete()
        stage.delete()


def _clerks(stage: Any, opds: int) -> list[Clerk]:
    """Two OPD finance officers for each of the `opds` OPDs with the most lines (created once, kept); those OPDs'
    ceilings are tightened to their total + Rp 20 juta."""
    from django.db.models import Count, Sum

    from budgeting.models import BudgetLine, LineJenis, Plafon
    from organisation.models import Role, User
    from organisation.services import auth_token_create

    belanja = BudgetLine.objects.filter(anggaran=stage, jenis=LineJenis.BELANJA, perangkat_daerah__induk=None)
    busiest = (
        belanja.values("perangkat_daerah")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("perangkat_daerah", flat=True)[:opds]
    )
    clerks = []
    for opd_id in busiest:
        lines = list(belanja.filter(perangkat_daerah_id=opd_id).order_by("id").values_list("id", flat=True))
        # a ceiling Rp 20 juta above the OPD's total, so that adding lines soon runs into it
        total = belanja.filter(perangkat_daerah_id=opd_id).aggregate(total=Sum("jumlah"))["total"]
        Plafon.objects.filter(
            anggaran=stage, perangkat_daerah_id=opd_id, program_kode="", sub_kegiatan_kode=""
        ).update(jumlah=total + 20_000_000, mode="refuse")
        sample = belanja.filter(perangkat_daerah_id=opd_id).order_by("id").first()
        template = {
            "anggaran": stage.pk, "perangkat_daerah": opd_id, "sub_kegiatan": sample.sub_kegiatan_id,
            "akun": sample.akun_id, "sumber_dana": sample.sumber_dana_id, "satuan_1": "Paket",
            "komponen": "Belanja uji beban",
        }  # fmt: skip
        for n in (1, 2):
            user, _ = User.objects.get_or_create(
                username=f"beban.{opd_id}.{n}",
                defaults={
                    "pemda_id": stage.pemda_id,
                    "perangkat_daerah_id": opd_id,
                    "role": Role.OPD_FINANCE,
                },
            )
            clerks.append(
                Clerk(user.pk, auth_token_create(user=user, name="bench")[1], opd_id, lines, template)
            )
    return clerks


def _clerk(clerk: Clerk, base: str, stop_at: float, seed: int) -> Tally:
    """Read a line and raise or lower its volume with If-Match (60%), add a line (15%), delete a line it added
    (10%), list the OPD's lines (15%)."""
    rng = random.Random(seed)
    tally = Tally()
    mine: list[int] = []
    headers = {"Authorization": f"Token {clerk.token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:

        def call(action: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
            started = time.perf_counter()
            response = http.request(method, url, **kwargs)
            tally.latency.append(time.perf_counter() - started)
            tally.answers[(action, response.status_code)] += 1
            return response

        while time.monotonic() < stop_at:
            roll = rng.random()
            if roll < 0.60:
                pk = rng.choice(clerk.lines[:12])  # a hot set, so the OPD's two clerks collide
                got = call("read line", "GET", f"/api/budget-lines/{pk}/")
                if got.status_code != 200:
                    continue
                volume = max(Decimal(1), Decimal(got.json()["volume_1"]) + rng.choice((-1, 1)))
                response = call(
                    "update line",
                    "PATCH",
                    f"/api/budget-lines/{pk}/",
                    json={"volume_1": str(volume)},
                    headers={"If-Match": got.headers["ETag"]},
                )
                if response.status_code == 200:
                    body = response.json()
                    tally.updates.append((pk, body["version"], body["jumlah"]))
            elif roll < 0.75:
                amount = rng.randrange(50_000, 5_000_000, 1_000)
                response = call(
                    "add line",
                    "POST",
                    "/api/budget-lines/",
                    json={**clerk.template, "volume_1": "1", "harga_satuan": str(amount)},
                )
                if response.status_code == 201:
                    mine.append(response.json()["id"])
                    tally.created.append(mine[-1])
            elif roll < 0.85 and mine:
                pk = mine.pop(rng.randrange(len(mine)))
                response = call(
                    "delete line", "DELETE", f"/api/budget-lines/{pk}/", headers={"If-Match": '"1"'}
                )
                if response.status_code == 204:
                    tally.deleted.append(pk)
            else:
                call(
                    "list lines",
                    "GET",
                    "/api/budget-lines/",
                    params={"anggaran": clerk.template["anggaran"], "perangkat_daerah": clerk.opd_id},
                )
    return tally


def _treasurer(
    token: str, base: str, stop_at: float, seed: int, dpa: Any, lines: list[int], prefix: str
) -> Tally:
    """Post realization on random DPA lines (a few over the line's DPA on purpose, a few reusing a number)."""
    rng = random.Random(seed)
    tally = Tally()
    today = datetime.date.today()
    months = today.month if today.year == dpa.tahun else 12
    with httpx.Client(base_url=base, headers={"Authorization": f"Token {token}"}, timeout=60) as http:
        i = 0
        while time.monotonic() < stop_at:
            over = rng.random() < 0.02
            amount = Decimal(rng.randrange(10_000, 2_000_000)) * (10**7 if over else 1)
            number = f"{prefix}{seed}-{i - 1 if i and rng.random() < 0.02 else i}"
            body = {
                "budget_line": rng.choice(lines),
                "tanggal": f"{dpa.tahun}-{rng.randint(1, months):02d}-{rng.randint(1, 28):02d}",
                "jenis": "sp2d_ls",
                "nomor_dokumen": number,
                "jumlah": str(amount),
            }
            started = time.perf_counter()
            response = http.post("/api/realisasi/", json=body)
            tally.latency.append(time.perf_counter() - started)
            tally.answers[("post realization", response.status_code)] += 1
            if response.status_code == 201:
                tally.posted.append(amount)
            i += 1
    return tally


def _one(sql: str, params: list[Any]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _lost_line_writes(stage: Any, tally: Tally) -> dict[str, int]:
    from budgeting.models import BudgetLine

    acknowledged: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, version, jumlah in tally.updates:
        acknowledged[pk].append((version, jumlah))
    rows = {
        pk: (version, jumlah)
        for pk, version, jumlah in BudgetLine.objects.filter(pk__in=acknowledged).values_list(
            "pk", "version", "jumlah"
        )
    }
    lost = 0
    for pk, acks in acknowledged.items():
        version, jumlah = rows.get(pk, (None, None))
        last_version, last_jumlah = max(acks)
        versions = sorted(v for v, _ in acks)
        if (
            versions != list(range(2, 2 + len(acks)))
            or version != last_version
            or jumlah != Decimal(last_jumlah)
        ):
            lost += 1
    existing = set(
        BudgetLine.objects.filter(anggaran=stage, pk__in=tally.created).values_list("pk", flat=True)
    )
    return {
        "lines whose acknowledged updates are not all there": lost,
        "acknowledged new lines missing": len(set(tally.created) - set(tally.deleted) - existing),
        "acknowledged deletions still there": len(existing & set(tally.deleted)),
    }


def _audit_events(stage: Any, tally: Tally, clerk_ids: list[int]) -> dict[str, int]:
    """History events of the load's line writes: the scratch stage's lines (those deleted included) after the copy,
    by label, and how many lack the acting user in their context."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT e.pgh_label, COUNT(*),
                   COUNT(*) FILTER (WHERE c.metadata IS NULL OR NOT (c.metadata->>'user') = ANY(%s))
            FROM budgeting_budgetlineevent e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id
            WHERE e.anggaran_id = %s AND (e.pgh_label <> 'insert' OR e.pgh_obj_id = ANY(%s))
            GROUP BY 1
            """,
            [[str(pk) for pk in clerk_ids], stage.pk, tally.created],
        )
        rows = cursor.fetchall()
    events = {"insert": 0, "update": 0, "delete": 0, "unattributed": 0}
    for label, count, unattributed in rows:
        events[label] = count
        events["unattributed"] += unattributed
    return events


def _invariants(stage: Any, dpa: Any, prefix: str, tally: Tally, clerk_ids: list[int]) -> dict[str, int]:
    """Offending rows per check (every value must be 0)."""
    from bench.budgeting import consistency
    from budgeting.models import BudgetLine
    from budgeting.services import line_jumlah

    checks = _lost_line_writes(stage, tally)
    realization = consistency(dpa, prefix)
    checks["realization: entries or sum differ from the 201s"] = int(
        (realization["entries"], realization["sum"] or Decimal(0))
        != (len(tally.posted), sum(tally.posted, Decimal(0)))
    )
    wrong = 0
    for line in BudgetLine.objects.filter(anggaran=stage).iterator(chunk_size=2000):
        volumes = [v for v in (line.volume_1, line.volume_2, line.volume_3, line.volume_4) if v is not None]
        wrong += line.jumlah != line_jumlah(volumes=volumes, harga_satuan=line.harga_satuan, ppn=line.ppn)
    checks["totals: line jumlah ≠ volumes × harga + PPN"] = wrong
    checks["ceilings: plafon exceeded by the load"] = _one(
        """
        SELECT COUNT(*) FROM budgeting_plafon p
        JOIN budgeting_plafon s ON s.anggaran_id = %s AND s.perangkat_daerah_id = p.perangkat_daerah_id
            AND s.program_kode = p.program_kode AND s.sub_kegiatan_kode = p.sub_kegiatan_kode
        CROSS JOIN LATERAL (
            SELECT
                COALESCE(SUM(l.jumlah) FILTER (WHERE l.anggaran_id = p.anggaran_id), 0) AS sesudah,
                COALESCE(SUM(l.jumlah) FILTER (WHERE l.anggaran_id = s.anggaran_id), 0) AS sebelum
            FROM budgeting_budgetline l JOIN organisation_perangkatdaerah pd ON pd.id = l.perangkat_daerah_id
            WHERE l.anggaran_id IN (p.anggaran_id, s.anggaran_id) AND l.jenis = 'belanja'
              AND COALESCE(pd.induk_id, pd.id) = p.perangkat_daerah_id
              AND (p.sub_kegiatan_kode = '' OR l.sub_kegiatan_kode = p.sub_kegiatan_kode)
              AND (p.program_kode = '' OR l.sub_kegiatan_kode LIKE p.program_kode || '.%%')
        ) t
        WHERE p.anggaran_id = %s AND p.mode = 'refuse' AND t.sesudah > GREATEST(p.jumlah, t.sebelum)
        """,
        [stage.sumber_id, stage.pk],
    )
    checks["cash plan: Σ anggaran kas ≠ DPA line"] = _one(
        "SELECT COUNT(*) FROM budgeting_anggarankas k JOIN budgeting_budgetline l ON l.id = k.budget_line_id "
        "WHERE l.anggaran_id = %s AND k.bulan_1 + k.bulan_2 + k.bulan_3 + k.bulan_4 + k.bulan_5 + k.bulan_6 "
        "+ k.bulan_7 + k.bulan_8 + k.bulan_9 + k.bulan_10 + k.bulan_11 + k.bulan_12 <> l.jumlah",
        [dpa.pk],
    )
    checks["spending: monthly summary ≠ entries"] = realization["summary_mismatches"]
    checks["spending: line realized above its DPA"] = realization["lines_over_dpa"]
    checks["balance: SiLPA < 0"] = _one(
        "SELECT COUNT(*) FROM (SELECT SUM(CASE WHEN l.jenis = 'belanja' THEN -l.jumlah WHEN l.jenis = 'pendapatan' "
        "THEN l.jumlah WHEN a.kode LIKE '6.1%%' THEN l.jumlah ELSE -l.jumlah END) AS silpa "
        "FROM budgeting_budgetline l JOIN reference_akun a ON a.id = l.akun_id WHERE l.anggaran_id = %s) t "
        "WHERE t.silpa < 0",
        [dpa.pk],
    )
    events = _audit_events(stage, tally, clerk_ids)
    checks["audit: update events ≠ acknowledged updates"] = abs(events["update"] - len(tally.updates))
    checks["audit: insert events ≠ acknowledged new lines"] = abs(events["insert"] - len(tally.created))
    checks["audit: delete events ≠ acknowledged deletions"] = abs(events["delete"] - len(tally.deleted))
    checks["audit: events not attributed to the clerk who wrote"] = events["unattributed"]
    return checks


def run(*, seconds: float = 180, opds: int = 4, treasurers: int = 4, workers: int = 4) -> dict[str, Any]:
    """Run the mixed load for `seconds` against a fresh gunicorn; return the figures and the invariant checks."""
    from bench.budgeting import bench_cleanup, bench_target
    from organisation.services import auth_token_create

    dpa, finance, dpa_lines = bench_target()
    stage = _scratch_stage()
    prefix = f"BEBAN-{uuid.uuid4().hex[:8]}-"
    try:
        clerks = _clerks(stage, opds)
        token = auth_token_create(user=finance, name="bench")[1]
        lines = [pk for pk, _ in dpa_lines]
        connection.close()
        total = Tally()
        lock = threading.Lock()
        with gunicorn(
            workers=workers, probe="/api/anggaran/", headers={"Authorization": f"Token {token}"}
        ) as base:
            stop_at = time.monotonic() + seconds

            def work(target: Any, *args: Any) -> None:
                result = target(*args)
                with lock:
                    total.merge(result)

            threads = [
                threading.Thread(target=work, args=(_clerk, clerk, base, stop_at, n))
                for n, clerk in enumerate(clerks)
            ] + [
                threading.Thread(target=work, args=(_treasurer, token, base, stop_at, n, dpa, lines, prefix))
                for n in range(treasurers)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        checks = _invariants(stage, dpa, prefix, total, [clerk.user_id for clerk in clerks])
    finally:
        _drop_stage(stage)
        bench_cleanup(dpa, prefix)
    latency = sorted(total.latency)
    requests = len(latency)
    return {
        "seconds": round(elapsed, 1),
        "clients": len(clerks) + treasurers,
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "p95_ms": round(latency[int(0.95 * (requests - 1))] * 1000, 1) if requests else None,
        "server_errors": sum(n for (_, status), n in total.answers.items() if status >= 500),
        "answers": dict(sorted(total.answers.items())),
        "checks": checks,
    }
