"""File imports for budgeting: a price-standard catalogue, the SIPD rincian export into a stage, the rincian
belanja sheet of one sub kegiatan, and realization.

Each takes .xlsx or .csv (read by `config.tabular.read_sheets`, bounded), matches header names loosely against its
one alias table, and is all or nothing: any bad row raises `config.tabular.ImportRejected` listing every bad row
(1-based spreadsheet row, column as written, reason) and nothing is written.
"""

from budgeting.importers.realisasi import REALISASI_COLUMNS, RealisasiImportResult, realisasi_import
from budgeting.importers.rincian import RINCIAN_COLUMNS, ImportMode, RincianImportResult, rincian_import
from budgeting.importers.sipd import COPY_COLUMNS, SIPD_COLUMNS, SipdImportResult, sipd_import, sipd_totals
from budgeting.importers.standar_harga import (
    STANDAR_HARGA_COLUMNS,
    StandarHargaImportResult,
    standar_harga_import,
)
from config.tabular import ImportRejected, RowError, parse_date, parse_money

__all__ = [
    "COPY_COLUMNS",
    "REALISASI_COLUMNS",
    "RINCIAN_COLUMNS",
    "SIPD_COLUMNS",
    "STANDAR_HARGA_COLUMNS",
    "ImportMode",
    "ImportRejected",
    "RealisasiImportResult",
    "RincianImportResult",
    "RowError",
    "SipdImportResult",
    "StandarHargaImportResult",
    "parse_date",
    "parse_money",
    "realisasi_import",
    "rincian_import",
    "sipd_import",
    "sipd_totals",
    "standar_harga_import",
]
