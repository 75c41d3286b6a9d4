"""Header names of the reference lists, and the layout a sheet's header row reveals (see the package docstring)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from config.tabular import Header, Sheet, find_header, rejected
from reference import codes
from reference.models import ReferenceKind

GENERIC_COLUMNS = {
    key: set(aliases.split())
    for key, aliases in {
        "kode": "kode kode_rekening kd code kd_rek kode_rek kd_rekening kode_akun kode_sumber_dana kode_nomenklatur",
        "nama": "nama uraian nomenklatur name uraian_akun nama_akun nomenklatur_urusan uraian_rekening "
        "nama_rekening uraian_sumber_dana nama_sumber_dana nama_nomenklatur",
        "level": "level tingkat lvl level_kode",
        "kinerja": "kinerja",
        "indikator": "indikator indikator_kinerja",
        "satuan": "satuan",
        "keterangan": "keterangan ket deskripsi description definisi definisi_operasional",
        "kode_lama": "kode_lama kode_sebelumnya subkegiatan_sebelumnya sub_kegiatan_sebelumnya "
        "kode_sub_kegiatan_lama kode_sub_kegiatan_sebelumnya kode_baru_dari",
        "jenis_pemda": "jenis_pemda level_pemda pemda_level tingkat_pemda jenis_pemerintah_daerah",
    }.items()
}
NOMENKLATUR_PART_NAMES = {
    1: {"urusan", "urusan_unsur"},
    2: {"bidang_urusan", "bidang", "bidang_unsur", "bidang_urusan_bidang_unsur"},
    3: {"program"},
    4: {"kegiatan"},
    5: {"sub_kegiatan", "subkegiatan", "sub_keg"},
}
ACCOUNT_PART_NAMES = {
    1: {"akun", "sumber_dana"},
    2: {"kelompok"},
    3: {"jenis"},
    4: {"objek"},
    5: {"rincian_objek", "rincian"},
    6: {"sub_rincian_objek", "sub_rincian"},
}
# Every header name, by field, for the import endpoint's description and the README: the generic columns, then
# the level columns of nomenclature (which also take `kode_`/`kd_` + level and `nama_`/`nm_`/`uraian_` + level in
# the flat export) and of akun / sumber dana.
HEADER_NAMES: dict[str, set[str]] = {
    **GENERIC_COLUMNS,
    **{codes.NOMENKLATUR_LEVEL_NAMES[level]: names for level, names in NOMENKLATUR_PART_NAMES.items()},
    **{codes.ACCOUNT_LEVEL_NAMES[level]: names for level, names in ACCOUNT_PART_NAMES.items()},
}
CODE_PREFIXES = ("kode_", "kd_", "kode")
NAME_PREFIXES = ("nama_", "nm_", "uraian_")
PROV_VALUES = {"prov", "provinsi", "propinsi", "pemprov"}
KABKOT_VALUES = {"kabkot", "kabkota", "kabupatenkota", "kab", "kota", "kabupaten", "pemkab", "pemkot"}


def _part_names(kind: str) -> dict[int, set[str]]:
    return NOMENKLATUR_PART_NAMES if kind == ReferenceKind.NOMENKLATUR else ACCOUNT_PART_NAMES


def _column_key(name: str, kind: str) -> str | tuple[str, int] | None:
    for key, aliases in GENERIC_COLUMNS.items():
        if name in aliases:
            return key
    for level, aliases in _part_names(kind).items():
        if name in aliases:
            return ("part", level)
        if kind != ReferenceKind.NOMENKLATUR:
            continue
        for prefix in CODE_PREFIXES:
            if name.startswith(prefix) and name.removeprefix(prefix) in aliases:
                return ("kode", level)
        for prefix in NAME_PREFIXES:
            if name.startswith(prefix) and name.removeprefix(prefix) in aliases:
                return ("nama", level)
    return None


@dataclass
class Table(Header):
    """The recognised part of a sheet: which columns hold what, and how the rows are laid out."""

    layout: str = ""  # "code", "split", "flat_separate", "flat_combined"

    def header(self, key: Any) -> str:
        return self.written(key)


def _detect_layout(columns: dict[Any, tuple[int, str]], kind: str) -> str | None:
    levels = _part_names(kind)
    parts = [level for level in levels if ("part", level) in columns]
    if "kode" in columns and "nama" in columns:
        return "code"
    if kind == ReferenceKind.NOMENKLATUR and any(("kode", level) in columns for level in levels):
        return "flat_separate"
    if parts and parts[0] == 1 and "nama" in columns:
        return "split"
    if kind == ReferenceKind.NOMENKLATUR and parts:
        return "flat_combined"
    return None


def find_table(sheets: Iterable[Sheet], kind: str) -> Table:
    found = find_header(
        sheets,
        lambda name: _column_key(name, kind),
        lambda columns: _detect_layout(columns, kind) is not None,
    )
    if found is not None:
        layout = _detect_layout(found.columns, kind) or ""
        return Table(row=found.row, columns=found.columns, rows=found.rows, layout=layout)
    expected = (
        "`kode` + `nama`/`uraian`, kolom urusan/bidang_urusan/program/kegiatan/sub_kegiatan, "
        "atau kode_<tingkat> + nama_<tingkat> (ekspor SIPD)"
        if kind == ReferenceKind.NOMENKLATUR
        else "`kode` + `nama`/`uraian`, atau kolom akun/kelompok/jenis/objek/rincian_objek/sub_rincian_objek + uraian"
    )
    raise rejected(f"Tata letak berkas tidak dikenali; kolom yang diharapkan: {expected}.")
