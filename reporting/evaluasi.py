"""Evaluasi hasil RKPD (Permendagri 86/2017), per triwulan: the form's arithmetic on DataFrames. No Django here.

The form, columns 1–16, each numeric column a pair K (kinerja, in the indicator's satuan) and Rp (Rupiah):

    1 No · 2 Sasaran · 3 Kode · 4 Urusan / bidang / program / kegiatan / sub kegiatan · 5 Indikator (satuan)
    6 target at the end of the period (RPJMD / Renstra)  · 7 realization of the period's years before N
    8 RKPD target of year N · 9–12 realization in triwulan I–IV (only the quarters up to the one asked for)
    13 realization of year N so far · 14 = 7 + 13 · 15 = 14 / 6 × 100 · 16 the responsible OPD

K of 13 follows the indicator's `aturan` ("sum": the quarters added; "last": the last reported quarter); K of 14
follows the same rule (sum: 7 + 13; last: the latest known value, 13, else 7). K of 15 is `calculations.capaian`
of 14 against 6 (lower-is-better indicators: (2T − R) / T × 100 floored at 0); Rp of 15 is 14 / 6 × 100. A
zero or missing 6 leaves 15 empty. Money is int64 sen (nullable Int64 where a cell may be empty), K float64.

Where the numbers come from (loaded by `reporting.frames.evaluasi_*`, put together by
`reporting.selectors.report_evaluasi`); N is the year evaluated, the period that of the RPJMD in force for N:

    rows       programs, kegiatan, sub kegiatan of the current Renja of N of every OPD (a sub unit's under its
               parent OPD) — the RKPD is compiled from them; 2 the RPJMD sasaran of the program, 4 the
               nomenclature name, 16 the Renja's OPD
    5, 8 K     the Renja row's indicators and their `IndikatorTarget` of N
    9–12 K     `RealisasiIndikator` of N per triwulan
    6 K        `target_akhir` of the paired indicator (`pasangan`) of the plan row of the same OPD, level and
               code: for a program the RPJMD program (P86's "target RPJMD"), else the OPD's current Renstra
               program; for a kegiatan / sub kegiatan the Renstra's (the Evaluasi Renja: the Renstra's only)
    6 Rp       that plan row's `PaguTahunan` summed over its document's period (empty without one)
    7 K        the paired indicators of the same row in the Renja of the period's years before N (each year by
               its rule; `realisasi_lalu`); empty where none was realized (P86 names it "s.d. tahun lalu")
    7 Rp       belanja realized on the budgets of those years (`RealisasiBulanan`, every stage); 0 without any
    8 Rp       belanja pagu of the execution stage in force for N (DPA / pergeseran / DPPA), else the Renja's
               pagu indikatif
    9–12 Rp    belanja realized in the months of each triwulan of N (`RealisasiBulanan`, every stage of N)
    footer     the mean of 15 K over the indicator rows and of 15 Rp over the rows, their predikat; faktor
               pendorong / penghambat and tindak lanjut are not recorded by any model: empty, for the evaluator

Program and kegiatan rows carry the money of the sub kegiatan codes under them (`rollup_kode`); money of a sub
kegiatan outside the Renja is not on the form (the reconciliation's check 2 names those lines).
"""

import numpy as np
import pandas as pd

from reporting import calculations as calc

QUARTERS = (1, 2, 3, 4)
TW = tuple(f"tw_{q}" for q in QUARTERS)  # K of columns 9–12
RP = tuple(f"rp_{q}" for q in QUARTERS)  # Rp of columns 9–12
NODE_LEVELS = ("program", "kegiatan", "sub_kegiatan")
NODE_SEGMENTS = {level: calc.CODE_SEGMENTS[level] for level in NODE_LEVELS}
NODE_KEY = ["opd_id", "level", "kode"]
# a plan row's identity: ids are per table, so a Renstra program and a Renstra kegiatan can share one
PLAN_KEY = ["sumber", "level", "plan_id"]


def nama_key(names: pd.Series) -> pd.Series:
    """An indicator name as it is compared across documents: lower case, whitespace collapsed."""
    return names.fillna("").astype(str).str.lower().str.split().str.join(" ")


def pasangan(left: pd.DataFrame, right: pd.DataFrame, *, on: list[str]) -> np.ndarray:
    """Which `right` indicator each `left` indicator is: the same `on` (owner) and the same name (`nama_key`);
    failing that, the only indicator of its owner on each side. Ties go to the first `right` row.

    Input: both with the `on` columns and str `nama`. Output: int64 positions into `right` aligned with `left`,
    -1 where there is no pair.
    """
    out = np.full(len(left), -1, dtype=np.int64)
    if not len(left) or not len(right):
        return out
    lhs = (
        left[on]
        .reset_index(drop=True)
        .assign(_key=nama_key(left["nama"]).to_numpy(), _l=np.arange(len(left)))
    )
    rhs = (
        right[on]
        .reset_index(drop=True)
        .assign(_key=nama_key(right["nama"]).to_numpy(), _r=np.arange(len(right)))
    )
    named = lhs.merge(rhs, on=[*on, "_key"]).drop_duplicates("_l")
    out[named["_l"].to_numpy()] = named["_r"].to_numpy()
    alone_l = lhs[lhs.groupby(on, dropna=False)["_l"].transform("size") == 1]
    alone_l = alone_l[out[alone_l["_l"].to_numpy()] < 0]
    alone_r = rhs[rhs.groupby(on, dropna=False)["_r"].transform("size") == 1]
    single = alone_l.merge(alone_r, on=on)
    out[single["_l"].to_numpy()] = single["_r"].to_numpy()
    return out


def realisasi_lalu(previous: pd.DataFrame, *, n: int) -> np.ndarray:
    """K of column 7: the realization of the period's earlier years, per year-N indicator.

    Input: one row per earlier-year indicator paired with a year-N indicator: int64 `k` (position of the year-N
    indicator, 0 … n − 1), int64 `tahun`, float `tw_1`…`tw_4` of its year, str `aturan` (the year-N indicator's
    rule). Each year is formed by the rule (`calculations.realisasi_tahunan`), then the years: "sum" adds them,
    "last" takes the latest year with a value. Output: float64 array of length `n`, NaN where none was realized.
    """
    out = np.full(n, np.nan)
    if not len(previous):
        return out
    years = previous[["k", "tahun", "aturan"]].copy()
    years["nilai"] = calc.realisasi_tahunan(previous).to_numpy()
    years = years[years["nilai"].notna()].sort_values(["k", "tahun"], kind="stable")
    added = years.groupby("k")["nilai"].sum()
    latest = years.groupby("k")["nilai"].last()
    rule = years.groupby("k")["aturan"].last()
    value = latest.where(rule == "last", added)
    out[value.index.to_numpy(dtype=np.int64)] = value.to_numpy(dtype=np.float64)
    return out


def kinerja(indikator: pd.DataFrame, *, triwulan: int) -> pd.DataFrame:
    """The K side of every indicator row.

    Input: float `target_akhir` (6), `realisasi_lalu` (7), `target` (8), `tw_1`…`tw_4` (9–12), all NaN where
    unknown; str `aturan` ("sum" / "last") and `polaritas` ("higher" / "lower"). Output: the input with the
    quarters after `triwulan` set to NaN and float64 `realisasi` (13: by the rule over the quarters kept),
    `realisasi_akhir` (14: sum → 7 + 13, NaN only when both are; last → 13, else 7), `capaian` (15: percent of
    14 against 6, NaN for a zero or unknown 6 or an unknown 14) and str `predikat` (None with no capaian).
    """
    out = indikator.copy()
    for q in QUARTERS:
        out[f"tw_{q}"] = out[f"tw_{q}"].astype(np.float64) if q <= triwulan else np.nan
    out["realisasi"] = calc.realisasi_tahunan(out)
    lalu = out["realisasi_lalu"].astype(np.float64)
    now = out["realisasi"]
    added = now.add(lalu, fill_value=0.0)
    latest = now.where(now.notna(), lalu)
    out["realisasi_akhir"] = np.where(out["aturan"] == "last", latest, added)
    target = out["target_akhir"].astype(np.float64).fillna(0.0)
    out["capaian"] = calc.capaian(out["realisasi_akhir"], target, out["polaritas"]).to_numpy(dtype=np.float64)
    out["predikat"] = calc.predikat(out["capaian"])
    return out


def rollup_kode(money: pd.DataFrame, *, values: list[str]) -> pd.DataFrame:
    """Money per OPD × sub kegiatan summed to every program, kegiatan and sub kegiatan code above it.

    Input: int64 `opd_id`, str `sub_kegiatan_kode` (`X.XX.XX.X.XX.XXXX`) and int64 sen `values`. Output: int64
    `opd_id`, str `level` (program / kegiatan / sub_kegiatan), str `kode` (the code's first 3 / 5 / 6 segments)
    and each value summed (int64 sen, exact).
    """
    parts = money["sub_kegiatan_kode"].astype(str).str.split(".")
    frames = []
    for level, segments in NODE_SEGMENTS.items():
        level_frame = money[["opd_id", *values]].copy()
        level_frame["level"] = level
        level_frame["kode"] = parts.str[:segments].str.join(".")
        frames.append(level_frame)
    if not frames or not len(money):
        return pd.DataFrame({"opd_id": [], "level": [], "kode": [], **{name: [] for name in values}}).astype(
            {"opd_id": np.int64, "level": object, "kode": object, **{name: np.int64 for name in values}}
        )
    stacked = pd.concat(frames, ignore_index=True)
    summed = stacked.groupby(NODE_KEY, sort=False, as_index=False)[values].sum()
    return summed.astype({name: np.int64 for name in values})


def realisasi_rp(money: pd.DataFrame, *, tahun: int) -> pd.DataFrame:
    """The money realized per OPD × sub kegiatan: `realisasi_lalu_rp` (7: every year of the period before
    `tahun`) and `rp_1`…`rp_4` (9–12: within each triwulan of `tahun`).

    Input: int64 `opd_id`, str `sub_kegiatan_kode`, int64 `tahun`, `triwulan` (1–4) and int64 sen `jumlah`.
    Output: one row per OPD × sub kegiatan, int64 sen columns (0 where nothing was realized).
    """
    columns = ["realisasi_lalu_rp", *RP]
    frame = money[["opd_id", "sub_kegiatan_kode"]].copy()
    jumlah = money["jumlah"].to_numpy(dtype=np.int64)
    earlier = money["tahun"].to_numpy() < tahun
    this_year = money["tahun"].to_numpy() == tahun
    frame["realisasi_lalu_rp"] = np.where(earlier, jumlah, 0)
    for q in QUARTERS:
        frame[f"rp_{q}"] = np.where(this_year & (money["triwulan"].to_numpy() == q), jumlah, 0)
    summed = frame.groupby(["opd_id", "sub_kegiatan_kode"], as_index=False)[columns].sum()
    return summed.astype({name: np.int64 for name in columns})


def anggaran(nodes: pd.DataFrame, *, triwulan: int) -> pd.DataFrame:
    """The Rp side of every node row.

    Input: nullable Int64 sen `target_rp` (6: NA where no plan pagu), int64 sen `realisasi_lalu_rp` (7),
    `pagu_rp` (8), `rp_1`…`rp_4` (9–12: realized within each quarter). Output: the input with `rp_q` nullable
    Int64, NA after `triwulan`; int64 sen `realisasi_rp` (13 = Σ of the quarters kept) and `realisasi_akhir_rp`
    (14 = 7 + 13); float64 `capaian_rp` (15 = 14 / 6 × 100, NaN for a zero or missing 6).
    """
    out = nodes.copy()
    kept = [f"rp_{q}" for q in QUARTERS if q <= triwulan]
    out["realisasi_rp"] = out[kept].sum(axis=1).astype(np.int64) if kept else np.int64(0)
    for q in QUARTERS:
        column = pd.array(out[f"rp_{q}"].to_numpy(dtype=np.int64), dtype="Int64")
        if q > triwulan:
            column[:] = pd.NA
        out[f"rp_{q}"] = column
    out["realisasi_akhir_rp"] = (out["realisasi_lalu_rp"] + out["realisasi_rp"]).astype(np.int64)
    target = out["target_rp"].astype("Int64").to_numpy(dtype=np.float64, na_value=0.0)
    out["capaian_rp"] = calc.percent(out["realisasi_akhir_rp"], target)
    return out


def rencana_baris(rencana: pd.DataFrame) -> pd.DataFrame:
    """The plan row each form row is measured against: per OPD × level × kode the RPJMD program, else the
    Renstra row (the first by id where a document repeats a code). Plan rows are told apart by `PLAN_KEY`: a
    Renstra program and a Renstra kegiatan may have the same id.

    Input: the plan frame (str `sumber` "renstra" / "rpjmd", `level`, `kode`, int64 `opd_id`, `plan_id`,
    nullable Int64 sen `pagu`, optional str `sasaran`, one row per plan indicator). Output: one row per OPD ×
    level × kode with `sumber`, `plan_id`, `pagu` (and `sasaran` when given).
    """
    rows = rencana.drop_duplicates(PLAN_KEY)
    rank = (rows["sumber"] != "rpjmd").astype(np.int64)
    rows = rows.assign(_rank=rank.to_numpy()).sort_values(["_rank", "plan_id"], kind="stable")
    columns = [*NODE_KEY, "sumber", "plan_id", "pagu", *(["sasaran"] if "sasaran" in rows else [])]
    return rows.drop_duplicates(NODE_KEY)[columns].reset_index(drop=True)


def hanya_renstra(rencana: pd.DataFrame) -> pd.DataFrame:
    """The plan frame cut to the Renstra rows: the Evaluasi Renja measures against the OPD's Renstra only (no
    RPJMD program stands in for a row the Renstra lacks)."""
    return rencana[rencana["sumber"] == "renstra"].reset_index(drop=True)


def nodes_rp(
    nodes: pd.DataFrame, rencana: pd.DataFrame, realisasi: pd.DataFrame, pagu: pd.DataFrame, *, tahun: int,
    triwulan: int,
) -> pd.DataFrame:  # fmt: skip
    """The Rp side of every form row (`anggaran`), from its sources.

    Input: `nodes` (int64 `opd_id`, str `level`, `kode`, …), the plan frame `rencana` (see `rencana_baris`),
    the money realized `realisasi` (see `realisasi_rp`) and the year's pagu per OPD × sub kegiatan `pagu`
    (int64 `opd_id`, str `sub_kegiatan_kode`, int64 sen `pagu`). Output: `nodes` in the same order with
    `target_rp` (6: the plan row's pagu over its period), `realisasi_lalu_rp` (7), `pagu_rp` (8), `rp_1`…`rp_4`
    and the columns `anggaran` adds. Program and kegiatan rows sum the sub kegiatan codes under them.
    """
    money = realisasi_rp(realisasi, tahun=tahun).merge(
        pagu.rename(columns={"pagu": "pagu_rp"}), on=["opd_id", "sub_kegiatan_kode"], how="outer"
    )
    values = ["realisasi_lalu_rp", *RP, "pagu_rp"]
    money[values] = money[values].fillna(0).astype(np.int64)
    rolled = rollup_kode(money, values=values)
    out = nodes.merge(rolled, on=NODE_KEY, how="left")
    out[values] = out[values].fillna(0).astype(np.int64)
    plan = rencana_baris(rencana).rename(columns={"pagu": "target_rp"})[[*NODE_KEY, "target_rp"]]
    out = out.merge(plan, on=NODE_KEY, how="left")
    out["target_rp"] = out["target_rp"].astype("Int64")
    return anggaran(out, triwulan=triwulan)


def indikator_k(indikator: pd.DataFrame, rencana: pd.DataFrame, *, tahun: int, triwulan: int) -> pd.DataFrame:
    """The K side of every indicator of year `tahun` (`kinerja`), from its sources.

    Input: `indikator`, the Renja indicators of the period's years up to `tahun` (int64 `opd_id`, `tahun`, str
    `level`, `kode`, `nama`, `aturan`, `polaritas`, float `target`, `tw_1`…`tw_4`); `rencana`, the plan frame
    (see `rencana_baris`; float `target_akhir` per plan indicator, `indikator_id` NA for a row without one).
    Column 6 is the target_akhir of the paired indicator (`pasangan`) of the node's plan row; column 7 the
    realization of the paired indicators of the same node in the earlier years' Renja (`realisasi_lalu`).
    Output: the year's indicators in input order with the columns `kinerja` adds.
    """
    current = indikator[indikator["tahun"] == tahun].reset_index(drop=True)
    chosen = rencana_baris(rencana)[PLAN_KEY]
    plan = rencana[rencana["indikator_id"].notna()].merge(chosen, on=PLAN_KEY)
    paired = pasangan(current, plan.reset_index(drop=True), on=NODE_KEY)
    target_akhir = np.full(len(current), np.nan)
    hit = paired >= 0
    target_akhir[hit] = plan["target_akhir"].to_numpy(dtype=np.float64)[paired[hit]]
    current["target_akhir"] = target_akhir
    earlier = []
    for year, rows in indikator[indikator["tahun"] < tahun].groupby("tahun"):
        k = pasangan(rows, current, on=NODE_KEY)
        found = rows[k >= 0].assign(k=k[k >= 0], tahun=year)
        earlier.append(found)
    previous = pd.concat(earlier, ignore_index=True) if earlier else current.iloc[:0].assign(k=0)
    previous = previous.assign(aturan=current["aturan"].to_numpy()[previous["k"].to_numpy(dtype=np.int64)])
    current["realisasi_lalu"] = realisasi_lalu(previous, n=len(current))
    return kinerja(current, triwulan=triwulan)


TOTAL_RP = ("target_rp", "realisasi_lalu_rp", "pagu_rp", *RP, "realisasi_rp", "realisasi_akhir_rp")


def total(programs: pd.DataFrame) -> dict[str, object]:
    """The JUMLAH row: every Rp column summed over the program rows (a program holds its kegiatan and sub
    kegiatan), and 15 = Σ 14 / Σ 6 × 100.

    Input: the output of `anggaran` at the program level. Output: int sen per `TOTAL_RP` column (NA for a
    quarter after the one asked for, and for 6 when no program has a plan pagu) and float `capaian_rp`.
    """
    out: dict[str, object] = {}
    for name in TOTAL_RP:
        column = programs[name].astype("Int64")
        out[name] = pd.NA if (len(column) and column.isna().all()) else int(column.sum(skipna=True))
    target = 0.0 if out["target_rp"] is pd.NA else float(out["target_rp"])  # type: ignore[arg-type]
    out["capaian_rp"] = calc.percent(
        np.array([out["realisasi_akhir_rp"]], dtype=np.float64), np.array([target])
    )[0]
    return out


def rata_rata(values: pd.Series) -> float:
    """The footer's average achievement: the mean of the known percentages (NaN when none is known)."""
    known = values.astype(np.float64).dropna()
    return float(known.mean()) if len(known) else float("nan")


def predikat_satu(value: float) -> str | None:
    """The predikat band of one percentage (`calculations.predikat`), None for NaN."""
    return calc.predikat(pd.Series([value], dtype=np.float64)).iat[0]
