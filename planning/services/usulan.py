"""Musrenbang and Pokir proposals and their review."""

from typing import Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from config.errors import Conflict, Forbidden
from organisation.models import User
from organisation.permissions import check_access
from organisation.scoping import scope_queryset
from planning.models import (
    Pengusul,
    RenjaSubKegiatan,
    TahapUsulan,
    Usulan,
    UsulanJenis,
    UsulanReview,
    UsulanStatus,
)
from planning.services.fields import UsulanFields
from planning.services.guards import _require_pemda, _save
from planning.services.validation import validate_lokasi


def _check_usulan_scope(user: User, usulan: Usulan, letter: str) -> None:
    check_access(
        user=user,
        resource="usulan",
        letter=letter,
        pemda_id=usulan.pemda_id,
        opd_ids=[usulan.perangkat_daerah_id],
    )


@transaction.atomic
def usulan_save(*, user: User, instance: Usulan | None = None, **fields: Unpack[UsulanFields]) -> Usulan:
    if instance is not None:
        _check_usulan_scope(user, instance, "w")
        if instance.keputusan != UsulanStatus.DIAJUKAN:
            raise Conflict("Usulan yang sudah dibahas tidak dapat diubah.", code="usulan_reviewed")
        instance.version += 1
    else:
        instance = Usulan(pemda=_require_pemda(user.pemda))
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.updated_by = user
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
    if usulan.updated_by_id == user.pk:
        raise Forbidden(
            "Yang memasukkan atau terakhir mengubah usulan tidak boleh membahasnya sendiri (maker-checker).",
            code="maker_checker",
        )
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


class UsulanBulkRejected(Exception):
    """A bulk review refused as a whole: every refused row as `{index, id, field, reason}`; nothing was written."""

    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} usulan tidak dapat dibahas.")


def _row_errors(exc: Exception) -> list[tuple[str, str]]:
    """(field, reason) pairs of one refused review, whatever the service raised."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [(field, message) for field, messages in exc.message_dict.items() for message in messages]
        return [("non_field_errors", message) for message in exc.messages]
    if isinstance(exc, Conflict):
        return [("keputusan", exc.message)]
    return [("id", str(exc) or "Tidak berwenang membahas usulan ini.")]


@transaction.atomic
def usulan_review_bulk(
    *, user: User, ids: list[int], tahap: str, keputusan: str, alasan: str = ""
) -> list[Usulan]:
    """One decision (accept or reject) on many proposals at one level, all or none: each goes through
    `usulan_review`, and when any is refused nothing is written and every refusal is listed."""
    check_access(user=user, resource="usulan", letter="v", pemda_id=_require_pemda(user.pemda).pk)
    if keputusan not in (UsulanStatus.DITERIMA, UsulanStatus.DITOLAK):
        raise ValidationError({"keputusan": "Pilih diterima atau ditolak."}, code="invalid_choice")
    visible = {
        row.pk: row
        for row in scope_queryset(Usulan.objects.select_for_update(of=("self",)), user).filter(pk__in=ids)
    }
    errors: list[dict] = []
    reviewed: list[Usulan] = []
    seen: set[int] = set()
    for index, pk in enumerate(ids):
        usulan = visible.get(pk)
        if pk in seen or usulan is None:
            reason = "Usulan disebut lebih dari sekali." if pk in seen else "Usulan tidak ditemukan."
            errors.append({"index": index, "id": pk, "field": "ids", "reason": reason})
            continue
        seen.add(pk)
        try:
            with transaction.atomic():
                reviewed.append(
                    usulan_review(user=user, usulan=usulan, tahap=tahap, keputusan=keputusan, alasan=alasan)
                )
        except (ValidationError, Conflict, PermissionDenied) as exc:
            errors.extend(
                {"index": index, "id": pk, "field": field, "reason": reason}
                for field, reason in _row_errors(exc)
            )
    if errors:
        raise UsulanBulkRejected(errors)
    return reviewed
