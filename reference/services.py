"""Writes to the reference lists. File imports live in `reference.importers`."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from organisation.models import PemdaLevel
from reference.models import ReferenceKind, ReferenceVersion

# First key of the advisory lock taken while a version is looked up or created; the second is the kind and level.
VERSION_LOCK_NAMESPACE = 7301


@transaction.atomic
def reference_version_get_or_create(
    *, kind: str, pemda_level: str, legal_basis: str, tahun_mulai: int, tahun_selesai: int
) -> ReferenceVersion:
    """The version of `kind` (and pemda level, for nomenclature) with this legal basis, created when new.

    An existing version is returned only when its years are the ones given. A new version must not overlap the
    years of another version of the same kind and level, so at most one list is in force for a year. The check
    holds a transaction-level advisory lock per kind and level, so two concurrent imports cannot both pass it; when
    called inside a larger transaction (an import) the lock is held until that transaction ends.
    """
    if kind not in ReferenceKind.values:
        raise ValidationError(
            {"kind": ValidationError(f"Jenis referensi '{kind}' tidak dikenal.", code="invalid")}
        )
    if kind == ReferenceKind.NOMENKLATUR:
        if pemda_level not in PemdaLevel.values:
            raise ValidationError(
                {
                    "pemda_level": ValidationError(
                        "Nomenklatur wajib menyebut jenis pemda (PROV/KABKOT).", code="required"
                    )
                }
            )
    else:
        pemda_level = ""  # akun and sumber dana lists serve both levels
    legal_basis = " ".join(legal_basis.split())
    if not legal_basis:
        raise ValidationError({"legal_basis": ValidationError("Dasar hukum wajib diisi.", code="required")})
    if tahun_selesai < tahun_mulai:
        raise ValidationError(
            {
                "tahun_selesai": ValidationError(
                    "Tahun selesai lebih awal dari tahun mulai.", code="invalid_years"
                )
            }
        )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
            [VERSION_LOCK_NAMESPACE, f"{kind}:{pemda_level}"],
        )

    same_basis = ReferenceVersion.objects.filter(
        kind=kind, pemda_level=pemda_level, legal_basis=legal_basis
    ).first()
    if same_basis is not None:
        if (same_basis.tahun_mulai, same_basis.tahun_selesai) == (tahun_mulai, tahun_selesai):
            return same_basis
        raise ValidationError(
            {
                "tahun_mulai": ValidationError(
                    f"Versi {legal_basis} sudah ada untuk tahun {same_basis.tahun_mulai}–{same_basis.tahun_selesai}, "
                    f"bukan {tahun_mulai}–{tahun_selesai}.",
                    code="version_years_differ",
                )
            }
        )
    overlapping = (
        ReferenceVersion.objects.filter(
            kind=kind, pemda_level=pemda_level, tahun_mulai__lte=tahun_selesai, tahun_selesai__gte=tahun_mulai
        )
        .order_by("tahun_mulai")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "tahun_mulai": ValidationError(
                    f"Tahun {tahun_mulai}–{tahun_selesai} tumpang tindih dengan versi {overlapping.legal_basis} "
                    f"({overlapping.tahun_mulai}–{overlapping.tahun_selesai}); akhiri versi itu lebih dulu "
                    "atau pilih tahun lain.",
                    code="overlapping_years",
                )
            }
        )
    return ReferenceVersion.objects.create(
        kind=kind,
        pemda_level=pemda_level,
        legal_basis=legal_basis,
        tahun_mulai=tahun_mulai,
        tahun_selesai=tahun_selesai,
    )
