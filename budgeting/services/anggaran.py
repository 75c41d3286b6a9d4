"""Stages: create, close, open, the per-OPD lock and the copy to the next stage."""

import contextlib
from collections.abc import Iterator

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from budgeting.models import (
    TAHAP_ORDER,
    Anggaran,
    AnggaranOpdLock,
    AnggaranStatus,
    BudgetLine,
    Plafon,
    RenjaRule,
    Tahap,
)
from budgeting.services.guards import _require_pemda
from budgeting.services.history import bulk_line_writes, record_line_history
from config.errors import Conflict
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access

REPEATING_TAHAP = frozenset({Tahap.PERGESERAN, Tahap.APBD_P})
# ---------------------------------------------------------------- stages


def _lock_stage(anggaran: Anggaran) -> Anggaran:
    return Anggaran.objects.select_for_update().get(pk=anggaran.pk)


@transaction.atomic
def anggaran_create(
    *,
    user: User,
    tahun: int,
    tahap: str,
    nomor: int = 1,
    keterangan: str = "",
    aturan_renja: str = RenjaRule.REFUSE,
) -> Anggaran:
    """An empty stage document (the first of a year's chain; later ones come from `anggaran_copy_to_next`)."""
    pemda = _require_pemda(user)
    check_access(user=user, resource="anggaran", letter="w", pemda_id=pemda.pk)
    if Anggaran.objects.filter(pemda=pemda, tahun=tahun, tahap=tahap, nomor=nomor).exists():
        raise Conflict(f"Dokumen {Tahap(tahap).label} {tahun} nomor {nomor} sudah ada.", code="stage_exists")
    anggaran = Anggaran(
        pemda=pemda, tahun=tahun, tahap=tahap, nomor=nomor, keterangan=keterangan, aturan_renja=aturan_renja
    )
    anggaran.full_clean(validate_constraints=False, validate_unique=False)
    anggaran.save()
    return anggaran


@transaction.atomic
def anggaran_update(
    *,
    user: User,
    instance: Anggaran,
    keterangan: str | None = None,
    aturan_renja: str | None = None,
    version: int | None = None,
) -> Anggaran:
    """Change a stage's note or its Renja rule (TAPD); its year, stage and number never change."""
    check_access(user=user, resource="anggaran", letter="w", pemda_id=instance.pemda_id)
    if keterangan is not None:
        instance.keterangan = keterangan
    if aturan_renja is not None:
        instance.aturan_renja = aturan_renja
    instance.version = version if version is not None else instance.version + 1
    instance.full_clean(validate_constraints=False, validate_unique=False)
    instance.save(update_fields=["keterangan", "aturan_renja", "version", "updated_at"])
    return instance


@transaction.atomic
def anggaran_close(*, user: User, anggaran: Anggaran) -> Anggaran:
    """Close the stage: from now on its lines and ceilings are an immutable snapshot (services and triggers)."""
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    anggaran = _lock_stage(anggaran)
    if anggaran.is_closed:
        raise Conflict(f"Tahap {anggaran} sudah dikunci.", code="stage_closed")
    anggaran.status = AnggaranStatus.CLOSED
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
    anggaran.status = AnggaranStatus.OPEN
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
        aturan_renja=source.aturan_renja,
    )
    anggaran_copy_rows(source=source, target=target)
    return target


@contextlib.contextmanager
def execution_line_writes() -> Iterator[None]:
    """Writes of lines of an execution stage (DPA / DPPA), which the `execution_stage_*` triggers refuse otherwise:
    only copying a stage into a new one and applying an approved pergeseran use it."""
    with pgtrigger.ignore(
        "budgeting.BudgetLine:execution_stage_insert",
        "budgeting.BudgetLine:execution_stage_update",
        "budgeting.BudgetLine:execution_stage_delete",
    ):
        yield


def anggaran_copy_rows(*, source: Anggaran, target: Anggaran) -> None:
    """Copy every line (keeping `kunci`) and every plafon of `source` into the empty stage `target`, set-based."""
    with bulk_line_writes(), execution_line_writes():
        _copy_rows(BudgetLine, source_id=source.pk, target_id=target.pk)
        record_line_history(label="insert", where="anggaran_id = %s", params=[target.pk])
    _copy_rows(Plafon, source_id=source.pk, target_id=target.pk)
