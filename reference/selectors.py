from django.db.models import Q, QuerySet

from reference.models import Akun, CodeMapping, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana


def reference_version_list() -> QuerySet[ReferenceVersion]:
    return ReferenceVersion.objects.all()


def reference_version_in_force(*, kind: str, tahun: int, pemda_level: str = "") -> ReferenceVersion | None:
    """The version of `kind` that governs budget year `tahun` (for nomenclature: of that pemda level)."""
    level = pemda_level if kind == ReferenceKind.NOMENKLATUR else ""
    return ReferenceVersion.objects.filter(
        kind=kind, pemda_level=level, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun
    ).first()


def versions_in_force_q(*, tahun: int, prefix: str = "version__") -> Q:
    return Q(**{f"{prefix}tahun_mulai__lte": tahun, f"{prefix}tahun_selesai__gte": tahun})


def nomenklatur_list() -> QuerySet[Nomenklatur]:
    return Nomenklatur.objects.select_related("version")


def akun_list() -> QuerySet[Akun]:
    return Akun.objects.select_related("version")


def sumber_dana_list() -> QuerySet[SumberDana]:
    return SumberDana.objects.select_related("version")


def code_mapping_list() -> QuerySet[CodeMapping]:
    return CodeMapping.objects.select_related("from_version", "to_version")
