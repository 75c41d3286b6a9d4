"""Database → DataFrames: the only module that touches both Django and pandas.

Each frame is one SQL query streamed with `COPY (SELECT …) TO STDOUT` and parsed by pandas' C reader straight
into typed columns (measured against a server-side cursor by `bench.reports`: see `read_frame`). Money leaves
PostgreSQL as int64 sen (`(jumlah * 100)::bigint`, exact); codes arrive as categoricals and are turned into dense
integer keys once (`calculations.hierarchy_keys`).
"""

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db import connection

from budgeting.models import (
    Anggaran,
    AnggaranKas,
    BudgetLine,
    RealisasiBulanan,
    RealisasiFisik,
    RealisasiIndikator,
    StandarHarga,
)
from organisation.models import PerangkatDaerah
from planning.models import (
    Indikator,
    IndikatorTarget,
    PaguTahunan,
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
    Rpjmd,
    Sasaran,
)
from reference.models import Akun, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana
from reporting import calculations as calc

LINE = BudgetLine._meta.db_table
STAGE = Anggaran._meta.db_table
KAS = AnggaranKas._meta.db_table
BULANAN = RealisasiBulanan._meta.db_table
FISIK = RealisasiFisik._meta.db_table
OPD = PerangkatDaerah._meta.db_table
AKUN = Akun._meta.db_table
DANA = SumberDana._meta.db_table
NOMEN = Nomenklatur._meta.db_table
VERSION = ReferenceVersion._meta.db_table
INDIKATOR = Indikator._meta.db_table
TARGET = IndikatorTarget._meta.db_table
STANDAR = StandarHarga._meta.db_table


def _read_copy(sql: str, params: Sequence[object], dtypes: dict[str, object]) -> pd.DataFrame:
    with connection.cursor() as cursor:
        buffer = io.BytesIO()
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT CSV, HEADER)", params) as copy:
            for chunk in copy:
                buffer.write(chunk)
    buffer.seek(0)
    # an empty field is NULL only in the numeric columns that may hold one; text keeps its empty string
    nullable = {name: [""] for name, dtype in dtypes.items() if dtype in (np.float64, "Int64")}
    return pd.read_csv(buffer, dtype=dtypes, keep_default_na=False, na_values=nullable, engine="c")  # type: ignore[arg-type]


def _read_cursor(sql: str, params: Sequence[object], dtypes: dict[str, object]) -> pd.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    frame = pd.DataFrame(
        {name: np.asarray(values, dtype=object) for name, values in zip(names, columns, strict=True)}
    )
    return frame.astype(dtypes)  # type: ignore[arg-type]


READERS = {"copy": _read_copy, "cursor": _read_cursor}
# COPY CSV into pandas' C parser was the faster of the two on the demo (see the report's figures).
READER = "copy"


def read_frame(
    sql: str, params: Sequence[object], dtypes: dict[str, object], reader: str | None = None
) -> pd.DataFrame:
    """One query → one DataFrame with the given dtypes (every selected column must be listed)."""
    return READERS[reader or READER](sql, params, dtypes)


# ---------------------------------------------------------------- stage and scope


@dataclass(frozen=True)
class Scope:
    """What a report reads: a pemda's year, an execution stage and optionally one OPD (with its sub units)."""

    pemda_id: int
    tahun: int
    anggaran_id: int
    opd_id: int | None = None
    rka_id: int | None = None
    sumber_dana: str | None = None  # a sumber dana code: the lines funded by it or by a code under it


def _opd_filter(alias: str, opd_id: int | None) -> tuple[str, list[object]]:
    if opd_id is None:
        return "", []
    return f" AND ({alias}.id = %s OR {alias}.induk_id = %s)", [opd_id, opd_id]


def _lines_filter(scope: Scope, *, opd: str = "pd", line: str = "l") -> tuple[str, list[object]]:
    """The WHERE conditions on budget lines `line` of an OPD `opd` for the scope's OPD and sumber dana."""
    sql, params = _opd_filter(opd, scope.opd_id)
    if scope.sumber_dana:
        sql += f" AND {line}.sumber_dana_id IN (SELECT id FROM {DANA} WHERE kode = %s OR kode LIKE %s)"
        params += [scope.sumber_dana, scope.sumber_dana + ".%"]
    return sql, params


# ---------------------------------------------------------------- RFK


def _money(expression: str) -> str:
    return f"COALESCE(({expression}) * 100, 0)::bigint"


RFK_DTYPES: dict[str, object] = {
    "line_id": np.int64,
    "opd_id": np.int64,
    "sub_kegiatan_kode": "category",
    "akun_kode": "category",
    "sumber_dana": "category",
    "pagu": np.int64,
    "pagu_rka": np.int64,
    **{name: np.int64 for name in calc.AK_COLUMNS},
    **{name: np.int64 for name in calc.REAL_COLUMNS},
}


def rfk_lines_sql(scope: Scope) -> tuple[str, list[object]]:
    """Belanja lines of the stage with their RKA amount, twelve RAK months and twelve realization months.

    Realization is summed by `kunci` over every stage of the year: an entry hangs on the line of the stage it
    was posted on, and a line keeps its `kunci` from DPA to DPPA. The stage's own totals are read by line, the
    earlier stages' through `kunci` (the unique index on stage × kunci), so a DPA pays for no join by uuid.
    """
    opd_sql, opd_params = _lines_filter(scope)
    ak = ", ".join(f"{_money(f'k.bulan_{m}')} AS ak_{m}" for m in calc.MONTHS)
    real = ", ".join(f"{_money(f'r.real_{m}')} AS real_{m}" for m in calc.MONTHS)
    real_pivot = ", ".join(f"SUM(t.jumlah) FILTER (WHERE t.bulan = {m}) AS real_{m}" for m in calc.MONTHS)
    sql = f"""
    WITH l AS (
        SELECT l.id, l.kunci, COALESCE(pd.induk_id, pd.id) AS opd_id, l.sub_kegiatan_kode, ak.kode AS akun_kode,
               COALESCE(sd.nama, '') AS sumber_dana, l.jumlah
          FROM {LINE} l
          JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
          JOIN {AKUN} ak ON ak.id = l.akun_id
          LEFT JOIN {DANA} sd ON sd.id = l.sumber_dana_id
         WHERE l.anggaran_id = %s AND l.jenis = 'belanja'{opd_sql}
    ), r AS MATERIALIZED (
        SELECT t.line_id, {real_pivot}
          FROM (SELECT rb.budget_line_id AS line_id, rb.bulan, rb.jumlah FROM {BULANAN} rb WHERE rb.anggaran_id = %s
                UNION ALL
                SELECT now.id, rb.bulan, rb.jumlah
                  FROM {BULANAN} rb
                  JOIN {STAGE} a ON a.id = rb.anggaran_id
                  JOIN {LINE} x ON x.id = rb.budget_line_id
                  JOIN {LINE} now ON now.anggaran_id = %s AND now.kunci = x.kunci
                 WHERE a.pemda_id = %s AND a.tahun = %s AND a.id <> %s) t
         GROUP BY t.line_id
    ), rka AS MATERIALIZED (
        SELECT kunci, jumlah FROM {LINE} WHERE anggaran_id = %s
    )
    SELECT l.id AS line_id, l.opd_id, l.sub_kegiatan_kode, l.akun_kode, l.sumber_dana,
           {_money("l.jumlah")} AS pagu, {_money("rka.jumlah")} AS pagu_rka, {ak}, {real}
      FROM l
      LEFT JOIN {KAS} k ON k.budget_line_id = l.id
      LEFT JOIN r ON r.line_id = l.id
      LEFT JOIN rka ON rka.kunci = l.kunci
     ORDER BY l.id
    """
    stage = scope.anggaran_id
    return sql, [stage, *opd_params, stage, stage, scope.pemda_id, scope.tahun, stage, scope.rka_id or 0]


def rfk_lines(scope: Scope, reader: str | None = None) -> pd.DataFrame:
    sql, params = rfk_lines_sql(scope)
    return read_frame(sql, params, RFK_DTYPES, reader)


def fisik_frame(scope: Scope, *, bulan: int) -> pd.DataFrame:
    """The latest physical progress reported up to month `bulan` per OPD × sub kegiatan (basis points), with the
    month it was reported in and its problems and follow-up."""
    opd_sql, opd_params = _opd_filter("pd", scope.opd_id)
    sql = f"""
    SELECT DISTINCT ON (COALESCE(pd.induk_id, pd.id), f.sub_kegiatan_kode)
           COALESCE(pd.induk_id, pd.id) AS opd_id, f.sub_kegiatan_kode, f.bulan,
           ROUND(f.persen * 100)::bigint AS fisik_bp, f.permasalahan, f.tindak_lanjut
      FROM {FISIK} f JOIN {OPD} pd ON pd.id = f.perangkat_daerah_id
     WHERE f.pemda_id = %s AND f.tahun = %s AND f.bulan <= %s{opd_sql}
     ORDER BY COALESCE(pd.induk_id, pd.id), f.sub_kegiatan_kode, f.bulan DESC
    """
    dtypes = {
        "opd_id": np.int64,
        "sub_kegiatan_kode": str,
        "bulan": np.int64,
        "fisik_bp": np.int64,
        "permasalahan": str,
        "tindak_lanjut": str,
    }
    return read_frame(sql, [scope.pemda_id, scope.tahun, bulan, *opd_params], dtypes)


def opd_frame(pemda_id: int) -> pd.DataFrame:
    sql = f"""
    SELECT id AS opd_id, kode, nama, singkatan FROM {OPD} WHERE pemda_id = %s AND induk_id IS NULL ORDER BY kode
    """
    return read_frame(sql, [pemda_id], {"opd_id": np.int64, "kode": str, "nama": str, "singkatan": str})


def _names_sql(table: str, kind: str) -> str:
    # the version in force for the year first, then the newest: names of codes from any version as a fallback
    return f"""
    SELECT DISTINCT ON (n.kode) n.kode, n.nama
      FROM {table} n JOIN {VERSION} v ON v.id = n.version_id
     WHERE v.kind = '{kind}' AND (v.pemda_level = %s OR v.pemda_level = '')
     ORDER BY n.kode, (%s BETWEEN v.tahun_mulai AND v.tahun_selesai) DESC, v.tahun_mulai DESC
    """


def nomenklatur_names(*, pemda_level: str, tahun: int, codes: Sequence[str]) -> dict[str, str]:
    """Names of nomenclature codes; an instantiated program penunjang (`1.03.01…`) falls back to `X.XX.01…`."""
    frame = read_frame(
        _names_sql(NOMEN, ReferenceKind.NOMENKLATUR), [pemda_level, tahun], {"kode": str, "nama": str}
    )
    names = dict(zip(frame["kode"], frame["nama"], strict=True))
    out = {}
    for kode in codes:
        generic = "X.XX." + kode.split(".", 2)[2] if kode.count(".") >= 2 else kode
        out[kode] = names.get(kode) or names.get(generic, "")
    return out


def akun_names(*, tahun: int) -> dict[str, str]:
    frame = read_frame(_names_sql(AKUN, ReferenceKind.AKUN), ["", tahun], {"kode": str, "nama": str})
    return dict(zip(frame["kode"], frame["nama"], strict=True))


@dataclass
class RfkFrames:
    """The frames of an RFK, keyed: `lines` carries `k_opd`, `k_urusan` … `k_sub_kegiatan`, `k_akun`; `codes`
    maps each level to its codes by key; `fisik` carries `k_opd`, `k_sub_kegiatan` and the month `bulan` of the
    report; `opd` the top-level OPD (`opd_id`, `kode`, `nama`, `singkatan`) by key; `seconds` the load time."""

    lines: pd.DataFrame
    fisik: pd.DataFrame
    codes: dict[str, np.ndarray]
    opd: pd.DataFrame
    seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)


def rfk_frames(scope: Scope, *, bulan: int) -> RfkFrames:
    """Load the RFK frames of a scope and month and derive the hierarchy keys once."""
    started = time.perf_counter()
    lines = rfk_lines(scope)
    fisik = fisik_frame(scope, bulan=bulan)
    opd = opd_frame(scope.pemda_id)
    keys, codes = calc.hierarchy_keys(lines["sub_kegiatan_kode"])
    opd_keys = pd.Series(np.arange(len(opd), dtype=np.int32), index=opd["opd_id"])
    lines = pd.concat([lines, keys], axis=1)
    lines["k_opd"] = opd_keys.reindex(lines["opd_id"]).to_numpy(dtype=np.int32)
    lines["k_akun"], codes["akun"] = calc.dense_key(lines["akun_kode"].astype(str))
    codes["opd"] = opd["kode"].to_numpy(dtype=object)
    sub_index = pd.Series(np.arange(len(codes["sub_kegiatan"]), dtype=np.int32), index=codes["sub_kegiatan"])
    fisik = fisik[fisik["sub_kegiatan_kode"].isin(sub_index.index) & fisik["opd_id"].isin(opd_keys.index)]
    fisik = pd.DataFrame(
        {
            "k_opd": opd_keys.reindex(fisik["opd_id"]).to_numpy(dtype=np.int32),
            "k_sub_kegiatan": sub_index.reindex(fisik["sub_kegiatan_kode"]).to_numpy(dtype=np.int32),
            "bulan": fisik["bulan"].to_numpy(dtype=np.int64),
            "fisik_bp": fisik["fisik_bp"].to_numpy(dtype=np.int64),
            "permasalahan": fisik["permasalahan"].to_numpy(dtype=object),
            "tindak_lanjut": fisik["tindak_lanjut"].to_numpy(dtype=object),
        }
    )
    lines["sumber_dana"] = lines["sumber_dana"].astype(str)
    return RfkFrames(lines=lines, fisik=fisik, codes=codes, opd=opd, seconds=time.perf_counter() - started)


# ---------------------------------------------------------------- LRA


def lra_amounts(scope: Scope, *, bulan: int, previous: Scope | None) -> pd.DataFrame:
    """Anggaran of the stage and realization — belanja paid, pendapatan received, pembiayaan both ways — up to
    month `bulan` (this year) and for the whole previous year, per akun; 0 where nothing was realized, and
    `realisasi_lalu` NA when there is no previous year."""
    opd_sql, opd_params = _opd_filter("pd", scope.opd_id)
    realized = f"""
        SELECT ak.kode, SUM(rb.jumlah) AS jumlah
          FROM {BULANAN} rb
          JOIN {LINE} l ON l.id = rb.budget_line_id
          JOIN {STAGE} a ON a.id = l.anggaran_id
          JOIN {AKUN} ak ON ak.id = l.akun_id
          JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
         WHERE a.pemda_id = %s AND a.tahun = %s AND rb.bulan <= %s{opd_sql}
         GROUP BY ak.kode
    """
    sql = f"""
    WITH ang AS (
        SELECT ak.kode, SUM(l.jumlah) AS jumlah
          FROM {LINE} l JOIN {AKUN} ak ON ak.id = l.akun_id JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
         WHERE l.anggaran_id = %s{opd_sql}
         GROUP BY ak.kode
    ), now AS ({realized}), prev AS ({realized})
    SELECT COALESCE(ang.kode, now.kode, prev.kode) AS akun_kode,
           {_money("ang.jumlah")} AS anggaran,
           {_money("now.jumlah")} AS realisasi,
           CASE WHEN %s THEN {_money("prev.jumlah")} END AS realisasi_lalu
      FROM ang FULL JOIN now ON now.kode = ang.kode FULL JOIN prev ON prev.kode = COALESCE(ang.kode, now.kode)
    """
    previous_tahun = previous.tahun if previous else scope.tahun - 1
    params = [
        scope.anggaran_id, *opd_params,
        scope.pemda_id, scope.tahun, bulan, *opd_params,
        scope.pemda_id, previous_tahun, 12, *opd_params,
        previous is not None,
    ]  # fmt: skip
    dtypes = {"akun_kode": str, "anggaran": np.int64, "realisasi": "Int64", "realisasi_lalu": "Int64"}
    return read_frame(sql, params, dtypes)


# ---------------------------------------------------------------- capaian


def indikator_frame(*, pemda_id: int, tahun: int, opd_id: int | None) -> pd.DataFrame:
    """RPJMD tujuan / sasaran indicators and program outcome indicators (RPJMD and Renja programs) with the
    year's target and the four quarters' realization.

    The year's rule (`aturan`: sum / last) is the indicator's `aturan_tahunan`.
    """
    real = RealisasiIndikator._meta.db_table
    quarters = ", ".join(f"MAX(ri.realisasi) FILTER (WHERE ri.triwulan = {q}) AS tw_{q}" for q in range(1, 5))
    opd_sql = ""
    opd_params: list[object] = []
    if opd_id is not None:
        opd_sql = (
            " AND (i.renja_program_id IS NULL OR i.renja_program_id IN "
            f"(SELECT p.id FROM {RenjaProgram._meta.db_table} p "
            f"JOIN {Renja._meta.db_table} r ON r.id = p.renja_id JOIN {OPD} pd "
            "ON pd.id = r.perangkat_daerah_id WHERE pd.id = %s OR pd.induk_id = %s))"
        )
        opd_params = [opd_id, opd_id]
    sql = f"""
    SELECT i.id AS indikator_id,
           CASE WHEN i.tujuan_id IS NOT NULL THEN 'tujuan' WHEN i.sasaran_id IS NOT NULL THEN 'sasaran'
                ELSE 'program' END AS jenis,
           i.nama, i.satuan, i.polaritas, i.is_iku,
           i.aturan_tahunan AS aturan,
           i.baseline::float8 AS baseline, t.target::float8 AS target,
           {", ".join(f"q.tw_{q}::float8 AS tw_{q}" for q in range(1, 5))}
      FROM {INDIKATOR} i
      LEFT JOIN {TARGET} t ON t.indikator_id = i.id AND t.tahun = %s
      LEFT JOIN (SELECT ri.indikator_id, {quarters} FROM {real} ri WHERE ri.pemda_id = %s AND ri.tahun = %s
                  GROUP BY ri.indikator_id) q ON q.indikator_id = i.id
     WHERE i.pemda_id = %s
       AND (i.tujuan_id IS NOT NULL OR i.sasaran_id IS NOT NULL OR i.program_rpjmd_id IS NOT NULL
            OR i.renja_program_id IS NOT NULL){opd_sql}
     ORDER BY 2 DESC, i.id
    """
    dtypes = {
        "indikator_id": np.int64, "jenis": str, "nama": str, "satuan": str, "polaritas": str, "is_iku": str,
        "aturan": str, "baseline": np.float64, "target": np.float64,
        **{f"tw_{q}": np.float64 for q in range(1, 5)},
    }  # fmt: skip
    frame = read_frame(sql, [tahun, pemda_id, tahun, pemda_id, *opd_params], dtypes)
    frame["is_iku"] = frame["is_iku"].isin(["t", "true", "True"])
    return frame


# ---------------------------------------------------------------- anomalies


def anomaly_lines(scope: Scope, *, sebelum_id: int | None) -> pd.DataFrame:
    """The stage's belanja lines with what the anomaly rules read (`reporting.anomalies` names the columns): the
    product of the volumes, the prices in sen, the standard's price and whether it is a ceiling, and `baru` —
    the line (its `kunci`) is not in the stage `sebelum_id` it was copied from (False without one)."""
    opd_sql, opd_params = _opd_filter("pd", scope.opd_id)
    sql = f"""
    SELECT l.id AS line_id, COALESCE(pd.induk_id, pd.id) AS opd_id, l.sub_kegiatan_kode, ak.kode AS akun_kode,
           l.komponen, l.satuan_1 AS satuan,
           (l.volume_1 * COALESCE(l.volume_2, 1) * COALESCE(l.volume_3, 1) * COALESCE(l.volume_4, 1))::float8
               AS volume,
           {_money("l.harga_satuan")} AS harga, {_money("l.jumlah")} AS jumlah,
           COALESCE(l.standar_harga_id, 0) AS standar_harga_id, {_money("sh.harga")} AS harga_standar,
           COALESCE(sh.is_ceiling, false) AS is_ceiling,
           %s::bigint IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM {LINE} p WHERE p.anggaran_id = %s AND p.kunci = l.kunci) AS baru
      FROM {LINE} l
      JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
      JOIN {AKUN} ak ON ak.id = l.akun_id
      LEFT JOIN {STANDAR} sh ON sh.id = l.standar_harga_id
     WHERE l.anggaran_id = %s AND l.jenis = 'belanja'{opd_sql}
    """
    dtypes: dict[str, object] = {
        "line_id": np.int64, "opd_id": np.int64, "sub_kegiatan_kode": str, "akun_kode": str, "komponen": str,
        "satuan": str, "volume": np.float64, "harga": np.int64, "jumlah": np.int64, "standar_harga_id": np.int64,
        "harga_standar": np.int64, "is_ceiling": str, "baru": str,
    }  # fmt: skip
    frame = read_frame(sql, [sebelum_id, sebelum_id or 0, scope.anggaran_id, *opd_params], dtypes)
    for flag in ("is_ceiling", "baru"):
        frame[flag] = frame[flag].isin(["t", "true", "True"])
    for text in ("komponen", "satuan", "sub_kegiatan_kode", "akun_kode"):
        frame[text] = frame[text].fillna("").astype(str)
    return frame


# ---------------------------------------------------------------- evaluasi hasil RKPD

RENJA = Renja._meta.db_table
RENJA_LEVELS = (
    ("program", RenjaProgram._meta.db_table, "renja_program_id"),
    ("kegiatan", RenjaKegiatan._meta.db_table, "renja_kegiatan_id"),
    ("sub_kegiatan", RenjaSubKegiatan._meta.db_table, "renja_sub_kegiatan_id"),
)


def _renja_sql(opd_id: int | None) -> tuple[str, list[object]]:
    """The current Renja of the pemda's years `tahun_awal`…`tahun` (params: pemda, from, to), with the OPD it
    reports under (a sub unit under its parent)."""
    opd_sql, opd_params = _opd_filter("pd", opd_id)
    sql = f"""
        SELECT r.id, r.tahun, COALESCE(pd.induk_id, pd.id) AS opd_id
          FROM {RENJA} r JOIN {OPD} pd ON pd.id = r.perangkat_daerah_id
         WHERE r.pemda_id = %s AND r.tahun BETWEEN %s AND %s AND r.is_current{opd_sql}
    """
    return sql, opd_params


def evaluasi_nodes(*, pemda_id: int, tahun: int, opd_id: int | None) -> pd.DataFrame:
    """The rows of the form: every program, kegiatan and sub kegiatan of the year's current Renja, with its
    nomenclature name, the RPJMD sasaran its program serves, and the sub kegiatan's pagu indikatif (int64 sen;
    0 above the sub kegiatan)."""
    renja, opd_params = _renja_sql(opd_id)
    sasaran = Sasaran._meta.db_table
    sql = f"""
    WITH r AS ({renja})
    SELECT 'program' AS level, x.id AS node_id, r.opd_id, x.kode, n.nama AS uraian,
           COALESCE(s.uraian, '') AS sasaran, 0::bigint AS pagu_indikatif
      FROM {RenjaProgram._meta.db_table} x JOIN r ON r.id = x.renja_id JOIN {NOMEN} n ON n.id = x.nomenklatur_id
      LEFT JOIN {sasaran} s ON s.id = x.sasaran_id
    UNION ALL
    SELECT 'kegiatan', x.id, r.opd_id, x.kode, n.nama, '', 0::bigint
      FROM {RenjaKegiatan._meta.db_table} x JOIN r ON r.id = x.renja_id JOIN {NOMEN} n ON n.id = x.nomenklatur_id
    UNION ALL
    SELECT 'sub_kegiatan', x.id, r.opd_id, x.kode, n.nama, '', {_money("x.pagu_indikatif")}
      FROM {RenjaSubKegiatan._meta.db_table} x JOIN r ON r.id = x.renja_id
      JOIN {NOMEN} n ON n.id = x.nomenklatur_id
    """
    dtypes: dict[str, object] = {
        "level": str, "node_id": np.int64, "opd_id": np.int64, "kode": str, "uraian": str, "sasaran": str,
        "pagu_indikatif": np.int64,
    }  # fmt: skip
    return read_frame(sql, [pemda_id, tahun, tahun, *opd_params], dtypes)


def evaluasi_indikator(*, pemda_id: int, tahun_awal: int, tahun: int, opd_id: int | None) -> pd.DataFrame:
    """The indicators of the current Renja programs, kegiatan and sub kegiatan of the years `tahun_awal`…`tahun`:
    owner (`level`, `node_id`, `kode`, `opd_id`, `tahun`), name, satuan, polarity, the year's rule, the year's
    target and the four quarters' realization (float, NaN where none)."""
    renja, opd_params = _renja_sql(opd_id)
    real = RealisasiIndikator._meta.db_table
    owners = " UNION ALL ".join(
        f"""SELECT '{level}' AS level, x.id AS node_id, x.kode, r.opd_id, r.tahun, i.id AS indikator_id
              FROM {INDIKATOR} i JOIN {table} x ON x.id = i.{column} JOIN r ON r.id = x.renja_id"""
        for level, table, column in RENJA_LEVELS
    )
    quarters = ", ".join(f"MAX(ri.realisasi) FILTER (WHERE ri.triwulan = {q}) AS tw_{q}" for q in range(1, 5))
    sql = f"""
    WITH r AS ({renja}), o AS ({owners})
    SELECT o.level, o.node_id, o.kode, o.opd_id, o.tahun, i.id AS indikator_id, i.nama, i.satuan, i.polaritas,
           i.aturan_tahunan AS aturan, t.target::float8 AS target,
           {", ".join(f"q.tw_{q}::float8 AS tw_{q}" for q in range(1, 5))}
      FROM o JOIN {INDIKATOR} i ON i.id = o.indikator_id
      LEFT JOIN {TARGET} t ON t.indikator_id = i.id AND t.tahun = o.tahun
      LEFT JOIN (SELECT ri.indikator_id, ri.tahun, {quarters} FROM {real} ri
                  WHERE ri.pemda_id = %s AND ri.tahun BETWEEN %s AND %s
                  GROUP BY ri.indikator_id, ri.tahun) q ON q.indikator_id = i.id AND q.tahun = o.tahun
     ORDER BY o.tahun, i.id
    """
    dtypes: dict[str, object] = {
        "level": str, "node_id": np.int64, "kode": str, "opd_id": np.int64, "tahun": np.int64,
        "indikator_id": np.int64, "nama": str, "satuan": str, "polaritas": str, "aturan": str,
        "target": np.float64, **{f"tw_{q}": np.float64 for q in range(1, 5)},
    }  # fmt: skip
    params = [pemda_id, tahun_awal, tahun, *opd_params, pemda_id, tahun_awal, tahun]
    return read_frame(sql, params, dtypes)


def evaluasi_rencana(*, pemda_id: int, tahun: int, opd_id: int | None) -> pd.DataFrame:
    """The period plan rows of the year: programs, kegiatan and sub kegiatan of the OPDs' current Renstra and the
    programs of the current RPJMD covering `tahun`, each with its pagu indikatif summed over its document's
    period (`pagu`, Int64 sen, NA where no year has one) and its indicators (`indikator_id` NA for a row without
    any; `nama`, float `target_akhir`) and, on a program, the uraian of the sasaran it serves (`sasaran`: the
    Renstra sasaran, the RPJMD sasaran for an RPJMD program; '' below). `sumber` is "renstra" or "rpjmd"."""
    opd_sql, opd_params = _opd_filter("pd", opd_id)
    pagu = PaguTahunan._meta.db_table
    renstra = Renstra._meta.db_table
    rpjmd = Rpjmd._meta.db_table

    def row(sumber: str, level: str, table: str, owner: str, document: str) -> str:
        sasaran, join = "''", ""
        if level == "program":
            sasaran = "COALESCE(s.uraian, '')"
            join = f"LEFT JOIN {RenstraSasaran._meta.db_table} s ON s.id = x.sasaran_id"
        return f"""
        SELECT '{sumber}' AS sumber, '{level}' AS level, x.id AS plan_id, x.kode, d.opd_id,
               (SELECT SUM(pt.pagu) FROM {pagu} pt
                 WHERE pt.{owner}_id = x.id AND pt.tahun BETWEEN d.tahun_awal AND d.tahun_akhir) AS pagu,
               i.id AS indikator_id, COALESCE(i.nama, '') AS nama, i.target_akhir, {sasaran} AS sasaran
          FROM {table} x JOIN {document} d ON d.id = x.{document}_id {join}
          LEFT JOIN {INDIKATOR} i ON i.{owner}_id = x.id"""

    sql = f"""
    WITH renstra AS (
        SELECT d.id, d.tahun_awal, d.tahun_akhir, COALESCE(pd.induk_id, pd.id) AS opd_id
          FROM {renstra} d JOIN {OPD} pd ON pd.id = d.perangkat_daerah_id
         WHERE d.pemda_id = %s AND d.is_current AND d.tahun_awal <= %s AND d.tahun_akhir >= %s{opd_sql}
    ), rpjmd AS (
        SELECT d.id, d.tahun_awal, d.tahun_akhir FROM {rpjmd} d
         WHERE d.pemda_id = %s AND d.is_current AND d.tahun_awal <= %s AND d.tahun_akhir >= %s
    ), program_rpjmd AS (
        SELECT x.id, x.kode, x.rpjmd_id, x.sasaran_id, COALESCE(pd.induk_id, pd.id) AS opd_id
          FROM {ProgramRpjmd._meta.db_table} x JOIN {OPD} pd ON pd.id = x.perangkat_daerah_id
         WHERE x.rpjmd_id IN (SELECT id FROM rpjmd){opd_sql}
    ), rows AS (
        {row("renstra", "program", RenstraProgram._meta.db_table, "renstra_program", "renstra")}
        UNION ALL
        {row("renstra", "kegiatan", RenstraKegiatan._meta.db_table, "renstra_kegiatan", "renstra")}
        UNION ALL
        {row("renstra", "sub_kegiatan", RenstraSubKegiatan._meta.db_table, "renstra_sub_kegiatan", "renstra")}
        UNION ALL
        SELECT 'rpjmd', 'program', x.id, x.kode, x.opd_id,
               (SELECT SUM(pt.pagu) FROM {pagu} pt
                 WHERE pt.program_rpjmd_id = x.id AND pt.tahun BETWEEN d.tahun_awal AND d.tahun_akhir),
               i.id, COALESCE(i.nama, ''), i.target_akhir, COALESCE(s.uraian, '')
          FROM program_rpjmd x JOIN rpjmd d ON d.id = x.rpjmd_id
          LEFT JOIN {Sasaran._meta.db_table} s ON s.id = x.sasaran_id
          LEFT JOIN {INDIKATOR} i ON i.program_rpjmd_id = x.id
    )
    SELECT sumber, level, plan_id, kode, opd_id,
           CASE WHEN pagu IS NOT NULL THEN (pagu * 100)::bigint END AS pagu,
           indikator_id, nama, target_akhir::float8 AS target_akhir, sasaran
      FROM rows ORDER BY sumber DESC, level, kode, plan_id, indikator_id
    """
    dtypes: dict[str, object] = {
        "sumber": str, "level": str, "plan_id": np.int64, "kode": str, "opd_id": np.int64, "pagu": "Int64",
        "indikator_id": "Int64", "nama": str, "target_akhir": np.float64, "sasaran": str,
    }  # fmt: skip
    params = [
        pemda_id, tahun, tahun, *opd_params, pemda_id, tahun, tahun, *opd_params,
    ]  # fmt: skip
    return read_frame(sql, params, dtypes)


def evaluasi_realisasi(*, pemda_id: int, tahun_awal: int, tahun: int, opd_id: int | None) -> pd.DataFrame:
    """Belanja realized per OPD × sub kegiatan × year × triwulan over the years `tahun_awal`…`tahun`, from the
    monthly totals of every stage of each year (int64 sen)."""
    opd_sql, opd_params = _opd_filter("pd", opd_id)
    sql = f"""
    SELECT COALESCE(pd.induk_id, pd.id) AS opd_id, l.sub_kegiatan_kode, a.tahun, (rb.bulan + 2) / 3 AS triwulan,
           {_money("SUM(rb.jumlah)")} AS jumlah
      FROM {BULANAN} rb
      JOIN {LINE} l ON l.id = rb.budget_line_id
      JOIN {STAGE} a ON a.id = rb.anggaran_id
      JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
     WHERE a.pemda_id = %s AND a.tahun BETWEEN %s AND %s AND l.jenis = 'belanja'{opd_sql}
     GROUP BY 1, 2, 3, 4
    """
    dtypes: dict[str, object] = {
        "opd_id": np.int64, "sub_kegiatan_kode": str, "tahun": np.int64, "triwulan": np.int64,
        "jumlah": np.int64,
    }  # fmt: skip
    return read_frame(sql, [pemda_id, tahun_awal, tahun, *opd_params], dtypes)


def evaluasi_pagu(*, anggaran_id: int, opd_id: int | None) -> pd.DataFrame:
    """The belanja pagu of a stage per OPD × sub kegiatan (int64 sen)."""
    opd_sql, opd_params = _opd_filter("pd", opd_id)
    sql = f"""
    SELECT COALESCE(pd.induk_id, pd.id) AS opd_id, l.sub_kegiatan_kode, {_money("SUM(l.jumlah)")} AS pagu
      FROM {LINE} l JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
     WHERE l.anggaran_id = %s AND l.jenis = 'belanja'{opd_sql}
     GROUP BY 1, 2
    """
    return read_frame(
        sql, [anggaran_id, *opd_params], {"opd_id": np.int64, "sub_kegiatan_kode": str, "pagu": np.int64}
    )


# ---------------------------------------------------------------- rincian belanja and anggaran kas

RINCIAN_DTYPES: dict[str, object] = {
    "line_id": np.int64, "kunci": str, "unit_id": np.int64, "akun_kode": str, "kelompok": str,
    "keterangan": str, "komponen": str, "satuan_standar": str,
    **{f"volume_{n}": str for n in range(1, 5)}, **{f"satuan_{n}": str for n in range(1, 5)},
    "harga": np.int64, "ppn_bp": np.int64, "jumlah": np.int64, "sumber_dana": str, "has_kas": str,
    **{name: np.int64 for name in calc.AK_COLUMNS},
}  # fmt: skip


def rincian_lines(*, anggaran_id: int, opd_id: int, sub_kegiatan_kode: str) -> pd.DataFrame:
    """The belanja lines of one sub kegiatan of an OPD (with its sub units) in a stage, in akun and entry order.

    Columns: `line_id`, str `kunci`, `unit_id` (the line's perangkat daerah: the OPD or a sub unit), str
    `akun_kode`, `kelompok`, `keterangan`, `komponen`, `satuan_standar` (of the linked standar harga, "" without
    one), the factors as exact text `volume_1`…`volume_4` ("" where unused) and `satuan_1`…`satuan_4`, int64
    sen `harga` and `jumlah`, int64 basis points `ppn_bp`, str `sumber_dana`, bool `has_kas` (the line has an
    anggaran kas row) and int64 sen `ak_1`…`ak_12` (0 without one).
    """
    volumes = ", ".join(f"COALESCE(l.volume_{n}::text, '') AS volume_{n}" for n in range(1, 5))
    ak = ", ".join(f"{_money(f'k.bulan_{m}')} AS ak_{m}" for m in calc.MONTHS)
    sql = f"""
    SELECT l.id AS line_id, l.kunci::text AS kunci, l.perangkat_daerah_id AS unit_id, ak.kode AS akun_kode,
           l.kelompok, l.keterangan, l.komponen, COALESCE(sh.satuan, '') AS satuan_standar, {volumes},
           l.satuan_1, l.satuan_2, l.satuan_3, l.satuan_4,
           {_money("l.harga_satuan")} AS harga, ROUND(l.ppn * 100)::bigint AS ppn_bp, {_money("l.jumlah")} AS jumlah,
           COALESCE(sd.nama, '') AS sumber_dana, k.id IS NOT NULL AS has_kas, {ak}
      FROM {LINE} l
      JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
      JOIN {AKUN} ak ON ak.id = l.akun_id
      LEFT JOIN {STANDAR} sh ON sh.id = l.standar_harga_id
      LEFT JOIN {DANA} sd ON sd.id = l.sumber_dana_id
      LEFT JOIN {KAS} k ON k.budget_line_id = l.id
     WHERE l.anggaran_id = %s AND l.jenis = 'belanja' AND l.sub_kegiatan_kode = %s
       AND (pd.id = %s OR pd.induk_id = %s)
     ORDER BY ak.kode, l.id
    """
    frame = read_frame(sql, [anggaran_id, sub_kegiatan_kode, opd_id, opd_id], RINCIAN_DTYPES)
    frame["has_kas"] = frame["has_kas"].isin(["t", "true", "True"])
    return frame


def anggaran_kas_lines(scope: Scope) -> pd.DataFrame:
    """The belanja lines of an execution stage with their DPA amount and anggaran kas months.

    Columns: `line_id`, `opd_id` (the top-level OPD), categorical `sub_kegiatan_kode`, `akun_kode`, int64 sen
    `pagu` and `ak_1`…`ak_12` (0 for a line without an anggaran kas row).
    """
    opd_sql, opd_params = _lines_filter(scope)
    ak = ", ".join(f"{_money(f'k.bulan_{m}')} AS ak_{m}" for m in calc.MONTHS)
    sql = f"""
    SELECT l.id AS line_id, COALESCE(pd.induk_id, pd.id) AS opd_id, l.sub_kegiatan_kode, ak.kode AS akun_kode,
           {_money("l.jumlah")} AS pagu, {ak}
      FROM {LINE} l
      JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
      JOIN {AKUN} ak ON ak.id = l.akun_id
      LEFT JOIN {KAS} k ON k.budget_line_id = l.id
     WHERE l.anggaran_id = %s AND l.jenis = 'belanja'{opd_sql}
     ORDER BY l.id
    """
    dtypes: dict[str, object] = {
        "line_id": np.int64, "opd_id": np.int64, "sub_kegiatan_kode": "category", "akun_kode": "category",
        "pagu": np.int64, **{name: np.int64 for name in calc.AK_COLUMNS},
    }  # fmt: skip
    return read_frame(sql, [scope.anggaran_id, *opd_params], dtypes)


def stage_sub_kegiatan_jumlah(*, anggaran_id: int, opd_id: int, sub_kegiatan_kode: str) -> int:
    """Σ jumlah (int sen) of one sub kegiatan of an OPD (with its sub units) in a stage."""
    sql = f"""
    SELECT {_money("SUM(l.jumlah)")} AS jumlah
      FROM {LINE} l JOIN {OPD} pd ON pd.id = l.perangkat_daerah_id
     WHERE l.anggaran_id = %s AND l.jenis = 'belanja' AND l.sub_kegiatan_kode = %s
       AND (pd.id = %s OR pd.induk_id = %s)
    """
    frame = read_frame(sql, [anggaran_id, sub_kegiatan_kode, opd_id, opd_id], {"jumlah": np.int64})
    return int(frame["jumlah"].iat[0])
