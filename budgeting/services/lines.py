"""Budget lines and the ceilings (plafon) they must fit."""

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Sum

from budgeting.amounts import JUMLAH_LIMIT, koefisien_text, line_jumlah
from budgeting.models import (
    EXECUTION_TAHAP,
    Anggaran,
    BudgetLine,
    LineJenis,
    Plafon,
    RenjaRule,
    StandarHarga,
)
from budgeting.selectors import realisasi_by_kunci
from budgeting.services.guards import (
    _opd_id,
    _validate_standar_harga,
    check_stage_writable,
    validate_akun,
    validate_sub_kegiatan,
    validate_sumber_dana,
)
from config.errors import Conflict
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from planning.models import Renja, RenjaSubKegiatan
from reference.codes import instantiate, nomenklatur_level
from reference.models import Akun, Nomenklatur, SumberDana


class LineFields(TypedDict, total=False):
    """What a caller may set on a budget line beside its stage and OPD; `jumlah` is always computed."""

    sub_kegiatan: Nomenklatur
    akun: Akun
    sumber_dana: SumberDana | None
    kelompok: str
    keterangan: str
    komponen: str
    standar_harga: StandarHarga | None
    volume_1: Decimal
    satuan_1: str
    volume_2: Decimal | None
    satuan_2: str
    volume_3: Decimal | None
    satuan_3: str
    volume_4: Decimal | None
    satuan_4: str
    harga_satuan: Decimal | None
    ppn: Decimal
    jumlah: Decimal  # ignored: always computed from the factors


class LineChanges(LineFields, total=False):
    perangkat_daerah: PerangkatDaerah
    anggaran: Anggaran  # sent back by clients; a line never leaves its stage


class PlafonFields(TypedDict, total=False):
    anggaran: Anggaran
    perangkat_daerah: PerangkatDaerah
    program_kode: str
    sub_kegiatan_kode: str
    jumlah: Decimal
    mode: str


LINE_FIELDS = (
    "perangkat_daerah", "sub_kegiatan", "akun", "sumber_dana", "kelompok", "keterangan", "komponen",
    "standar_harga", "volume_1", "satuan_1", "volume_2", "satuan_2", "volume_3", "satuan_3", "volume_4",
    "satuan_4", "harga_satuan", "ppn",
)  # fmt: skip


def _factors(line: BudgetLine) -> list[tuple[Decimal, str]]:
    factors = [(line.volume_1, line.satuan_1)]
    for n in (2, 3, 4):
        volume = getattr(line, f"volume_{n}")
        if volume is not None:
            factors.append((volume, getattr(line, f"satuan_{n}")))
    return factors


def program_of(sub_kegiatan_kode: str) -> str:
    return ".".join(sub_kegiatan_kode.split(".")[:3]) if sub_kegiatan_kode else ""


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


def renja_rule(*, planned: frozenset[str] | None, kode: str, rule: str, tahun: int) -> tuple[bool, str]:
    """The Renja rule for a belanja line on sub kegiatan `kode`: (flag it `di_luar_renja`, the refusal or "").

    `planned` holds the codes of its OPD's current Renja for the year; None (no Renja in Pagu: planning done
    elsewhere) is not checked. Outside the Renja, rule `warn` flags the line and `refuse` refuses it."""
    if planned is None or kode in planned:
        return False, ""
    if rule == RenjaRule.WARN:
        return True, ""
    return False, f"Sub kegiatan {kode} tidak ada di Renja {tahun} perangkat daerah ini."


def _apply_renja(line: BudgetLine) -> None:
    """`renja_rule` on one line (its OPD's Renja read for it)."""
    line.di_luar_renja = False
    if line.jenis != LineJenis.BELANJA:
        return
    anggaran = line.anggaran
    renja = Renja.objects.filter(
        pemda_id=anggaran.pemda_id,
        tahun=anggaran.tahun,
        perangkat_daerah_id=_opd_id(line.perangkat_daerah),
        is_current=True,
    ).first()
    planned = (
        frozenset(RenjaSubKegiatan.objects.filter(renja=renja).values_list("kode", flat=True))
        if renja
        else None
    )
    line.di_luar_renja, refusal = renja_rule(
        planned=planned, kode=line.sub_kegiatan_kode, rule=anggaran.aturan_renja, tahun=anggaran.tahun
    )
    if refusal:
        raise ValidationError({"sub_kegiatan": ValidationError(refusal, code="not_in_renja")})


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


# What a line of an execution stage may still change outside a pergeseran: its description, not its amount.
EXECUTION_EDITABLE_FIELDS = frozenset({"kelompok", "keterangan", "komponen"})


def check_not_execution_stage(*, anggaran: Anggaran, changed: Iterable[str] = ("jumlah",)) -> None:
    """409 `execution_stage`: a DPA / DPPA line is added, removed or re-priced only by an applied pergeseran (the
    `execution_stage_*` triggers refuse it in the database too)."""
    if anggaran.tahap in EXECUTION_TAHAP and not set(changed) <= EXECUTION_EDITABLE_FIELDS:
        raise Conflict(
            f"{anggaran} adalah dokumen pelaksanaan; rinciannya hanya dapat diubah melalui pergeseran / APBD-P "
            "yang disetujui.",
            code="execution_stage",
        )


def _check_not_below_realisasi(line: BudgetLine, jumlah: Decimal) -> None:
    """400 `below_realisasi` when `jumlah` is below what the line (`kunci`, over the year's stages) has realized."""
    sudah = realisasi_by_kunci(
        pemda_id=line.pemda_id, tahun=line.anggaran.tahun, kunci=[line.kunci], lock=True
    ).get(line.kunci, Decimal(0))
    if jumlah < sudah:
        raise ValidationError(
            {
                "jumlah": ValidationError(
                    f"Jumlah Rp {jumlah:,} lebih kecil dari realisasi rincian ini Rp {sudah:,}.",
                    code="below_realisasi",
                )
            }
        )


def _set_line_fields(line: BudgetLine, fields: LineFields) -> None:
    for name, value in fields.items():
        if name in LINE_FIELDS:
            setattr(line, name, value)


@transaction.atomic
def budget_line_create(
    *, user: User, anggaran: Anggaran, perangkat_daerah: PerangkatDaerah, **fields: Unpack[LineFields]
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
    check_not_execution_stage(anggaran=anggaran)
    line = BudgetLine(anggaran=anggaran, perangkat_daerah=perangkat_daerah)
    _set_line_fields(line, fields)
    if "harga_satuan" not in fields:
        line.harga_satuan = None  # type: ignore[assignment]  # full_clean then says it is required
    _prepare_line(line)
    _apply_renja(line)
    _apply_plafon(line)
    line.save()
    return line


@transaction.atomic
def budget_line_update(
    *, user: User, instance: BudgetLine, version: int | None = None, **fields: Unpack[LineChanges]
) -> BudgetLine:
    """Change a line of an open stage; its stage stays what it was. `version` is the new row version."""
    fields.pop("jumlah", None)
    fields.pop("anggaran", None)
    old_opd = _opd_id(instance.perangkat_daerah)
    check_access(user=user, resource="budget-line", letter="w", pemda_id=instance.pemda_id, opd_ids=[old_opd])
    check_stage_writable(anggaran=instance.anggaran, opd_id=old_opd)
    check_not_execution_stage(
        anggaran=instance.anggaran,
        changed=[
            name for name, value in fields.items() if name in LINE_FIELDS and value != getattr(instance, name)
        ],
    )
    before = instance.jumlah
    _set_line_fields(instance, fields)
    new_opd = _opd_id(instance.perangkat_daerah)
    if new_opd != old_opd:
        check_access(
            user=user, resource="budget-line", letter="w", pemda_id=instance.pemda_id, opd_ids=[new_opd]
        )
        check_stage_writable(anggaran=instance.anggaran, opd_id=new_opd)
    _prepare_line(instance)
    _apply_renja(instance)
    if instance.jumlah < before:
        _check_not_below_realisasi(instance, instance.jumlah)
    _apply_plafon(instance)
    instance.version = version if version is not None else instance.version + 1
    instance.save()
    return instance


@transaction.atomic
def budget_line_delete(*, user: User, instance: BudgetLine) -> None:
    opd_id = _opd_id(instance.perangkat_daerah)
    check_access(user=user, resource="budget-line", letter="w", pemda_id=instance.pemda_id, opd_ids=[opd_id])
    check_stage_writable(anggaran=instance.anggaran, opd_id=opd_id)
    check_not_execution_stage(anggaran=instance.anggaran)
    _check_not_below_realisasi(instance, Decimal(0))
    instance.delete()


@transaction.atomic
def plafon_save(
    *, user: User, instance: Plafon | None = None, version: int | None = None, **fields: Unpack[PlafonFields]
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
def plafon_delete(*, user: User, instance: Plafon) -> None:
    check_access(user=user, resource="plafon", letter="w", pemda_id=instance.pemda_id)
    check_stage_writable(anggaran=instance.anggaran, opd_id=instance.perangkat_daerah_id)
    instance.delete()
