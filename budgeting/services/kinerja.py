"""Realisasi fisik (physical progress) and indicator realisasi."""

import datetime
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from budgeting.models import (
    EXECUTION_TAHAP,
    BudgetLine,
    RealisasiFisik,
    RealisasiIndikator,
)
from budgeting.services.foto import remove_files_on_commit
from budgeting.services.guards import _opd_id
from budgeting.services.realisasi import check_period_open
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from planning.models import Indikator


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


class RealisasiFisikFields(TypedDict, total=False):
    perangkat_daerah: PerangkatDaerah
    tahun: int
    sub_kegiatan_kode: str
    bulan: int
    persen: Decimal
    permasalahan: str
    tindak_lanjut: str


class RealisasiIndikatorFields(TypedDict, total=False):
    indikator: Indikator
    triwulan: int
    realisasi: Decimal
    keterangan: str


@transaction.atomic
def realisasi_fisik_save(
    *,
    user: User,
    instance: RealisasiFisik | None = None,
    version: int | None = None,
    **fields: Unpack[RealisasiFisikFields],
) -> RealisasiFisik:
    """Record (or correct) an OPD's physical progress of a DPA sub kegiatan for a month.

    A value below an earlier month's is accepted and flagged `menurun` (a warning, not an error).
    """
    row = instance or RealisasiFisik()
    if instance is not None:  # the month it was recorded in must be open as well as the one it moves to
        check_period_open(pemda_id=row.pemda_id, tanggal=datetime.date(row.tahun, row.bulan, 1))
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
    check_period_open(pemda_id=row.pemda_id, tanggal=datetime.date(row.tahun, row.bulan, 1))
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
def realisasi_fisik_delete(*, user: User, instance: RealisasiFisik) -> None:
    """Remove a month's progress with its photos (their files go when the deletion commits); the later months'
    `menurun` flags follow."""
    opd = instance.perangkat_daerah
    check_access(
        user=user, resource="realisasi-fisik", letter="w", pemda_id=instance.pemda_id, opd_ids=[_opd_id(opd)]
    )
    check_period_open(pemda_id=instance.pemda_id, tanggal=datetime.date(instance.tahun, instance.bulan, 1))
    remove_files_on_commit(list(instance.foto.all()))
    instance.delete()
    realisasi_fisik_flag(
        perangkat_daerah=opd, tahun=instance.tahun, sub_kegiatan_kode=instance.sub_kegiatan_kode
    )


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
    *,
    user: User,
    instance: RealisasiIndikator | None = None,
    version: int | None = None,
    **fields: Unpack[RealisasiIndikatorFields],
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


def realisasi_indikator_delete(*, user: User, instance: RealisasiIndikator) -> None:
    check_access(
        user=user,
        resource="realisasi-indikator",
        letter="w",
        pemda_id=instance.pemda_id,
        opd_ids=[_opd_id(instance.perangkat_daerah)],
    )
    instance.delete()
