"""Reads for planning: list querysets for the API, the cascade tree (pohon kinerja), the trace of one sub kegiatan
and the cascade checks (DESIGN.md section 6, checks 1–2)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from organisation.models import Pemda
from planning.models import (
    ArahKebijakan,
    Indikator,
    IndikatorTarget,
    Misi,
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
    Tujuan,
    Usulan,
)
from reference.codes import k_conflicts_with_level
from reference.models import Nomenklatur, ReferenceKind, SumberDana

# ---------------------------------------------------------------- lists


def rpjmd_list() -> QuerySet[Rpjmd]:
    return Rpjmd.objects.select_related("pemda")


def misi_list() -> QuerySet[Misi]:
    return Misi.objects.all()


def tujuan_list() -> QuerySet[Tujuan]:
    return Tujuan.objects.select_related("misi")


def sasaran_list() -> QuerySet[Sasaran]:
    return Sasaran.objects.select_related("tujuan")


def strategi_list() -> QuerySet[Strategi]:
    return Strategi.objects.all()


def arah_kebijakan_list() -> QuerySet[ArahKebijakan]:
    return ArahKebijakan.objects.all()


def program_rpjmd_list() -> QuerySet[ProgramRpjmd]:
    return ProgramRpjmd.objects.select_related("nomenklatur", "perangkat_daerah").prefetch_related(
        "pagu_tahunan"
    )


def renstra_list() -> QuerySet[Renstra]:
    return Renstra.objects.select_related("perangkat_daerah", "rpjmd")


def renstra_tujuan_list() -> QuerySet[RenstraTujuan]:
    return RenstraTujuan.objects.select_related("renstra")


def renstra_sasaran_list() -> QuerySet[RenstraSasaran]:
    return RenstraSasaran.objects.select_related("renstra", "tujuan")


def renstra_program_list() -> QuerySet[RenstraProgram]:
    return RenstraProgram.objects.select_related("nomenklatur", "renstra").prefetch_related("pagu_tahunan")


def renstra_kegiatan_list() -> QuerySet[RenstraKegiatan]:
    return RenstraKegiatan.objects.select_related("nomenklatur", "renstra").prefetch_related("pagu_tahunan")


def renstra_sub_kegiatan_list() -> QuerySet[RenstraSubKegiatan]:
    return RenstraSubKegiatan.objects.select_related("nomenklatur", "renstra").prefetch_related(
        "pagu_tahunan"
    )


def rkpd_list() -> QuerySet[Rkpd]:
    return Rkpd.objects.select_related("pemda")


def renja_list() -> QuerySet[Renja]:
    return Renja.objects.select_related("perangkat_daerah")


def renja_program_list() -> QuerySet[RenjaProgram]:
    return RenjaProgram.objects.select_related("nomenklatur", "renja")


def renja_kegiatan_list() -> QuerySet[RenjaKegiatan]:
    return RenjaKegiatan.objects.select_related("nomenklatur", "renja")


def renja_sub_kegiatan_list() -> QuerySet[RenjaSubKegiatan]:
    return RenjaSubKegiatan.objects.select_related("nomenklatur", "renja", "sumber_dana")


def indikator_list() -> QuerySet[Indikator]:
    return Indikator.objects.prefetch_related("targets")


def usulan_list() -> QuerySet[Usulan]:
    return Usulan.objects.select_related(
        "perangkat_daerah", "sub_kegiatan", "renja_sub_kegiatan__nomenklatur", "renja_sub_kegiatan__renja"
    ).prefetch_related("reviews")


def usulan_pengusul(queryset: QuerySet[Usulan]) -> QuerySet:
    """The distinct proposers of `queryset` with their number of proposals, as dicts."""
    return (
        queryset.prefetch_related(None)
        .order_by()
        .values("pengusul_jenis", "pengusul_nama")
        .annotate(jumlah=Count("pk"))
        .order_by("pengusul_jenis", "pengusul_nama")
    )


def current_rpjmd(*, pemda_id: int, tahun: int) -> Rpjmd | None:
    return Rpjmd.objects.filter(
        pemda_id=pemda_id, is_current=True, tahun_awal__lte=tahun, tahun_akhir__gte=tahun
    ).first()


def current_renja(*, pemda_id: int, tahun: int, perangkat_daerah_id: int | None = None) -> QuerySet[Renja]:
    queryset = Renja.objects.filter(pemda_id=pemda_id, tahun=tahun, is_current=True)
    if perangkat_daerah_id is not None:
        queryset = queryset.filter(perangkat_daerah_id=perangkat_daerah_id)
    return queryset


# ---------------------------------------------------------------- cascade


def _indicator_node(indikator: Indikator) -> dict[str, Any]:
    # `targets` is prefetched with the year's row only
    targets = list(indikator.targets.all())
    return {
        "id": indikator.pk,
        "nama": indikator.nama,
        "satuan": indikator.satuan,
        "polaritas": indikator.polaritas,
        "baseline": indikator.baseline,
        "target_akhir": indikator.target_akhir,
        "target": targets[0].target if targets else None,
    }


def _node(
    level: str, obj: Any, *, kode: str = "", uraian: str = "", opd: int | None = None
) -> dict[str, Any]:
    return {
        "level": level,
        "id": obj.pk,
        "kode": kode,
        "uraian": uraian,
        "perangkat_daerah": opd,
        "pagu": Decimal("0.00"),
        "indikator": [],
        "children": [],
    }


def _sum_up(node: dict[str, Any]) -> Decimal:
    """Set every parent's pagu to the sum of its children (leaves keep their own)."""
    if node["children"]:
        node["pagu"] = sum((_sum_up(child) for child in node["children"]), Decimal("0.00"))
    return node["pagu"]


@dataclass
class Cascade:
    tahun: int
    rpjmd: int | None
    root: dict[str, Any] | None
    untraced: list[dict[str, Any]]
    pagu_total: Decimal


def cascade_tree(*, pemda: Pemda, tahun: int, perangkat_daerah_id: int | None = None) -> Cascade:
    """Pohon kinerja for a year: visi → misi → tujuan → sasaran → program → kegiatan → sub kegiatan, with indicators
    (target for `tahun`) and pagu at every node; a parent's pagu is the sum of its children. Eight queries whatever
    the size. Programs not traced to a sasaran of the RPJMD in force are returned apart, in `untraced`.
    With an OPD filter, branches without that OPD's programs are left out."""
    rpjmd = current_rpjmd(pemda_id=pemda.pk, tahun=tahun)
    renja = current_renja(pemda_id=pemda.pk, tahun=tahun, perangkat_daerah_id=perangkat_daerah_id)
    year_targets = Prefetch("targets", queryset=IndikatorTarget.objects.filter(tahun=tahun))
    owners = Q(renja_program__renja__in=renja) | Q(renja_kegiatan__renja__in=renja)
    owners |= Q(renja_sub_kegiatan__renja__in=renja)
    if rpjmd is not None:
        owners |= Q(tujuan__rpjmd=rpjmd) | Q(sasaran__rpjmd=rpjmd)
    indicators: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for indikator in Indikator.objects.filter(owners).prefetch_related(year_targets).order_by("pk"):
        field = indikator.owner_field
        indicators[(field, getattr(indikator, f"{field}_id"))].append(_indicator_node(indikator))

    sub_by_kegiatan: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for sub in (
        RenjaSubKegiatan.objects.filter(renja__in=renja).select_related("nomenklatur").order_by("kode")
    ):
        node = _node("sub_kegiatan", sub, kode=sub.kode, uraian=sub.nomenklatur.nama, opd=None)
        node["pagu"] = sub.pagu_indikatif
        node["indikator"] = indicators[("renja_sub_kegiatan", sub.pk)]
        sub_by_kegiatan[sub.kegiatan_id].append(node)
    kegiatan_by_program: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for kegiatan in (
        RenjaKegiatan.objects.filter(renja__in=renja).select_related("nomenklatur").order_by("kode")
    ):
        node = _node("kegiatan", kegiatan, kode=kegiatan.kode, uraian=kegiatan.nomenklatur.nama)
        node["indikator"] = indicators[("renja_kegiatan", kegiatan.pk)]
        node["children"] = sub_by_kegiatan[kegiatan.pk]
        kegiatan_by_program[kegiatan.program_id].append(node)

    sasaran_nodes: dict[Any, dict[str, Any]] = {}
    root = None
    if rpjmd is not None:
        root = _node("visi", rpjmd, uraian=rpjmd.visi)
        misi_nodes: dict[int, dict[str, Any]] = {}
        for misi in Misi.objects.filter(rpjmd=rpjmd).order_by("nomor", "pk"):
            misi_nodes[misi.pk] = _node("misi", misi, kode=str(misi.nomor), uraian=misi.uraian)
            root["children"].append(misi_nodes[misi.pk])
        tujuan_nodes: dict[int, dict[str, Any]] = {}
        for tujuan in Tujuan.objects.filter(rpjmd=rpjmd).order_by("nomor", "pk"):
            misi_node = misi_nodes[tujuan.misi_id]
            node = _node("tujuan", tujuan, kode=f"{misi_node['kode']}.{tujuan.nomor}", uraian=tujuan.uraian)
            node["indikator"] = indicators[("tujuan", tujuan.pk)]
            tujuan_nodes[tujuan.pk] = node
            misi_node["children"].append(node)
        for sasaran in Sasaran.objects.filter(rpjmd=rpjmd).order_by("nomor", "pk"):
            tujuan_node = tujuan_nodes[sasaran.tujuan_id]
            node = _node(
                "sasaran", sasaran, kode=f"{tujuan_node['kode']}.{sasaran.nomor}", uraian=sasaran.uraian
            )
            node["indikator"] = indicators[("sasaran", sasaran.pk)]
            sasaran_nodes[sasaran.kunci] = node
            tujuan_node["children"].append(node)

    untraced: list[dict[str, Any]] = []
    programs = RenjaProgram.objects.filter(renja__in=renja).select_related(
        "nomenklatur", "sasaran", "renja__perangkat_daerah"
    )
    for program in programs.order_by("kode", "renja__perangkat_daerah__kode"):
        node = _node(
            "program",
            program,
            kode=program.kode,
            uraian=program.nomenklatur.nama,
            opd=program.renja.perangkat_daerah_id,
        )
        node["indikator"] = indicators[("renja_program", program.pk)]
        node["children"] = kegiatan_by_program[program.pk]
        parent = sasaran_nodes.get(program.sasaran.kunci) if program.sasaran else None
        (parent["children"] if parent else untraced).append(node)

    total = Decimal("0.00")
    if root is not None:
        if perangkat_daerah_id is not None:
            _prune(root)
        total += _sum_up(root)
    for node in untraced:
        total += _sum_up(node)
    return Cascade(
        tahun=tahun, rpjmd=rpjmd.pk if rpjmd else None, root=root, untraced=untraced, pagu_total=total
    )


def _prune(node: dict[str, Any]) -> bool:
    """Drop branches holding no program; True when the node keeps something."""
    if node["level"] == "program":
        return True
    node["children"] = [child for child in node["children"] if _prune(child)]
    return bool(node["children"]) or node["level"] == "visi"


def sub_kegiatan_trace(*, sub_kegiatan: RenjaSubKegiatan) -> list[dict[str, Any]]:
    """The chain from one Renja sub kegiatan up to the visi, resolved against the RPJMD revision in force."""
    sub = RenjaSubKegiatan.objects.select_related(
        "nomenklatur",
        "kegiatan__nomenklatur",
        "kegiatan__program__nomenklatur",
        "kegiatan__program__sasaran",
        "renja__perangkat_daerah",
    ).get(pk=sub_kegiatan.pk)
    kegiatan, program = sub.kegiatan, sub.kegiatan.program
    opd = sub.renja.perangkat_daerah_id
    chain = [
        {
            "level": "sub_kegiatan",
            "id": sub.pk,
            "kode": sub.kode,
            "uraian": sub.nomenklatur.nama,
            "perangkat_daerah": opd,
            "pagu": sub.pagu_indikatif,
        },
        {
            "level": "kegiatan",
            "id": kegiatan.pk,
            "kode": kegiatan.kode,
            "uraian": kegiatan.nomenklatur.nama,
            "perangkat_daerah": opd,
            "pagu": None,
        },
        {
            "level": "program",
            "id": program.pk,
            "kode": program.kode,
            "uraian": program.nomenklatur.nama,
            "perangkat_daerah": opd,
            "pagu": None,
        },
    ]
    if program.sasaran is None:
        return chain
    rpjmd = current_rpjmd(pemda_id=sub.pemda_id, tahun=sub.renja.tahun)
    sasaran = (
        Sasaran.objects.filter(rpjmd=rpjmd, kunci=program.sasaran.kunci).first() if rpjmd else None
    ) or program.sasaran
    sasaran = Sasaran.objects.select_related("tujuan__misi__rpjmd").get(pk=sasaran.pk)
    tujuan, misi, visi = sasaran.tujuan, sasaran.tujuan.misi, sasaran.tujuan.misi.rpjmd
    for level, obj, uraian in (
        ("sasaran", sasaran, sasaran.uraian),
        ("tujuan", tujuan, tujuan.uraian),
        ("misi", misi, misi.uraian),
        ("visi", visi, visi.visi),
    ):
        chain.append(
            {
                "level": level,
                "id": obj.pk,
                "kode": str(getattr(obj, "nomor", "")),
                "uraian": uraian,
                "perangkat_daerah": None,
                "pagu": None,
            }
        )
    return chain


# ---------------------------------------------------------------- checks


def _issue(code: str, message: str, obj: Any, *, kode: str = "", opd: int | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "object_type": type(obj).__name__,
        "object_id": obj.pk,
        "kode": kode,
        "perangkat_daerah": opd,
    }


def _annotated(queryset: QuerySet, owner: str, tahun: int) -> QuerySet:
    return queryset.annotate(
        has_indikator=Exists(Indikator.objects.filter(**{owner: OuterRef("pk")})),
        has_target=Exists(
            IndikatorTarget.objects.filter(**{f"indikator__{owner}": OuterRef("pk")}, tahun=tahun)
        ),
    )


def _indicator_issues(obj: Any, label: str, tahun: int, **where: Any) -> list[dict[str, Any]]:
    if not obj.has_indikator:
        return [_issue("indicator_missing", f"{label} belum punya indikator.", obj, **where)]
    if not obj.has_target:
        return [_issue("target_missing", f"{label}: belum ada target tahun {tahun}.", obj, **where)]
    return []


def _code_issues(item: Any, parent: Any, pemda: Pemda, tahun: int, opd: int | None) -> list[dict[str, Any]]:
    issues = []
    version = item.nomenklatur.version
    in_force = (
        version.kind == ReferenceKind.NOMENKLATUR
        and version.pemda_level == pemda.level
        and version.tahun_mulai <= tahun <= version.tahun_selesai
    )
    if not in_force:
        issues.append(
            _issue(
                "code_not_in_force",
                f"{item.kode} bukan dari nomenklatur yang berlaku tahun {tahun}.",
                item,
                kode=item.kode,
                opd=opd,
            )
        )
    if k_conflicts_with_level(item.kode, pemda.level):
        issues.append(
            _issue(
                "k_conflict",
                f"Digit K pada {item.kode} tidak sesuai tingkat pemda.",
                item,
                kode=item.kode,
                opd=opd,
            )
        )
    if parent is not None and (
        item.nomenklatur.parent_id != parent.nomenklatur_id or not item.kode.startswith(parent.kode + ".")
    ):
        issues.append(
            _issue(
                "code_parent_mismatch",
                f"{item.kode} bukan bagian dari {parent.kode}.",
                item,
                kode=item.kode,
                opd=opd,
            )
        )
    return issues


def plan_checks(*, pemda: Pemda, tahun: int, perangkat_daerah_id: int | None = None) -> list[dict[str, Any]]:
    """Every cascade problem of the year (DESIGN.md section 6, checks 1–2), each with a stable code and the row."""
    issues: list[dict[str, Any]] = []
    rpjmd = current_rpjmd(pemda_id=pemda.pk, tahun=tahun)
    renja = current_renja(pemda_id=pemda.pk, tahun=tahun, perangkat_daerah_id=perangkat_daerah_id)
    current_kunci: set[Any] = set()
    if rpjmd is None:
        issues.append(_issue("rpjmd_missing", f"Tidak ada RPJMD yang berlaku untuk tahun {tahun}.", pemda))
    else:
        sasaran_qs = _annotated(Sasaran.objects.filter(rpjmd=rpjmd), "sasaran", tahun)
        traced = RenjaProgram.objects.filter(
            renja__in=current_renja(pemda_id=pemda.pk, tahun=tahun), sasaran__kunci=OuterRef("kunci")
        )
        sasaran_qs = sasaran_qs.annotate(has_program=Exists(traced))
        if perangkat_daerah_id is None:
            for tujuan in _annotated(Tujuan.objects.filter(rpjmd=rpjmd), "tujuan", tahun):
                issues += _indicator_issues(tujuan, f"Tujuan {tujuan.nomor}", tahun)
        for sasaran in sasaran_qs:
            current_kunci.add(sasaran.kunci)
            if perangkat_daerah_id is None:
                issues += _indicator_issues(sasaran, f"Sasaran {sasaran.nomor}", tahun)
                if not sasaran.has_program:
                    issues.append(
                        _issue(
                            "sasaran_without_program",
                            f"Sasaran {sasaran.nomor} tidak didukung program apa pun tahun {tahun}.",
                            sasaran,
                        )
                    )
    programs = _annotated(RenjaProgram.objects.filter(renja__in=renja), "renja_program", tahun).annotate(
        n_children=Count("kegiatan")
    )
    program_by_pk = {}
    for program in programs.select_related("nomenklatur__version", "sasaran", "renja").order_by("kode"):
        program_by_pk[program.pk] = program
        opd = program.renja.perangkat_daerah_id
        where = {"kode": program.kode, "opd": opd}
        if program.sasaran is None or program.sasaran.kunci not in current_kunci:
            issues.append(
                _issue(
                    "program_not_traced",
                    f"Program {program.kode} tidak terhubung ke sasaran RPJMD yang berlaku.",
                    program,
                    **where,
                )
            )
        if not program.n_children:
            issues.append(
                _issue("program_empty", f"Program {program.kode} tanpa kegiatan.", program, **where)
            )
        issues += _indicator_issues(program, f"Program {program.kode}", tahun, **where)
        issues += _code_issues(program, None, pemda, tahun, opd)
    kegiatan_by_pk = {}
    kegiatan_qs = _annotated(RenjaKegiatan.objects.filter(renja__in=renja), "renja_kegiatan", tahun).annotate(
        n_children=Count("sub_kegiatan")
    )
    for kegiatan in kegiatan_qs.select_related("nomenklatur__version", "renja").order_by("kode"):
        kegiatan_by_pk[kegiatan.pk] = kegiatan
        opd = kegiatan.renja.perangkat_daerah_id
        where = {"kode": kegiatan.kode, "opd": opd}
        if not kegiatan.n_children:
            issues.append(
                _issue("kegiatan_empty", f"Kegiatan {kegiatan.kode} tanpa sub kegiatan.", kegiatan, **where)
            )
        issues += _indicator_issues(kegiatan, f"Kegiatan {kegiatan.kode}", tahun, **where)
        issues += _code_issues(kegiatan, program_by_pk.get(kegiatan.program_id), pemda, tahun, opd)
    subs = _annotated(RenjaSubKegiatan.objects.filter(renja__in=renja), "renja_sub_kegiatan", tahun)
    for sub in subs.select_related("nomenklatur__version", "renja").order_by("kode"):
        opd = sub.renja.perangkat_daerah_id
        where = {"kode": sub.kode, "opd": opd}
        issues += _indicator_issues(sub, f"Sub kegiatan {sub.kode}", tahun, **where)
        issues += _code_issues(sub, kegiatan_by_pk.get(sub.kegiatan_id), pemda, tahun, opd)
    renstra = Renstra.objects.filter(
        pemda=pemda, is_current=True, tahun_awal__lte=tahun, tahun_akhir__gte=tahun
    )
    if perangkat_daerah_id is not None:
        renstra = renstra.filter(perangkat_daerah_id=perangkat_daerah_id)
    untraced_renstra = RenstraSasaran.objects.filter(renstra__in=renstra).filter(
        Q(sasaran_rpjmd__isnull=True) | ~Q(sasaran_rpjmd__kunci__in=current_kunci)
    )
    for sasaran in untraced_renstra.select_related("renstra"):
        issues.append(
            _issue(
                "renstra_sasaran_not_traced",
                f"Sasaran Renstra {sasaran.nomor} tidak terhubung ke sasaran RPJMD yang berlaku.",
                sasaran,
                opd=sasaran.renstra.perangkat_daerah_id,
            )
        )
    return issues


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
