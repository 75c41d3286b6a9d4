"""The SIPD rincian export as the importer (`budgeting.importers.sipd_import`) reads it: the column header and a
writer of rows to .csv or .xlsx. Tests and the benchmark build their files with it."""

import csv
from pathlib import Path

from config.exports import new_workbook

SIPD_HEADER = [
    "tahun", "kode_urusan", "nama_urusan", "kode_skpd", "nama_skpd", "kode_sub_unit", "nama_sub_unit",
    "kode_bidang_urusan", "nama_bidang_urusan", "kode_program", "nama_program", "kode_kegiatan", "nama_kegiatan",
    "kode_sub_kegiatan", "nama_sub_kegiatan", "kode_sumber_dana", "nama_sumber_dana", "kode_rekening",
    "nama_rekening", "kode_standar_harga", "nama_standar_harga", "pagu",
]  # fmt: skip


def write_sipd_file(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    """Write rows as .csv or .xlsx (by suffix) with the SIPD header."""
    header = header or SIPD_HEADER
    if path.suffix == ".xlsx":
        workbook, sheet = new_workbook("rincian", write_only=True)
        for row in [header, *rows]:  # as SIPD writes it: raw values (tests write bad ones on purpose)
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return path
