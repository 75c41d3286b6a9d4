"""Report maths: pure functions, DataFrame in → DataFrame out. No Django here.

Units: money columns are int64 sen (Rp 1 = 100 sen) and are only ever summed as int64, so totals are exact far
beyond 2^53 sen; fisik progress is int64 basis points (1 % = 100 bp); percentages are float64 computed at the edge
from two exact integers, NaN where the denominator is zero (an empty cell, JSON null). Key columns `k_<level>` are
dense int32 keys numbered in code order (so sorting by key is sorting by code); -1 marks "no node at this level"
(a parent row's deeper keys).
"""

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import pandas as pd

# The RFK tree: OPD, then the nomenclature levels of a sub kegiatan code, then the akun.
LEVELS = ("opd", "urusan", "bidang", "program", "kegiatan", "sub_kegiatan", "akun")
# Number of dot-separated segments of a sub kegiatan code that make each nomenclature level's code.
CODE_SEGMENTS = {"urusan": 1, "bidang": 2, "program": 3, "kegiatan": 5, "sub_kegiatan": 6}
MONTHS = tuple(range(1, 13))
AK_COLUMNS = tuple(f"ak_{m}" for m in MONTHS)
REAL_COLUMNS = tuple(f"real_{m}" for m in MONTHS)
NO_NODE = -1


def key(level: str) -> str:
    return f"k_{level}"


def hierarchy_keys(sub_kegiatan_kode: pd.Series) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Dense keys of every nomenclature level, derived once from the distinct sub kegiatan codes.

    Input: a Series of sub kegiatan codes (`X.XX.XX.K.XX.XXXX`, str or categorical), one per line.
    Output: a DataFrame aligned with the input holding int32 columns `k_urusan`, `k_bidang`, `k_program`,
    `k_kegiatan`, `k_sub_kegiatan`; and for each level the array of codes indexed by key (key → code), sorted.
    Work is done on the distinct codes only and mapped back through the categorical codes.
    """
    categorical = sub_kegiatan_kode.astype("category")
    distinct = pd.Series(categorical.cat.categories.astype(str))
    line_codes = categorical.cat.codes.to_numpy()
    keys: dict[str, np.ndarray] = {}
    codes: dict[str, np.ndarray] = {}
    parts = distinct.str.split(".")
    for level, segments in CODE_SEGMENTS.items():
        prefix = parts.str[:segments].str.join(".")
        level_keys, level_codes = pd.factorize(prefix, sort=True)
        keys[key(level)] = level_keys.astype(np.int32)[line_codes]
        codes[level] = np.asarray(level_codes, dtype=object)
    return pd.DataFrame(keys, index=sub_kegiatan_kode.index), codes


def dense_key(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dense int32 keys of `values` in sorted order, and the distinct values indexed by key."""
    level_keys, distinct = pd.factorize(values, sort=True)
    return level_keys.astype(np.int32), np.asarray(distinct, dtype=object)


def sort_order(keys: np.ndarray) -> np.ndarray:
    """The stable order of the rows of an (n, k) integer key matrix, by column 0, then 1, … (as `np.lexsort` of
    the reversed columns). The columns are packed into one int64 key when their ranges fit (one sort instead of
    k: about 3× faster at a million rows), else lexsort."""
    if keys.size == 0 or keys.shape[1] == 1:
        return np.argsort(keys[:, 0] if keys.size else np.empty(0), kind="stable")
    low = keys.min(axis=0).astype(np.int64)
    widths = keys.max(axis=0).astype(np.int64) - low + 1
    if float(np.prod(widths.astype(np.float64))) >= 2.0**62:
        return np.lexsort(keys.T[::-1])
    packed = np.zeros(len(keys), dtype=np.int64)
    for column in range(keys.shape[1]):
        packed = packed * widths[column] + (keys[:, column] - low[column])
    return np.argsort(packed, kind="stable")


def rollup(leaves: pd.DataFrame, *, levels: Sequence[str], values: Sequence[str]) -> pd.DataFrame:
    """Every node of the tree `levels` over `leaves`, parents before their children (pre-order).

    Input: `leaves` with int32 key columns `k_<level>` for each of `levels` (it may be finer than `levels`) and
    int64 value columns `values`. Output: one row per node at every level: `depth` (0 = `levels[0]`), `level`
    (its name), the key columns (-1 below the node's depth), and each value column summed over the node's
    leaves (int64, exact). The leaves are sorted once by their keys; every node is then a run of consecutive
    leaves and is summed with one `np.add.reduceat` per level.
    """
    names = [key(name) for name in levels]
    keys = np.column_stack([leaves[name].to_numpy(dtype=np.int32) for name in names])
    data = leaves[list(values)].to_numpy(dtype=np.int64)
    parts = []
    if len(leaves):
        order = sort_order(keys)
        keys, data = keys[order], data[order]
        changed = np.ones(keys.shape, dtype=bool)
        changed[1:] = keys[1:] != keys[:-1]
        starts_at = np.logical_or.accumulate(
            changed, axis=1
        )  # a node of depth d starts where a key ≤ d changes
        for depth in range(len(levels)):
            starts = np.flatnonzero(starts_at[:, depth])
            node_keys = np.full((len(starts), len(levels)), NO_NODE, dtype=np.int32)
            node_keys[:, : depth + 1] = keys[starts, : depth + 1]
            parts.append((depth, node_keys, np.add.reduceat(data, starts, axis=0)))
    all_keys = np.concatenate([p[1] for p in parts]) if parts else np.empty((0, len(levels)), dtype=np.int32)
    sums = np.concatenate([p[2] for p in parts]) if parts else np.empty((0, len(values)), dtype=np.int64)
    depths = (
        np.concatenate([np.full(len(p[1]), p[0]) for p in parts]) if parts else np.empty(0, dtype=np.int64)
    )
    order = sort_order(all_keys)
    tree = pd.DataFrame({"depth": depths[order].astype(np.int64)})
    tree["level"] = np.asarray(levels, dtype=object)[tree["depth"].to_numpy()]
    for position, name in enumerate(names):
        tree[name] = all_keys[order, position]
    for position, name in enumerate(values):
        tree[name] = sums[order, position]
    return tree


def percent(numerator: pd.Series | np.ndarray, denominator: pd.Series | np.ndarray) -> np.ndarray:
    """numerator / denominator × 100 as float64, NaN where the denominator is zero."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(num.shape, np.nan)
    np.divide(num * 100.0, den, out=out, where=den != 0)
    return out


def scale_bp(amount_sen: pd.Series | np.ndarray, basis_points: pd.Series | np.ndarray) -> np.ndarray:
    """amount × bp / 10,000 rounded half up to the sen, in int64 without overflowing for any int64 amount.

    Input: int64 sen (≥ 0) and int64 basis points in 0…10,000. Output: int64 sen.
    """
    amount = np.asarray(amount_sen, dtype=np.int64)
    bp = np.asarray(basis_points, dtype=np.int64)
    whole, rest = np.divmod(amount, 10_000)
    return whole * bp + (rest * bp + 5_000) // 10_000


def rfk_leaves(lines: pd.DataFrame, fisik: pd.DataFrame, *, bulan: int, grain: Sequence[str]) -> pd.DataFrame:
    """The RFK measures of month `bulan` at the leaf grain `grain` (keys, e.g. OPD × sub kegiatan [× akun]).

    Input `lines`: one row per budget line with the key columns of `grain` plus `k_opd` and `k_sub_kegiatan`,
    int64 sen `pagu` (DPA), `pagu_rka`, `ak_1`…`ak_12` (anggaran kas per month), `real_1`…`real_12`
    (realization per month) and str `sumber_dana`. Input `fisik`: `k_opd`, `k_sub_kegiatan`, int64 `fisik_bp`
    (progress at month `bulan`, basis points), str `permasalahan`, `tindak_lanjut` (other columns are ignored).
    Output: one row per leaf with the grain keys, int64 sen `pagu`, `pagu_rka`, `anggaran_kas` (Σ ak s.d.
    bulan), `realisasi` (Σ real s.d. bulan), `ak_1`…`ak_12`, `real_1`…`real_12`, `nilai_fisik` (pagu × fisik,
    rounded half up to the sen), int64 `fisik_bp` (the sub kegiatan's progress; 0 where none was reported),
    and str `sumber_dana` (distinct names joined by "; "), `permasalahan`, `tindak_lanjut`.
    """
    grain = list(grain)
    money = ["pagu", "pagu_rka", *AK_COLUMNS, *REAL_COLUMNS]
    keys = lines[grain].to_numpy(dtype=np.int32)
    order = sort_order(keys)
    keys = keys[order]
    starts = (
        np.flatnonzero(np.r_[True, (keys[1:] != keys[:-1]).any(axis=1)]) if len(keys) else np.empty(0, int)
    )
    data = lines[money].to_numpy(dtype=np.int64)[order]
    sums = np.add.reduceat(data, starts, axis=0) if len(starts) else np.empty((0, len(money)), dtype=np.int64)
    ak, real = money.index("ak_1"), money.index("real_1")
    columns: dict[str, np.ndarray] = {name: keys[starts, position] for position, name in enumerate(grain)}
    columns.update({name: sums[:, position] for position, name in enumerate(money)})
    columns["anggaran_kas"] = sums[:, ak : ak + bulan].sum(axis=1, dtype=np.int64)
    columns["realisasi"] = sums[:, real : real + bulan].sum(axis=1, dtype=np.int64)
    columns["sumber_dana"] = run_names(lines["sumber_dana"].to_numpy(dtype=object)[order], starts)
    leaves = pd.DataFrame(columns)
    fisik = fisik[["k_opd", "k_sub_kegiatan", "fisik_bp", "permasalahan", "tindak_lanjut"]]
    leaves = leaves.merge(fisik, on=["k_opd", "k_sub_kegiatan"], how="left")
    leaves["fisik_bp"] = leaves["fisik_bp"].fillna(0).astype(np.int64)
    for text in ("permasalahan", "tindak_lanjut"):
        leaves[text] = leaves[text].fillna("").astype(object)
    leaves["nilai_fisik"] = scale_bp(leaves["pagu"], leaves["fisik_bp"])
    return leaves


def run_names(names: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The distinct non-empty names of each run of `names` (runs begin at `starts`), sorted and joined by "; ".

    Input: an object array of str in run order and the ascending start of each run. Output: an object array, one
    str per run. A run of one name (the common case: a sub kegiatan funded from one source) takes it as it is,
    found without Python per row; only mixed runs are joined one by one.
    """
    if not len(starts):
        return np.empty(0, dtype=object)
    first = names[starts]
    lengths = np.diff(np.r_[starts, len(names)])
    differs = (names != np.repeat(first, lengths)).astype(np.int64)
    out = first.copy()
    for run in np.flatnonzero(np.add.reduceat(differs, starts) > 0):
        segment = names[starts[run] : starts[run] + lengths[run]]
        out[run] = "; ".join(sorted({name for name in segment if name}))
    return out


def rfk_tree(leaves: pd.DataFrame, *, levels: Sequence[str]) -> pd.DataFrame:
    """The RFK rows of the tree `levels` over the leaves of `rfk_leaves` (the last level is the leaf grain).

    Input: the output of `rfk_leaves` for the grain `levels`. Output: `rollup` of the money columns (int64
    sen: `pagu`, `pagu_rka`, `anggaran_kas`, `realisasi`, `nilai_fisik`, `ak_1`…`ak_12`, `real_1`…`real_12`)
    plus int64 `sisa` = pagu − realisasi; float64 percentages (NaN for a zero denominator): `persen_realisasi`
    = realisasi / pagu × 100, `persen_rak` = anggaran kas / pagu × 100, `deviasi` = % RAK − % realisasi
    (points), `deviasi_relatif` = (% RAK − % realisasi) / % RAK × 100, `fisik` = Σ nilai fisik / Σ pagu × 100
    (the pagu-weighted progress: children with pagu 0 weigh nothing; at the sub kegiatan and akun levels the
    reported progress itself); and at the leaf and sub kegiatan levels the texts `sumber_dana`,
    `permasalahan`, `tindak_lanjut` (empty above).
    """
    money = ["pagu", "pagu_rka", "anggaran_kas", "realisasi", "nilai_fisik", *AK_COLUMNS, *REAL_COLUMNS]
    tree = rollup(leaves, levels=levels, values=money)
    tree["sisa"] = tree["pagu"] - tree["realisasi"]
    tree["persen_realisasi"] = percent(tree["realisasi"], tree["pagu"])
    tree["persen_rak"] = percent(tree["anggaran_kas"], tree["pagu"])
    tree["deviasi"] = tree["persen_rak"] - tree["persen_realisasi"]
    tree["deviasi_relatif"] = percent(tree["anggaran_kas"] - tree["realisasi"], tree["anggaran_kas"])
    tree["fisik"] = percent(tree["nilai_fisik"], tree["pagu"])
    texts = ["sumber_dana", "permasalahan", "tindak_lanjut"]
    for text in texts:
        tree[text] = ""
    leaf_keys = [key(name) for name in levels]
    # the reported progress and the texts of a sub kegiatan, on its own row and on its akun rows
    if "sub_kegiatan" in levels:
        sub_depth = levels.index("sub_kegiatan")
        sub_keys = leaf_keys[: sub_depth + 1]
        per_sub = leaves.groupby(sub_keys, sort=False, observed=True).agg(
            fisik_bp=("fisik_bp", "first"),
            permasalahan=("permasalahan", "first"),
            tindak_lanjut=("tindak_lanjut", "first"),
            sumber_dana=("sumber_dana", "first" if len(sub_keys) == len(leaf_keys) else _join_names),
        )
        at_or_below = tree["depth"] >= sub_depth
        found = per_sub.reindex(pd.MultiIndex.from_frame(tree.loc[at_or_below, sub_keys]))
        tree.loc[at_or_below, "fisik"] = found["fisik_bp"].to_numpy(dtype=np.float64) / 100.0
        for text in texts:
            tree.loc[at_or_below, text] = found[text].to_numpy()
    leaf_grain = {name for name in leaves.columns if name.startswith("k_")} == set(leaf_keys)
    if leaf_grain and levels[-1] != "sub_kegiatan":
        leaf_rows = tree["depth"] == len(levels) - 1
        dana = leaves.set_index(leaf_keys)["sumber_dana"]
        tree.loc[leaf_rows, "sumber_dana"] = dana.reindex(
            pd.MultiIndex.from_frame(tree.loc[leaf_rows, leaf_keys])
        ).to_numpy()
    for text in texts:
        tree[text] = tree[text].fillna("").astype(object)
    return tree


def _join_names(names: pd.Series) -> str:
    """Distinct non-empty names of "; "-joined lists, sorted, joined by "; "."""
    return "; ".join(sorted({part for name in names for part in str(name).split("; ") if part}))


def rfk_total(leaves: pd.DataFrame) -> dict[str, int | float]:
    """The report total over all leaves: int64 sen sums and the same percentages as `rfk_tree`.

    Input: the output of `rfk_leaves`. Output: a dict with `pagu`, `pagu_rka`, `anggaran_kas`, `realisasi`,
    `nilai_fisik`, `sisa` (int sen) and `persen_realisasi`, `persen_rak`, `deviasi`, `deviasi_relatif`, `fisik`
    (float, NaN for a zero denominator).
    """
    sums = {
        name: int(leaves[name].sum())
        for name in ("pagu", "pagu_rka", "anggaran_kas", "realisasi", "nilai_fisik")
    }
    one = {name: np.array([value]) for name, value in sums.items()}
    persen_realisasi = percent(one["realisasi"], one["pagu"])[0]
    persen_rak = percent(one["anggaran_kas"], one["pagu"])[0]
    return {
        **sums,
        "sisa": sums["pagu"] - sums["realisasi"],
        "persen_realisasi": persen_realisasi,
        "persen_rak": persen_rak,
        "deviasi": persen_rak - persen_realisasi,
        "deviasi_relatif": percent(one["anggaran_kas"] - one["realisasi"], one["anggaran_kas"])[0],
        "fisik": percent(one["nilai_fisik"], one["pagu"])[0],
    }


def monthly_series(lines: pd.DataFrame) -> pd.DataFrame:
    """The absorption curve: anggaran kas and realization per month and cumulative.

    Input: `ak_1`…`ak_12`, `real_1`…`real_12` (int64 sen) per line. Output: 12 rows, `bulan` 1…12 and int64
    sen `anggaran_kas`, `realisasi`, `anggaran_kas_kumulatif`, `realisasi_kumulatif`, plus float64
    `persen_realisasi_kumulatif` = realisasi kumulatif / Σ anggaran kas of the year × 100 (NaN when it is 0).
    """
    ak = lines[list(AK_COLUMNS)].sum(axis=0).to_numpy(dtype=np.int64)
    real = lines[list(REAL_COLUMNS)].sum(axis=0).to_numpy(dtype=np.int64)
    series = pd.DataFrame(
        {
            "bulan": np.array(MONTHS, dtype=np.int64),
            "anggaran_kas": ak,
            "realisasi": real,
            "anggaran_kas_kumulatif": np.cumsum(ak, dtype=np.int64),
            "realisasi_kumulatif": np.cumsum(real, dtype=np.int64),
        }
    )
    series["persen_realisasi_kumulatif"] = percent(
        series["realisasi_kumulatif"], np.full(12, ak.sum(dtype=np.int64))
    )
    return series


# ---------------------------------------------------------------- LRA

# (kode, uraian, kind): kind "group" sums the akun under the code, "total" a named identity.
LRA_ROWS: tuple[tuple[str, str, str], ...] = (
    ("4", "PENDAPATAN DAERAH", "group"),
    ("4.1", "PENDAPATAN ASLI DAERAH (PAD)", "group"),
    ("4.1.01", "Pajak Daerah", "group"),
    ("4.1.02", "Retribusi Daerah", "group"),
    ("4.1.03", "Hasil Pengelolaan Kekayaan Daerah yang Dipisahkan", "group"),
    ("4.1.04", "Lain-lain PAD yang Sah", "group"),
    ("4.2", "PENDAPATAN TRANSFER", "group"),
    ("4.3", "LAIN-LAIN PENDAPATAN DAERAH YANG SAH", "group"),
    ("5", "BELANJA DAERAH", "group"),
    ("5.1", "BELANJA OPERASI", "group"),
    ("5.1.01", "Belanja Pegawai", "group"),
    ("5.1.02", "Belanja Barang dan Jasa", "group"),
    ("5.1.03", "Belanja Bunga", "group"),
    ("5.1.04", "Belanja Subsidi", "group"),
    ("5.1.05", "Belanja Hibah", "group"),
    ("5.1.06", "Belanja Bantuan Sosial", "group"),
    ("5.2", "BELANJA MODAL", "group"),
    ("5.2.01", "Belanja Modal Tanah", "group"),
    ("5.2.02", "Belanja Modal Peralatan dan Mesin", "group"),
    ("5.2.03", "Belanja Modal Gedung dan Bangunan", "group"),
    ("5.2.04", "Belanja Modal Jalan, Irigasi, dan Jaringan", "group"),
    ("5.2.05", "Belanja Modal Aset Tetap Lainnya", "group"),
    ("5.2.06", "Belanja Modal Aset Lainnya", "group"),
    ("5.3", "BELANJA TIDAK TERDUGA", "group"),
    ("5.4", "BELANJA TRANSFER", "group"),
    ("surplus", "SURPLUS / (DEFISIT)", "total"),
    ("6", "PEMBIAYAAN DAERAH", "group"),
    ("6.1", "PENERIMAAN PEMBIAYAAN", "group"),
    ("6.2", "PENGELUARAN PEMBIAYAAN", "group"),
    ("netto", "PEMBIAYAAN NETTO", "total"),
    ("silpa", "SISA LEBIH PEMBIAYAAN ANGGARAN (SiLPA)", "total"),
)
LRA_MEASURES = ("anggaran", "realisasi", "realisasi_lalu")


def _prefix_sum(akun: pd.Series, amounts: pd.Series, prefix: str) -> object:
    """Σ of the amounts whose akun is `prefix` or under it; NA when those amounts are all NA, or when the row has
    none and the whole column is NA (a side, or a year, with nothing recorded — not a recorded zero)."""
    mask = (akun == prefix) | akun.str.startswith(prefix + ".")
    picked = amounts[mask]
    if len(picked) == 0:
        return pd.NA if len(amounts) and bool(amounts.isna().all()) else 0
    if picked.isna().all():
        return pd.NA
    return int(picked.sum())


def lra(amounts: pd.DataFrame) -> pd.DataFrame:
    """The LRA statement from amounts per akun.

    Input: `akun_kode` (str) and nullable Int64 sen columns `anggaran`, `realisasi`, `realisasi_lalu` (NA where
    a side has no realization recorded). Output: one row per `LRA_ROWS` entry in order: `kode`, `uraian`,
    `kind`, `depth` (segments − 1; 0 for totals), Int64 sen `anggaran`, `realisasi`, `realisasi_lalu` (NA when
    every input amount of the row is NA) and float64 `persen` = realisasi / anggaran × 100 (NaN for a zero
    anggaran or NA realisasi). Identities: surplus = 4 − 5; netto = 6.1 − 6.2 (never their sum); SiLPA =
    surplus + netto; a total is NA when one of its terms is.
    """
    akun = amounts["akun_kode"].astype(str)
    rows = []
    values: dict[str, dict[str, object]] = {}
    for kode, uraian, kind in LRA_ROWS:
        if kind == "group":
            row = {m: _prefix_sum(akun, amounts[m].astype("Int64"), kode) for m in LRA_MEASURES}
        else:
            terms = {"surplus": ("4", "5"), "netto": ("6.1", "6.2"), "silpa": ("surplus", "netto")}[kode]
            plus, minus = (values[name] for name in terms)
            sign = -1 if kode != "silpa" else 1
            row = {
                m: pd.NA if (plus[m] is pd.NA or minus[m] is pd.NA) else plus[m] + sign * minus[m]
                for m in LRA_MEASURES
            }
        values[kode] = row
        depth = kode.count(".") if kind == "group" else 0
        rows.append({"kode": kode, "uraian": uraian, "kind": kind, "depth": depth, **row})
    frame = pd.DataFrame(rows)
    for measure in LRA_MEASURES:
        frame[measure] = frame[measure].astype("Int64")
    anggaran = frame["anggaran"].to_numpy(dtype=np.float64, na_value=0.0)
    realisasi = frame["realisasi"].to_numpy(dtype=np.float64, na_value=np.nan)
    frame["persen"] = percent(realisasi, anggaran)
    return frame


# ---------------------------------------------------------------- capaian (Permendagri 86/2017)

PREDIKAT_BANDS = (
    (91.0, "Sangat Tinggi"),
    (76.0, "Tinggi"),
    (66.0, "Sedang"),
    (51.0, "Rendah"),
)
PREDIKAT = (*(name for _, name in PREDIKAT_BANDS), "Sangat Rendah")  # highest band first


def realisasi_tahunan(quarters: pd.DataFrame) -> pd.Series:
    """A year's realization from its quarters by the indicator's rule.

    Input: `tw_1`…`tw_4` (float, NaN = not reported) and `aturan` ("sum": counts and outputs, the quarters
    added; "last": rates, percentages, stocks, the last reported quarter). Output: float64 Series, NaN when no
    quarter was reported.
    """
    tw = quarters[["tw_1", "tw_2", "tw_3", "tw_4"]].astype(np.float64)
    total = tw.sum(axis=1, min_count=1)
    last = tw.ffill(axis=1)["tw_4"]
    return pd.Series(
        np.where(quarters["aturan"] == "last", last, total), index=quarters.index, dtype=np.float64
    )


def capaian(realisasi: pd.Series, target: pd.Series, polaritas: pd.Series) -> pd.Series:
    """Achievement in percent: R / T × 100 where higher is better, (2T − R) / T × 100 floored at 0 where
    lower is better (`polaritas` "higher" / "lower"). Input float64 R and T; output float64, NaN for T = 0 or
    an unknown R."""
    r = realisasi.astype(np.float64).to_numpy()
    t = target.astype(np.float64).to_numpy()
    higher = percent(r, t)
    lower = np.maximum(percent(2 * t - r, t), 0.0)
    lower = np.where(np.isnan(r) | (t == 0), np.nan, lower)
    return pd.Series(np.where(polaritas.to_numpy() == "lower", lower, higher), index=realisasi.index)


def predikat(values: pd.Series) -> pd.Series:
    """The P86 band of each achievement (percent): ≥ 91 Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang,
    51–65 Rendah, ≤ 50 Sangat Rendah. Values between bands (90.5) fall to the lower one. NaN → None."""
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    known = values.notna()
    out[known] = "Sangat Rendah"
    for floor, name in reversed(PREDIKAT_BANDS):
        out[known & (values >= floor)] = name
    return out


def capaian_indikator(indikator: pd.DataFrame) -> pd.DataFrame:
    """Capaian per indicator for one year.

    Input: `target` (float, NaN = none set), `tw_1`…`tw_4`, `aturan` ("sum" / "last"), `polaritas`
    ("higher" / "lower") per indicator, plus any descriptive columns. Output: the input with float64
    `realisasi` (by the rule), `capaian` (percent) and str `predikat` (None when capaian is unknown).
    """
    out = indikator.copy()
    out["realisasi"] = realisasi_tahunan(indikator)
    out["capaian"] = capaian(out["realisasi"], out["target"].astype(np.float64).fillna(0.0), out["polaritas"])
    out["predikat"] = predikat(out["capaian"])
    return out


def predikat_jumlah(indikator: pd.DataFrame) -> pd.DataFrame:
    """How many indicators fall in each predikat band.

    Input: the output of `capaian_indikator` (str `predikat`, None where capaian is unknown). Output: five rows,
    every band of `PREDIKAT` in that order (highest first): str `predikat`, int64 `jumlah`; indicators without
    a predikat are not counted.
    """
    counts = indikator["predikat"].value_counts()
    return pd.DataFrame(
        {
            "predikat": list(PREDIKAT),
            "jumlah": np.array([counts.get(name, 0) for name in PREDIKAT], dtype=np.int64),
        }
    )


def capaian_tanpa_realisasi(indikator: pd.DataFrame) -> int:
    """The number of indicators with a target for the year (float `target` not NaN) and no quarter realized yet
    (float `realisasi` NaN), from the output of `capaian_indikator`."""
    return int((indikator["target"].notna() & indikator["realisasi"].isna()).sum())


# ---------------------------------------------------------------- leader dashboard


def absorption_curve(series: pd.DataFrame, *, pagu: int, bulan: int) -> pd.DataFrame:
    """The absorption curve: cumulative anggaran kas against cumulative realization, in sen and as % of pagu.

    Input: the output of `monthly_series` (`bulan` 1…12, int64 sen `anggaran_kas_kumulatif`,
    `realisasi_kumulatif`), the pagu (int sen) and the report month `bulan`. Output: 12 rows, `bulan`, int64
    sen `anggaran_kas_kumulatif`, nullable Int64 sen `realisasi_kumulatif` (NA after `bulan`), float64
    `persen_rak_kumulatif` = anggaran kas kumulatif / pagu × 100 and `persen_realisasi_kumulatif` = realisasi
    kumulatif / pagu × 100 (NaN after `bulan`; both NaN for a zero pagu). The denominator is the pagu, so at
    `bulan` they equal the report total's % RAK and % realisasi.
    """
    ak = series["anggaran_kas_kumulatif"].to_numpy(dtype=np.int64)
    real = series["realisasi_kumulatif"].to_numpy(dtype=np.int64)
    future = series["bulan"].to_numpy() > bulan
    denominator = np.full(len(series), pagu, dtype=np.int64)
    realisasi = pd.array(real, dtype="Int64")
    realisasi[future] = pd.NA
    persen_realisasi = percent(real, denominator)
    persen_realisasi[future] = np.nan
    return pd.DataFrame(
        {
            "bulan": series["bulan"].to_numpy(dtype=np.int64),
            "anggaran_kas_kumulatif": ak,
            "realisasi_kumulatif": realisasi,
            "persen_rak_kumulatif": percent(ak, denominator),
            "persen_realisasi_kumulatif": persen_realisasi,
        }
    )


def peringkat(values: pd.Series | np.ndarray) -> np.ndarray:
    """Ranks 1…n, 1 for the largest value; NaN (a zero denominator) after every number; ties keep input order.

    Input: float64 values. Output: int64 ranks aligned with the input (a permutation of 1…n).
    """
    order = np.argsort(-np.asarray(values, dtype=np.float64), kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1, dtype=np.int64)
    return ranks


def opd_peringkat(rows: pd.DataFrame) -> pd.DataFrame:
    """OPD rows of an RFK ranked by absorption and by deviation.

    Input: one row per OPD in code order with float64 `persen_realisasi` and `deviasi` (`rfk_tree` at the OPD
    level). Output: the input plus int64 `peringkat_realisasi` (1 = highest % realisasi) and
    `peringkat_deviasi` (1 = largest deviasi, the furthest behind plan), sorted by `peringkat_realisasi`.
    """
    out = rows.copy()
    out["peringkat_realisasi"] = peringkat(out["persen_realisasi"])
    out["peringkat_deviasi"] = peringkat(out["deviasi"])
    return out.sort_values("peringkat_realisasi", kind="stable")


def deviasi_terbesar(rows: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The `n` rows with the largest deviasi, largest first (ties in input order); rows without a deviasi (pagu
    0) never. Input: RFK rows with float64 `deviasi` (points). Output: at most `n` of those rows."""
    known = rows[rows["deviasi"].notna()]
    order = np.argsort(-known["deviasi"].to_numpy(dtype=np.float64), kind="stable")[:n]
    return known.iloc[order]


def permasalahan_terbuka(fisik: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The open problems: each sub kegiatan's latest physical progress report when it names a problem.

    Input: `fisik`, the latest report up to the month per OPD × sub kegiatan (`k_opd`, `k_sub_kegiatan`, int64
    `bulan`, `fisik_bp` basis points, str `permasalahan`, `tindak_lanjut`); `rows`, the sub kegiatan of the
    stage (`k_opd`, `k_sub_kegiatan`): reports of other sub kegiatan are left out. Output: the reports whose
    `permasalahan` is not blank, newest `bulan` first, then in OPD and sub kegiatan code order, with float64
    `fisik` (percent).
    """
    stage = rows[["k_opd", "k_sub_kegiatan"]].drop_duplicates()
    found = fisik[fisik["permasalahan"].str.strip().astype(bool)].merge(stage, on=["k_opd", "k_sub_kegiatan"])
    found = found.sort_values(["bulan", "k_opd", "k_sub_kegiatan"], ascending=[False, True, True])
    found["fisik"] = found["fisik_bp"].to_numpy(dtype=np.float64) / 100.0
    return found.reset_index(drop=True)


def sen_to_decimal(value: object) -> Decimal | None:
    """An int sen amount as Decimal Rupiah with two places (None for NA)."""
    if value is None or value is pd.NA:
        return None
    return Decimal(int(value)).scaleb(-2)


def percent_to_decimal(value: object) -> Decimal | None:
    """A float percentage rounded to two places as Decimal (None for NaN)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return Decimal(repr(float(value))).quantize(Decimal("0.01"))
