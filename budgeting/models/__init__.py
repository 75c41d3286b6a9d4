"""Budget documents per stage, their lines, ceilings, price standards and shifts (DESIGN.md sections 2, 5, 6).

A stage (`Anggaran`) is open or closed; a closed stage, or a closed OPD within an open one, is an immutable
snapshot. Services refuse writes to it, and statement-level triggers refuse them in the database too, so even a
bulk `.update()` cannot change a locked row. Money is Decimal(20, 2), never float.

One module per aggregate; every model is re-exported here.
"""

from budgeting.models.anggaran import TAHAP_ORDER, Anggaran, AnggaranOpdLock, AnggaranStatus, RenjaRule, Tahap
from budgeting.models.anggaran_kas import (
    EXECUTION_TAHAP,
    KAS_MONTH,
    KAS_MONTH_FIELDS,
    MONTH,
    MONTHS,
    AnggaranKas,
)
from budgeting.models.base import MONEY, PERCENT, VOLUME, YEAR, _locked_rows_guard, locked_stage_triggers
from budgeting.models.kinerja import LokasiSumber, RealisasiFisik, RealisasiFisikFoto, RealisasiIndikator
from budgeting.models.lines import JENIS_BY_AKUN_ROOT, BudgetLine, LineJenis
from budgeting.models.pergeseran import (
    Pergeseran,
    PergeseranItem,
    PergeseranJenis,
    PergeseranLingkup,
    PergeseranStatus,
)
from budgeting.models.plafon import Plafon, PlafonMode
from budgeting.models.realisasi import (
    PERIODE_LOCK_NAMESPACE,
    BatasDpaMode,
    Realisasi,
    RealisasiBulanan,
    RealisasiJenis,
    RealisasiPengaturan,
    RealisasiPeriode,
    closed_period_trigger,
    is_receipt,
    jenis_error,
)
from budgeting.models.standar_harga import CEILING_JENIS, StandarHarga, StandarHargaJenis

__all__ = [
    "CEILING_JENIS",
    "EXECUTION_TAHAP",
    "JENIS_BY_AKUN_ROOT",
    "KAS_MONTH",
    "KAS_MONTH_FIELDS",
    "MONEY",
    "MONTH",
    "MONTHS",
    "PERCENT",
    "PERIODE_LOCK_NAMESPACE",
    "TAHAP_ORDER",
    "VOLUME",
    "YEAR",
    "Anggaran",
    "AnggaranKas",
    "AnggaranOpdLock",
    "AnggaranStatus",
    "BatasDpaMode",
    "BudgetLine",
    "LineJenis",
    "LokasiSumber",
    "Pergeseran",
    "PergeseranItem",
    "PergeseranJenis",
    "PergeseranLingkup",
    "PergeseranStatus",
    "Plafon",
    "PlafonMode",
    "Realisasi",
    "RealisasiBulanan",
    "RealisasiFisik",
    "RealisasiFisikFoto",
    "RealisasiIndikator",
    "RealisasiJenis",
    "RealisasiPengaturan",
    "RealisasiPeriode",
    "RenjaRule",
    "StandarHarga",
    "StandarHargaJenis",
    "Tahap",
    "_locked_rows_guard",
    "closed_period_trigger",
    "is_receipt",
    "jenis_error",
    "locked_stage_triggers",
]
