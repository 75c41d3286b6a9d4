"""The maths of the rincian belanja (RKA / DPA / DPPA) and of the anggaran kas report. No Django here.

Units as in `reporting.calculations`: money columns are int64 sen, summed only as int64; PPN is int64 basis points
(11 % = 1,100 bp); volumes travel as their exact decimal text (`"2.5000"`, `""` where a factor is unused), so a
koefisien is written from the digits stored, never from a float.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from reporting import calculations as calc

# The six levels of an akun code (5 → 5.1 → 5.1.02 → 5.1.02.01 → 5.1.02.01.01 → 5.1.02.01.01.0024).
AKUN_LEVELS = 6
FACTORS = 4
# The print levels below the akun: the kelompok ([#]) and keterangan ([-]) headings, then the line.
RINCIAN_LEVELS = (*(f"akun_{n}" for n in range(1, AKUN_LEVELS + 1)), "kelompok", "keterangan", "line")
BULAN_NAMA = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# The perubahan side of a line: its detail columns as they were in the stage before.
DETAIL_COLUMNS = ("koefisien", "satuan", "harga", "ppn_bp")


def format_volume(text: str) -> str:
    """`"2.5000"` → `"2,5"`; `"3.0000"` → `"3"`; `"10"` → `"10"` (Indonesian decimal comma, no trailing zeros).

    The same rule as the budget lines' stored koefisien (`budgeting.amounts.format_volume`)."""
    return format(Decimal(text).normalize(), "f").replace(".", ",")


def koefisien(volumes: Sequence[str], satuan: Sequence[str]) -> str:
    """The koefisien of a line from its volume × satuan factors: `["2", "12", "", ""]`, `["Orang", "Bulan", …]`
    → `"2 Orang x 12 Bulan"`. A factor whose volume is empty is unused; a factor without satuan prints its volume."""
    return " x ".join(
        f"{format_volume(volume)} {unit}".strip()
        for volume, unit in zip(volumes, satuan, strict=True)
        if volume not in ("", None)
    )


def koefisien_column(lines: pd.DataFrame) -> np.ndarray:
    """`koefisien` of every line. Input: str `volume_1`…`volume_4` ("" where unused), `satuan_1`…`satuan_4`.
    Output: an object array of str."""
    volumes = lines[[f"volume_{n}" for n in range(1, FACTORS + 1)]].to_numpy(dtype=object)
    units = lines[[f"satuan_{n}" for n in range(1, FACTORS + 1)]].to_numpy(dtype=object)
    return np.array([koefisien(v, u) for v, u in zip(volumes, units, strict=True)], dtype=object)


def akun_prefixes(kode: str) -> list[str]:
    """The codes of an akun and its parents, root first: `5.1.02.01.01.0024` → `["5", "5.1", …, "5.1.02.01.01.0024"]`."""
    parts = kode.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def _first_seen_key(values: pd.Series) -> np.ndarray:
    """Dense int32 keys numbered in order of first appearance (the frame is in print order already)."""
    keys, _ = pd.factorize(values, sort=False)
    return keys.astype(np.int32)


def rincian_tree(lines: pd.DataFrame, *, values: Sequence[str]) -> pd.DataFrame:
    """The printed rows of a sub kegiatan's rincian: akun subtotals at six levels, the kelompok and keterangan
    headings with their subtotals, and the lines, parents before their children.

    Input: one row per line with str `akun_kode` (a 6th-level code), `kelompok`, `keterangan` (either may be
    ""), int64 `line_id`, and int64 sen value columns `values` (e.g. `jumlah`, or `jumlah` and `jumlah_sebelum`).
    Output: one row per node in print order: `level` (one of `RINCIAN_LEVELS`), int64 `depth` (0 for akun 5;
    headings and lines indent below their akun), str `kode` (the akun code of akun rows, "" below), str `uraian`
    (the kelompok or keterangan text of a heading, "" for akun rows and lines), int64 `line_id` (-1 above a
    line), and each value column summed over the node's lines (int64, exact). Akun are in code order, kelompok
    and keterangan in the order their first line was entered (`line_id`), lines by `line_id`. A line without a
    kelompok (keterangan) hangs directly below its akun (kelompok): no empty heading is printed.
    """
    frame = lines.sort_values(["akun_kode", "line_id"], kind="stable").reset_index(drop=True)
    akun = frame["akun_kode"].astype(str)
    prefixes = akun.str.split(".")
    leaves = pd.DataFrame(index=frame.index)
    codes: list[np.ndarray] = []
    for level in range(AKUN_LEVELS):
        prefix = prefixes.str[: level + 1].str.join(".")
        leaves[calc.key(f"akun_{level + 1}")], distinct = calc.dense_key(prefix)
        codes.append(distinct)
    kelompok = frame["kelompok"].fillna("").astype(str)
    keterangan = frame["keterangan"].fillna("").astype(str)
    leaves[calc.key("kelompok")] = _first_seen_key(akun + "\x1f" + kelompok)
    leaves[calc.key("keterangan")] = _first_seen_key(akun + "\x1f" + kelompok + "\x1f" + keterangan)
    leaves[calc.key("line")] = np.arange(len(frame), dtype=np.int32)
    for name in values:
        leaves[name] = frame[name].to_numpy(dtype=np.int64)
    tree = calc.rollup(leaves, levels=RINCIAN_LEVELS, values=values)
    # pre-order: the first line of a node is the next line row at or after it
    line_keys = tree[calc.key("line")].to_numpy()
    line_rows = np.flatnonzero(line_keys != calc.NO_NODE)
    first = line_keys[line_rows[np.searchsorted(line_rows, np.arange(len(tree)))]] if len(tree) else line_keys
    level = tree["level"].to_numpy(dtype=object)
    depth = tree["depth"].to_numpy(dtype=np.int64)
    kode = np.full(len(tree), "", dtype=object)
    for akun_depth in range(AKUN_LEVELS):
        rows = depth == akun_depth
        kode[rows] = codes[akun_depth][tree.loc[rows, calc.key(f"akun_{akun_depth + 1}")].to_numpy()]
    has_kelompok = (kelompok != "").to_numpy()[first]
    has_keterangan = (keterangan != "").to_numpy()[first]
    uraian = np.full(len(tree), "", dtype=object)
    uraian[level == "kelompok"] = kelompok.to_numpy(dtype=object)[first[level == "kelompok"]]
    uraian[level == "keterangan"] = keterangan.to_numpy(dtype=object)[first[level == "keterangan"]]
    # headings and lines indent below the akun by the headings actually printed above them
    below_akun = AKUN_LEVELS + np.where(level == "kelompok", 0, has_kelompok.astype(np.int64))
    below_akun += np.where(level == "line", has_keterangan.astype(np.int64), 0)
    out = pd.DataFrame(
        {
            "level": level,
            "depth": np.where(depth < AKUN_LEVELS, depth, below_akun).astype(np.int64),
            "kode": kode,
            "uraian": uraian,
            "line_id": np.where(
                level == "line", frame["line_id"].to_numpy(dtype=np.int64)[np.maximum(line_keys, 0)], -1
            ),
        }
    )
    for name in values:
        out[name] = tree[name].to_numpy(dtype=np.int64)
    printed = ~(np.isin(level, ["kelompok", "keterangan"]) & (uraian == ""))
    # an akun code shorter than six levels repeats at the levels below it: print it once
    segments = np.array([str(code).count(".") + 1 for code in kode], dtype=np.int64)
    printed &= (depth >= AKUN_LEVELS) | (segments == depth + 1)
    return out[printed].reset_index(drop=True)


# ---------------------------------------------------------------- perubahan: sebelum / sesudah


def compare_lines(sebelum: pd.DataFrame, sesudah: pd.DataFrame) -> pd.DataFrame:
    """The lines of a sub kegiatan in a perubahan stage beside the same lines (by `kunci`) in the stage before.

    Input: two frames with str `kunci`, int64 `line_id`, str `akun_kode`, `kelompok`, `keterangan`, `komponen`,
    and the detail columns str `koefisien`, `satuan`, int64 sen `harga`, int64 bp `ppn_bp`, int64 sen `jumlah`.
    Output: one row per kunci in either: the descriptive columns of the sesudah line (of the sebelum line where
    it was dropped), `line_id` (the sesudah id; a dropped line keeps its sebelum id), the detail columns of both
    sides (`…_sebelum` for the stage before; "" / 0 on the side without the line), int64 sen `jumlah` (sesudah,
    0 for a dropped line), `jumlah_sebelum` (0 for an added line), `selisih` = jumlah − jumlah_sebelum, and str
    `status`: added / dropped / changed / unchanged. Σ selisih = Σ jumlah − Σ jumlah_sebelum, exactly.
    """
    described = ["line_id", "akun_kode", "kelompok", "keterangan", "komponen"]
    columns = ["kunci", *described, *DETAIL_COLUMNS, "jumlah"]
    merged = sesudah[columns].merge(
        sebelum[columns], on="kunci", how="outer", suffixes=("", "_sebelum"), indicator=True, sort=False
    )
    dropped = (merged["_merge"] == "right_only").to_numpy()
    added = (merged["_merge"] == "left_only").to_numpy()
    for name in described:
        merged[name] = np.where(dropped, merged[f"{name}_sebelum"], merged[name])
    for name in ("koefisien", "satuan"):
        merged[name] = merged[name].fillna("").astype(object)
        merged[f"{name}_sebelum"] = merged[f"{name}_sebelum"].fillna("").astype(object)
    for name in ("harga", "ppn_bp", "jumlah"):
        merged[name] = merged[name].fillna(0).astype(np.int64)
        merged[f"{name}_sebelum"] = merged[f"{name}_sebelum"].fillna(0).astype(np.int64)
    merged["line_id"] = merged["line_id"].astype(np.int64)
    merged["selisih"] = merged["jumlah"] - merged["jumlah_sebelum"]
    same = np.ones(len(merged), dtype=bool)
    for name in (*DETAIL_COLUMNS, "jumlah"):
        same &= (merged[name] == merged[f"{name}_sebelum"]).to_numpy()
    merged["status"] = np.select([added, dropped, ~same], ["added", "dropped", "changed"], "unchanged")
    keep = [*columns, *(f"{name}_sebelum" for name in (*DETAIL_COLUMNS, "jumlah")), "selisih", "status"]
    return merged[keep].sort_values(["akun_kode", "line_id"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- anggaran kas


def monthly(lines: pd.DataFrame) -> np.ndarray:
    """Σ anggaran kas per month over `lines` (int64 sen columns `ak_1`…`ak_12`): twelve int64 sen."""
    return lines[list(calc.AK_COLUMNS)].to_numpy(dtype=np.int64).sum(axis=0, dtype=np.int64)


ANGGARAN_KAS_LEVELS = ("opd", "sub_kegiatan", "akun")


def anggaran_kas_tree(lines: pd.DataFrame, *, bulan: int) -> pd.DataFrame:
    """The anggaran kas report: OPD → sub kegiatan → akun with the twelve months, their total against the DPA.

    Input: one row per line with int32 keys `k_opd`, `k_sub_kegiatan`, `k_akun` and int64 sen `pagu` (the
    line's DPA amount) and `ak_1`…`ak_12`. Output: `calculations.rollup` over the three levels (pre-order) of
    int64 sen `pagu`, `ak_1`…`ak_12`, and `total` = Σ months, `sd_bulan` = Σ months 1…`bulan`, `selisih` =
    pagu − total, int64 `baris_tidak_seimbang` (lines below whose own twelve months do not sum to their pagu:
    a line +Rp 1 and another −Rp 1 still count, though their akun sums match), and bool `seimbang` = selisih 0
    and no such line.
    """
    frame = pd.DataFrame(
        {
            **{
                calc.key(name): lines[calc.key(name)].to_numpy(dtype=np.int32) for name in ANGGARAN_KAS_LEVELS
            },
            "pagu": lines["pagu"].to_numpy(dtype=np.int64),
            **{name: lines[name].to_numpy(dtype=np.int64) for name in calc.AK_COLUMNS},
        }
    )
    months = frame[list(calc.AK_COLUMNS)].to_numpy(dtype=np.int64)
    frame["total"] = months.sum(axis=1, dtype=np.int64)
    frame["sd_bulan"] = months[:, :bulan].sum(axis=1, dtype=np.int64)
    frame["baris_tidak_seimbang"] = (frame["total"] != frame["pagu"]).astype(np.int64)
    values = ["pagu", *calc.AK_COLUMNS, "total", "sd_bulan", "baris_tidak_seimbang"]
    tree = calc.rollup(frame, levels=ANGGARAN_KAS_LEVELS, values=values)
    tree["selisih"] = tree["pagu"] - tree["total"]
    tree["seimbang"] = (tree["selisih"] == 0) & (tree["baris_tidak_seimbang"] == 0)
    return tree


def kas_total(lines: pd.DataFrame, *, bulan: int) -> dict[str, Any]:
    """The grand total of `anggaran_kas_tree`'s input: int `pagu`, `total`, `sd_bulan`, `selisih`,
    `baris_tidak_seimbang`, the twelve months `bulan` (list of int sen) and bool `seimbang`."""
    months = monthly(lines)
    pagu = int(lines["pagu"].sum())
    per_line = lines[list(calc.AK_COLUMNS)].to_numpy(dtype=np.int64).sum(axis=1, dtype=np.int64)
    unbalanced = int((per_line != lines["pagu"].to_numpy(dtype=np.int64)).sum())
    total = int(months.sum(dtype=np.int64))
    return {
        "pagu": pagu,
        "bulan": [int(value) for value in months],
        "total": total,
        "sd_bulan": int(months[:bulan].sum(dtype=np.int64)),
        "selisih": pagu - total,
        "baris_tidak_seimbang": unbalanced,
        "seimbang": pagu == total and unbalanced == 0,
    }


# ---------------------------------------------------------------- the indicator block

# Where an indicator without a `jenis` goes, by the plan row it hangs on (Permendagri 77/2020's RKA block).
BLOCK_BY_OWNER = {"program": "capaian_program", "kegiatan": "hasil", "sub_kegiatan": "keluaran"}
BLOCK_BY_JENIS = {"capaian": "capaian_program", "hasil": "hasil", "keluaran": "keluaran"}
BLOCKS = ("capaian_program", "masukan", "keluaran", "hasil")


def indikator_block(*, owner: str, jenis: str) -> str:
    """The row of the RKA indicator block an indicator belongs to: its `jenis` when set (capaian → capaian
    program, keluaran, hasil), else by its owner (a Renja program's → capaian program, a kegiatan's → hasil,
    a sub kegiatan's → keluaran). Masukan is the sub kegiatan's pagu, never an indicator."""
    return BLOCK_BY_JENIS.get(jenis) or BLOCK_BY_OWNER[owner]


def format_target(target: Decimal | None, satuan: str) -> str:
    """`Decimal("95.0000")`, `"%"` → `"95 %"`; `Decimal("2.5")`, `"Dokumen"` → `"2,5 Dokumen"`; None → `""`."""
    if target is None:
        return ""
    return f"{format_volume(str(target))} {satuan}".strip()


def waktu_pelaksanaan(bulan_mulai: int, bulan_selesai: int) -> str:
    """`1, 12` → `"Januari s.d. Desember"`; `3, 3` → `"Maret"`."""
    if bulan_mulai == bulan_selesai:
        return BULAN_NAMA[bulan_mulai - 1]
    return f"{BULAN_NAMA[bulan_mulai - 1]} s.d. {BULAN_NAMA[bulan_selesai - 1]}"


def format_rupiah(sen: int) -> str:
    """`123456700` sen → `"Rp 1.234.567,00"` (Indonesian grouping); exact for any int."""
    whole, rest = divmod(abs(int(sen)), 100)
    sign = "-" if sen < 0 else ""
    return f"{sign}Rp {whole:,}".replace(",", ".") + f",{rest:02d}"


def satuan_column(lines: pd.DataFrame) -> np.ndarray:
    """The satuan printed for each line: its standar harga's (`satuan_standar`) when linked, else the satuan of
    its used factors joined by " / " (`["Orang", "Bulan"]` → `"Orang / Bulan"`). Input: str `satuan_standar`,
    `volume_1`…`volume_4` ("" where unused), `satuan_1`…`satuan_4`. Output: an object array of str."""
    volumes = lines[[f"volume_{n}" for n in range(1, FACTORS + 1)]].to_numpy(dtype=object)
    units = lines[[f"satuan_{n}" for n in range(1, FACTORS + 1)]].to_numpy(dtype=object)
    standar = lines["satuan_standar"].to_numpy(dtype=object)
    out = []
    for own, row_volumes, row_units in zip(standar, volumes, units, strict=True):
        used = [unit for volume, unit in zip(row_volumes, row_units, strict=True) if volume and unit]
        out.append(own or " / ".join(used))
    return np.array(out, dtype=object)
