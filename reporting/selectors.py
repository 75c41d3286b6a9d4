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
from django.utils import timezone

from budgeting.models import EXECUTION_TAHAP, TAHAP_ORDER, Anggaran, BudgetLine, Tahap
from organisation.models import Pemda, PerangkatDaerah, User
from organisation.scoping import scope_queryset
from reporting import anomalies as anomaly_rules
from reporting import calculations as calc
from reporting import evaluasi, frames

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

    @property
    def frames_scope(self) -> frames.Scope:
        return frames.Scope(
            pemda_id=self.pemda.pk,
            tahun=self.tahun,
            anggaran_id=self.anggaran.pk,
            opd_id=self.opd.pk if self.opd else None,
            rka_id=self.rka.pk if self.rka else None,
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


def _report_opd(user: User, perangkat_daerah: int | None) -> PerangkatDaerah | None:
    """The OPD a report is about: the one asked for when the caller may see it (400 otherwise), an OPD-scoped
    user's own, or None (the whole pemda)."""
    if perangkat_daerah is not None:
        opd = scope_queryset(PerangkatDaerah.objects.filter(pk=perangkat_daerah), user).first()
        if opd is None:
            raise ValidationError(
                {"perangkat_daerah": ValidationError("Perangkat daerah tidak dikenal.", code="unknown_opd")}
            )
        return opd
    if user.is_opd_scoped:
        return user.perangkat_daerah
    return None


def report_scope(
    *,
    user: User,
    tahun: int | None,
    bulan: int | None,
    triwulan: int | None,
    tahap: int | None,
    perangkat_daerah: int | None,
    level: str | None,
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
        opd=opd, level=level, rka=rka,
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


def report_comparison(*, scope: ReportScope, user: User, dengan: int | None, grain: str) -> ComparisonReport:
    """Stage comparison: `scope.anggaran` (sesudah) against `dengan` (sebelum; by default the stage it was
    copied from), per OPD × sub kegiatan × akun or per line, computed by `budgeting.selectors.anggaran_compare`."""
    from budgeting.selectors import anggaran_compare

    if dengan is None:
        sebelum = scope.anggaran.sumber
        if sebelum is None:
            raise ValidationError(
                {"dengan": ValidationError("Tahap ini tidak punya tahap sebelumnya.", code="no_stage")}
            )
    else:
        sebelum = scope_queryset(Anggaran.objects.filter(pk=dengan), user).first()
        if sebelum is None:
            raise ValidationError(
                {"dengan": ValidationError("Dokumen anggaran tidak dikenal.", code="unknown_stage")}
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

    @property
    def periode(self) -> str:
        return f"Triwulan {ROMAWI[self.triwulan - 1]} Tahun {self.tahun}"


def evaluasi_scope(
    *, user: User, tahun: int | None, triwulan: int | None, perangkat_daerah: int | None
) -> EvaluasiScope:
    """Resolve an Evaluasi hasil RKPD request against the caller's scope (400 with field errors otherwise).

    The year defaults to this one, the triwulan to the current one (the fourth for another year); the period is
    that of the RPJMD in force for the year (the year alone without one)."""
    from planning.selectors import current_rpjmd

    _check_pemda(user)
    today = timezone.localdate()
    tahun = tahun or today.year
    if triwulan is None:
        triwulan = (today.month + 2) // 3 if tahun == today.year else 4
    opd = _report_opd(user, perangkat_daerah)
    pemda = user.pemda
    assert pemda is not None  # checked above
    rpjmd = current_rpjmd(pemda_id=pemda.pk, tahun=tahun)
    return EvaluasiScope(
        pemda=pemda, tahun=tahun, triwulan=triwulan, opd=opd, anggaran=stage_in_force(user=user, tahun=tahun),
        tahun_awal=rpjmd.tahun_awal if rpjmd else tahun, tahun_akhir=rpjmd.tahun_akhir if rpjmd else tahun,
    )  # fmt: skip


@dataclass
class EvaluasiReport:
    """The form's rows (program → kegiatan → sub kegiatan per OPD, pre-order, each with its indicators), the
    JUMLAH of the Rp columns and the footer (averages, predikat, the evaluator's texts)."""

    scope: EvaluasiScope
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    footer: dict[str, Any]


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
    - (6): the plan row of the same OPD and code — the OPD's current Renstra program / kegiatan / sub kegiatan,
      else the RPJMD program — K the `target_akhir` of its indicator of the same name (or its only indicator
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
    """
    opd_id = scope.opd.pk if scope.opd else None
    nodes = frames.evaluasi_nodes(pemda_id=scope.pemda.pk, tahun=scope.tahun, opd_id=opd_id)
    indikator = frames.evaluasi_indikator(
        pemda_id=scope.pemda.pk, tahun_awal=scope.tahun_awal, tahun=scope.tahun, opd_id=opd_id
    )
    rencana = frames.evaluasi_rencana(pemda_id=scope.pemda.pk, tahun=scope.tahun, opd_id=opd_id)
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
    return EvaluasiReport(scope=scope, rows=rows, total=_rp(total), footer=footer)
