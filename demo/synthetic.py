"""A synthetic pemda at national scale for the benchmarks: `manage.py generate_synthetic --size S|M|L`.

Each size is its own pemda (S 98.01, M 98.02, L 98.03) on the demo's reference lists, with one DPA of the year
whose lines, anggaran kas, realization entries, running totals and monthly physical progress agree with each
other as the real ones must: Σ anggaran kas = the line, Σ entries per line × month = the running total, no line
realized above its amount, progress that never falls. The rows are made in the database, set-based
(`INSERT … SELECT` over `generate_series`: nothing crosses the wire row by row), with the history and stage
triggers set aside as the SIPD import does for its bulk writes; the numbers are a fixed function of the row number,
so a size is the same pemda on every machine.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import pgtrigger
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from budgeting.models import (
    Anggaran,
    AnggaranKas,
    AnggaranStatus,
    BudgetLine,
    Realisasi,
    RealisasiBulanan,
    RealisasiFisik,
    Tahap,
)
from budgeting.services import bulk_line_writes, execution_line_writes
from demo.reference import reference_demo_load
from organisation.models import Pemda, PemdaLevel, PerangkatDaerah, Role, User
from reference.codes import instantiate
from reference.models import Akun, Nomenklatur, NomenklaturLevel, ReferenceKind, ReferenceVersion


@dataclass(frozen=True)
class Size:
    kode: str
    opd: int
    sub_per_opd: int
    lines: int
    entries: int


# Sub kegiatan per OPD are bounded by the demo nomenclature's 329 codes (L: 120 OPD × 329 ≈ 39,000).
SIZES = {
    "S": Size("98.01", opd=40, sub_per_opd=50, lines=50_000, entries=250_000),
    "M": Size("98.02", opd=100, sub_per_opd=80, lines=200_000, entries=1_000_000),
    "L": Size("98.03", opd=120, sub_per_opd=329, lines=1_000_000, entries=5_000_000),
}
TAHUN = 2026
MONTHS_REALIZED = 10  # the year as it stands at the end of October
LEADER = "pimpinan.{kode}"

# The per-row history of a bench pemda's rows is not kept (the lines' is set aside by `bulk_line_writes`).
HISTORY = (
    "budgeting.AnggaranKas:insert_insert",
    "budgeting.Realisasi:insert_insert",
    "budgeting.RealisasiFisik:insert_insert",
)
LINE = BudgetLine._meta.db_table
KAS = AnggaranKas._meta.db_table
ENTRY = Realisasi._meta.db_table
TOTAL = RealisasiBulanan._meta.db_table
FISIK = RealisasiFisik._meta.db_table
# A number in [0, n) from the row number: the same on every run (multiplicative hashing, no random state).
MIX = "((({g}) * 2654435761::bigint) %% 4294967291)"  # %% for the driver: the SQL modulo


def _mix(g: str, n: int) -> str:
    return f"({MIX.format(g=g)} %% {n})"


def generate(size_name: str, *, size: Size | None = None, say: Callable[[str], None] = print) -> Pemda:
    """Build the pemda of `size_name` (or of an explicit `size`; nothing to do when it exists) and return it; each
    step is timed in `say`."""
    size = size or SIZES[size_name]
    existing = Pemda.objects.filter(kode=size.kode).first()
    if existing is not None:
        say(f"pemda {size.kode} sudah ada: tidak dibuat ulang")
        return existing
    if not ReferenceVersion.objects.filter(
        kind=ReferenceKind.NOMENKLATUR, pemda_level=PemdaLevel.KABKOTA
    ).exists():
        reference_demo_load()
    started = time.perf_counter()

    def step(name: str, fn: Callable[[], object]) -> None:
        mark = time.perf_counter()
        fn()
        say(f"{name}: {time.perf_counter() - mark:.1f} s")

    with transaction.atomic():
        pemda = Pemda.objects.create(
            kode=size.kode, nama=f"Pemda Sintetis {size_name}", level=PemdaLevel.KABKOTA
        )
        User.objects.create_user(
            username=LEADER.format(kode=size.kode), pemda=pemda, role=Role.LEADER, password=None
        )
        anggaran = Anggaran.objects.create(
            pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA, status=AnggaranStatus.OPEN
        )
        with (
            connection.cursor() as cursor,
            bulk_line_writes(),
            execution_line_writes(),
            pgtrigger.ignore(*HISTORY),
        ):
            step("perangkat daerah dan sub kegiatan", lambda: _units(cursor, pemda, size))
            step(f"{size.lines:,} rincian", lambda: _lines(cursor, pemda, anggaran, size))
            step("anggaran kas", lambda: _anggaran_kas(cursor, anggaran))
            step(f"{size.entries:,} realisasi", lambda: _entries(cursor, pemda, anggaran, size))
            step("realisasi bulanan", lambda: _running_totals(cursor, anggaran))
            step("realisasi fisik", lambda: _fisik(cursor, pemda))
            cursor.execute("DROP TABLE syn_sub, syn_akun")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {LINE}; ANALYZE {KAS}; ANALYZE {ENTRY}; ANALYZE {TOTAL}; ANALYZE {FISIK}")
    say(f"total: {time.perf_counter() - started:.1f} s")
    return pemda


def _units(cursor: CursorWrapper, pemda: Pemda, size: Size) -> None:
    """The OPDs (each on a bidang of the nomenclature, in turn) and their sub kegiatan, in `syn_sub`."""
    version = ReferenceVersion.objects.filter(
        kind=ReferenceKind.NOMENKLATUR, pemda_level=PemdaLevel.KABKOTA, tahun_mulai__lte=TAHUN,
        tahun_selesai__gte=TAHUN,
    ).first()  # fmt: skip
    nodes = list(
        Nomenklatur.objects.filter(version=version, level=NomenklaturLevel.SUB_KEGIATAN)
        .order_by("kode")
        .values_list("pk", "kode")
    )
    bidang = sorted({kode[:4] for _, kode in nodes if not kode.startswith("X")})
    opds = PerangkatDaerah.objects.bulk_create(
        PerangkatDaerah(
            pemda=pemda,
            kode=f"{bidang[n % len(bidang)]}.0.00.0.00.{n // len(bidang) + 1:02d}.0000",
            nama=f"Perangkat Daerah Sintetis {n + 1}",
            singkatan=f"PD{n + 1}",
        )
        for n in range(size.opd)
    )
    rows: list[tuple[int, int, int, str]] = []
    for n, opd in enumerate(opds):
        # the OPD's own sub kegiatan first, then the others in turn, as many as the size gives each OPD
        own = [node for node in nodes if node[1].startswith(opd.kode[:4]) or node[1].startswith("X")]
        rest = [node for node in nodes if node not in own]
        for pk, kode in (own + rest[n % max(len(rest), 1) :] + rest)[: size.sub_per_opd]:
            rows.append((len(rows), opd.pk, pk, instantiate(kode, opd.kode)))
    cursor.execute("CREATE TEMP TABLE syn_sub (n int PRIMARY KEY, opd_id bigint, node_id bigint, kode text)")
    with cursor.copy("COPY syn_sub FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    akun = list(
        Akun.objects.filter(level=6, kode__startswith="5.", version__kind=ReferenceKind.AKUN)
        .filter(version__tahun_mulai__lte=TAHUN, version__tahun_selesai__gte=TAHUN)
        .order_by("kode")
        .values_list("pk", flat=True)
    )
    cursor.execute("CREATE TEMP TABLE syn_akun (n int PRIMARY KEY, akun_id bigint)")
    with cursor.copy("COPY syn_akun FROM STDIN") as copy:
        for n, pk in enumerate(akun):
            copy.write_row((n, pk))


def _lines(cursor: CursorWrapper, pemda: Pemda, anggaran: Anggaran, size: Size) -> None:
    """Lines spread over the sub kegiatan in turn (volume 1–24, harga Rp 25,000–Rp 2,520,000 in Rp 500: about
    Rp 15 million a line, so S is a kabupaten of some Rp 0.75 T), and one transfer line as large as the belanja,
    so the budget balances."""
    cursor.execute("SELECT count(*) FROM syn_sub")
    subs = cursor.fetchone()[0]
    cursor.execute("SELECT count(*) FROM syn_akun")
    akun = cursor.fetchone()[0]
    volume = f"(1 + {_mix('g', 24)})::numeric"
    harga = f"(25000 + 500 * {_mix('g + 7', 4991)})::numeric"
    cursor.execute(
        f"""
        INSERT INTO {LINE} (version, created_at, updated_at, pemda_id, anggaran_id, perangkat_daerah_id, jenis,
            sub_kegiatan_id, sub_kegiatan_kode, akun_id, komponen, kode_standar_harga, harga_satuan, jumlah,
            kelompok, keterangan, volume_1, satuan_1, satuan_2, satuan_3, satuan_4, koefisien, ppn,
            melebihi_plafon, kunci, di_luar_renja)
        SELECT 1, now(), now(), %s, %s, s.opd_id, 'belanja', s.node_id, s.kode, a.akun_id,
               'Komponen sintetis ' || g, '', {harga}, {volume} * {harga}, '', '', {volume}, 'Paket', '', '', '',
               {volume} || ' Paket', 0, false, gen_random_uuid(), false
          FROM generate_series(0, %s - 1) AS g
          JOIN syn_sub s ON s.n = g %% %s
          JOIN syn_akun a ON a.n = {_mix("g + 3", akun)}
        """,
        [pemda.pk, anggaran.pk, size.lines, subs],
    )
    transfer = Akun.objects.filter(kode="4.2.01.01.01.0001", version__kind=ReferenceKind.AKUN).values_list(
        "pk", flat=True
    )[0]
    cursor.execute(
        f"""
        INSERT INTO {LINE} (version, created_at, updated_at, pemda_id, anggaran_id, perangkat_daerah_id, jenis,
            sub_kegiatan_kode, akun_id, komponen, kode_standar_harga, harga_satuan, jumlah, kelompok, keterangan,
            volume_1, satuan_1, satuan_2, satuan_3, satuan_4, koefisien, ppn, melebihi_plafon, kunci,
            di_luar_renja)
        SELECT 1, now(), now(), %s, %s, (SELECT min(opd_id) FROM syn_sub), 'pendapatan', '', %s,
               'Dana Alokasi Umum', '', SUM(jumlah), SUM(jumlah), '', '', 1, 'Tahun', '', '', '', '1 Tahun', 0,
               false, gen_random_uuid(), false
          FROM {LINE} WHERE anggaran_id = %s
        """,
        [pemda.pk, anggaran.pk, transfer, anggaran.pk],
    )


def _anggaran_kas(cursor: CursorWrapper, anggaran: Anggaran) -> None:
    """Twelve months per line: a twelfth each (rounded down to the sen), the rest in December."""
    months = ", ".join(f"bulan_{m}" for m in range(1, 13))
    twelfth = "trunc(l.jumlah / 12, 2)"
    cursor.execute(
        f"""
        INSERT INTO {KAS} (version, created_at, updated_at, pemda_id, anggaran_id, perangkat_daerah_id,
            budget_line_id, {months})
        SELECT 1, now(), now(), l.pemda_id, l.anggaran_id, l.perangkat_daerah_id, l.id,
               {", ".join([twelfth] * 11)}, l.jumlah - 11 * {twelfth}
          FROM {LINE} l WHERE l.anggaran_id = %s
        """,
        [anggaran.pk],
    )


def _entries(cursor: CursorWrapper, pemda: Pemda, anggaran: Anggaran, size: Size) -> None:
    """`entries / lines` payments per line in the realized months, together 30–95 % of the line, by SP2D-LS or
    SPJ-GU, each with its own document number."""
    per_line = max(size.entries // size.lines, 1)
    share = f"(30 + {_mix('l.id', 66)})"
    month = f"(1 + {_mix('l.id * 31 + k', MONTHS_REALIZED)})"
    cursor.execute(
        f"""
        INSERT INTO {ENTRY} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, tanggal, bulan, jenis,
            nomor_dokumen, jumlah, keterangan, melebihi_dpa, is_void, void_alasan, created_at)
        SELECT l.pemda_id, l.anggaran_id, l.perangkat_daerah_id, l.id,
               make_date(%s, {month}::int, (1 + {_mix("l.id + k", 28)})::int), {month},
               CASE WHEN k = 0 THEN 'sp2d_ls' ELSE 'spj_gu' END,
               'SYN/' || l.id || '/' || k, trunc(l.jumlah * {share} / 100 / %s, 2), '', false, false, '', now()
          FROM {LINE} l CROSS JOIN generate_series(0, %s - 1) AS k
         WHERE l.anggaran_id = %s AND l.jenis = 'belanja'
        """,
        [TAHUN, per_line, per_line, anggaran.pk],
    )


def _running_totals(cursor: CursorWrapper, anggaran: Anggaran) -> None:
    cursor.execute(
        f"""
        INSERT INTO {TOTAL} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah)
        SELECT pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, SUM(jumlah)
          FROM {ENTRY} WHERE anggaran_id = %s GROUP BY 1, 2, 3, 4, 5
        """,
        [anggaran.pk],
    )


def _fisik(cursor: CursorWrapper, pemda: Pemda) -> None:
    """Monthly progress per OPD × sub kegiatan, never falling: month × a pace of 6–10 points, at most 100 %."""
    pace = f"(6 + {_mix('s.n', 5)})"
    cursor.execute(
        f"""
        INSERT INTO {FISIK} (version, created_at, updated_at, pemda_id, perangkat_daerah_id, tahun,
            sub_kegiatan_kode, bulan, persen, permasalahan, tindak_lanjut, menurun)
        SELECT 1, now(), now(), %s, s.opd_id, %s, s.kode, m, LEAST(100, m * {pace}), '', '', false
          FROM (SELECT DISTINCT ON (opd_id, kode) * FROM syn_sub) s CROSS JOIN generate_series(1, %s) AS m
        """,
        [pemda.pk, TAHUN, MONTHS_REALIZED],
    )
