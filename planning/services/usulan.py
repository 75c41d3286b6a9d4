"""Musrenbang and Pokir proposals and their review."""

from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from config.errors import Conflict, Forbidden
from organisation.models import User
from organisation.permissions import check_access
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
