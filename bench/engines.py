"""The RFK engine against a Polars and a DuckDB implementation of the same report, in one run on the same frames.

`python -m bench.engines` (and `make bench`) builds the synthetic pemda of each size in `BENCH_SIZES` (default
`S`; `S,L` for the province-scale figures) with `generate_synthetic`, loads its RFK frames once, and times:

- the frames loaded from PostgreSQL (the product's `reporting.frames.rfk_frames`),
- the pandas engine (`rfk_leaves` + `rfk_tree`: the product code),
- Polars and DuckDB computing the same numeric tree (OPD → urusan → bidang → program → kegiatan → sub kegiatan:
  pagu, anggaran kas s.d. bulan, realisasi s.d. bulan, nilai fisik; int64 sen throughout),

checks that the three give the same numbers at every node, and prints `name: value unit` lines with the ratios
and the process's peak memory. Polars and DuckDB are benchmark dependencies (the `bench` extra), not the product's.
"""

import os
import resource
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "pagu_bench")

import django

django.setup()

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from reporting import calculations as calc  # noqa: E402

BULAN = 10  # the synthetic year stands at the end of October
LEVELS = calc.LEVELS[:6]  # opd … sub kegiatan
KEYS = [calc.key(level) for level in LEVELS]
MEASURES = ["pagu", "anggaran_kas", "realisasi", "nilai_fisik"]
RUNS = int(os.environ.get("BENCH_ENGINE_RUNS", "7"))
TARGETS = {"frames_l_s": 3.0, "engine_l_s": 1.0, "peak_l_gib": 2.0}


def line(name: str, value: float, unit: str, digits: int = 3) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def best(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, object]:
    """The fastest of `runs` timed calls (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def pandas_engine(lines: pd.DataFrame, fisik: pd.DataFrame) -> pd.DataFrame:
    leaves = calc.rfk_leaves(lines, fisik, bulan=BULAN, grain=KEYS)
    return calc.rfk_tree(leaves, levels=LEVELS)


def _inputs(lines: pd.DataFrame, fisik: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The columns the numeric report needs, as plain int columns (what Polars and DuckDB are given)."""
    money = ["pagu", *calc.AK_COLUMNS[:BULAN], *calc.REAL_COLUMNS[:BULAN]]
    return lines[[*KEYS, *money]].copy(), fisik[["k_opd", "k_sub_kegiatan", "fisik_bp"]].copy()


def polars_engine(lines: pl.DataFrame, fisik: pl.DataFrame) -> pl.DataFrame:
    ak = pl.sum_horizontal(list(calc.AK_COLUMNS[:BULAN])).alias("anggaran_kas")
    real = pl.sum_horizontal(list(calc.REAL_COLUMNS[:BULAN])).alias("realisasi")
    leaves = (
        lines.lazy()
        .select([*KEYS, "pagu", ak, real])
        .group_by(KEYS)
        .agg(pl.col("pagu").sum(), pl.col("anggaran_kas").sum(), pl.col("realisasi").sum())
        .join(fisik.lazy(), on=["k_opd", "k_sub_kegiatan"], how="left")
        .with_columns(pl.col("fisik_bp").fill_null(0))
        .with_columns(  # pagu × bp / 10,000 half up, as `calc.scale_bp`
            (
                (pl.col("pagu") // 10_000) * pl.col("fisik_bp")
                + ((pl.col("pagu") % 10_000) * pl.col("fisik_bp") + 5_000) // 10_000
            ).alias("nilai_fisik")
        )
        .collect()
    )
    parts = []
    for depth in range(len(LEVELS)):
        keys = KEYS[: depth + 1]
        part = leaves.group_by(keys).agg(*(pl.col(m).sum() for m in MEASURES))
        parts.append(part.with_columns(*(pl.lit(calc.NO_NODE, pl.Int32).alias(k) for k in KEYS[depth + 1 :]),
                                       pl.lit(depth).alias("depth")))  # fmt: skip
    tree = pl.concat([part.select(["depth", *KEYS, *MEASURES]) for part in parts]).sort(KEYS)
    return tree.with_columns(
        (pl.col("realisasi") * 100.0 / pl.col("pagu")).alias("persen_realisasi"),
        (pl.col("anggaran_kas") * 100.0 / pl.col("pagu")).alias("persen_rak"),
    )


def duckdb_engine(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    ak = " + ".join(calc.AK_COLUMNS[:BULAN])
    real = " + ".join(calc.REAL_COLUMNS[:BULAN])
    keys = ", ".join(KEYS)
    grouping = ", ".join(f"({', '.join(KEYS[: d + 1])})" for d in range(len(LEVELS)))
    key_out = ", ".join(f"COALESCE({k}, {calc.NO_NODE}) AS {k}" for k in KEYS)
    return con.execute(
        f"""
        WITH leaves AS (
            SELECT {keys}, SUM(pagu) AS pagu, SUM({ak}) AS anggaran_kas, SUM({real}) AS realisasi
              FROM lines GROUP BY {keys}
        ), weighted AS (
            SELECT l.*, (l.pagu // 10000) * COALESCE(f.fisik_bp, 0)
                        + ((l.pagu % 10000) * COALESCE(f.fisik_bp, 0) + 5000) // 10000 AS nilai_fisik
              FROM leaves l LEFT JOIN fisik f USING (k_opd, k_sub_kegiatan)
        )
        SELECT {len(LEVELS) - 1} - (GROUPING({keys})::INT).bit_count() AS depth, {key_out},
               SUM(pagu)::BIGINT AS pagu, SUM(anggaran_kas)::BIGINT AS anggaran_kas,
               SUM(realisasi)::BIGINT AS realisasi, SUM(nilai_fisik)::BIGINT AS nilai_fisik,
               SUM(realisasi) * 100.0 / NULLIF(SUM(pagu), 0) AS persen_realisasi,
               SUM(anggaran_kas) * 100.0 / NULLIF(SUM(pagu), 0) AS persen_rak
          FROM weighted GROUP BY GROUPING SETS ({grouping})
         ORDER BY {keys}
        """
    ).df()


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """depth, keys and the exact measures, in one order: what the three engines must agree on."""
    out = frame[["depth", *KEYS, *MEASURES]].astype(np.int64)
    return out.sort_values(["depth", *KEYS], ignore_index=True)


def bench_size(size: str) -> None:
    from demo.synthetic import LEADER, SIZES
    from organisation.models import User
    from reporting import frames, selectors

    started = time.perf_counter()
    call_command("generate_synthetic", size=size, stdout=open(os.devnull, "w"))  # noqa: SIM115
    line(f"synthetic {size} ready", time.perf_counter() - started, "s", 1)
    user = User.objects.get(username=LEADER.format(kode=SIZES[size].kode))
    scope = selectors.report_scope(
        user=user, tahun=None, bulan=BULAN, triwulan=None, tahap=None, perangkat_daerah=None, level="opd"
    ).frames_scope
    load, loaded = best(lambda: frames.rfk_frames(scope, bulan=BULAN), runs=3)
    lines, fisik = loaded.lines, loaded.fisik
    line(f"rfk {size} frames load ({len(lines):,} lines)", load, "s")
    engine, tree = best(lambda: pandas_engine(lines, fisik))
    plain_lines, plain_fisik = _inputs(lines, fisik)
    pl_lines, pl_fisik = pl.from_pandas(plain_lines), pl.from_pandas(plain_fisik)
    polars_time, polars_tree = best(lambda: polars_engine(pl_lines, pl_fisik))
    con = duckdb.connect()
    con.register("lines", plain_lines)
    con.register("fisik", plain_fisik)
    duck_time, duck_tree = best(lambda: duckdb_engine(con))
    line(f"rfk {size} pandas engine (frames loaded)", engine, "s")
    line(f"rfk {size} polars", polars_time, "s")
    line(f"rfk {size} duckdb", duck_time, "s")
    line(f"rfk {size} pandas / polars", engine / polars_time, "ratio", 2)
    line(f"rfk {size} pandas / duckdb", engine / duck_time, "ratio", 2)
    expected = _numbers(tree)
    same_polars = expected.equals(
        _numbers(pd.DataFrame({c: polars_tree[c].to_numpy() for c in polars_tree.columns}))
    )
    same_duck = expected.equals(_numbers(duck_tree))
    line(
        f"rfk {size} nodes ({len(expected):,}) equal in polars and duckdb",
        float(same_polars and same_duck),
        "bool",
        0,
    )
    if not (same_polars and same_duck):
        raise SystemExit(f"rfk {size}: the engines disagree (polars {same_polars}, duckdb {same_duck})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB → GiB
    line(f"rfk {size} peak memory of the process", peak, "GiB", 2)
    if size == "L":
        line("rfk L frames load / 3 s target", load / TARGETS["frames_l_s"], "ratio", 2)
        line("rfk L engine / 1 s target", engine / TARGETS["engine_l_s"], "ratio", 2)
        line("rfk L peak memory / 2 GiB target", peak / TARGETS["peak_l_gib"], "ratio", 2)


def main() -> None:
    from config.database import ensure_database

    ensure_database()
    call_command("migrate", verbosity=0)
    for size in os.environ.get("BENCH_SIZES", "S").split(","):
        bench_size(size.strip().upper())


if __name__ == "__main__":
    main()
