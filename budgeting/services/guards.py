"""Access, stage locks and reference checks shared by every budgeting write."""

from typing import Any

from django.core.exceptions import ValidationError

from budgeting.models import (
    JENIS_BY_AKUN_ROOT,
    Anggaran,
    AnggaranOpdLock,
    AnggaranStatus,
    BudgetLine,
    StandarHarga,
)
from config.errors import Conflict
from organisation.models import Pemda, PerangkatDaerah, User
from reference.codes import nomenklatur_level
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana


def _opd_id(perangkat_daerah: PerangkatDaerah) -> int:
    """The OPD a unit belongs to: itself, or the induk of a sub unit."""
    return perangkat_daerah.induk_id or perangkat_daerah.pk


def check_stage_writable(*, anggaran: Anggaran, opd_id: int | None = None) -> None:
    """409 `stage_closed` for a closed stage, or a closed OPD within an open one (the triggers enforce it too)."""
    status = Anggaran.objects.values_list("status", flat=True).get(pk=anggaran.pk)
    if status == AnggaranStatus.CLOSED:
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
