"""Reads for reports: resolve what the caller may see, load the frames, compute, and hand back plain rows.

Money leaves here as Decimal Rupiah (two places) and percentages as Decimal rounded to two places or None; the
serializers and the workbook writers take these rows as they are.
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from budgeting.models import EXECUTION_TAHAP, TAHAP_ORDER, Anggaran, BudgetLine, LineJenis, Tahap
from organisation.models import Pemda, PerangkatDaerah, User
from organisation.scoping import scope_queryset
from planning.models import Indikator, IndikatorTarget, PaguTahunan, RenjaSubKegiatan
from reference.codes import normalize_code
from reference.models import SumberDana
from reporting import anomalies as anomaly_rules
from reporting import calculations as calc
from reporting import evaluasi, frames
from reporting import rincian as rinci

BULAN_NAMA = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
TREE_LEVELS = calc.LEVELS  # opd, urusan, bidang, program, kegiatan, sub_kegiatan, akun
LEVEL_LABELS = {
    "opd": "Perangkat Daerah", "urusan": "Urusan", "bidang": "Bidang Urusan", "program": "Program",
    "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan", "akun": "Akun",
}  # fmt: skip


@dataclass(frozen=True)
class ReportScope:
    """A validated report request: pemda, year, stage, month (s.d.), optional OPD and tree depth."""

    pemda: Pemda
    tahun: int
    anggaran: Anggaran
    bulan: int
    triwulan: int | None
    opd: PerangkatDaerah | None
    level: str
    rka: Anggaran | None
    sumber_dana: SumberDana | None = None

    @property
    def frames_scope(self) -> frames.Scope:
        return frames.Scope(
            pemda_id=self.pemda.pk,
            tahun=self.tahun,
            anggaran_id=self.anggaran.pk,
            opd_id=self.opd.pk if self.opd else None,
            rka_id=self.rka.pk if self.rka else None,
            sumber_dana=self.sumber_dana.kode if self.sumber_dana else None,
        )

    @property
    def periode(self) -> str:
        if self.triwulan:
            return f"Triwulan {self.triwulan} (s.d. {BULAN_NAMA[self.bulan - 1]} {self.tahun})"
        return f"s.d. {BULAN_NAMA[self.bulan - 1]} {self.tahun}"


def _stage_rank(anggaran: Anggaran) -> tuple[int, int]:
    return TAHAP_ORDER.index(anggaran.tahap), anggaran.nomor


def stage_in_force(*, user: User, tahun: int) -> Anggaran | None:
    """The execution document in force for the year: the latest DPA / pergeseran / DPPA the caller can see."""
    stages = scope_queryset(Anggaran.objects.filter(tahun=tahun, tahap__in=sorted(EXECUTION_TAHAP)), user)
    return max(stages, key=_stage_rank, default=None)


def _check_pemda(user: User) -> None:
    if user.pemda_id is None:
        raise ValidationError(
            {
                "pemda": ValidationError(
                    "Laporan dibuat per pemda; akun ini tidak terikat pemda.", code="no_pemda"
                )
            }
        )


def _report_opd(
    user: User, perangkat_daerah: int | None, *, not_found: bool = False
) -> PerangkatDaerah | None:
    """The OPD a report is about: the one asked for when the caller may see it (400 otherwise, 404 with
    `not_found`), an OPD-scoped user's own, or None (the whole pemda)."""
    if perangkat_daerah is not None:
        opd = scope_queryset(PerangkatDaerah.objects.filter(pk=perangkat_daerah), user).first()
        if opd is None and not_found:
            raise Http404("Perangkat daerah tidak dikenal.")
        if opd is None:
            raise ValidationError(
                {"perangkat_daerah": ValidationError("Perangkat daerah tidak dikenal.", code="unknown_opd")}
            )
        return opd
    if user.is_opd_scoped:
        return user.perangkat_daerah
    return None


def _report_sumber_dana(kode: str | None, *, tahun: int) -> SumberDana | None:
    """The sumber dana a report is narrowed to, by code as typed (`1.2.1.01` = `1.2.01.01`): the version in
    force for the year first, then the newest (400 for a code no version has)."""
    if not kode:
        return None
    kode = normalize_code(kode, "sumber_dana")
    found = (
        SumberDana.objects.filter(kode=kode)
        .select_related("version")
        .order_by(
            Case(
                When(version__tahun_mulai__lte=tahun, version__tahun_selesai__gte=tahun, then=0),
                default=1,
            ),
            "-version__tahun_mulai",
        )
        .first()
    )
    if found is None:
        raise ValidationError(
            {"sumber_dana": ValidationError(f"Sumber dana {kode} tidak dikenal.", code="unknown_sumber_dana")}
        )
    return found


def report_scope(
    *,
    user: User,
    tahun: int | None,
    bulan: int | None,
    triwulan: int | None,
    tahap: int | None,
    perangkat_daerah: int | None,
    level: str | None,
    sumber_dana: str | None = None,
) -> ReportScope:
    """Resolve and check a report request against the caller's scope (400 with field errors otherwise).

    An OPD-scoped user always gets its own OPD; another pemda's stage or OPD is an unknown id.
    """
    _check_pemda(user)
    today = timezone.localdate()
    if bulan is not None and triwulan is not None:
        raise ValidationError(
            {"triwulan": ValidationError("Pilih bulan atau triwulan, tidak keduanya.", code="exclusive")}
        )
    if tahap is not None:
        anggaran = scope_queryset(Anggaran.objects.filter(pk=tahap), user).first()
        if anggaran is None:
            raise ValidationError(
                {"tahap": ValidationError("Dokumen anggaran tidak dikenal.", code="unknown_stage")}
            )
        if tahun is not None and anggaran.tahun != tahun:
            raise ValidationError(
                {"tahap": ValidationError("Dokumen anggaran bukan untuk tahun itu.", code="wrong_year")}
            )
        tahun = anggaran.tahun
    else:
        tahun = tahun or today.year
        found = stage_in_force(user=user, tahun=tahun)
        if found is None:
            raise ValidationError(
                {"tahap": ValidationError(f"Belum ada DPA untuk tahun {tahun}.", code="no_stage")}
            )
        anggaran = found
    if triwulan is not None:
        bulan = triwulan * 3
    if bulan is None:
        bulan = today.month if tahun == today.year else 12
    opd = _report_opd(user, perangkat_daerah)
    if level is None:
        level = "sub_kegiatan" if opd is not None else "opd"
    rka = (
        Anggaran.objects.filter(pemda_id=anggaran.pemda_id, tahun=tahun, tahap=Tahap.RKA)
        .order_by("-nomor")
        .first()
    )
    return ReportScope(
        pemda=anggaran.pemda, tahun=tahun, anggaran=anggaran, bulan=bulan, triwulan=triwulan,
        opd=opd, level=level, rka=rka, sumber_dana=_report_sumber_dana(sumber_dana, tahun=tahun),
    )  # fmt: skip


# ---------------------------------------------------------------- RFK

MONEY_FIELDS = ("pagu", "pagu_rka", "anggaran_kas", "realisasi", "nilai_fisik", "sisa")
PERCENT_FIELDS = ("persen_realisasi", "persen_rak", "deviasi", "deviasi_relatif", "fisik")


def _measures(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {name: calc.sen_to_decimal(record[name]) for name in MONEY_FIELDS}
    out.update({name: calc.percent_to_decimal(record[name]) for name in PERCENT_FIELDS})
    return out


@dataclass
class RfkReport:
    """The RFK of a scope: tree rows (pre-order), the total, the monthly series and the figures measured."""

    scope: ReportScope
    levels: tuple[str, ...]
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    series: list[dict[str, Any]]
    timings: dict[str, float] = field(default_factory=dict)


def report_rfk(*, scope: ReportScope, rak_bulanan: bool = False) -> RfkReport:
    """Realisasi fisik dan keuangan s.d. `scope.bulan`: the tree OPD → … → `scope.level` (`opd`: one row per
    OPD, the pemda variant)."""
    loaded = frames.rfk_frames(scope.frames_scope, bulan=scope.bulan)
    started = time.perf_counter()
    levels = TREE_LEVELS[: TREE_LEVELS.index(scope.level) + 1]
    grain_levels = levels if "sub_kegiatan" in levels else TREE_LEVELS[:6]
    leaves = calc.rfk_leaves(
        loaded.lines, loaded.fisik, bulan=scope.bulan, grain=[calc.key(name) for name in grain_levels]
    )
    tree = calc.rfk_tree(leaves, levels=levels)
    total = calc.rfk_total(leaves)
    series = calc.monthly_series(loaded.lines)
    engine = time.perf_counter() - started
    rows = _rfk_rows(tree, loaded, scope=scope, levels=levels, rak_bulanan=rak_bulanan)
    return RfkReport(
        scope=scope,
        levels=levels,
        rows=rows,
        total=_measures(total),
        series=[
            {
                "bulan": int(item["bulan"]),
                "anggaran_kas": calc.sen_to_decimal(item["anggaran_kas"]),
                "realisasi": calc.sen_to_decimal(item["realisasi"]),
                "anggaran_kas_kumulatif": calc.sen_to_decimal(item["anggaran_kas_kumulatif"]),
                "realisasi_kumulatif": calc.sen_to_decimal(item["realisasi_kumulatif"]),
                "persen_realisasi_kumulatif": calc.percent_to_decimal(item["persen_realisasi_kumulatif"]),
            }
            for item in series.to_dict("records")
        ],
        timings={"frames": loaded.seconds, "engine": engine},
    )


def _rfk_rows(
    tree: pd.DataFrame,
    loaded: frames.RfkFrames,
    *,
    scope: ReportScope,
    levels: tuple[str, ...],
    rak_bulanan: bool,
) -> list[dict[str, Any]]:
    codes = loaded.codes
    nomen = frames.nomenklatur_names(
        pemda_level=scope.pemda.level,
        tahun=scope.tahun,
        codes=[kode for name in levels if name in calc.CODE_SEGMENTS for kode in codes[name]],
    )
    akun = frames.akun_names(tahun=scope.tahun) if "akun" in levels else {}
    opd_names = loaded.opd["nama"].to_numpy(dtype=object)
    keys = {name: tree[calc.key(name)].to_numpy() for name in levels}
    rows = []
    for index, record in enumerate(tree.to_dict("records")):
        level = record["level"]
        node = int(record[calc.key(level)])
        kode = str(codes[level][node])
        uraian = (
            opd_names[node]
            if level == "opd"
            else akun.get(kode, "")
            if level == "akun"
            else nomen.get(kode, "")
        )
        path = {f"kode_{name}": str(codes[name][keys[name][index]]) for name in levels[: record["depth"] + 1]}
        row = {
            "level": level,
            "depth": int(record["depth"]),
            "kode": kode,
            "uraian": uraian,
            "perangkat_daerah_kode": str(codes["opd"][keys["opd"][index]]),
            **_measures(record),
            "sumber_dana": record["sumber_dana"],
            "permasalahan": record["permasalahan"],
            "tindak_lanjut": record["tindak_lanjut"],
            "path": path,
        }
        if rak_bulanan:
            row["anggaran_kas_bulanan"] = [calc.sen_to_decimal(record[name]) for name in calc.AK_COLUMNS]
        rows.append(row)
    return rows


# ---------------------------------------------------------------- LRA


@dataclass
class LraReport:
    scope: ReportScope
    rows: list[dict[str, Any]]
    previous: Anggaran | None


def report_lra(*, scope: ReportScope) -> LraReport:
    """LRA s.d. `scope.bulan`: anggaran of the stage on all three sides, belanja realization this year and the
    previous year's (when that year has an execution stage)."""
    previous_stage = (
        Anggaran.objects.filter(pemda=scope.pemda, tahun=scope.tahun - 1, tahap__in=sorted(EXECUTION_TAHAP))
        .order_by("id")
        .first()
    )
    previous = None
    if previous_stage is not None:
        previous = frames.Scope(pemda_id=scope.pemda.pk, tahun=scope.tahun - 1, anggaran_id=previous_stage.pk)
    amounts = frames.lra_amounts(scope.frames_scope, bulan=scope.bulan, previous=previous)
    frame = calc.lra(amounts)
    rows = [
        {
            "kode": record["kode"] if record["kind"] == "group" else "",
            "uraian": record["uraian"],
            "jenis": record["kind"],
            "depth": int(record["depth"]),
            "anggaran": calc.sen_to_decimal(record["anggaran"]),
            "realisasi": calc.sen_to_decimal(record["realisasi"]),
            "persen": calc.percent_to_decimal(record["persen"]),
            "realisasi_tahun_lalu": calc.sen_to_decimal(record["realisasi_lalu"]),
        }
        for record in frame.to_dict("records")
    ]
    return LraReport(scope=scope, rows=rows, previous=previous_stage)


# ---------------------------------------------------------------- capaian


def _float_to_decimal(value: object, places: str = "0.0001") -> Decimal | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return Decimal(repr(float(value))).quantize(Decimal(places))


def _capaian_frame(scope: ReportScope) -> pd.DataFrame:
    frame = frames.indikator_frame(
        pemda_id=scope.pemda.pk, tahun=scope.tahun, opd_id=scope.opd.pk if scope.opd else None
    )
    return calc.capaian_indikator(frame)


def report_capaian(*, scope: ReportScope) -> list[dict[str, Any]]:
    """Capaian of RPJMD tujuan / sasaran indicators and program outcomes for the year, with predikat."""
    frame = _capaian_frame(scope)
    return [
        {
            "indikator": int(record["indikator_id"]),
            "jenis": record["jenis"],
            "nama": record["nama"],
            "satuan": record["satuan"],
            "polaritas": record["polaritas"],
            "aturan": record["aturan"],
            "is_iku": bool(record["is_iku"]),
            "baseline": _float_to_decimal(record["baseline"]),
            "target": _float_to_decimal(record["target"]),
            "triwulan": [_float_to_decimal(record[f"tw_{q}"]) for q in range(1, 5)],
            "realisasi": _float_to_decimal(record["realisasi"]),
            "capaian": calc.percent_to_decimal(record["capaian"]),
            "predikat": record["predikat"],
        }
        for record in frame.to_dict("records")
    ]


# ---------------------------------------------------------------- leader dashboard

DASHBOARD_LEVELS = ("opd", "sub_kegiatan")
DASHBOARD_TOP = 10


@dataclass
class DashboardReport:
    """The leader dashboard of a scope: the RFK total, the absorption curve, the OPD ranking, capaian per
    predikat, the largest deviations and the open problems (at most `DASHBOARD_TOP` of each list)."""

    total: dict[str, Any]
    series: list[dict[str, Any]]
    opd: list[dict[str, Any]]
    capaian: list[dict[str, Any]]
    capaian_tanpa_realisasi: int
    deviasi_terbesar: list[dict[str, Any]]
    permasalahan: list[dict[str, Any]]
    permasalahan_jumlah: int
    anomali: int


def report_dashboard(*, scope: ReportScope) -> DashboardReport:
    """The leader dashboard s.d. `scope.bulan`, computed from one load of the RFK frames: the same numbers as
    the RFK (`report_rfk`) at the OPD and sub kegiatan levels and as the capaian report (`report_capaian`)."""
    loaded = frames.rfk_frames(scope.frames_scope, bulan=scope.bulan)
    grain = [calc.key(name) for name in DASHBOARD_LEVELS]
    leaves = calc.rfk_leaves(loaded.lines, loaded.fisik, bulan=scope.bulan, grain=grain)
    # only the columns shown: turning the wide tree into records was a noticeable part of the request
    tree = calc.rfk_tree(leaves, levels=DASHBOARD_LEVELS)[["level", *grain, *MONEY_FIELDS, *PERCENT_FIELDS]]
    total = calc.rfk_total(leaves)
    curve = calc.absorption_curve(
        calc.monthly_series(loaded.lines), pagu=int(total["pagu"]), bulan=scope.bulan
    )
    opd = calc.opd_peringkat(tree[tree["level"] == "opd"])
    sub_rows = tree[tree["level"] == "sub_kegiatan"]
    top = calc.deviasi_terbesar(sub_rows, n=DASHBOARD_TOP)
    problems = calc.permasalahan_terbuka(loaded.fisik, sub_rows)
    indikator = _capaian_frame(scope)

    opd_ids = loaded.opd["opd_id"].to_numpy()
    opd_codes = loaded.codes["opd"]
    sub_codes = loaded.codes["sub_kegiatan"]
    shown = problems.head(DASHBOARD_TOP)
    names = frames.nomenklatur_names(
        pemda_level=scope.pemda.level,
        tahun=scope.tahun,
        codes=sorted({sub_codes[k] for k in (*top["k_sub_kegiatan"], *shown["k_sub_kegiatan"])}),
    )

    def sub_kegiatan(record: dict[str, Any]) -> dict[str, Any]:
        kode = str(sub_codes[record["k_sub_kegiatan"]])
        return {
            "kode": kode,
            "uraian": names.get(kode, ""),
            "perangkat_daerah": int(opd_ids[record["k_opd"]]),
            "perangkat_daerah_kode": str(opd_codes[record["k_opd"]]),
        }

    return DashboardReport(
        total=_measures(total),
        series=[
            {
                "bulan": int(item["bulan"]),
                "anggaran_kas_kumulatif": calc.sen_to_decimal(item["anggaran_kas_kumulatif"]),
                "realisasi_kumulatif": calc.sen_to_decimal(item["realisasi_kumulatif"]),
                "persen_rak_kumulatif": calc.percent_to_decimal(item["persen_rak_kumulatif"]),
                "persen_realisasi_kumulatif": calc.percent_to_decimal(item["persen_realisasi_kumulatif"]),
            }
            for item in curve.to_dict("records")
        ],
        opd=[
            {
                "perangkat_daerah": int(opd_ids[record["k_opd"]]),
                "kode": str(opd_codes[record["k_opd"]]),
                "nama": loaded.opd["nama"].iat[record["k_opd"]],
                "singkatan": loaded.opd["singkatan"].iat[record["k_opd"]],
                **_measures(record),
                "peringkat_realisasi": int(record["peringkat_realisasi"]),
                "peringkat_deviasi": int(record["peringkat_deviasi"]),
            }
            for record in opd.to_dict("records")
        ],
        capaian=[
            {"predikat": record["predikat"], "jumlah": int(record["jumlah"])}
            for record in calc.predikat_jumlah(indikator).to_dict("records")
        ],
        capaian_tanpa_realisasi=calc.capaian_tanpa_realisasi(indikator),
        deviasi_terbesar=[{**sub_kegiatan(record), **_measures(record)} for record in top.to_dict("records")],
        permasalahan=[
            {
                **sub_kegiatan(record),
                "bulan": int(record["bulan"]),
                "fisik": calc.percent_to_decimal(record["fisik"]),
                "permasalahan": record["permasalahan"],
                "tindak_lanjut": record["tindak_lanjut"],
            }
            for record in shown.to_dict("records")
        ],
        permasalahan_jumlah=len(problems),
        anomali=len(_ranked_anomalies(scope)),
    )


# ---------------------------------------------------------------- stage comparison


@dataclass
class ComparisonReport:
    scope: ReportScope
    sebelum: Anggaran
    rows: list[dict[str, Any]]
    totals: dict[str, Decimal]
    counts: dict[str, int]


def comparison_stage(*, scope: ReportScope, user: User, dengan: int | None) -> Anggaran | None:
    """The stage a comparison reads as sebelum: `dengan` (a stage the caller may see; 400 otherwise), by default
    the stage `scope.anggaran` was copied from (None without one)."""
    if dengan is None:
        return scope.anggaran.sumber
    sebelum = scope_queryset(Anggaran.objects.filter(pk=dengan), user).first()
    if sebelum is None:
        raise ValidationError(
            {"dengan": ValidationError("Dokumen anggaran tidak dikenal.", code="unknown_stage")}
        )
    return sebelum


def report_comparison(*, scope: ReportScope, user: User, dengan: int | None, grain: str) -> ComparisonReport:
    """Stage comparison: `scope.anggaran` (sesudah) against `dengan` (sebelum; by default the stage it was
    copied from), per OPD × sub kegiatan × akun or per line, computed by `budgeting.selectors.anggaran_compare`."""
    from budgeting.selectors import anggaran_compare

    sebelum = comparison_stage(scope=scope, user=user, dengan=dengan)
    if sebelum is None:
        raise ValidationError(
            {"dengan": ValidationError("Tahap ini tidak punya tahap sebelumnya.", code="no_stage")}
        )
    comparison = anggaran_compare(
        anggaran=scope.anggaran,
        other=sebelum,
        user=user,
        grain=grain,
        opd=scope.opd.pk if scope.opd else None,
    )
    return ComparisonReport(
        scope=scope, sebelum=sebelum, rows=comparison.rows, totals=comparison.totals, counts=comparison.counts
    )


# ---------------------------------------------------------------- anomalies


@dataclass
class AnomalyReport:
    """The stage's flagged lines, ranked (`jumlah` of them in scope, `rows` the first `limit`)."""

    scope: ReportScope
    jumlah: int
    rows: list[dict[str, Any]]


def _ranked_anomalies(scope: ReportScope) -> pd.DataFrame:
    sebelum = scope.anggaran.sumber_id
    return anomaly_rules.rank(frames.anomaly_lines(scope.frames_scope, sebelum_id=sebelum))


def _first_stages(scope: ReportScope, line_ids: list[int]) -> dict[int, Anggaran]:
    """The earliest stage of the year holding each line (by its `kunci`): where it first appeared."""
    kunci = dict(BudgetLine.objects.filter(pk__in=line_ids).values_list("pk", "kunci"))
    stages = {a.pk: a for a in Anggaran.objects.filter(pemda=scope.pemda, tahun=scope.tahun)}
    first: dict[Any, Anggaran] = {}
    for key, stage_id in BudgetLine.objects.filter(
        anggaran__in=list(stages), kunci__in=list(kunci.values())
    ).values_list("kunci", "anggaran_id"):
        stage = stages[stage_id]
        if key not in first or _stage_rank(stage) < _stage_rank(first[key]):
            first[key] = stage
    return {pk: first[key] for pk, key in kunci.items() if key in first}


def report_anomalies(*, scope: ReportScope, limit: int | None = None) -> AnomalyReport:
    """Budget-line anomalies of `scope.anggaran` (`reporting.anomalies`: the rules, their reasons and scores),
    highest score first; each row names the stage the line first appeared in."""
    ranked = _ranked_anomalies(scope)
    shown = ranked if limit is None else ranked.head(limit)
    ids = [int(pk) for pk in shown["line_id"]]
    first = _first_stages(scope, ids)
    opd = dict(PerangkatDaerah.objects.filter(pemda=scope.pemda).values_list("pk", "kode"))
    names = frames.nomenklatur_names(
        pemda_level=scope.pemda.level, tahun=scope.tahun, codes=sorted(set(shown["sub_kegiatan_kode"]))
    )
    rows = [
        {
            "budget_line": int(record["line_id"]),
            "perangkat_daerah": int(record["opd_id"]),
            "perangkat_daerah_kode": opd.get(int(record["opd_id"]), ""),
            "sub_kegiatan_kode": record["sub_kegiatan_kode"],
            "sub_kegiatan": names.get(record["sub_kegiatan_kode"], ""),
            "akun_kode": record["akun_kode"],
            "komponen": record["komponen"],
            "satuan": record["satuan"],
            "volume": Decimal(str(record["volume"])).quantize(Decimal("0.0001")),
            "harga_satuan": calc.sen_to_decimal(record["harga"]),
            "jumlah": calc.sen_to_decimal(record["jumlah"]),
            "harga_standar": calc.sen_to_decimal(record["harga_standar"])
            if record["harga_standar"]
            else None,
            "rasio": _float_to_decimal(record["rasio"], "0.01"),
            "skor": _float_to_decimal(record["skor"], "0.01"),
            "aturan": anomaly_rules.aturan(record),
            "tahap_muncul": first.get(int(record["line_id"])),
        }
        for record in shown.to_dict("records")
    ]
    return AnomalyReport(scope=scope, jumlah=len(ranked), rows=rows)


# ---------------------------------------------------------------- evaluasi hasil RKPD

ROMAWI = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class EvaluasiScope:
    """A validated Evaluasi hasil RKPD request: pemda, year, triwulan (s.d.), optional OPD, the execution stage in
    force (None before there is a DPA: the pagu is then the Renja's) and the plan period the year lies in."""

    pemda: Pemda
    tahun: int
    triwulan: int
    opd: PerangkatDaerah | None
    anggaran: Anggaran | None
    tahun_awal: int
    tahun_akhir: int
    dokumen: str = "rkpd"

    @property
    def periode(self) -> str:
        return f"Triwulan {ROMAWI[self.triwulan - 1]} Tahun {self.tahun}"


EVALUASI_DOKUMEN = ("rkpd", "renja")


def evaluasi_scope(
    *,
    user: User,
    tahun: int | None,
    triwulan: int | None,
    perangkat_daerah: int | None,
    dokumen: str = "rkpd",
) -> EvaluasiScope:
    """Resolve an Evaluasi hasil RKPD (`dokumen` "rkpd") or Renja ("renja") request against the caller's scope
    (400 with field errors otherwise; for the Renja, an OPD the caller may not see is a 404).

    The year defaults to this one, the triwulan to the current one (the fourth for another year); the period is
    that of the RPJMD in force for the year (the year alone without one; a Renstra runs over its RPJMD's period)."""
    from planning.selectors import current_rpjmd

    _check_pemda(user)
    today = timezone.localdate()
    tahun = tahun or today.year
    if triwulan is None:
        triwulan = (today.month + 2) // 3 if tahun == today.year else 4
    opd = _report_opd(user, perangkat_daerah, not_found=dokumen == "renja")
    pemda = user.pemda
    assert pemda is not None  # checked above
    rpjmd = current_rpjmd(pemda_id=pemda.pk, tahun=tahun)
    # the Renja form's column 8 is the Renja's own pagu indikatif: no budget stage is read
    anggaran = stage_in_force(user=user, tahun=tahun) if dokumen == "rkpd" else None
    return EvaluasiScope(
        pemda=pemda, tahun=tahun, triwulan=triwulan, opd=opd, anggaran=anggaran,
        tahun_awal=rpjmd.tahun_awal if rpjmd else tahun, tahun_akhir=rpjmd.tahun_akhir if rpjmd else tahun,
        dokumen=dokumen,
    )  # fmt: skip


@dataclass
class EvaluasiReport:
    """The form's rows (program → kegiatan → sub kegiatan per OPD, pre-order, each with its indicators), the
    JUMLAH of the Rp columns and the footer (averages, predikat, the evaluator's texts)."""

    scope: EvaluasiScope
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    footer: dict[str, Any]
    # per OPD id: its own JUMLAH and footer, for the workbook's sheet of each OPD
    per_opd: dict[int, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)


def _k(value: object) -> Decimal | None:
    return _float_to_decimal(value)


def _indikator_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "indikator": int(record["indikator_id"]),
        "nama": record["nama"],
        "satuan": record["satuan"],
        "polaritas": record["polaritas"],
        "aturan": record["aturan"],
        "target_akhir": _k(record["target_akhir"]),
        "realisasi_lalu": _k(record["realisasi_lalu"]),
        "target": _k(record["target"]),
        "triwulan": [_k(record[name]) for name in evaluasi.TW],
        "realisasi": _k(record["realisasi"]),
        "realisasi_akhir": _k(record["realisasi_akhir"]),
        "capaian": calc.percent_to_decimal(record["capaian"]),
        "predikat": record["predikat"],
    }


def _rp(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "target_rp": calc.sen_to_decimal(record["target_rp"]),
        "realisasi_lalu_rp": calc.sen_to_decimal(record["realisasi_lalu_rp"]),
        "pagu_rp": calc.sen_to_decimal(record["pagu_rp"]),
        "triwulan_rp": [calc.sen_to_decimal(record[name]) for name in evaluasi.RP],
        "realisasi_rp": calc.sen_to_decimal(record["realisasi_rp"]),
        "realisasi_akhir_rp": calc.sen_to_decimal(record["realisasi_akhir_rp"]),
        "capaian_rp": calc.percent_to_decimal(record["capaian_rp"]),
    }


def report_evaluasi(*, scope: EvaluasiScope) -> EvaluasiReport:
    """Evaluasi hasil RKPD s.d. `scope.triwulan` (`reporting.evaluasi` holds the form and its formulas).

    Where each number comes from:

    - rows: the programs, kegiatan and sub kegiatan of the year's current Renja of every OPD (the RKPD is
      compiled from them), per OPD (a sub unit's under its parent); (2) the RPJMD sasaran the program serves,
      (4) the nomenclature name, (16) the Renja's OPD.
    - (5) and K of (8), (9)–(12): the indicators of those Renja rows (`Indikator`), their target for the year
      (`IndikatorTarget`) and their quarterly realization (`RealisasiIndikator`).
    - (6): the plan row of the same OPD, level and code — for a program the RPJMD program, else the OPD's
      current Renstra program; for a kegiatan / sub kegiatan the Renstra's — K the `target_akhir` of its indicator of the same name (or its only indicator
      where each side has one), Rp its `PaguTahunan` summed over its document's period (empty without one).
    - K of (7): the realization of the same indicator (same OPD, level, code and name) in the Renja of each
      earlier year of the period (the year's by its rule, the years added or the latest taken by the rule);
      Rp of (7): belanja realized on those years' budgets (all stages), 0 where there is none.
    - Rp of (8): the belanja pagu of the execution stage in force (DPA / pergeseran / DPPA), else the Renja's pagu
      indikatif; Rp of (9)–(12): belanja realized in the months of each quarter (`RealisasiBulanan`, every stage
      of the year). Program and kegiatan rows sum the sub kegiatan under their code; money of a sub kegiatan
      outside the Renja is not on the form (the reconciliation's check 2 names it).
    - footer: the averages of (15) K over the indicator rows and (15) Rp over the form rows, their predikat; no
      model records faktor pendorong / penghambat or tindak lanjut, so they are empty, for the evaluator to fill.

    The Evaluasi Renja (`scope.dokumen` "renja", Permendagri 86/2017's Renja form) is the same form per OPD
    with three differences: (6) and (2) come from the OPD's Renstra only (the Renstra program's sasaran; a row
    the Renstra lacks has no (6)), and Rp of (8) is the Renja's pagu indikatif.
    """
    opd_id = scope.opd.pk if scope.opd else None
    nodes = frames.evaluasi_nodes(pemda_id=scope.pemda.pk, tahun=scope.tahun, opd_id=opd_id)
    indikator = frames.evaluasi_indikator(
        pemda_id=scope.pemda.pk, tahun_awal=scope.tahun_awal, tahun=scope.tahun, opd_id=opd_id
    )
    rencana = frames.evaluasi_rencana(pemda_id=scope.pemda.pk, tahun=scope.tahun, opd_id=opd_id)
    if scope.dokumen == "renja":
        rencana = evaluasi.hanya_renstra(rencana)
    realisasi = frames.evaluasi_realisasi(
        pemda_id=scope.pemda.pk, tahun_awal=scope.tahun_awal, tahun=scope.tahun, opd_id=opd_id
    )
    if scope.anggaran is not None:
        pagu = frames.evaluasi_pagu(anggaran_id=scope.anggaran.pk, opd_id=opd_id)
    else:
        subs = nodes[nodes["level"] == "sub_kegiatan"]
        pagu = pd.DataFrame(
            {"opd_id": subs["opd_id"], "sub_kegiatan_kode": subs["kode"], "pagu": subs["pagu_indikatif"]}
        )
    opd = frames.opd_frame(scope.pemda.pk).set_index("opd_id")
    nodes["opd_kode"] = opd["kode"].reindex(nodes["opd_id"]).fillna("").to_numpy()
    nodes = nodes.sort_values(["opd_kode", "kode", "node_id"], kind="stable").reset_index(drop=True)
    table = evaluasi.nodes_rp(nodes, rencana, realisasi, pagu, tahun=scope.tahun, triwulan=scope.triwulan)
    kinerja = evaluasi.indikator_k(indikator, rencana, tahun=scope.tahun, triwulan=scope.triwulan)
    if scope.dokumen == "renja":
        plan = evaluasi.rencana_baris(rencana)[[*evaluasi.NODE_KEY, "sasaran"]]
        renstra = table[evaluasi.NODE_KEY].merge(plan, on=evaluasi.NODE_KEY, how="left")["sasaran"]
        table["sasaran"] = renstra.where(renstra.fillna("") != "", table["sasaran"]).to_numpy()
    by_node: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for record in kinerja.sort_values("indikator_id", kind="stable").to_dict("records"):
        by_node.setdefault((record["level"], int(record["node_id"])), []).append(_indikator_row(record))
    rows = []
    counters = [0, 0, 0]
    for record in table.to_dict("records"):
        depth = evaluasi.NODE_LEVELS.index(record["level"])
        counters[depth] += 1
        counters[depth + 1 :] = [0] * (2 - depth)
        opd_id_row = int(record["opd_id"])
        rows.append(
            {
                "nomor": ".".join(str(n) for n in counters[: depth + 1]),
                "level": record["level"],
                "depth": depth,
                "sasaran": record["sasaran"],
                "kode": record["kode"],
                "uraian": record["uraian"],
                "indikator": by_node.get((record["level"], int(record["node_id"])), []),
                **_rp(record),
                "perangkat_daerah": opd_id_row,
                "perangkat_daerah_kode": record["opd_kode"],
                "perangkat_daerah_nama": opd["nama"].get(opd_id_row, ""),
            }
        )
    total, footer = _evaluasi_summary(table, kinerja)
    per_opd = {
        int(opd_key): _evaluasi_summary(part, kinerja[kinerja["opd_id"] == opd_key])
        for opd_key, part in table.groupby("opd_id", sort=False)
    }
    return EvaluasiReport(scope=scope, rows=rows, total=total, footer=footer, per_opd=per_opd)


def _evaluasi_summary(table: pd.DataFrame, kinerja: pd.DataFrame) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JUMLAH (Rp over the program rows) and the footer (averages of (15), predikat, the evaluator's texts)
    of some form rows and their indicators."""
    total = evaluasi.total(table[table["level"] == "program"])
    rata_k = evaluasi.rata_rata(kinerja["capaian"])
    rata_rp = evaluasi.rata_rata(table["capaian_rp"])
    footer = {
        "rata_rata_capaian_kinerja": calc.percent_to_decimal(rata_k),
        "rata_rata_capaian_anggaran": calc.percent_to_decimal(rata_rp),
        "predikat_kinerja": evaluasi.predikat_satu(rata_k),
        "predikat_anggaran": evaluasi.predikat_satu(rata_rp),
        "faktor_pendorong": "",
        "faktor_penghambat": "",
        "tindak_lanjut": "",
    }
    return _rp(total), footer


# ---------------------------------------------------------------- rincian belanja (RKA / DPA / DPPA)

# The form each stage prints (Permendagri 77/2020): RKA before the APBD is in force, DPA, and DPPA after a shift.
FORM_NAMES = {
    Tahap.RKPD: "RKA-SKPD", Tahap.KUA_PPAS: "RKA-SKPD", Tahap.RKA: "RKA-SKPD", Tahap.APBD: "RKA-SKPD",
    Tahap.DPA: "DPA-SKPD", Tahap.PERGESERAN: "DPPA-SKPD", Tahap.APBD_P: "DPPA-SKPD",
}  # fmt: skip
PERUBAHAN_TAHAP = frozenset({Tahap.PERGESERAN, Tahap.APBD_P})
NOMENKLATUR_LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")


@dataclass
class RincianReport:
    """One sub kegiatan's rincian belanja: the header, indicator and sub kegiatan blocks, the printed rows
    (akun subtotals, headings, lines), the total, and for an execution stage the monthly anggaran kas."""

    scope: ReportScope
    dokumen: str
    opd: PerangkatDaerah
    sebelum: Anggaran | None
    sub_kegiatan: dict[str, Any]
    indikator: dict[str, list[dict[str, Any]]]
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    anggaran_kas: dict[str, Any] | None


def _stage_opd_ids(scope: ReportScope, user: User, kode: str) -> set[int]:
    lines = scope_queryset(
        BudgetLine.objects.filter(anggaran=scope.anggaran, jenis=LineJenis.BELANJA, sub_kegiatan_kode=kode),
        user,
    )
    if scope.opd is not None:
        lines = lines.filter(perangkat_daerah__in=_units(scope.opd))
    return set(
        lines.values_list(Coalesce(F("perangkat_daerah__induk_id"), F("perangkat_daerah_id")), flat=True)
    )


def _units(opd: PerangkatDaerah) -> list[int]:
    return [opd.pk, *PerangkatDaerah.objects.filter(induk=opd).values_list("pk", flat=True)]


def _renja_sub_kegiatan(*, opd: PerangkatDaerah, tahun: int, kode: str) -> RenjaSubKegiatan | None:
    return (
        RenjaSubKegiatan.objects.filter(
            renja__perangkat_daerah=opd, renja__tahun=tahun, renja__is_current=True, kode=kode
        )
        .select_related("kegiatan__program", "sumber_dana")
        .first()
    )


def _rincian_opd(scope: ReportScope, user: User, kode: str) -> PerangkatDaerah:
    """The OPD whose sub kegiatan `kode` is printed: the scope's, else the one OPD with lines on it in the stage
    (or, without lines, in its Renja for the year). 404 when the caller sees none; 400 when several OPDs carry
    the code and none was named."""
    found = _stage_opd_ids(scope, user, kode)
    if scope.opd is not None:
        if found or _renja_sub_kegiatan(opd=scope.opd, tahun=scope.tahun, kode=kode) is not None:
            return scope.opd
        raise Http404("Sub kegiatan tidak ada pada perangkat daerah ini.")
    if not found:
        renja = scope_queryset(
            RenjaSubKegiatan.objects.filter(renja__tahun=scope.tahun, renja__is_current=True, kode=kode), user
        )
        found = set(renja.values_list("renja__perangkat_daerah_id", flat=True))
    if not found:
        raise Http404("Sub kegiatan tidak dikenal pada tahap ini.")
    if len(found) > 1:
        raise ValidationError(
            {
                "perangkat_daerah": ValidationError(
                    "Sub kegiatan ini dianggarkan oleh beberapa perangkat daerah: pilih satu.",
                    code="ambiguous",
                )
            }
        )
    return PerangkatDaerah.objects.get(pk=found.pop())


def _previous_year_stage(pemda: Pemda, tahun: int) -> Anggaran | None:
    """The previous year's document for the N−1 allocation: its latest execution stage, else its latest."""
    stages = list(Anggaran.objects.filter(pemda=pemda, tahun=tahun - 1))
    execution = [stage for stage in stages if stage.tahap in EXECUTION_TAHAP]
    return max(execution or stages, key=_stage_rank, default=None)


def _next_year_pagu(*, opd: PerangkatDaerah, tahun: int, kode: str) -> Decimal | None:
    """The N+1 allocation: the next year's Renja pagu indikatif, else the Renstra's yearly pagu; None unknown."""
    renja = _renja_sub_kegiatan(opd=opd, tahun=tahun + 1, kode=kode)
    if renja is not None:
        return renja.pagu_indikatif
    pagu = (
        PaguTahunan.objects.filter(
            renstra_sub_kegiatan__renstra__perangkat_daerah=opd,
            renstra_sub_kegiatan__renstra__is_current=True,
            renstra_sub_kegiatan__kode=kode,
            tahun=tahun + 1,
        )
        .values_list("pagu", flat=True)
        .first()
    )
    return pagu


def _indikator(renja: RenjaSubKegiatan | None, *, tahun: int, pagu: int) -> dict[str, list[dict[str, Any]]]:
    """The RKA indicator block from the Renja program, kegiatan and sub kegiatan the sub kegiatan hangs on."""
    blocks: dict[str, list[dict[str, Any]]] = {name: [] for name in rinci.BLOCKS}
    blocks["masukan"].append(
        {
            "tolok_ukur": "Dana yang dibutuhkan",
            "target": calc.sen_to_decimal(pagu),
            "satuan": "Rupiah",
            "target_uraian": rinci.format_rupiah(pagu),
        }
    )
    if renja is None:
        return blocks
    owners = {
        "program": ("renja_program_id", renja.kegiatan.program_id),
        "kegiatan": ("renja_kegiatan_id", renja.kegiatan_id),
        "sub_kegiatan": ("renja_sub_kegiatan_id", renja.pk),
    }
    targets = dict(
        IndikatorTarget.objects.filter(indikator__pemda_id=renja.pemda_id, tahun=tahun).values_list(
            "indikator_id", "target"
        )
    )
    for owner, (field_name, pk) in owners.items():
        for indikator in Indikator.objects.filter(**{field_name: pk}).order_by("id"):
            target = targets.get(indikator.pk)
            blocks[rinci.indikator_block(owner=owner, jenis=indikator.jenis)].append(
                {
                    "tolok_ukur": indikator.nama,
                    "target": target,
                    "satuan": indikator.satuan,
                    "target_uraian": rinci.format_target(target, indikator.satuan),
                }
            )
    return blocks


def _line_frame(*, anggaran: Anggaran, opd: PerangkatDaerah, kode: str) -> pd.DataFrame:
    lines = frames.rincian_lines(anggaran_id=anggaran.pk, opd_id=opd.pk, sub_kegiatan_kode=kode)
    lines["koefisien"] = rinci.koefisien_column(lines)
    lines["satuan"] = rinci.satuan_column(lines)
    return lines


def _ppn(bp: object) -> Decimal | None:
    return None if bp is None else Decimal(int(bp)).scaleb(-2)  # type: ignore[call-overload]


def report_rincian(
    *, scope: ReportScope, user: User, sub_kegiatan_kode: str, dengan: int | None = None
) -> RincianReport:
    """The rincian belanja of one sub kegiatan of `scope.anggaran` in the Permendagri 77/2020 layout (RKA-SKPD,
    DPA-SKPD or DPPA-SKPD by the stage): lines under their akun at six levels with subtotals, kelompok and
    keterangan headings; an execution stage adds the monthly anggaran kas, a perubahan stage (pergeseran,
    APBD-P) the same lines in the stage before (`comparison_stage`: `dengan`, by default its source)."""
    kode = sub_kegiatan_kode
    opd = _rincian_opd(scope, user, kode)
    sebelum = (
        comparison_stage(scope=scope, user=user, dengan=dengan)
        if scope.anggaran.tahap in PERUBAHAN_TAHAP or dengan is not None
        else None
    )
    lines = _line_frame(anggaran=scope.anggaran, opd=opd, kode=kode)
    values = ["jumlah"]
    if sebelum is not None:
        before = _line_frame(anggaran=sebelum, opd=opd, kode=kode)
        printed = rinci.compare_lines(before, lines)
        values.append("jumlah_sebelum")
    else:
        printed = lines
    tree = rinci.rincian_tree(printed, values=values)
    akun = frames.akun_names(tahun=scope.tahun)
    detail = printed.set_index("line_id")
    rows = []
    for record in tree.to_dict("records"):
        line = detail.loc[record["line_id"]] if record["level"] == "line" else None
        row: dict[str, Any] = {
            "level": record["level"],
            "depth": int(record["depth"]),
            "kode": record["kode"],
            "uraian": line["komponen"]
            if line is not None
            else akun.get(record["kode"], "") or record["uraian"],
            "koefisien": line["koefisien"] if line is not None else None,
            "satuan": line["satuan"] if line is not None else None,
            "harga_satuan": calc.sen_to_decimal(line["harga"]) if line is not None else None,
            "ppn": _ppn(line["ppn_bp"]) if line is not None else None,
            "jumlah": calc.sen_to_decimal(record["jumlah"]),
            "budget_line": int(record["line_id"]) if line is not None else None,
            "koefisien_sebelum": None,
            "satuan_sebelum": None,
            "harga_satuan_sebelum": None,
            "ppn_sebelum": None,
            "jumlah_sebelum": None,
            "selisih": None,
            "status": None,
        }
        if record["level"] in ("kelompok", "keterangan"):
            row["uraian"] = record["uraian"]
        if sebelum is not None:
            row["jumlah_sebelum"] = calc.sen_to_decimal(record["jumlah_sebelum"])
            row["selisih"] = calc.sen_to_decimal(record["jumlah"] - record["jumlah_sebelum"])
            if line is not None:
                had = line["status"] != "added"
                row.update(
                    koefisien_sebelum=line["koefisien_sebelum"] if had else None,
                    satuan_sebelum=line["satuan_sebelum"] if had else None,
                    harga_satuan_sebelum=calc.sen_to_decimal(line["harga_sebelum"]) if had else None,
                    ppn_sebelum=_ppn(line["ppn_bp_sebelum"]) if had else None,
                    status=line["status"],
                )
                if line["status"] == "dropped":
                    row.update(koefisien=None, satuan=None, harga_satuan=None, ppn=None)
        rows.append(row)
    pagu = int(lines["jumlah"].sum())
    total: dict[str, Any] = {"jumlah": calc.sen_to_decimal(pagu), "jumlah_sebelum": None, "selisih": None}
    if sebelum is not None:
        before_total = int(printed["jumlah_sebelum"].sum())
        total.update(
            jumlah_sebelum=calc.sen_to_decimal(before_total), selisih=calc.sen_to_decimal(pagu - before_total)
        )
    renja = _renja_sub_kegiatan(opd=opd, tahun=scope.tahun, kode=kode)
    indikator = _indikator(renja, tahun=scope.tahun, pagu=pagu)
    return RincianReport(
        scope=scope,
        dokumen=FORM_NAMES[Tahap(scope.anggaran.tahap)],
        opd=opd,
        sebelum=sebelum,
        sub_kegiatan=_rincian_header(
            scope, opd=opd, kode=kode, lines=lines, renja=renja, indikator=indikator
        ),
        indikator=indikator,
        rows=rows,
        total=total,
        anggaran_kas=_rincian_kas(lines, pagu=pagu) if scope.anggaran.tahap in EXECUTION_TAHAP else None,
    )


def _rincian_header(
    scope: ReportScope,
    *,
    opd: PerangkatDaerah,
    kode: str,
    lines: pd.DataFrame,
    renja: RenjaSubKegiatan | None,
    indikator: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    parts = kode.split(".")
    codes = {level: ".".join(parts[: calc.CODE_SEGMENTS[level]]) for level in NOMENKLATUR_LEVELS}
    names = frames.nomenklatur_names(
        pemda_level=scope.pemda.level, tahun=scope.tahun, codes=list(codes.values())
    )
    unit_ids = sorted({int(pk) for pk in lines["unit_id"]}) or [opd.pk]
    units = PerangkatDaerah.objects.filter(pk__in=unit_ids).order_by("kode")
    previous = _previous_year_stage(scope.pemda, scope.tahun)
    tahun_lalu = (
        None
        if previous is None
        else frames.stage_sub_kegiatan_jumlah(anggaran_id=previous.pk, opd_id=opd.pk, sub_kegiatan_kode=kode)
    )
    tahun_depan = _next_year_pagu(opd=opd, tahun=scope.tahun, kode=kode)
    dana = sorted({name for name in lines["sumber_dana"] if name})
    if not dana and renja is not None and renja.sumber_dana is not None:
        dana = [renja.sumber_dana.nama]
    lokasi = ""
    waktu = ""
    if renja is not None:
        lokasi = renja.lokasi_uraian or ", ".join(renja.lokasi)
        waktu = rinci.waktu_pelaksanaan(renja.bulan_mulai, renja.bulan_selesai)
    return {
        **{level: {"kode": code, "nama": names.get(code, "")} for level, code in codes.items()},
        "organisasi": {"id": opd.pk, "kode": opd.kode, "nama": opd.nama},
        "unit": [{"id": unit.pk, "kode": unit.kode, "nama": unit.nama} for unit in units],
        "alokasi_tahun_lalu": calc.sen_to_decimal(tahun_lalu) if tahun_lalu is not None else None,
        "alokasi_tahun_ini": calc.sen_to_decimal(int(lines["jumlah"].sum())),
        "alokasi_tahun_depan": tahun_depan,
        "sumber_dana": dana,
        "lokasi": lokasi,
        "waktu_pelaksanaan": waktu,
        "keluaran": indikator["keluaran"],
        "di_renja": renja is not None,
    }


def _rincian_kas(lines: pd.DataFrame, *, pagu: int) -> dict[str, Any]:
    months = rinci.monthly(lines)
    total = int(months.sum(dtype=np.int64))
    return {
        "bulan": [
            {"bulan": month, "nama": BULAN_NAMA[month - 1], "jumlah": calc.sen_to_decimal(int(amount))}
            for month, amount in zip(calc.MONTHS, months, strict=True)
        ],
        "jumlah": calc.sen_to_decimal(total),
        "pagu": calc.sen_to_decimal(pagu),
        "selisih": calc.sen_to_decimal(pagu - total),
        "seimbang": pagu == total,
    }


# ---------------------------------------------------------------- anggaran kas


@dataclass
class AnggaranKasReport:
    """The anggaran kas of an execution stage: OPD → sub kegiatan → akun rows (pre-order) and the total."""

    scope: ReportScope
    rows: list[dict[str, Any]]
    total: dict[str, Any]


def _kas_measures(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "pagu": calc.sen_to_decimal(record["pagu"]),
        "anggaran_kas": [calc.sen_to_decimal(record[name]) for name in calc.AK_COLUMNS],
        "jumlah": calc.sen_to_decimal(record["total"]),
        "sd_bulan": calc.sen_to_decimal(record["sd_bulan"]),
        "selisih": calc.sen_to_decimal(record["pagu"] - record["total"]),
        "baris_tidak_seimbang": int(record["baris_tidak_seimbang"]),
        "seimbang": bool(record["seimbang"]),
    }


def report_anggaran_kas(*, scope: ReportScope) -> AnggaranKasReport:
    """The anggaran kas (rencana penarikan dana) of an execution stage per OPD × sub kegiatan × akun: the twelve
    months, their total against the DPA amount, unbalanced rows flagged, subtotals per sub kegiatan and OPD."""
    if scope.anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {"tahap": ValidationError("Anggaran kas hanya ada pada DPA / DPPA.", code="not_execution_stage")}
        )
    lines = frames.anggaran_kas_lines(scope.frames_scope)
    opd = frames.opd_frame(scope.pemda.pk)
    opd_keys = pd.Series(np.arange(len(opd), dtype=np.int32), index=opd["opd_id"])
    lines["k_opd"] = opd_keys.reindex(lines["opd_id"]).to_numpy(dtype=np.int32)
    lines["k_sub_kegiatan"], sub_codes = calc.dense_key(lines["sub_kegiatan_kode"].astype(str))
    lines["k_akun"], akun_codes = calc.dense_key(lines["akun_kode"].astype(str))
    tree = rinci.anggaran_kas_tree(lines, bulan=scope.bulan)
    names = frames.nomenklatur_names(pemda_level=scope.pemda.level, tahun=scope.tahun, codes=list(sub_codes))
    akun = frames.akun_names(tahun=scope.tahun)
    opd_codes = opd["kode"].to_numpy(dtype=object)
    opd_names = opd["nama"].to_numpy(dtype=object)
    rows = []
    for record in tree.to_dict("records"):
        level = record["level"]
        k_opd, k_sub, k_akun = (record[calc.key(name)] for name in rinci.ANGGARAN_KAS_LEVELS)
        sub = str(sub_codes[k_sub]) if k_sub >= 0 else ""
        kode = {"opd": str(opd_codes[k_opd]), "sub_kegiatan": sub}.get(level) or str(akun_codes[k_akun])
        uraian = {"opd": opd_names[k_opd], "sub_kegiatan": names.get(sub, "")}.get(level) or akun.get(
            kode, ""
        )
        rows.append(
            {
                "level": level,
                "depth": int(record["depth"]),
                "kode": kode,
                "uraian": uraian,
                "perangkat_daerah": int(opd["opd_id"].iat[k_opd]),
                "perangkat_daerah_kode": str(opd_codes[k_opd]),
                "sub_kegiatan_kode": sub,
                "akun_kode": str(akun_codes[k_akun]) if level == "akun" else "",
                **_kas_measures(record),
            }
        )
    total = rinci.kas_total(lines, bulan=scope.bulan)
    return AnggaranKasReport(
        scope=scope,
        rows=rows,
        total={
            "pagu": calc.sen_to_decimal(total["pagu"]),
            "anggaran_kas": [calc.sen_to_decimal(value) for value in total["bulan"]],
            "jumlah": calc.sen_to_decimal(total["total"]),
            "sd_bulan": calc.sen_to_decimal(total["sd_bulan"]),
            "selisih": calc.sen_to_decimal(total["selisih"]),
            "baris_tidak_seimbang": total["baris_tidak_seimbang"],
            "seimbang": total["seimbang"],
        },
    )
