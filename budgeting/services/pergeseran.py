"""Pergeseran: shifts of an executed stage's budget, their approval and their application."""

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from budgeting.amounts import JUMLAH_LIMIT, koefisien_text, line_jumlah
from budgeting.models import (
    Anggaran,
    BudgetLine,
    LineJenis,
    Pergeseran,
    PergeseranItem,
    PergeseranJenis,
    PergeseranLingkup,
    PergeseranStatus,
    Plafon,
    PlafonMode,
    StandarHarga,
    Tahap,
)
from budgeting.selectors import plafon_usage, realisasi_by_kunci
from budgeting.services.anggaran import anggaran_copy_to_next, execution_line_writes
from budgeting.services.anggaran_kas import anggaran_kas_carry
from budgeting.services.guards import _opd_id, _validate_standar_harga
from budgeting.services.history import bulk_line_writes, record_line_history
from budgeting.services.lines import _apply_renja, _factors, _prepare_line, program_of
from config.errors import Conflict, Forbidden
from organisation.models import PerangkatDaerah, User
from organisation.permissions import allowed, check_access, effective_role
from reference.models import Akun, Nomenklatur, SumberDana


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
    kelompok: str = ""
    keterangan: str = ""
    komponen: str = ""
    satuan_1: str = ""
    volume_2: Decimal | None = None
    satuan_2: str = ""
    volume_3: Decimal | None = None
    satuan_3: str = ""
    volume_4: Decimal | None = None
    satuan_4: str = ""
    ppn: Decimal | None = None


# Fields of an item that describe a new line; a change of an existing line leaves them empty.
NEW_LINE_FIELDS = (
    "sub_kegiatan", "akun", "sumber_dana", "standar_harga", "kelompok", "keterangan", "komponen", "satuan_1",
    "volume_2", "satuan_2", "volume_3", "satuan_3", "volume_4", "satuan_4", "ppn",
)  # fmt: skip


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
    for name in NEW_LINE_FIELDS:
        if name != "ppn":
            setattr(line, name, getattr(spec, name))
    line.volume_1 = spec.volume_1
    line.harga_satuan = spec.harga_satuan
    line.ppn = spec.ppn if spec.ppn is not None else Decimal(0)
    if kunci is not None:
        line.kunci = kunci
    _prepare_line(line)
    _apply_renja(line)
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
    instance: Pergeseran,
    uraian: str | None = None,
    items: Sequence[ItemChange] | None = None,
    version: int | None = None,
) -> Pergeseran:
    """Change a draft; whoever changes it (items or uraian) becomes a maker too (and may not approve it)."""
    check_access(
        user=user,
        resource="pergeseran",
        letter="w",
        pemda_id=instance.pemda_id,
        opd_ids=[instance.perangkat_daerah_id] if instance.perangkat_daerah_id else [],
    )
    status = Pergeseran.objects.select_for_update().values_list("status", flat=True).get(pk=instance.pk)
    if status != PergeseranStatus.DRAFT:
        raise Conflict("Hanya pergeseran berstatus draf yang dapat diubah.", code="pergeseran_not_draft")
    if uraian is not None:
        instance.uraian = uraian
        instance.updated_by = user
    if items is not None:
        built = _pergeseran_items(user=user, pergeseran=instance, changes=items)
        instance.items.all().delete()
        for item in built:
            item.pergeseran = instance
        PergeseranItem.objects.bulk_create(built)
        instance.updated_by = user
    instance.version = version if version is not None else instance.version + 1
    instance.save()
    return instance


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
        raise Forbidden(
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
    `plafon_exceeded`, or flagged in `warn` mode). The cash plan is carried over and re-balanced to the new
    amounts (`anggaran_kas_carry`). Any refusal leaves nothing behind.
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
    with execution_line_writes():
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
        with bulk_line_writes(), execution_line_writes():
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
    anggaran_kas_carry(source=source, target=target, new_lines=[line.pk for _, line in added])
    pergeseran.status = PergeseranStatus.APPLIED
    pergeseran.hasil = target
    pergeseran.version += 1
    pergeseran.save()
    return target
