"""Realisasi: posting and voiding entries, the summary SQL, the ceiling setting and the monthly periods."""

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import pgtrigger
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from budgeting.amounts import JUMLAH_LIMIT, SEN
from budgeting.models import (
    EXECUTION_TAHAP,
    PERIODE_LOCK_NAMESPACE,
    Anggaran,
    BatasDpaMode,
    BudgetLine,
    Realisasi,
    RealisasiBulanan,
    RealisasiJenis,
    RealisasiPengaturan,
    RealisasiPeriode,
    Tahap,
    is_receipt,
    jenis_error,
)
from budgeting.selectors import KUNCI_LINES, realisasi_by_kunci
from budgeting.services.guards import _opd_id, _require_pemda
from budgeting.services.history import record_history
from config.errors import Conflict
from organisation.models import PerangkatDaerah, User
from organisation.permissions import allowed, check_access, effective_role
from reference.models import Akun

REALISASI_TABLE = Realisasi._meta.db_table
BULANAN_TABLE = RealisasiBulanan._meta.db_table
# One statement posts an entry and adds it to its line × month total: the entry is inserted unless its number
# is taken (then nothing at all is written), and the total is upserted from what was inserted.
POST_SQL = f"""
WITH sudah AS (
    SELECT COALESCE(SUM(jumlah), 0) AS total FROM {BULANAN_TABLE} WHERE budget_line_id = ANY(%(lines)s)
), entry AS (
    INSERT INTO {REALISASI_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, tanggal, bulan,
        jenis, nomor_dokumen, jumlah, keterangan, melebihi_dpa, is_void, void_alasan, created_by_id, created_at)
    SELECT %(pemda)s, %(anggaran)s, %(unit)s, %(line)s, %(tanggal)s, %(bulan)s, %(jenis)s, %(nomor)s, %(jumlah)s,
        %(keterangan)s, NOT %(receipt)s AND %(jumlah)s > 0 AND sudah.total + %(jumlah)s > %(pagu)s, false, '',
        %(user)s, now()
    FROM sudah WHERE (%(jumlah)s <= 0 OR sudah.total + %(jumlah)s <= %(pagu)s OR %(allow_over)s OR %(receipt)s)
        AND (%(jumlah)s > 0 OR sudah.total + %(jumlah)s >= 0)
    ON CONFLICT (pemda_id, jenis, nomor_dokumen) DO NOTHING
    RETURNING id, created_at, melebihi_dpa, pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah
), total AS (
    INSERT INTO {BULANAN_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah)
    SELECT pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah FROM entry
    ON CONFLICT (budget_line_id, bulan) DO UPDATE SET jumlah = {BULANAN_TABLE}.jumlah + EXCLUDED.jumlah
)
SELECT sudah.total, entry.id, entry.created_at, entry.melebihi_dpa FROM sudah LEFT JOIN entry ON true
"""
PERIODE_TABLE = RealisasiPeriode._meta.db_table
# The line of a post, locked; the select list is kept to what posting needs (this is the hot path). The last
# columns say whether the month of the entry's date (the two first parameters) is closed for the line's pemda, and
# whether the line's stage has been superseded by a later one (a pergeseran or APBD-P applied on it).
LOCK_LINE_SQL = f"""
SELECT l.id, l.pemda_id, l.anggaran_id, l.perangkat_daerah_id, COALESCE(pd.induk_id, pd.id), l.jumlah, a.tahun,
    a.tahap, l.kunci, ak.kode, EXISTS (SELECT 1 FROM {PERIODE_TABLE} p
                      WHERE p.pemda_id = l.pemda_id AND p.tahun = %s AND p.bulan = %s AND p.is_closed),
    EXISTS (SELECT 1 FROM {Anggaran._meta.db_table} s WHERE s.sumber_id = a.id)
FROM {BudgetLine._meta.db_table} l
JOIN {Anggaran._meta.db_table} a ON a.id = l.anggaran_id
JOIN {PerangkatDaerah._meta.db_table} pd ON pd.id = l.perangkat_daerah_id
JOIN {Akun._meta.db_table} ak ON ak.id = l.akun_id
WHERE l.id = %s
FOR NO KEY UPDATE OF l
"""
# The same line (`kunci`) in every stage of the pemda's year: what a DPPA line realized before the shift counts.
SAME_LINE_SQL = f"SELECT l.id {KUNCI_LINES}"
ADD_SQL = f"""
INSERT INTO {BULANAN_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (budget_line_id, bulan) DO UPDATE SET jumlah = {BULANAN_TABLE}.jumlah + EXCLUDED.jumlah
"""


def _period_closed_error(tahun: int, bulan: int) -> Conflict:
    return Conflict(
        f"Periode realisasi {bulan:02d}/{tahun} sudah ditutup (tutup buku); realisasi bertanggal bulan itu tidak "
        f"dapat dicatat, dibatalkan atau diimpor kecuali periodenya dibuka kembali.",
        code="period_closed",
    )


def check_period_open(*, pemda_id: int, tanggal: Any) -> None:
    """409 `period_closed` when the month of `tanggal` is closed for the pemda (the triggers enforce it too)."""
    if RealisasiPeriode.objects.filter(
        pemda_id=pemda_id, tahun=tanggal.year, bulan=tanggal.month, is_closed=True
    ).exists():
        raise _period_closed_error(tanggal.year, tanggal.month)


def check_periods_open(*, pemda_id: int, dates: Iterable[Any]) -> None:
    """`check_period_open` for many dates at once (imports): one query for the distinct months."""
    months = {(tanggal.year, tanggal.month) for tanggal in dates}
    if not months:
        return
    closed = (
        RealisasiPeriode.objects.filter(pemda_id=pemda_id, is_closed=True)
        .filter(Q(*[Q(tahun=tahun, bulan=bulan) for tahun, bulan in months], _connector=Q.OR))
        .order_by("tahun", "bulan")
        .values_list("tahun", "bulan")
        .first()
    )
    if closed is not None:
        raise _period_closed_error(*closed)


@contextlib.contextmanager
def _period_guard(tanggal: Any) -> Iterator[None]:
    """Report the closed-period trigger as 409 `period_closed`: a month closed between the service's own check and
    the write (the close waits for writes in flight, so only a write that started after it gets here)."""
    try:
        yield
    except IntegrityError as error:
        if "period_closed" in str(error):
            raise _period_closed_error(tanggal.year, tanggal.month) from error
        raise


def _locked_line(*, user: User, budget_line: BudgetLine | int) -> BudgetLine:
    """The caller's line, locked (FOR NO KEY UPDATE) so posts on one line queue up and each sees the last total.

    A line outside the caller's pemda or OPD is reported as unknown (400), like a missing one.
    """
    pk = budget_line.pk if isinstance(budget_line, BudgetLine) else budget_line
    lines = BudgetLine.objects.select_related("anggaran", "perangkat_daerah", "akun").select_for_update(
        no_key=True, of=("self",)
    )
    if user.pemda_id is not None:
        lines = lines.filter(pemda_id=user.pemda_id)
    line = lines.filter(pk=pk).first()
    if line is None or (user.is_opd_scoped and _opd_id(line.perangkat_daerah) != user.perangkat_daerah_id):
        raise ValidationError(
            {"budget_line": ValidationError("Rincian DPA tidak dikenal.", code="unknown_line")}
        )
    return line


def realisasi_total(*, budget_line_id: int) -> Decimal:
    """Valid realization of a line so far, from the monthly totals."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(jumlah), 0) FROM {BULANAN_TABLE} WHERE budget_line_id = %s",
            [budget_line_id],
        )
        return cursor.fetchone()[0]


def batas_dpa_mode(*, anggaran: Anggaran) -> str:
    """The over-DPA rule of a document: its own setting, else the pemda's, else refuse."""
    setting = (
        RealisasiPengaturan.objects.filter(pemda_id=anggaran.pemda_id)
        .filter(Q(anggaran=anggaran) | Q(anggaran__isnull=True))
        .order_by(models.F("anggaran").asc(nulls_last=True))
        .values_list("batas_dpa", flat=True)
        .first()
    )
    return setting or BatasDpaMode.TOLAK


def _check_ceiling(line: BudgetLine, jumlah: Decimal) -> bool:
    """Whether adding `jumlah` takes the (locked) line above its DPA amount: 400 `over_dpa`, or True (flag) in
    `tandai` mode. Lowering the realization, and any receipt, is always accepted."""
    if jumlah <= 0 or is_receipt(line.akun.kode):
        return False
    sudah = realisasi_total(budget_line_id=line.pk)
    after = sudah + jumlah
    if after <= line.jumlah:
        return False
    if batas_dpa_mode(anggaran=line.anggaran) == BatasDpaMode.TANDAI:
        return True
    raise ValidationError(
        {
            "jumlah": ValidationError(
                f"Realisasi melampaui pagu DPA rincian: pagu Rp {line.jumlah:,}, sudah terealisasi Rp {sudah:,}, "
                f"realisasi ini Rp {jumlah:,}, total Rp {after:,} (lebih Rp {after - line.jumlah:,}).",
                code="over_dpa",
            )
        }
    )


def _signed(jenis: str, jumlah: Decimal) -> Decimal:
    if jenis not in RealisasiJenis.values:
        raise ValidationError(
            {"jenis": ValidationError(f"Jenis dokumen '{jenis}' tidak dikenal.", code="invalid")}
        )
    if jumlah == 0 or jumlah.copy_abs() >= JUMLAH_LIMIT or jumlah != jumlah.quantize(SEN):
        raise ValidationError(
            {"jumlah": ValidationError("Jumlah harus bukan nol, paling banyak dua desimal.", code="invalid")}
        )
    if jenis == RealisasiJenis.PENGEMBALIAN:
        return -jumlah.copy_abs()
    if jumlah < 0:
        raise ValidationError(
            {"jumlah": ValidationError("Hanya pengembalian yang bernilai negatif.", code="invalid_sign")}
        )
    return jumlah


def realisasi_post(
    *,
    user: User,
    budget_line: BudgetLine | int,
    tanggal: Any,
    jenis: str,
    nomor_dokumen: str,
    jumlah: Decimal,
    keterangan: str = "",
    savepoint: bool = True,
) -> Realisasi:
    """Post a realization entry on a DPA / DPPA line and add it to the line's monthly total, atomically.

    Payments (belanja, pengeluaran pembiayaan) are SP2D / SPJ documents under the DPA ceiling; receipts (pendapatan,
    penerimaan pembiayaan) are STS / bukti penerimaan with no ceiling (revenue may exceed its target); the other
    document on a side is 400 `jenis_not_for_akun`; a pengembalian is negative on either side.

    The line is locked first (FOR NO KEY UPDATE), so the DPA ceiling holds however many posts race for it; then
    one statement checks the ceiling against the monthly totals, inserts the entry and upserts its total. Posts go
    to the line of the current execution stage (a superseded DPA is 409 `stage_superseded`), and its ceiling
    counts what was realized on the same line (`kunci`) in the earlier stages of the year; a return above that
    net realization is 400 `pengembalian_melebihi_realisasi` (a line's total never goes negative). A taken
    document number (per pemda and jenis) is 400 `duplicate_document`; a pengembalian is stored negative. Two
    statements on the common path (raw SQL: this is the hot path of the system). It runs in its own transaction
    (a savepoint inside the caller's), or with `savepoint=False` as part of the caller's transaction, which then
    must roll back on error: the API's request transaction does.
    """
    with transaction.atomic(savepoint=savepoint):
        if not allowed(effective_role(user), "realisasi", "w"):
            raise PermissionDenied("Peran Anda tidak diizinkan mencatat realisasi.")
        jumlah = _signed(jenis, jumlah)
        nomor_dokumen = (nomor_dokumen or "").strip()
        if not nomor_dokumen or len(nomor_dokumen) > 100:
            raise ValidationError(
                {"nomor_dokumen": ValidationError("Nomor dokumen wajib (≤ 100).", code="required")}
            )
        pk = budget_line.pk if isinstance(budget_line, BudgetLine) else budget_line
        with connection.cursor() as cursor:
            cursor.execute(LOCK_LINE_SQL, [tanggal.year, tanggal.month, pk])
            found = cursor.fetchone()
            if found is None or (user.pemda_id is not None and found[1] != user.pemda_id):
                found = None
            if found is None or (user.is_opd_scoped and found[4] != user.perangkat_daerah_id):
                raise ValidationError(
                    {"budget_line": ValidationError("Rincian DPA tidak dikenal.", code="unknown_line")}
                )
            (
                line_id,
                pemda_id,
                anggaran_id,
                unit_id,
                _,
                pagu,
                tahun,
                tahap,
                kunci,
                akun_kode,
                closed,
                superseded,
            ) = found
            if reason := jenis_error(jenis, akun_kode):
                raise ValidationError({"jenis": ValidationError(reason, code="jenis_not_for_akun")})
            if tahap not in EXECUTION_TAHAP:
                raise ValidationError(
                    {
                        "budget_line": ValidationError(
                            "Rincian bukan dari dokumen DPA / DPPA.", code="not_execution_stage"
                        )
                    }
                )
            if superseded:
                raise Conflict(
                    "Dokumen rincian ini sudah digantikan hasil pergeseran / perubahan; catat realisasi pada "
                    "rincian dokumen terkini.",
                    code="stage_superseded",
                )
            if tanggal.year != tahun:
                raise ValidationError(
                    {
                        "tanggal": ValidationError(
                            f"Tanggal {tanggal:%d-%m-%Y} di luar tahun anggaran {tahun}.",
                            code="tanggal_outside_year",
                        )
                    }
                )
            if closed:
                raise _period_closed_error(tanggal.year, tanggal.month)
            lines = [line_id]
            if tahap != Tahap.DPA:  # a DPPA line: its DPA ceiling counts the earlier stages' realization too
                cursor.execute(SAME_LINE_SQL, [pemda_id, tahun, [kunci]])
                lines = [row[0] for row in cursor.fetchall()]
            params = {
                "line": line_id, "pemda": pemda_id, "anggaran": anggaran_id, "unit": unit_id, "tanggal": tanggal,
                "bulan": tanggal.month, "jenis": jenis, "nomor": nomor_dokumen, "jumlah": jumlah,
                "keterangan": keterangan[:500], "pagu": pagu, "user": user.pk, "allow_over": False,
                "receipt": is_receipt(akun_kode), "lines": lines,
            }  # fmt: skip
            with _period_guard(tanggal):
                cursor.execute(POST_SQL, params)
            sudah, entry_id, created_at, melebihi = cursor.fetchone()
            if entry_id is None and sudah + jumlah < 0:
                raise ValidationError(
                    {
                        "jumlah": ValidationError(
                            f"Pengembalian Rp {-jumlah:,} melebihi realisasi bersih rincian ini Rp {sudah:,}.",
                            code="pengembalian_melebihi_realisasi",
                        )
                    }
                )
            over = jumlah > 0 and sudah + jumlah > pagu
            if entry_id is None and over:
                if (
                    batas_dpa_mode(anggaran=Anggaran(pk=anggaran_id, pemda_id=pemda_id))
                    != BatasDpaMode.TANDAI
                ):
                    after = sudah + jumlah
                    raise ValidationError(
                        {
                            "jumlah": ValidationError(
                                f"Realisasi melampaui pagu DPA rincian: pagu Rp {pagu:,}, sudah terealisasi Rp {sudah:,}, "
                                f"realisasi ini Rp {jumlah:,}, total Rp {after:,} (lebih Rp {after - pagu:,}).",
                                code="over_dpa",
                            )
                        }
                    )
                with _period_guard(tanggal):
                    cursor.execute(POST_SQL, {**params, "allow_over": True})
                sudah, entry_id, created_at, melebihi = cursor.fetchone()
        if entry_id is None:
            raise ValidationError(
                {
                    "nomor_dokumen": ValidationError(
                        f"Nomor dokumen {nomor_dokumen} ({RealisasiJenis(jenis).label}) sudah tercatat.",
                        code="duplicate_document",
                    )
                }
            )
        return Realisasi(
            pk=entry_id, created_at=created_at, pemda_id=pemda_id, anggaran_id=anggaran_id, perangkat_daerah_id=unit_id,
            budget_line_id=line_id, tanggal=tanggal, bulan=tanggal.month, jenis=jenis, nomor_dokumen=nomor_dokumen,
            jumlah=jumlah, keterangan=keterangan[:500], melebihi_dpa=melebihi, created_by=user,
        )  # fmt: skip


def _locked_net_realisasi(*, budget_line_id: int) -> Decimal:
    """The valid realization of a line over every stage of its year (its `kunci`), with those lines locked FOR NO
    KEY UPDATE (id order) as a post locks its line, so posts and voids on the line queue up."""
    pemda_id, tahun, kunci = BudgetLine.objects.values_list("pemda_id", "anggaran__tahun", "kunci").get(
        pk=budget_line_id
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id {KUNCI_LINES} ORDER BY l.id FOR NO KEY UPDATE OF l", [pemda_id, tahun, [kunci]]
        )
    return realisasi_by_kunci(pemda_id=pemda_id, tahun=tahun, kunci=[kunci]).get(kunci, Decimal(0))


@transaction.atomic
def realisasi_void(*, user: User, realisasi: Realisasi, alasan: str) -> Realisasi:
    """Cancel an entry (with a reason) and take it out of its monthly total; the entry stays, marked void."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ValidationError("Alasan pembatalan wajib diisi.", code="required")})
    entry = Realisasi.objects.select_for_update().get(pk=realisasi.pk)
    check_access(
        user=user,
        resource="realisasi",
        letter="w",
        pemda_id=entry.pemda_id,
        opd_ids=[_opd_id(PerangkatDaerah.objects.get(pk=entry.perangkat_daerah_id))],
    )
    if entry.is_void:
        raise Conflict(f"Realisasi {entry.nomor_dokumen} sudah dibatalkan.", code="already_void")
    check_period_open(pemda_id=entry.pemda_id, tanggal=entry.tanggal)
    if entry.jumlah < 0:  # cancelling a return raises the realization again: the ceiling applies
        line = _locked_line(user=user, budget_line=entry.budget_line_id)
        _check_ceiling(line, -entry.jumlah)
    else:  # cancelling a payment a return already offsets would leave the line negative
        sudah = _locked_net_realisasi(budget_line_id=entry.budget_line_id)
        if sudah - entry.jumlah < 0:
            raise ValidationError(
                {
                    "jumlah": ValidationError(
                        f"Pembatalan Rp {entry.jumlah:,} membuat realisasi bersih rincian negatif (sudah "
                        f"terealisasi Rp {sudah:,}); batalkan dulu pengembaliannya.",
                        code="pembatalan_melebihi_realisasi",
                    )
                }
            )
    entry.is_void = True
    entry.void_alasan = alasan[:500]
    entry.voided_at = timezone.now()
    entry.voided_by = user
    with _period_guard(entry.tanggal), connection.cursor() as cursor:
        cursor.execute(
            ADD_SQL,
            [entry.pemda_id, entry.anggaran_id, entry.perangkat_daerah_id, entry.budget_line_id, entry.bulan,
             -entry.jumlah],
        )  # fmt: skip
        entry.save(update_fields=["is_void", "void_alasan", "voided_at", "voided_by"])
    return entry


def realisasi_rebuild(*, anggaran: Anggaran) -> int:
    """Recompute a document's monthly totals from its valid entries (repair; reports never need it).

    Closed months are left as they are: their entries cannot have changed since the close."""
    closed = list(
        RealisasiPeriode.objects.filter(
            pemda_id=anggaran.pemda_id, tahun=anggaran.tahun, is_closed=True
        ).values_list("bulan", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {BULANAN_TABLE} WHERE anggaran_id = %s AND NOT bulan = ANY(%s)",
            [anggaran.pk, closed],
        )
        cursor.execute(
            f"INSERT INTO {BULANAN_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah) "
            f"SELECT pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, SUM(jumlah) "
            f"FROM {REALISASI_TABLE} WHERE anggaran_id = %s AND NOT is_void AND NOT bulan = ANY(%s) "
            f"GROUP BY pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan",
            [anggaran.pk, closed],
        )
        return cursor.rowcount


@transaction.atomic
def realisasi_pengaturan_set(*, user: User, anggaran: Anggaran | None, batas_dpa: str) -> RealisasiPengaturan:
    """Set the over-DPA rule of the caller's pemda (`anggaran` None) or of one document, creating or updating."""
    pemda_id = _require_pemda(user).pk if anggaran is None else anggaran.pemda_id
    setting = (
        RealisasiPengaturan.objects.select_for_update()
        .filter(pemda_id=pemda_id, anggaran=anggaran)
        .order_by("pk")
        .first()
    )
    if setting is None:
        return realisasi_pengaturan_save(user=user, anggaran=anggaran, batas_dpa=batas_dpa)
    return realisasi_pengaturan_save(user=user, instance=setting, batas_dpa=batas_dpa)


@transaction.atomic
def realisasi_pengaturan_save(
    *,
    user: User,
    instance: RealisasiPengaturan | None = None,
    version: int | None = None,
    anggaran: Anggaran | None = None,
    batas_dpa: str | None = None,
) -> RealisasiPengaturan:
    """Create or change one over-DPA rule: the pemda's default (`anggaran` empty) or a DPA / DPPA document's.

    One rule per pemda default and per document (a second one is 400 `duplicate`); the document of a rule is
    fixed once created (`anggaran` is read on creation only). BPKAD / TAPD (`realisasi-pengaturan` write).
    """
    setting = instance or RealisasiPengaturan(anggaran=anggaran)
    if batas_dpa is not None:
        setting.batas_dpa = batas_dpa
    anggaran = setting.anggaran
    pemda_id = anggaran.pemda_id if anggaran is not None else (setting.pemda_id or _require_pemda(user).pk)
    check_access(user=user, resource="realisasi-pengaturan", letter="w", pemda_id=pemda_id)
    setting.pemda_id = pemda_id
    if anggaran is not None and anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {
                "anggaran": ValidationError(
                    f"{anggaran} bukan dokumen pelaksanaan (DPA / DPPA).", code="not_execution_stage"
                )
            }
        )
    setting.full_clean(exclude=["pemda", "anggaran"], validate_unique=False, validate_constraints=False)
    if (
        RealisasiPengaturan.objects.filter(pemda_id=pemda_id, anggaran=anggaran)
        .exclude(pk=setting.pk)
        .exists()
    ):
        where = f"dokumen {anggaran}" if anggaran is not None else "pemda (bawaan)"
        raise ValidationError(
            {
                "anggaran": ValidationError(
                    f"Pengaturan realisasi untuk {where} sudah ada; ubah yang ada.", code="duplicate"
                )
            }
        )
    if instance is not None:
        setting.version = version if version is not None else setting.version + 1
    setting.save()
    return setting


# ---------------------------------------------------------------- tutup buku realisasi (monthly period lock)


@transaction.atomic
def realisasi_periode_close(*, user: User, tahun: int, bulan: int, alasan: str = "") -> RealisasiPeriode:
    """Close month `bulan` of budget year `tahun` for the caller's pemda (BPKAD), or close a reopened one again.

    Takes the pemda's period lock exclusively first, so the close waits for realization writes in flight and
    every later write sees it. Closing a closed month is 400 `already_closed`.
    """
    pemda = _require_pemda(user)
    check_access(user=user, resource="realisasi-periode", letter="w", pemda_id=pemda.pk)
    row = RealisasiPeriode(pemda=pemda, tahun=tahun, bulan=bulan, alasan=(alasan or "").strip()[:500])
    row.full_clean(exclude=["pemda", "changed_by"], validate_unique=False, validate_constraints=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PERIODE_LOCK_NAMESPACE, pemda.pk])
    existing = (
        RealisasiPeriode.objects.select_for_update().filter(pemda=pemda, tahun=tahun, bulan=bulan).first()
    )
    if existing is not None:
        if existing.is_closed:
            raise ValidationError(
                {
                    "bulan": ValidationError(
                        f"Periode realisasi {bulan:02d}/{tahun} sudah ditutup.", code="already_closed"
                    )
                }
            )
        existing.version += 1
        existing.alasan = row.alasan
        row = existing
    row.is_closed = True
    row.changed_by = user
    row.save()
    return row


@transaction.atomic
def realisasi_periode_reopen(
    *, user: User, periode: RealisasiPeriode, alasan: str, version: int | None = None
) -> RealisasiPeriode:
    """Reopen a closed month (BPKAD / admin), with a reason; the change is recorded in the audit trail."""
    check_access(user=user, resource="realisasi-periode", letter="w", pemda_id=periode.pemda_id)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan": ValidationError("Alasan pembukaan kembali wajib diisi.", code="required")}
        )
    if not periode.is_closed:
        raise Conflict(
            f"Periode realisasi {periode.bulan:02d}/{periode.tahun} tidak sedang ditutup.",
            code="already_open",
        )
    periode.is_closed = False
    periode.alasan = alasan[:500]
    periode.changed_by = user
    periode.version = version if version is not None else periode.version + 1
    periode.save()
    return periode


def realisasi_bulk_insert(rows: Sequence[tuple]) -> list[int]:
    """Insert realization entries set-based and add them to the monthly totals with one upsert per (line, month).

    `rows`: (pemda, anggaran, unit, line, tanggal, jenis, nomor, jumlah, keterangan, melebihi, created_by).
    The pghistory row trigger is replaced by one set-based history insert. Entries whose number is taken are
    skipped (ON CONFLICT DO NOTHING): the caller compares the count returned with what it sent. The caller
    holds the transaction (and the line locks).
    """
    if not rows:
        return []
    for pemda_id in {row[0] for row in rows}:
        check_periods_open(pemda_id=pemda_id, dates=[row[4] for row in rows if row[0] == pemda_id])
    columns = [list(column) for column in zip(*rows, strict=True)]
    months = [tanggal.month for tanggal in columns[4]]
    with pgtrigger.ignore("budgeting.Realisasi:insert_insert"), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {REALISASI_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, tanggal, "
            f"bulan, jenis, nomor_dokumen, jumlah, keterangan, melebihi_dpa, created_by_id, is_void, void_alasan, "
            f"created_at) SELECT u.*, false, '', now() FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], "
            f"%s::bigint[], %s::date[], %s::smallint[], %s::varchar[], %s::varchar[], %s::numeric[], %s::varchar[], "
            f"%s::boolean[], %s::bigint[]) AS u ON CONFLICT (pemda_id, jenis, nomor_dokumen) DO NOTHING RETURNING id",
            [*columns[:5], months, *columns[5:]],
        )
        ids = [row[0] for row in cursor.fetchall()]
        record_history(model=Realisasi, label="insert", where="id = ANY(%s)", params=[ids])
        cursor.execute(
            f"INSERT INTO {BULANAN_TABLE} (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, jumlah) "
            f"SELECT pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan, SUM(jumlah) "
            f"FROM {REALISASI_TABLE} WHERE id = ANY(%s) "
            f"GROUP BY pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, bulan "
            f"ON CONFLICT (budget_line_id, bulan) DO UPDATE SET jumlah = {BULANAN_TABLE}.jumlah + EXCLUDED.jumlah",
            [ids],
        )
    _check_returns_covered(rows)
    return ids


def _check_returns_covered(rows: Sequence[tuple]) -> None:
    """400 `pengembalian_melebihi_realisasi` when the returns among `rows` (already added) leave a line's net
    realization (its `kunci` over the year's stages) negative; the caller's transaction then writes nothing."""
    returned = {row[3] for row in rows if row[7] < 0}
    if not returned:
        return
    keys = BudgetLine.objects.filter(pk__in=returned).values_list("pemda_id", "anggaran__tahun", "kunci")
    by_year: dict[tuple[int, int], list[uuid.UUID]] = {}
    for pemda_id, tahun, kunci in keys:
        by_year.setdefault((pemda_id, tahun), []).append(kunci)
    for (pemda_id, tahun), kunci in by_year.items():
        realized = realisasi_by_kunci(pemda_id=pemda_id, tahun=tahun, kunci=kunci)
        negative = [total for total in realized.values() if total < 0]
        if negative:
            raise ValidationError(
                {
                    "jumlah": ValidationError(
                        f"Pengembalian melebihi realisasi bersih pada {len(negative)} rincian (realisasi bersih "
                        f"terendah Rp {min(negative):,}); tidak ada yang dicatat.",
                        code="pengembalian_melebihi_realisasi",
                    )
                }
            )
