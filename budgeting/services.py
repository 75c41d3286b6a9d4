"""Writes for budgeting. Every change checks the caller's role and scope, the stage lock and the ceilings here,
so the API, the importers and the demo obey the same rules. File imports live in `budgeting.importers`.
"""

import contextlib
import copy
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import pgtrigger
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from rest_framework import exceptions

from budgeting.models import (
    CEILING_JENIS,
    EXECUTION_TAHAP,
    JENIS_BY_AKUN_ROOT,
    KAS_MONTH_FIELDS,
    PERIODE_LOCK_NAMESPACE,
    TAHAP_ORDER,
    Anggaran,
    AnggaranKas,
    AnggaranOpdLock,
    BatasDpaMode,
    BudgetLine,
    LineJenis,
    Pergeseran,
    PergeseranItem,
    PergeseranJenis,
    PergeseranLingkup,
    PergeseranStatus,
    Plafon,
    PlafonMode,
    Realisasi,
    RealisasiBulanan,
    RealisasiFisik,
    RealisasiIndikator,
    RealisasiJenis,
    RealisasiPengaturan,
    RealisasiPeriode,
    StageStatus,
    StandarHarga,
    Tahap,
)
from budgeting.selectors import plafon_usage
from config.api import Conflict
from organisation.models import Pemda, PerangkatDaerah, User
from organisation.permissions import allowed, effective_role
from planning.codes import instantiate
from reference.codes import nomenklatur_level
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana

SEN = Decimal("0.01")
JUMLAH_LIMIT = Decimal(10) ** 18  # DecimalField(max_digits=20, decimal_places=2)
# Four Decimal(20, 4) volumes, a Decimal(20, 2) price and a percent multiply to at most ~110 significant digits.
EXACT_DIGITS = 150
REPEATING_TAHAP = frozenset({Tahap.PERGESERAN, Tahap.APBD_P})
LINE_FIELDS = (
    "perangkat_daerah", "sub_kegiatan", "akun", "sumber_dana", "kelompok", "keterangan", "komponen",
    "standar_harga", "volume_1", "satuan_1", "volume_2", "satuan_2", "volume_3", "satuan_3", "volume_4",
    "satuan_4", "harga_satuan", "ppn",
)  # fmt: skip


# ---------------------------------------------------------------- amounts


def round_half_up(value: Decimal) -> Decimal:
    """To the sen, halves away from zero (the rounding of the official RKA forms)."""
    return value.quantize(SEN, rounding=ROUND_HALF_UP)


def line_jumlah(*, volumes: Sequence[Decimal], harga_satuan: Decimal, ppn: Decimal = Decimal(0)) -> Decimal:
    """jumlah = round_half_up(volume_1 × … × volume_n × harga_satuan × (1 + ppn / 100), 2).

    The product is formed exactly (at 150 significant digits, more than the inputs can produce) and rounded once,
    half up, to the sen; no intermediate rounding, never float.
    """
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        product = harga_satuan * (100 + ppn)
        for volume in volumes:
            product *= volume
        return round_half_up(product / 100)


def format_volume(value: Decimal) -> str:
    """`2.5000` → `2,5`; `3.0000` → `3`; `10` → `10` (Indonesian decimal comma, no trailing zeros)."""
    return format(value.normalize(), "f").replace(".", ",")


def koefisien_text(factors: Iterable[tuple[Decimal, str]]) -> str:
    """`[(2, "Orang"), (3, "Hari")]` → `"2 Orang x 3 Hari"`."""
    return " x ".join(f"{format_volume(volume)} {satuan}".strip() for volume, satuan in factors)


def _factors(line: BudgetLine) -> list[tuple[Decimal, str]]:
    factors = [(line.volume_1, line.satuan_1)]
    for n in (2, 3, 4):
        volume = getattr(line, f"volume_{n}")
        if volume is not None:
            factors.append((volume, getattr(line, f"satuan_{n}")))
    return factors


def program_of(sub_kegiatan_kode: str) -> str:
    return ".".join(sub_kegiatan_kode.split(".")[:3]) if sub_kegiatan_kode else ""


# ---------------------------------------------------------------- bulk writes with history


@contextlib.contextmanager
def bulk_line_writes() -> Iterator[None]:
    """Bulk inserts and deletes of lines without the per-row pghistory triggers.

    The row triggers cost about half a millisecond a line (most of it attaching the context row by row); inside
    this block the caller records the same events set-based with `record_line_history`, which for 100,000 lines
    takes well under a second. The stage-lock triggers stay active.
    """
    with pgtrigger.ignore("budgeting.BudgetLine:insert_insert", "budgeting.BudgetLine:delete_delete"):
        yield


def record_line_history(*, label: str, where: str, params: Sequence[Any]) -> int:
    """`record_history` of budget lines: used where lines are written with their row triggers ignored."""
    return record_history(model=BudgetLine, label=label, where=where, params=params)


# ---------------------------------------------------------------- access and locks


def _opd_id(perangkat_daerah: PerangkatDaerah) -> int:
    """The OPD a unit belongs to: itself, or the induk of a sub unit."""
    return perangkat_daerah.induk_id or perangkat_daerah.pk


def check_access(
    *, user: User, resource: str, letter: str, pemda_id: int, opd_ids: Iterable[int] = ()
) -> None:
    """The caller's role may do `letter` on `resource`, within their pemda and (OPD roles) their own OPD."""
    if not allowed(effective_role(user), resource, letter):
        raise PermissionDenied("Peran Anda tidak diizinkan melakukan tindakan ini.")
    if user.pemda_id is not None and pemda_id != user.pemda_id:
        raise PermissionDenied("Data milik pemda lain.")
    if user.is_opd_scoped and any(opd_id != user.perangkat_daerah_id for opd_id in opd_ids):
        raise PermissionDenied("Pengguna OPD hanya dapat mengubah data perangkat daerahnya sendiri.")


def check_stage_writable(*, anggaran: Anggaran, opd_id: int | None = None) -> None:
    """409 `stage_closed` for a closed stage, or a closed OPD within an open one (the triggers enforce it too)."""
    status = Anggaran.objects.values_list("status", flat=True).get(pk=anggaran.pk)
    if status == StageStatus.CLOSED:
        raise Conflict(f"Tahap {anggaran} sudah dikunci; datanya tidak dapat diubah.", code="stage_closed")
    if (
        opd_id is not None
        and AnggaranOpdLock.objects.filter(
            anggaran=anggaran, perangkat_daerah_id=opd_id, is_closed=True
        ).exists()
    ):
        raise Conflict(
            f"Perangkat daerah ini sudah dikunci pada tahap {anggaran}; datanya tidak dapat diubah.",
            code="stage_closed",
        )


def _require_pemda(user: User) -> Pemda:
    if user.pemda is None:
        raise ValidationError("Pengguna tanpa pemda tidak dapat membuat data anggaran.", code="no_pemda")
    return user.pemda


# ---------------------------------------------------------------- reference checks


def _in_force(version: Any, *, kind: str, tahun: int, pemda_level: str = "") -> bool:
    return (
        version.kind == kind
        and (kind != ReferenceKind.NOMENKLATUR or version.pemda_level == pemda_level)
        and version.tahun_mulai <= tahun <= version.tahun_selesai
    )


def validate_akun(akun: Akun, *, tahun: int) -> str:
    """The line's jenis (from the akun root); refuses an akun not at level 6 or not of the version in force."""
    if akun.level != 6:
        raise ValidationError(
            {
                "akun": ValidationError(
                    f"Akun {akun.kode} bukan sub rincian objek (level 6).", code="akun_not_level_6"
                )
            }
        )
    if not _in_force(akun.version, kind=ReferenceKind.AKUN, tahun=tahun):
        raise ValidationError(
            {
                "akun": ValidationError(
                    f"Akun {akun.kode} bukan dari versi yang berlaku untuk {tahun}.", code="akun_not_in_force"
                )
            }
        )
    jenis = JENIS_BY_AKUN_ROOT.get(akun.kode[:1])
    if jenis is None:
        raise ValidationError(
            {"akun": ValidationError(f"Akun {akun.kode} bukan akun APBD (4, 5, 6).", code="akun_invalid")}
        )
    return jenis


def validate_sumber_dana(sumber_dana: SumberDana, *, tahun: int) -> None:
    if not _in_force(sumber_dana.version, kind=ReferenceKind.SUMBER_DANA, tahun=tahun):
        raise ValidationError(
            {
                "sumber_dana": ValidationError(
                    f"Sumber dana {sumber_dana.kode} bukan dari versi yang berlaku untuk {tahun}.",
                    code="sumber_dana_not_in_force",
                )
            }
        )


def validate_sub_kegiatan(node: Nomenklatur, *, pemda: Pemda, tahun: int) -> None:
    if node.level != 5 or nomenklatur_level(node.kode) != 5:
        raise ValidationError(
            {"sub_kegiatan": ValidationError(f"{node.kode} bukan sub kegiatan.", code="not_sub_kegiatan")}
        )
    if not _in_force(node.version, kind=ReferenceKind.NOMENKLATUR, tahun=tahun, pemda_level=pemda.level):
        raise ValidationError(
            {
                "sub_kegiatan": ValidationError(
                    f"Sub kegiatan {node.kode} bukan dari nomenklatur {pemda.get_level_display()} yang berlaku untuk {tahun}.",
                    code="sub_kegiatan_not_in_force",
                )
            }
        )


def _validate_standar_harga(line: BudgetLine, item: StandarHarga) -> None:
    anggaran = line.anggaran
    if item.pemda_id != anggaran.pemda_id or item.tahun != anggaran.tahun:
        raise ValidationError(
            {
                "standar_harga": ValidationError(
                    "Standar harga bukan milik pemda/tahun dokumen ini.", code="standar_harga_other"
                )
            }
        )
    if item.is_ceiling and line.harga_satuan > item.harga:
        raise ValidationError(
            {
                "harga_satuan": ValidationError(
                    f"Harga satuan Rp {line.harga_satuan:,} melebihi {item.jenis} '{item.uraian}' Rp {item.harga:,}.",
                    code="price_above_standard",
                )
            }
        )
    allowed_akun = {akun.pk for akun in item.akun.all()}
    if allowed_akun and line.akun_id not in allowed_akun:
        raise ValidationError(
            {
                "akun": ValidationError(
                    f"Akun {line.akun.kode} tidak diizinkan untuk komponen '{item.uraian}'.",
                    code="akun_not_allowed",
                )
            }
        )


# ---------------------------------------------------------------- budget lines


def _prepare_line(line: BudgetLine) -> None:
    """Validate the line against its stage and references; derive jenis, codes, koefisien and jumlah."""
    anggaran = line.anggaran
    pemda = anggaran.pemda
    line.pemda_id = anggaran.pemda_id
    if line.perangkat_daerah.pemda_id != anggaran.pemda_id:
        raise ValidationError(
            {"perangkat_daerah": "Perangkat daerah bukan milik pemda dokumen ini."}, code="other_pemda"
        )
    line.jenis = validate_akun(line.akun, tahun=anggaran.tahun)
    if line.jenis == LineJenis.BELANJA:
        if line.sub_kegiatan is None:
            raise ValidationError(
                {"sub_kegiatan": ValidationError("Belanja wajib menyebut sub kegiatan.", code="required")}
            )
        if line.sumber_dana is None:
            raise ValidationError(
                {"sumber_dana": ValidationError("Belanja wajib menyebut sumber dana.", code="required")}
            )
    if line.sub_kegiatan is not None:
        validate_sub_kegiatan(line.sub_kegiatan, pemda=pemda, tahun=anggaran.tahun)
        opd = line.perangkat_daerah.induk or line.perangkat_daerah
        line.sub_kegiatan_kode = instantiate(line.sub_kegiatan.kode, opd.kode)
    else:
        line.sub_kegiatan_kode = ""
    if line.sumber_dana is not None:
        validate_sumber_dana(line.sumber_dana, tahun=anggaran.tahun)
    item = line.standar_harga
    if item is not None:
        line.harga_satuan = item.harga if line.harga_satuan is None else line.harga_satuan
        line.komponen = line.komponen or item.uraian
        line.satuan_1 = line.satuan_1 or item.satuan
    if line.harga_satuan is None:
        raise ValidationError({"harga_satuan": ValidationError("Harga satuan wajib diisi.", code="required")})
    for n in (2, 3, 4):
        if getattr(line, f"volume_{n}") is None and getattr(line, f"satuan_{n}"):
            raise ValidationError(
                {f"volume_{n}": ValidationError(f"Satuan {n} tanpa volume {n}.", code="required")}
            )
    line.full_clean(
        exclude=["jumlah", "koefisien", "jenis", "sub_kegiatan_kode"],
        validate_unique=False,
        validate_constraints=False,
    )
    if item is not None:
        _validate_standar_harga(line, item)
    factors = _factors(line)
    line.koefisien = koefisien_text(factors)[:255]
    line.jumlah = line_jumlah(volumes=[v for v, _ in factors], harga_satuan=line.harga_satuan, ppn=line.ppn)
    if line.jumlah >= JUMLAH_LIMIT:
        raise ValidationError(
            {"jumlah": ValidationError("Jumlah melebihi batas (Rp 10^18).", code="jumlah_too_large")}
        )


def _lines_in_scope(plafon: Plafon) -> models.QuerySet[BudgetLine]:
    lines = BudgetLine.objects.filter(anggaran_id=plafon.anggaran_id, jenis=LineJenis.BELANJA).filter(
        Q(perangkat_daerah_id=plafon.perangkat_daerah_id)
        | Q(perangkat_daerah__induk_id=plafon.perangkat_daerah_id)
    )
    if plafon.sub_kegiatan_kode:
        return lines.filter(sub_kegiatan_kode=plafon.sub_kegiatan_kode)
    if plafon.program_kode:
        return lines.filter(sub_kegiatan_kode__startswith=plafon.program_kode + ".")
    return lines


def _apply_plafon(line: BudgetLine) -> None:
    """Refuse (or flag, in `warn` mode) a line that takes a ceiling's belanja above it.

    The applicable plafon rows are locked (SELECT … FOR UPDATE) before summing, so concurrent writers under the
    same ceiling queue up and each sees the others' committed lines: the ceiling holds under concurrency.
    Changes that lower the total are always accepted.
    """
    line.melebihi_plafon = False
    if line.jenis != LineJenis.BELANJA:
        return
    opd_id = _opd_id(line.perangkat_daerah)
    applicable = (
        Plafon.objects.select_for_update()
        .filter(anggaran_id=line.anggaran_id, perangkat_daerah_id=opd_id)
        .filter(
            Q(program_kode="", sub_kegiatan_kode="")
            | Q(program_kode=program_of(line.sub_kegiatan_kode), sub_kegiatan_kode="")
            | Q(sub_kegiatan_kode=line.sub_kegiatan_kode)
        )
        .order_by("pk")
    )
    for plafon in applicable:
        lines = _lines_in_scope(plafon)
        before = lines.aggregate(total=Sum("jumlah"))["total"] or Decimal(0)
        others = before
        if line.pk is not None:
            others = lines.exclude(pk=line.pk).aggregate(total=Sum("jumlah"))["total"] or Decimal(0)
        after = others + line.jumlah
        if after <= plafon.jumlah or after <= before:
            continue
        if plafon.mode == "warn":
            line.melebihi_plafon = True
            continue
        scope = plafon.sub_kegiatan_kode or plafon.program_kode or "perangkat daerah"
        raise ValidationError(
            {
                "jumlah": ValidationError(
                    f"Plafon {scope} Rp {plafon.jumlah:,} terlampaui: sudah dianggarkan Rp {others:,}, rincian ini "
                    f"Rp {line.jumlah:,}, total Rp {after:,} (lebih Rp {after - plafon.jumlah:,}).",
                    code="plafon_exceeded",
                )
            }
        )


@transaction.atomic
def budget_line_create(
    *, user: User, anggaran: Anggaran, perangkat_daerah: PerangkatDaerah, **fields: Any
) -> BudgetLine:
    """Add a line to an open stage. `jumlah` is computed, never taken from `fields`."""
    fields.pop("jumlah", None)
    check_access(
        user=user,
        resource="budget-line",
        letter="w",
        pemda_id=anggaran.pemda_id,
        opd_ids=[_opd_id(perangkat_daerah)],
    )
    check_stage_writable(anggaran=anggaran, opd_id=_opd_id(perangkat_daerah))
    line = BudgetLine(anggaran=anggaran, perangkat_daerah=perangkat_daerah)
    for name in LINE_FIELDS:
        if name in fields:
            setattr(line, name, fields[name])
    if "harga_satuan" not in fields:
        line.harga_satuan = None
    _prepare_line(line)
    _apply_plafon(line)
    line.save()
    return line


@transaction.atomic
def budget_line_update(
    *, user: User, line: BudgetLine, version: int | None = None, **fields: Any
) -> BudgetLine:
    """Change a line of an open stage; its stage stays what it was. `version` is the new row version."""
    fields.pop("jumlah", None)
    fields.pop("anggaran", None)
    old_opd = _opd_id(line.perangkat_daerah)
    check_access(user=user, resource="budget-line", letter="w", pemda_id=line.pemda_id, opd_ids=[old_opd])
    check_stage_writable(anggaran=line.anggaran, opd_id=old_opd)
    for name in LINE_FIELDS:
        if name in fields:
            setattr(line, name, fields[name])
    new_opd = _opd_id(line.perangkat_daerah)
    if new_opd != old_opd:
        check_access(user=user, resource="budget-line", letter="w", pemda_id=line.pemda_id, opd_ids=[new_opd])
        check_stage_writable(anggaran=line.anggaran, opd_id=new_opd)
    _prepare_line(line)
    _apply_plafon(line)
    line.version = version if version is not None else line.version + 1
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, user: User, line: BudgetLine) -> None:
    opd_id = _opd_id(line.perangkat_daerah)
    check_access(user=user, resource="budget-line", letter="w", pemda_id=line.pemda_id, opd_ids=[opd_id])
    check_stage_writable(anggaran=line.anggaran, opd_id=opd_id)
    line.delete()


# ---------------------------------------------------------------- ceilings


@transaction.atomic
def plafon_save(
    *, user: User, instance: Plafon | None = None, version: int | None = None, **fields: Any
) -> Plafon:
    """Create or change a ceiling of an open stage: per OPD, or per program / sub kegiatan of the OPD."""
    plafon = instance or Plafon()
    for name in ("anggaran", "perangkat_daerah", "program_kode", "sub_kegiatan_kode", "jumlah", "mode"):
        if name in fields:
            setattr(plafon, name, fields[name])
    anggaran = plafon.anggaran
    opd = plafon.perangkat_daerah
    check_access(user=user, resource="plafon", letter="w", pemda_id=anggaran.pemda_id)
    check_stage_writable(anggaran=anggaran, opd_id=opd.pk)
    if opd.pemda_id != anggaran.pemda_id or opd.induk_id is not None:
        raise ValidationError(
            {"perangkat_daerah": "Plafon ditetapkan per OPD (bukan sub unit) pemda ini."}, code="invalid_opd"
        )
    if plafon.sub_kegiatan_kode:
        if nomenklatur_level(plafon.sub_kegiatan_kode) != 5:
            raise ValidationError(
                {"sub_kegiatan_kode": "Bukan kode sub kegiatan (X.XX.XX.K.XX.XXXX)."}, code="invalid_code"
            )
        plafon.program_kode = program_of(plafon.sub_kegiatan_kode)
    elif plafon.program_kode and nomenklatur_level(plafon.program_kode) != 3:
        raise ValidationError({"program_kode": "Bukan kode program (X.XX.XX)."}, code="invalid_code")
    plafon.pemda_id = anggaran.pemda_id
    if instance is not None:
        plafon.version = version if version is not None else plafon.version + 1
    plafon.full_clean(validate_constraints=False, validate_unique=False)
    if (
        Plafon.objects.filter(
            anggaran=anggaran,
            perangkat_daerah=opd,
            program_kode=plafon.program_kode,
            sub_kegiatan_kode=plafon.sub_kegiatan_kode,
        )
        .exclude(pk=plafon.pk)
        .exists()
    ):
        raise ValidationError("Plafon untuk lingkup ini sudah ada pada tahap ini.", code="plafon_exists")
    plafon.save()
    return plafon


@transaction.atomic
def plafon_delete(*, user: User, plafon: Plafon) -> None:
    check_access(user=user, resource="plafon", letter="w", pemda_id=plafon.pemda_id)
    check_stage_writable(anggaran=plafon.anggaran, opd_id=plafon.perangkat_daerah_id)
    plafon.delete()


# ---------------------------------------------------------------- stages


def _lock_stage(anggaran: Anggaran) -> Anggaran:
    return Anggaran.objects.select_for_update().get(pk=anggaran.pk)


@transaction.atomic
def anggaran_create(*, user: User, tahun: int, tahap: str, nomor: int = 1, keterangan: str = "") -> Anggaran:
    """An empty stage document (the first of a year's chain; later ones come from `anggaran_copy_to_next`)."""
    pemda = _require_pemda(user)
    check_access(user=user, resource="anggaran", letter="w", pemda_id=pemda.pk)
    if Anggaran.objects.filter(pemda=pemda, tahun=tahun, tahap=tahap, nomor=nomor).exists():
        raise Conflict(f"Dokumen {Tahap(tahap).label} {tahun} nomor {nomor} sudah ada.", code="stage_exists")
    anggaran = Anggaran(pemda=pemda, tahun=tahun, tahap=tahap, nomor=nomor, keterangan=keterangan)
    anggaran.full_clean(validate_constraints=False, validate_unique=False)
    anggaran.save()
    return anggaran


@transaction.atomic
def anggaran_update(
    *, user: User, anggaran: Anggaran, keterangan: str, version: int | None = None
) -> Anggaran:
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    anggaran.keterangan = keterangan
    anggaran.version = version if version is not None else anggaran.version + 1
    anggaran.save(update_fields=["keterangan", "version", "updated_at"])
    return anggaran


@transaction.atomic
def anggaran_close(*, user: User, anggaran: Anggaran) -> Anggaran:
    """Close the stage: from now on its lines and ceilings are an immutable snapshot (services and triggers)."""
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    anggaran = _lock_stage(anggaran)
    if anggaran.is_closed:
        raise Conflict(f"Tahap {anggaran} sudah dikunci.", code="stage_closed")
    anggaran.status = StageStatus.CLOSED
    anggaran.closed_at = timezone.now()
    anggaran.closed_by = user
    anggaran.version += 1
    anggaran.save()
    return anggaran


@transaction.atomic
def anggaran_open(*, user: User, anggaran: Anggaran) -> Anggaran:
    """Reopen a closed stage; refused once a later stage was copied from it (that copy's basis must not move)."""
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    anggaran = _lock_stage(anggaran)
    if not anggaran.is_closed:
        raise Conflict(f"Tahap {anggaran} sudah terbuka.", code="stage_open")
    if anggaran.turunan.exists():
        raise Conflict(
            f"Tahap {anggaran} sudah menjadi dasar tahap berikutnya dan tidak dapat dibuka kembali.",
            code="stage_has_successor",
        )
    anggaran.status = StageStatus.OPEN
    anggaran.closed_at = None
    anggaran.closed_by = None
    anggaran.version += 1
    anggaran.save()
    return anggaran


@transaction.atomic
def anggaran_opd_lock(
    *, user: User, anggaran: Anggaran, perangkat_daerah: PerangkatDaerah, is_closed: bool
) -> AnggaranOpdLock:
    """Close (or reopen) one OPD, with its sub units, within an open stage."""
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    anggaran = _lock_stage(anggaran)
    if anggaran.is_closed:
        raise Conflict(f"Tahap {anggaran} sudah dikunci seluruhnya.", code="stage_closed")
    if perangkat_daerah.pemda_id != anggaran.pemda_id or perangkat_daerah.induk_id is not None:
        raise ValidationError(
            {"perangkat_daerah": "Kunci per OPD (bukan sub unit) pemda ini."}, code="invalid_opd"
        )
    lock, _ = AnggaranOpdLock.objects.update_or_create(
        anggaran=anggaran,
        perangkat_daerah=perangkat_daerah,
        defaults={"is_closed": is_closed, "changed_by": user, "pemda_id": anggaran.pemda_id},
    )
    return lock


def _next_stage(anggaran: Anggaran, tahap: str | None) -> tuple[str, int]:
    current = TAHAP_ORDER.index(anggaran.tahap)
    if tahap is None:
        tahap = anggaran.tahap if anggaran.tahap in REPEATING_TAHAP else TAHAP_ORDER[current + 1]
    if tahap not in TAHAP_ORDER:
        raise ValidationError({"tahap": f"Tahap '{tahap}' tidak dikenal."}, code="invalid")
    later = TAHAP_ORDER.index(tahap) > current or (tahap == anggaran.tahap and tahap in REPEATING_TAHAP)
    if not later:
        raise ValidationError(
            {
                "tahap": ValidationError(
                    f"{Tahap(tahap).label} bukan tahap sesudah {anggaran.get_tahap_display()}.",
                    code="stage_order",
                )
            }
        )
    nomor = 1
    if tahap in REPEATING_TAHAP:
        last = Anggaran.objects.filter(pemda_id=anggaran.pemda_id, tahun=anggaran.tahun, tahap=tahap)
        nomor = (last.aggregate(n=Max("nomor"))["n"] or 0) + 1
    return tahap, nomor


def _copy_rows(model: type[models.Model], *, source_id: int, target_id: int) -> int:
    """INSERT … SELECT of a stage's rows into another stage: one statement, whatever the number of rows."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    select = []
    for field in fields:
        if field.name == "anggaran":
            select.append("%s")
        elif field.name == "version":
            select.append("1")
        elif field.name in ("created_at", "updated_at"):
            select.append("now()")
        else:
            select.append(quote(field.column))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT {', '.join(select)} FROM {quote(meta.db_table)} WHERE anggaran_id = %s ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [target_id, source_id])
        return cursor.rowcount


@transaction.atomic
def anggaran_copy_to_next(
    *, user: User, anggaran: Anggaran, tahap: str | None = None, keterangan: str = ""
) -> Anggaran:
    """Start the next stage as a copy of this closed one: every line (same `kunci`) and every plafon.

    The next stage is the following kind in the cycle, or the given `tahap` when later; PERGESERAN and APBD-P
    repeat with the next `nomor`. A stage is the basis of at most one next stage.
    """
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    source = _lock_stage(anggaran)
    if not source.is_closed:
        raise Conflict(f"Kunci tahap {source} sebelum menyalinnya ke tahap berikutnya.", code="stage_open")
    if source.turunan.exists():
        raise Conflict(f"Tahap {source} sudah disalin ke tahap berikutnya.", code="stage_has_successor")
    tahap, nomor = _next_stage(source, tahap)
    if Anggaran.objects.filter(
        pemda_id=source.pemda_id, tahun=source.tahun, tahap=tahap, nomor=nomor
    ).exists():
        raise Conflict(f"Dokumen {Tahap(tahap).label} {source.tahun} sudah ada.", code="stage_exists")
    target = Anggaran.objects.create(
        pemda_id=source.pemda_id,
        tahun=source.tahun,
        tahap=tahap,
        nomor=nomor,
        sumber=source,
        keterangan=keterangan,
    )
    anggaran_copy_rows(source=source, target=target)
    return target


def anggaran_copy_rows(*, source: Anggaran, target: Anggaran) -> None:
    """Copy every line (keeping `kunci`) and every plafon of `source` into the empty stage `target`, set-based."""
    with bulk_line_writes():
        _copy_rows(BudgetLine, source_id=source.pk, target_id=target.pk)
        record_line_history(label="insert", where="anggaran_id = %s", params=[target.pk])
    _copy_rows(Plafon, source_id=source.pk, target_id=target.pk)


# ---------------------------------------------------------------- pergeseran


@dataclass
class ItemChange:
    """One item of a pergeseran: new `volume_1` / `harga_satuan` of `budget_line`, or, without `budget_line`, a
    new line of `perangkat_daerah` (the other fields, validated like `budget_line_create`)."""

    budget_line: BudgetLine | None = None
    volume_1: Decimal | None = None
    harga_satuan: Decimal | None = None
    perangkat_daerah: PerangkatDaerah | None = None
    sub_kegiatan: Nomenklatur | None = None
    akun: Akun | None = None
    sumber_dana: SumberDana | None = None
    standar_harga: StandarHarga | None = None
    komponen: str = ""
    satuan_1: str = ""
    ppn: Decimal | None = None


# Fields of an item that describe a new line; a change of an existing line leaves them empty.
NEW_LINE_FIELDS = ("sub_kegiatan", "akun", "sumber_dana", "standar_harga", "komponen", "satuan_1", "ppn")


def _sesudah(line: BudgetLine, change: PergeseranItem | ItemChange) -> Decimal:
    volumes = [v for v, _ in _factors(line)]
    if change.volume_1 is not None:
        volumes[0] = change.volume_1
    harga = change.harga_satuan if change.harga_satuan is not None else line.harga_satuan
    return line_jumlah(volumes=volumes, harga_satuan=harga, ppn=line.ppn)


def _item_error(number: int, error: ValidationError) -> ValidationError:
    """A line's field errors as errors of item `number` (1-based), codes kept."""
    errors = error.error_dict.items() if hasattr(error, "error_dict") else [("", error.error_list)]
    return ValidationError(
        {
            "items": [
                ValidationError(
                    f"Rincian {number}{f' ({name})' if name and name != '__all__' else ''}: {message}",
                    code=one.code,
                )
                for name, found in errors
                for one in found
                for message in one.messages
            ]
        }
    )


def _new_line(anggaran: Anggaran, spec: PergeseranItem | ItemChange, kunci: Any = None) -> BudgetLine:
    """The unsaved line an item adds to `anggaran`, validated and priced like `budget_line_create` does."""
    if spec.perangkat_daerah is None or spec.akun is None:
        raise ValidationError(
            "Rincian baru wajib menyebut perangkat daerah dan akun (atau budget_line untuk rincian lama).",
            code="required",
        )
    line = BudgetLine(anggaran=anggaran, perangkat_daerah=spec.perangkat_daerah)
    for name in ("sub_kegiatan", "akun", "sumber_dana", "standar_harga", "komponen", "satuan_1"):
        setattr(line, name, getattr(spec, name))
    line.volume_1 = spec.volume_1
    line.harga_satuan = spec.harga_satuan
    line.ppn = spec.ppn if spec.ppn is not None else Decimal(0)
    if kunci is not None:
        line.kunci = kunci
    _prepare_line(line)
    return line


def _changed_item(number: int, pergeseran: Pergeseran, change: ItemChange) -> PergeseranItem:
    line = change.budget_line
    assert line is not None
    if line.anggaran_id != pergeseran.anggaran_id:
        raise ValidationError(
            {"items": ValidationError("Rincian bukan dari dokumen yang digeser.", code="other_stage")}
        )
    given = [name for name in NEW_LINE_FIELDS if getattr(change, name) not in (None, "")]
    if given or (change.perangkat_daerah is not None and change.perangkat_daerah != line.perangkat_daerah):
        raise ValidationError(
            {
                "items": ValidationError(
                    f"Rincian {number}: perubahan rincian lama hanya mengubah volume_1 dan/atau harga_satuan.",
                    code="invalid",
                )
            }
        )
    if change.volume_1 is None and change.harga_satuan is None:
        raise ValidationError(
            {"items": ValidationError("Sebutkan volume_1 atau harga_satuan baru.", code="required")}
        )
    if change.harga_satuan is not None and line.standar_harga is not None:
        priced = copy.copy(line)
        priced.harga_satuan = change.harga_satuan
        try:
            _validate_standar_harga(priced, line.standar_harga)
        except ValidationError as error:
            raise _item_error(number, error) from None
    return PergeseranItem(
        pemda_id=line.pemda_id,
        perangkat_daerah=line.perangkat_daerah,
        budget_line=line,
        volume_1=change.volume_1,
        harga_satuan=change.harga_satuan,
        jumlah_sebelum=line.jumlah,
        jumlah_sesudah=_sesudah(line, change),
    )


def _added_item(number: int, pergeseran: Pergeseran, change: ItemChange) -> tuple[PergeseranItem, BudgetLine]:
    try:
        line = _new_line(pergeseran.anggaran, change)
    except ValidationError as error:
        raise _item_error(number, error) from None
    item = PergeseranItem(
        pemda_id=line.pemda_id,
        perangkat_daerah=line.perangkat_daerah,
        volume_1=line.volume_1,
        harga_satuan=line.harga_satuan,
        kunci=line.kunci,
        jumlah_sebelum=Decimal(0),
        jumlah_sesudah=line.jumlah,
        **{name: getattr(line, name) for name in NEW_LINE_FIELDS},
    )
    return item, line


# The lines of a pemda's year with the given `kunci` (params: pemda, tahun, [kunci]), over all its stages.
KUNCI_LINES = (
    f"FROM {BudgetLine._meta.db_table} l JOIN {Anggaran._meta.db_table} a ON a.id = l.anggaran_id "
    "WHERE a.pemda_id = %s AND a.tahun = %s AND l.kunci = ANY(%s)"
)


def realisasi_by_kunci(
    *, pemda_id: int, tahun: int, kunci: Sequence[uuid.UUID], lock: bool = False
) -> dict[uuid.UUID, Decimal]:
    """Valid realization so far of the lines `kunci` of a pemda's budget year, summed over their stages.

    An entry hangs on the line of the execution stage it was posted on (DPA, then PERGESERAN n / APBD-P once
    applied), and a line keeps its `kunci` from stage to stage; so what a line has absorbed is the sum over every
    stage's line with its `kunci`. With `lock` those lines are first locked FOR SHARE, so posts on them (which
    lock the line FOR NO KEY UPDATE) wait until the caller's transaction ends.
    """
    if not kunci:
        return {}
    params = [pemda_id, tahun, list(kunci)]
    with connection.cursor() as cursor:
        if lock:
            cursor.execute(f"SELECT l.id {KUNCI_LINES} ORDER BY l.id FOR SHARE OF l", params)
        cursor.execute(
            f"SELECT l.kunci, SUM(rb.jumlah) FROM {RealisasiBulanan._meta.db_table} rb "
            f"JOIN (SELECT l.id, l.kunci {KUNCI_LINES}) l ON l.id = rb.budget_line_id GROUP BY l.kunci",
            params,
        )
        return dict(cursor.fetchall())


def _below_realisasi(
    anggaran: Anggaran, items: Sequence[PergeseranItem], *, lock: bool = False
) -> list[tuple[PergeseranItem, Decimal]]:
    """The items that lower a line below what has been realized on it, with that realization."""
    lowered = [i for i in items if i.budget_line is not None and i.jumlah_sesudah < i.jumlah_sebelum]
    if not lowered:
        return []
    realized = realisasi_by_kunci(
        pemda_id=anggaran.pemda_id,
        tahun=anggaran.tahun,
        kunci=[i.budget_line.kunci for i in lowered],  # type: ignore[union-attr]
        lock=lock,
    )
    below = []
    for item in lowered:
        sudah = realized.get(item.budget_line.kunci, Decimal(0))  # type: ignore[union-attr]
        if item.jumlah_sesudah < sudah:
            below.append((item, sudah))
    return below


def _below_text(item: PergeseranItem, sudah: Decimal) -> str:
    line = item.budget_line
    assert line is not None
    return (
        f"Rincian {line.pk} '{line.komponen[:60]}' ({line.sub_kegiatan_kode or line.jenis}): sesudah "
        f"Rp {item.jumlah_sesudah:,} lebih kecil dari realisasinya Rp {sudah:,}"
    )


def _pergeseran_items(
    *, user: User, pergeseran: Pergeseran, changes: Sequence[ItemChange]
) -> list[PergeseranItem]:
    """Validate the changes and build the items; sets the pergeseran's lingkup and OPD."""
    if not changes:
        raise ValidationError({"items": ValidationError("Pergeseran tanpa rincian.", code="required")})
    items: list[PergeseranItem] = []
    reach: set[tuple[int, str]] = set()  # (OPD, sub kegiatan) of every item, new lines included
    seen: set[int] = set()
    for number, change in enumerate(changes, start=1):
        unit = change.budget_line.perangkat_daerah if change.budget_line else change.perangkat_daerah
        if unit is not None:
            check_access(
                user=user,
                resource="pergeseran",
                letter="w",
                pemda_id=unit.pemda_id,
                opd_ids=[_opd_id(unit)],
            )
        if change.budget_line is None:
            item, line = _added_item(number, pergeseran, change)
        else:
            line = change.budget_line
            if line.pk in seen:
                raise ValidationError(
                    {"items": ValidationError("Rincian disebut dua kali.", code="duplicate")}
                )
            seen.add(line.pk)
            item = _changed_item(number, pergeseran, change)
        if item.jumlah_sesudah >= JUMLAH_LIMIT:
            raise ValidationError(
                {"items": ValidationError("Jumlah melebihi batas.", code="jumlah_too_large")}
            )
        reach.add((_opd_id(line.perangkat_daerah), line.sub_kegiatan_kode))
        items.append(item)
    opds = {opd for opd, _ in reach}
    pergeseran.lingkup = (
        PergeseranLingkup.ANTAR_OPD if len(opds) > 1
        else PergeseranLingkup.OPD if len(reach) > 1
        else PergeseranLingkup.SUB_KEGIATAN
    )  # fmt: skip
    pergeseran.perangkat_daerah_id = next(iter(opds)) if len(opds) == 1 else None
    net = sum((item.jumlah_sesudah - item.jumlah_sebelum for item in items), Decimal(0))
    if pergeseran.jenis == PergeseranJenis.PERGESERAN and net != 0:
        raise ValidationError(
            {
                "items": ValidationError(
                    f"Pergeseran harus seimbang: selisih bersih Rp {net:,} (tambah dan kurang harus sama).",
                    code="pergeseran_unbalanced",
                )
            }
        )
    below = _below_realisasi(pergeseran.anggaran, items)
    if below:
        raise ValidationError(
            {"items": [ValidationError(_below_text(i, sudah), code="below_realisasi") for i, sudah in below]}
        )
    return items


@transaction.atomic
def pergeseran_create(
    *,
    user: User,
    anggaran: Anggaran,
    uraian: str,
    items: Sequence[ItemChange],
    jenis: str = PergeseranJenis.PERGESERAN,
) -> Pergeseran:
    """A draft shift between lines of `anggaran`, possibly adding lines (APBD-P drafts are TAPD's)."""
    letter = "a" if jenis == PergeseranJenis.APBD_P else "w"
    check_access(user=user, resource="pergeseran", letter=letter, pemda_id=anggaran.pemda_id)
    pergeseran = Pergeseran(
        pemda_id=anggaran.pemda_id, anggaran=anggaran, jenis=jenis, uraian=uraian, created_by=user
    )
    built = _pergeseran_items(user=user, pergeseran=pergeseran, changes=items)
    pergeseran.full_clean(exclude=["lingkup"], validate_constraints=False, validate_unique=False)
    pergeseran.save()
    for item in built:
        item.pergeseran = pergeseran
    PergeseranItem.objects.bulk_create(built)
    return pergeseran


@transaction.atomic
def pergeseran_update(
    *,
    user: User,
    pergeseran: Pergeseran,
    uraian: str | None = None,
    items: Sequence[ItemChange] | None = None,
    version: int | None = None,
) -> Pergeseran:
    """Change a draft; whoever changes its items becomes a maker too (and may not approve it)."""
    check_access(
        user=user,
        resource="pergeseran",
        letter="w",
        pemda_id=pergeseran.pemda_id,
        opd_ids=[pergeseran.perangkat_daerah_id] if pergeseran.perangkat_daerah_id else [],
    )
    status = Pergeseran.objects.select_for_update().values_list("status", flat=True).get(pk=pergeseran.pk)
    if status != PergeseranStatus.DRAFT:
        raise Conflict("Hanya pergeseran berstatus draf yang dapat diubah.", code="pergeseran_not_draft")
    if uraian is not None:
        pergeseran.uraian = uraian
    if items is not None:
        built = _pergeseran_items(user=user, pergeseran=pergeseran, changes=items)
        pergeseran.items.all().delete()
        for item in built:
            item.pergeseran = pergeseran
        PergeseranItem.objects.bulk_create(built)
        pergeseran.updated_by = user
    pergeseran.version = version if version is not None else pergeseran.version + 1
    pergeseran.save()
    return pergeseran


def _check_approver(user: User, pergeseran: Pergeseran) -> None:
    """Within one sub kegiatan: the OPD's finance officer or TAPD; anything wider (and APBD-P): TAPD only.
    Never one of its makers (maker-checker)."""
    wide = pergeseran.lingkup != PergeseranLingkup.SUB_KEGIATAN or pergeseran.jenis == PergeseranJenis.APBD_P
    opd_ids = [pergeseran.perangkat_daerah_id] if pergeseran.perangkat_daerah_id else []
    if wide and not allowed(effective_role(user), "pergeseran", "a"):
        raise PermissionDenied(
            "Pergeseran antar sub kegiatan / antar OPD dan APBD-P memerlukan persetujuan TAPD."
        )
    check_access(user=user, resource="pergeseran", letter="w", pemda_id=pergeseran.pemda_id, opd_ids=opd_ids)
    if user.pk in (pergeseran.created_by_id, pergeseran.updated_by_id):
        raise exceptions.PermissionDenied(
            "Pembuat atau pengubah pergeseran tidak boleh menyetujuinya sendiri (maker-checker).",
            code="maker_checker",
        )


@transaction.atomic
def pergeseran_approve(*, user: User, pergeseran: Pergeseran) -> Pergeseran:
    pergeseran = Pergeseran.objects.select_for_update().get(pk=pergeseran.pk)
    _check_approver(user, pergeseran)
    if pergeseran.status != PergeseranStatus.DRAFT:
        raise Conflict("Hanya pergeseran berstatus draf yang dapat disetujui.", code="pergeseran_not_draft")
    pergeseran.status = PergeseranStatus.APPROVED
    pergeseran.approved_by = user
    pergeseran.approved_at = timezone.now()
    pergeseran.version += 1
    pergeseran.save()
    return pergeseran


def _check_plafon_after(*, source: Anggaran, target: Anggaran, lines: Sequence[BudgetLine]) -> None:
    """The result stage against its ceilings (copied from the source): a ceiling the pergeseran takes above it
    (and above where the source stood) refuses the apply in `refuse` mode; in `warn` mode the pergeseran's lines
    that grew within it are flagged `melebihi_plafon`, as `_apply_plafon` flags a line."""

    def key(plafon: Plafon) -> tuple[int, str, str]:
        return (plafon.perangkat_daerah_id, plafon.program_kode, plafon.sub_kegiatan_kode)

    before = {key(usage.plafon): usage.terpakai for usage in plafon_usage(anggaran=source)}
    breaches = [
        usage
        for usage in plafon_usage(anggaran=target)
        if usage.terpakai > usage.plafon.jumlah and usage.terpakai > before.get(key(usage.plafon), Decimal(0))
    ]
    refused = [usage for usage in breaches if usage.plafon.mode != PlafonMode.WARN]
    if refused:
        raise Conflict(
            "Plafon terlampaui oleh pergeseran ini: "
            + "; ".join(
                f"{u.plafon.sub_kegiatan_kode or u.plafon.program_kode or 'perangkat daerah'} "
                f"(perangkat daerah {u.plafon.perangkat_daerah_id}) plafon Rp {u.plafon.jumlah:,}, "
                f"sesudah Rp {u.terpakai:,} (lebih Rp {u.terpakai - u.plafon.jumlah:,})"
                for u in refused
            ),
            code="plafon_exceeded",
        )
    flagged = [line for line in lines if any(_plafon_covers(usage.plafon, line) for usage in breaches)]
    for line in flagged:
        line.melebihi_plafon = True
    BudgetLine.objects.bulk_update(flagged, ["melebihi_plafon"])


def _plafon_covers(plafon: Plafon, line: BudgetLine) -> bool:
    """Whether the belanja line counts under the ceiling (its OPD, program or sub kegiatan)."""
    if line.jenis != LineJenis.BELANJA or plafon.perangkat_daerah_id != _opd_id(line.perangkat_daerah):
        return False
    if plafon.sub_kegiatan_kode:
        return plafon.sub_kegiatan_kode == line.sub_kegiatan_kode
    return not plafon.program_kode or plafon.program_kode == program_of(line.sub_kegiatan_kode)


@transaction.atomic
def pergeseran_apply(*, user: User, pergeseran: Pergeseran) -> Anggaran:
    """Produce the next stage (PERGESERAN n, or APBD-P) from the closed source with the approved changes applied
    and the new lines added (with their insert events).

    Realization goes on between approval and apply, so the lines the pergeseran lowers are locked and checked
    against it again (409 `below_realisasi`); then the result is checked against its ceilings (409
    `plafon_exceeded`, or flagged in `warn` mode). Any refusal leaves nothing behind.
    """
    pergeseran = Pergeseran.objects.select_for_update().get(pk=pergeseran.pk)
    check_access(user=user, resource="pergeseran", letter="a", pemda_id=pergeseran.pemda_id)
    if pergeseran.status != PergeseranStatus.APPROVED:
        raise Conflict(
            "Hanya pergeseran yang sudah disetujui yang dapat diterapkan.", code="pergeseran_not_approved"
        )
    items = list(
        pergeseran.items.select_related(
            "budget_line", "perangkat_daerah__induk", "sub_kegiatan__version", "akun__version",
            "sumber_dana__version", "standar_harga",
        )
    )  # fmt: skip
    source = pergeseran.anggaran
    # Lock the lowered lines before the stage row (as posts do: line first), then check them.
    below = _below_realisasi(source, items, lock=True)
    if below:
        raise Conflict(
            "Pergeseran tidak dapat diterapkan: " + "; ".join(_below_text(i, s) for i, s in below) + ".",
            code="below_realisasi",
        )
    tahap = Tahap.APBD_P if pergeseran.jenis == PergeseranJenis.APBD_P else Tahap.PERGESERAN
    target = anggaran_copy_to_next(
        user=user, anggaran=source, tahap=tahap, keterangan=f"Hasil {pergeseran}: {pergeseran.uraian}"[:2000]
    )
    changes = [item for item in items if not item.is_new]
    copies = {
        line.kunci: line
        for line in BudgetLine.objects.select_related("perangkat_daerah").filter(
            anggaran=target,
            kunci__in=[i.budget_line.kunci for i in changes],  # type: ignore[union-attr]
        )
    }
    written: list[tuple[PergeseranItem, BudgetLine]] = []
    for item in changes:
        line = copies[item.budget_line.kunci]  # type: ignore[union-attr]
        if item.volume_1 is not None:
            line.volume_1 = item.volume_1
        if item.harga_satuan is not None:
            line.harga_satuan = item.harga_satuan
        factors = _factors(line)
        line.koefisien = koefisien_text(factors)[:255]
        line.jumlah = line_jumlah(
            volumes=[v for v, _ in factors], harga_satuan=line.harga_satuan, ppn=line.ppn
        )
        written.append((item, line))
    BudgetLine.objects.bulk_update(
        [line for _, line in written], ["volume_1", "harga_satuan", "koefisien", "jumlah"]
    )
    added = []
    for number, item in enumerate(items, start=1):
        if item.is_new:  # validated again: the references in force may have moved since the draft
            try:
                added.append((item, _new_line(target, item, kunci=item.kunci)))
            except ValidationError as error:
                raise _item_error(number, error) from None
    if added:
        with bulk_line_writes():
            BudgetLine.objects.bulk_create([line for _, line in added])
            record_line_history(
                label="insert",
                where="anggaran_id = %s AND kunci = ANY(%s)",
                params=[target.pk, [line.kunci for _, line in added]],
            )
        written.extend(added)
    for item, line in written:
        item.jumlah_sesudah = line.jumlah
    _check_plafon_after(
        source=source, target=target, lines=[line for item, line in written if item.selisih > 0]
    )
    PergeseranItem.objects.bulk_update(items, ["jumlah_sesudah"])
    pergeseran.status = PergeseranStatus.APPLIED
    pergeseran.hasil = target
    pergeseran.version += 1
    pergeseran.save()
    return target


# ---------------------------------------------------------------- standar harga


@transaction.atomic
def standar_harga_save(
    *,
    user: User,
    instance: StandarHarga | None = None,
    akun: Iterable[Akun] | None = None,
    version: int | None = None,
    **fields: Any,
) -> StandarHarga:
    item = instance or StandarHarga(pemda=_require_pemda(user))
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=item.pemda_id)
    for name, value in fields.items():
        setattr(item, name, value)
    if instance is None and "is_ceiling" not in fields:
        item.is_ceiling = item.jenis in CEILING_JENIS
    if instance is not None:
        item.version = version if version is not None else item.version + 1
    item.full_clean(validate_constraints=False, validate_unique=False)
    akun_list = list(akun) if akun is not None else None
    for one in akun_list or []:
        if one.level != 6 or not _in_force(one.version, kind=ReferenceKind.AKUN, tahun=item.tahun):
            raise ValidationError(
                {
                    "akun": ValidationError(
                        f"Akun {one.kode} bukan level 6 dari versi yang berlaku.", code="akun_invalid"
                    )
                }
            )
    item.save()
    if akun_list is not None:
        item.akun.set(akun_list)
    return item


@transaction.atomic
def standar_harga_delete(*, user: User, item: StandarHarga) -> None:
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=item.pemda_id)
    item.delete()


# ---------------------------------------------------------------- anggaran kas (RAK)

# Monthly weights of the named spreading profiles (each spread sums exactly to the line's jumlah).
KAS_PROFILES: dict[str, tuple[int, ...]] = {
    "rutin": (1,) * 12,  # even: salaries, routine goods and services
    "kontrak": (0, 0, 1, 2, 3, 5, 7, 9, 11, 13, 20, 29),  # back-loaded: tendered works paid on progress
    "triwulan": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1),  # quarterly payments
}


def spread_amounts(jumlah: Decimal, weights: Sequence[int | Decimal]) -> list[Decimal]:
    """Twelve monthly amounts in proportion to `weights`, summing exactly to `jumlah` (to the sen).

    Each month gets its share rounded down to the sen; the sen left over go one each to the last months with a
    positive weight, so no month is negative and the sum is exact.
    """
    if len(weights) != 12 or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValidationError(
            {
                "bobot": ValidationError(
                    "Dua belas bobot tak negatif dengan jumlah positif.", code="invalid_weights"
                )
            }
        )
    if jumlah < 0:
        raise ValidationError({"jumlah": ValidationError("Jumlah negatif.", code="invalid")})
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        sen = int((jumlah * 100).to_integral_value())
        total_weight = sum(Decimal(w) for w in weights)
        parts = [
            int((Decimal(sen) * Decimal(w) / total_weight).to_integral_value(rounding="ROUND_FLOOR"))
            for w in weights
        ]
    remainder = sen - sum(parts)
    for month in reversed([m for m, w in enumerate(weights) if w > 0]):
        if remainder <= 0:
            break
        parts[month] += 1
        remainder -= 1
    return [Decimal(part) / 100 for part in parts]


def _check_execution_stage(anggaran: Anggaran) -> None:
    if anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {
                "budget_line": ValidationError(
                    f"{anggaran} bukan dokumen pelaksanaan (DPA / DPPA).", code="not_execution_stage"
                )
            }
        )


def _check_balanced(line: BudgetLine, amounts: Sequence[Decimal]) -> None:
    total = sum(amounts, Decimal(0))
    if total != line.jumlah:
        raise ValidationError(
            {
                "non_field_errors": ValidationError(
                    f"Anggaran kas harus sama dengan pagu DPA rincian: jumlah 12 bulan Rp {total:,}, pagu "
                    f"Rp {line.jumlah:,} (selisih Rp {total - line.jumlah:,}).",
                    code="rak_not_balanced",
                )
            }
        )


@transaction.atomic
def anggaran_kas_set(
    *, user: User, budget_line: BudgetLine, amounts: Sequence[Decimal], version: int | None = None
) -> AnggaranKas:
    """Set a DPA line's twelve monthly amounts; they must sum to the line's jumlah (400 `rak_not_balanced`)."""
    opd_id = _opd_id(budget_line.perangkat_daerah)
    check_access(
        user=user, resource="anggaran-kas", letter="w", pemda_id=budget_line.pemda_id, opd_ids=[opd_id]
    )
    _check_execution_stage(budget_line.anggaran)
    check_stage_writable(anggaran=budget_line.anggaran, opd_id=opd_id)
    if len(amounts) != 12:
        raise ValidationError({"bulan": ValidationError("Isi tepat 12 bulan.", code="invalid")})
    if any(amount < 0 for amount in amounts):
        raise ValidationError(
            {"bulan": ValidationError("Anggaran kas bulanan tidak boleh negatif.", code="invalid")}
        )
    _check_balanced(budget_line, amounts)
    kas = AnggaranKas.objects.select_for_update().filter(budget_line=budget_line).first()
    if kas is None:
        kas = AnggaranKas(
            pemda_id=budget_line.pemda_id,
            anggaran_id=budget_line.anggaran_id,
            perangkat_daerah_id=budget_line.perangkat_daerah_id,
            budget_line=budget_line,
        )
    else:
        kas.version = version if version is not None else kas.version + 1
    for name, amount in zip(KAS_MONTH_FIELDS, amounts, strict=True):
        setattr(kas, name, amount)
    kas.save()
    return kas


@dataclass
class KasSpreadResult:
    updated: int
    skipped_locked: int
    total: Decimal


@transaction.atomic
def anggaran_kas_spread(
    *,
    user: User,
    anggaran: Anggaran,
    profil: str = "rutin",
    bobot: Sequence[int] | None = None,
    perangkat_daerah: PerangkatDaerah | None = None,
    budget_lines: Sequence[int] | None = None,
    timpa: bool = True,
) -> KasSpreadResult:
    """Spread every line of a DPA (or of one OPD, or the given lines) over the months by a profile or 12 weights.

    One upsert statement for all lines; lines of closed OPDs are skipped; `timpa=False` keeps existing RAK rows.
    An OPD user spreads only their own OPD's lines.
    """
    check_access(
        user=user,
        resource="anggaran-kas",
        letter="w",
        pemda_id=anggaran.pemda_id,
        opd_ids=[_opd_id(perangkat_daerah)] if perangkat_daerah is not None else [],
    )
    if anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {"anggaran": ValidationError(f"{anggaran} bukan dokumen DPA / DPPA.", code="not_execution_stage")}
        )
    check_stage_writable(anggaran=anggaran)
    if bobot is None:
        if profil not in KAS_PROFILES:
            raise ValidationError(
                {"profil": ValidationError(f"Profil '{profil}' tidak dikenal.", code="invalid_profile")}
            )
        bobot = KAS_PROFILES[profil]
    spread_amounts(Decimal(0), bobot)  # validates the weights once
    lines = BudgetLine.objects.filter(anggaran=anggaran)
    if user.is_opd_scoped:
        lines = lines.filter(
            Q(perangkat_daerah_id=user.perangkat_daerah_id)
            | Q(perangkat_daerah__induk_id=user.perangkat_daerah_id)
        )
    if perangkat_daerah is not None:
        lines = lines.filter(
            Q(perangkat_daerah=perangkat_daerah) | Q(perangkat_daerah__induk=perangkat_daerah)
        )
    if budget_lines is not None:
        lines = lines.filter(pk__in=budget_lines)
    if not timpa:
        lines = lines.filter(anggaran_kas__isnull=True)
    closed = set(
        AnggaranOpdLock.objects.filter(anggaran=anggaran, is_closed=True).values_list(
            "perangkat_daerah_id", flat=True
        )
    )
    rows = list(
        lines.annotate(opd=models.functions.Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
        .values_list("pk", "perangkat_daerah_id", "opd", "jumlah")
        .order_by("pk")
    )
    kept = [row for row in rows if row[2] not in closed]
    if not kept:
        return KasSpreadResult(updated=0, skipped_locked=len(rows), total=Decimal(0))
    columns: list[list[Decimal]] = [[] for _ in KAS_MONTH_FIELDS]
    for _, _, _, jumlah in kept:
        for month, amount in enumerate(spread_amounts(jumlah, bobot)):
            columns[month].append(amount)
    quote = connection.ops.quote_name
    months = ", ".join(KAS_MONTH_FIELDS)
    unnest = ", ".join(["%s::numeric[]"] * 12)
    sql = (
        f"INSERT INTO {quote(AnggaranKas._meta.db_table)} (version, created_at, updated_at, pemda_id, anggaran_id, "
        f"perangkat_daerah_id, budget_line_id, {months}) "
        f"SELECT 1, now(), now(), %s, %s, u.opd, u.line, {', '.join(f'u.{m}' for m in KAS_MONTH_FIELDS)} "
        f"FROM unnest(%s::bigint[], %s::bigint[], {unnest}) AS u(line, opd, {months}) "
        f"ON CONFLICT (budget_line_id) DO UPDATE SET version = {quote(AnggaranKas._meta.db_table)}.version + 1, "
        f"updated_at = now(), {', '.join(f'{m} = EXCLUDED.{m}' for m in KAS_MONTH_FIELDS)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [anggaran.pemda_id, anggaran.pk, [row[0] for row in kept], [row[1] for row in kept], *columns],
        )
    return KasSpreadResult(
        updated=len(kept),
        skipped_locked=len(rows) - len(kept),
        total=sum((row[3] for row in kept), Decimal(0)),
    )


# ---------------------------------------------------------------- realization

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
        %(keterangan)s, %(jumlah)s > 0 AND sudah.total + %(jumlah)s > %(pagu)s, false, '', %(user)s, now()
    FROM sudah WHERE %(jumlah)s <= 0 OR sudah.total + %(jumlah)s <= %(pagu)s OR %(allow_over)s
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
    a.tahap, l.kunci, EXISTS (SELECT 1 FROM {PERIODE_TABLE} p
                      WHERE p.pemda_id = l.pemda_id AND p.tahun = %s AND p.bulan = %s AND p.is_closed),
    EXISTS (SELECT 1 FROM {Anggaran._meta.db_table} s WHERE s.sumber_id = a.id)
FROM {BudgetLine._meta.db_table} l
JOIN {Anggaran._meta.db_table} a ON a.id = l.anggaran_id
JOIN {PerangkatDaerah._meta.db_table} pd ON pd.id = l.perangkat_daerah_id
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
    lines = BudgetLine.objects.select_related("anggaran", "perangkat_daerah").select_for_update(
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
    `tandai` mode. Lowering the realization is always accepted."""
    if jumlah <= 0:
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

    The line is locked first (FOR NO KEY UPDATE), so the DPA ceiling holds however many posts race for it; then
    one statement checks the ceiling against the monthly totals, inserts the entry and upserts its total. Posts go
    to the line of the current execution stage (a superseded DPA is 409 `stage_superseded`), and its ceiling
    counts what was realized on the same line (`kunci`) in the earlier stages of the year. A taken
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
            line_id, pemda_id, anggaran_id, unit_id, _, pagu, tahun, tahap, kunci, closed, superseded = found
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
                "lines": lines,
            }  # fmt: skip
            with _period_guard(tanggal):
                cursor.execute(POST_SQL, params)
            sudah, entry_id, created_at, melebihi = cursor.fetchone()
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
        RealisasiPengaturan.objects.select_for_update().filter(pemda_id=pemda_id, anggaran=anggaran).first()
    )
    if setting is None:
        return realisasi_pengaturan_save(user=user, anggaran=anggaran, batas_dpa=batas_dpa)
    return realisasi_pengaturan_save(user=user, instance=setting, batas_dpa=batas_dpa)


@transaction.atomic
def realisasi_pengaturan_save(
    *, user: User, instance: RealisasiPengaturan | None = None, version: int | None = None, **fields: Any
) -> RealisasiPengaturan:
    """Create or change one over-DPA rule: the pemda's default (`anggaran` empty) or a DPA / DPPA document's.

    One rule per pemda default and per document (a second one is 400 `duplicate`); the document of a rule is
    fixed once created. BPKAD / TAPD (`realisasi-pengaturan` write).
    """
    setting = instance or RealisasiPengaturan(anggaran=fields.get("anggaran"))
    if "batas_dpa" in fields:
        setting.batas_dpa = fields["batas_dpa"]
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


# ---------------------------------------------------------------- realisasi fisik and indicator realization


def _opd_has_sub_kegiatan(*, opd: PerangkatDaerah, tahun: int, kode: str) -> bool:
    return (
        BudgetLine.objects.filter(
            pemda_id=opd.pemda_id,
            anggaran__tahun=tahun,
            anggaran__tahap__in=EXECUTION_TAHAP,
            sub_kegiatan_kode=kode,
        )
        .filter(Q(perangkat_daerah=opd) | Q(perangkat_daerah__induk=opd))
        .exists()
    )


@transaction.atomic
def realisasi_fisik_save(
    *, user: User, instance: RealisasiFisik | None = None, version: int | None = None, **fields: Any
) -> RealisasiFisik:
    """Record (or correct) an OPD's physical progress of a DPA sub kegiatan for a month.

    A value below an earlier month's is accepted and flagged `menurun` (a warning, not an error).
    """
    row = instance or RealisasiFisik()
    for name in (
        "perangkat_daerah",
        "tahun",
        "sub_kegiatan_kode",
        "bulan",
        "persen",
        "permasalahan",
        "tindak_lanjut",
    ):
        if name in fields:
            setattr(row, name, fields[name])
    opd = row.perangkat_daerah
    check_access(
        user=user, resource="realisasi-fisik", letter="w", pemda_id=opd.pemda_id, opd_ids=[_opd_id(opd)]
    )
    row.pemda_id = opd.pemda_id
    row.full_clean(exclude=["menurun"], validate_unique=False, validate_constraints=False)
    if not _opd_has_sub_kegiatan(opd=opd, tahun=row.tahun, kode=row.sub_kegiatan_kode):
        raise ValidationError(
            {
                "sub_kegiatan_kode": ValidationError(
                    f"Sub kegiatan {row.sub_kegiatan_kode} tidak ada di DPA {row.tahun} perangkat daerah ini.",
                    code="unknown_sub_kegiatan",
                )
            }
        )
    same = RealisasiFisik.objects.filter(
        perangkat_daerah=opd, tahun=row.tahun, sub_kegiatan_kode=row.sub_kegiatan_kode
    ).exclude(pk=row.pk)
    if same.filter(bulan=row.bulan).exists():
        raise ValidationError(
            {
                "bulan": ValidationError(
                    "Realisasi fisik bulan ini sudah dicatat; ubah yang ada.", code="duplicate"
                )
            }
        )
    if instance is not None:
        row.version = version if version is not None else row.version + 1
    row.save()
    realisasi_fisik_flag(perangkat_daerah=opd, tahun=row.tahun, sub_kegiatan_kode=row.sub_kegiatan_kode)
    row.refresh_from_db(fields=["menurun"])
    return row


@transaction.atomic
def realisasi_fisik_delete(*, user: User, row: RealisasiFisik) -> None:
    """Remove a month's progress; the later months' `menurun` flags follow."""
    opd = row.perangkat_daerah
    check_access(
        user=user, resource="realisasi-fisik", letter="w", pemda_id=row.pemda_id, opd_ids=[_opd_id(opd)]
    )
    row.delete()
    realisasi_fisik_flag(perangkat_daerah=opd, tahun=row.tahun, sub_kegiatan_kode=row.sub_kegiatan_kode)


def realisasi_fisik_flag(*, perangkat_daerah: PerangkatDaerah, tahun: int, sub_kegiatan_kode: str) -> int:
    """Set `menurun` on every month of a sub kegiatan's progress that is below an earlier month, and clear it on
    the others: recording or correcting one month can change the flag of the later ones. Returns the rows changed.
    """
    rows = list(
        RealisasiFisik.objects.select_for_update()
        .filter(perangkat_daerah=perangkat_daerah, tahun=tahun, sub_kegiatan_kode=sub_kegiatan_kode)
        .order_by("bulan")
    )
    highest: Decimal | None = None
    changed = []
    for row in rows:
        menurun = highest is not None and row.persen < highest
        if row.menurun != menurun:
            row.menurun = menurun
            changed.append(row)
        highest = row.persen if highest is None else max(highest, row.persen)
    RealisasiFisik.objects.bulk_update(changed, ["menurun"])
    return len(changed)


def _renja_of(indikator: Any) -> Any:
    """The Renja an indicator of a Renja program / kegiatan / sub kegiatan belongs to (None for other owners)."""
    for owner in ("renja_program", "renja_kegiatan", "renja_sub_kegiatan"):
        item = getattr(indikator, owner)
        if item is not None:
            return item.renja
    return None


@transaction.atomic
def realisasi_indikator_save(
    *, user: User, instance: RealisasiIndikator | None = None, version: int | None = None, **fields: Any
) -> RealisasiIndikator:
    """Record (or correct) the realization of a Renja indicator in a triwulan (1–4) of the Renja's year."""
    row = instance or RealisasiIndikator()
    for name in ("indikator", "triwulan", "realisasi", "keterangan"):
        if name in fields:
            setattr(row, name, fields[name])
    renja = _renja_of(row.indikator)
    if renja is None:
        raise ValidationError(
            {
                "indikator": ValidationError(
                    "Hanya indikator program, kegiatan atau sub kegiatan Renja yang direalisasikan per triwulan.",
                    code="not_renja_indicator",
                )
            }
        )
    opd = renja.perangkat_daerah
    check_access(
        user=user, resource="realisasi-indikator", letter="w", pemda_id=renja.pemda_id, opd_ids=[_opd_id(opd)]
    )
    row.pemda_id = renja.pemda_id
    row.perangkat_daerah = opd
    row.tahun = renja.tahun
    row.full_clean(validate_unique=False, validate_constraints=False)
    if (
        RealisasiIndikator.objects.filter(indikator=row.indikator, tahun=row.tahun, triwulan=row.triwulan)
        .exclude(pk=row.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "triwulan": ValidationError(
                    "Realisasi triwulan ini sudah dicatat; ubah yang ada.", code="duplicate"
                )
            }
        )
    if instance is not None:
        row.version = version if version is not None else row.version + 1
    row.save()
    return row


def record_history(*, model: type[models.Model], label: str, where: str, params: Sequence[Any]) -> int:
    """Write pghistory events (`insert` after, `delete` before the change) for the rows of a tracked budgeting model
    matching `where`, in one INSERT … SELECT carrying the current audit context (user and URL of the request).

    For bulk writes done with the row triggers ignored (see `bulk_line_writes`)."""
    event = apps.get_model("budgeting", f"{model.__name__}Event")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT _pgh_attach_context()")
        special = {"pgh_context": ("%s", [cursor.fetchone()[0]]), "pgh_created_at": ("NOW()", []),
                   "pgh_label": ("%s", [label]), "pgh_obj": ("id", [])}  # fmt: skip
        columns, select, bound = [], [], []
        for field in event._meta.concrete_fields:
            if field.name == "pgh_id":
                continue
            expression, values = special.get(field.name, (quote(field.column), []))
            columns.append(quote(field.column))
            select.append(expression)
            bound.extend(values)
        cursor.execute(
            f"INSERT INTO {quote(event._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} WHERE {where}",
            [*bound, *params],
        )
        return cursor.rowcount


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
    return ids
