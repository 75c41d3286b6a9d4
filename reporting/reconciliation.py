"""Reconciliation (DESIGN.md section 6): each check of a stage with its status, the number of offending rows and
the first of them, so an auditor can open each one.

Checked here: 1 the codes (each line's sub kegiatan, akun and sumber dana in the versions in force for the year
and the pemda's level, its code the instance of its nomenclature node, the K digit of the pemda's level), 2 the
Renja (every belanja line's sub kegiatan is in its OPD's Renja for the year), 3 the totals (each line's jumlah is its
volumes × harga satuan × (1 + PPN), rounded half up to the sen — every parent of every report is summed from the
lines), 4 the ceilings, 5 the drift from the stage this one was copied from (per OPD × sub kegiatan × akun; a DPA
must equal its APBD), 6 the cash plan (Σ anggaran kas = the line, on an execution stage), 7 spending (realization
never negative, a payment never above the line unless an entry was accepted and flagged, the monthly totals equal the
entries), 8 the balance (SiLPA ≥ 0, pemda-wide) and 9 the prices (harga satuan within a ceiling standard's price, the
akun one the standard allows); 10, on request, an imported SIPD export's totals per OPD × sub kegiatan × akun
against the stage's. The planning checks of the cascade are `/api/planning-checks/`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat, Round

from budgeting.models import (
    EXECUTION_TAHAP,
    KAS_MONTH_FIELDS,
    BudgetLine,
    LineJenis,
    PlafonMode,
    Realisasi,
    RealisasiBulanan,
    StandarHarga,
    Tahap,
    is_receipt,
)
from budgeting.selectors import anggaran_compare, plafon_usage, realisasi_by_kunci, renja_codes
from organisation.models import PemdaLevel, PerangkatDaerah, User
from reference.codes import K_FOR_LEVEL, instantiate
from reference.models import Akun
from reference.selectors import versions_in_force_q
from reporting.selectors import ReportScope

ROWS_SHOWN = 100
OK, WARNING, FAILED = "ok", "peringatan", "gagal"
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY_FIELD)


@dataclass
class Check:
    nomor: int
    kode: str
    nama: str
    status: str = OK
    jumlah: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    def found(self, rows: list[dict[str, Any]], *, status: str = FAILED) -> "Check":
        self.jumlah, self.rows = len(rows), rows[:ROWS_SHOWN]
        self.status = status if rows else OK
        return self


def reconciliation(
    *, scope: ReportScope, user: User, sipd: dict[tuple[int, str, int], Decimal] | None = None
) -> list[Check]:
    """The checks of the stage in their DESIGN.md order, each over the lines `user` may see; with `sipd` (an
    export's totals, `budgeting.importers.sipd_totals`) check 10 too."""
    checks = [_kode(scope), _renja(scope), _jumlah(scope), _plafon(scope), _tahap(scope, user)]
    if scope.anggaran.tahap in EXECUTION_TAHAP:
        checks += [_anggaran_kas(scope), _realisasi(scope)]
    if scope.opd is None:
        checks.append(_saldo(scope))
    checks.append(_harga(scope))
    if sipd is not None:
        checks.append(_sipd(scope, sipd))
    return checks


def _lines(scope: ReportScope) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.filter(anggaran=scope.anggaran)
    if scope.opd is not None:
        lines = lines.filter(Q(perangkat_daerah=scope.opd) | Q(perangkat_daerah__induk=scope.opd))
    return lines


LINE_COLUMNS = ("id", "perangkat_daerah_id", "sub_kegiatan_kode", "akun__kode", "komponen", "jumlah")


def _line_row(line: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "budget_line": line["id"],
        "perangkat_daerah": line["perangkat_daerah_id"],
        "sub_kegiatan_kode": line["sub_kegiatan_kode"],
        "akun_kode": line["akun__kode"],
        "komponen": line["komponen"],
        "jumlah": line["jumlah"],
        **extra,
    }


def _reasons(lines: QuerySet[BudgetLine], reasons: dict[str, Q]) -> dict[int, list[str]]:
    """The lines matching any of `reasons` (each a condition in SQL), each with every reason it breaks."""
    found: dict[int, list[str]] = defaultdict(list)
    for reason, condition in reasons.items():
        for line_id in lines.filter(condition).values_list("id", flat=True):
            found[line_id].append(reason)
    return found


def _flagged(check: Check, lines: QuerySet[BudgetLine], found: dict[int, list[str]], **columns: str) -> Check:
    """The rows of the `found` lines, each with its reasons (`masalah`) and the named extra `columns`."""
    rows = [
        _line_row(
            line,
            **{name: line[field] for name, field in columns.items()},
            masalah="; ".join(found[line["id"]]),
        )
        for line in lines.filter(id__in=list(found)).values(*LINE_COLUMNS, *columns.values()).order_by("id")
    ]
    return check.found(rows)


def _kode(scope: ReportScope) -> Check:
    check = Check(1, "kode", "Kode rincian ada di referensi yang berlaku untuk tahun dan tingkat pemda")
    tahun, level = scope.tahun, scope.pemda.level
    linked = Q(sub_kegiatan__isnull=False)
    reasons = {
        "sub kegiatan tidak tertaut ke nomenklatur": Q(jenis=LineJenis.BELANJA, sub_kegiatan__isnull=True),
        "nomenklatur bukan versi yang berlaku": linked
        & ~(
            versions_in_force_q(tahun=tahun, prefix="sub_kegiatan__version__")
            & Q(sub_kegiatan__version__pemda_level=level)
        ),
        "kode nomenklatur tidak di bawah induknya": linked
        & Q(sub_kegiatan__parent__isnull=False)
        & ~Q(sub_kegiatan__kode__startswith=Concat(F("sub_kegiatan__parent__kode"), Value("."))),
        "akun bukan versi yang berlaku": ~versions_in_force_q(tahun=tahun, prefix="akun__version__"),
        "sumber dana bukan versi yang berlaku": Q(sumber_dana__isnull=False)
        & ~versions_in_force_q(tahun=tahun, prefix="sumber_dana__version__"),
    }
    for other, k in K_FOR_LEVEL.items():
        if other != level and level in K_FOR_LEVEL:
            tingkat = "provinsi" if other == PemdaLevel.PROVINSI else "kabupaten/kota"
            reasons[f"digit K {k} milik {tingkat}"] = Q(
                sub_kegiatan_kode__regex=rf"^[^.]+\.[^.]+\.[^.]+\.{k}\."
            )
    lines = _lines(scope)
    found = _reasons(lines, reasons)
    # the line's code is its node's, with the program penunjang's X.XX put in for the OPD's bidang
    for line in (
        lines.filter(linked)
        .exclude(sub_kegiatan_kode=F("sub_kegiatan__kode"))
        .values("id", "sub_kegiatan_kode", "sub_kegiatan__kode", "perangkat_daerah__kode")
    ):
        if line["sub_kegiatan_kode"] != instantiate(
            line["sub_kegiatan__kode"], line["perangkat_daerah__kode"]
        ):
            found[line["id"]].append("kode sub kegiatan bukan kode nomenklaturnya")
    return _flagged(check, lines, found)


def _jumlah(scope: ReportScope) -> Check:
    check = Check(3, "jumlah", "Jumlah rincian = volume × harga satuan × (1 + PPN), dibulatkan ke sen")
    one = Value(Decimal(1))
    product = (
        F("volume_1")
        * Coalesce("volume_2", one)
        * Coalesce("volume_3", one)
        * Coalesce("volume_4", one)
        * F("harga_satuan")
        * (Value(Decimal(100)) + F("ppn"))
        / Value(Decimal(100))
    )  # PostgreSQL's numeric is exact here and its round() takes halves away from zero, as `line_jumlah` does
    lines = _lines(scope).annotate(seharusnya=Round(product, 2, output_field=MONEY_FIELD))
    rows = [
        _line_row(line, seharusnya=line["seharusnya"], selisih=line["jumlah"] - line["seharusnya"])
        for line in lines.exclude(jumlah=F("seharusnya")).values(*LINE_COLUMNS, "seharusnya").order_by("id")
    ]
    return check.found(rows)


def _tahap(scope: ReportScope, user: User) -> Check:
    check = Check(5, "tahap", "Perubahan dari tahap sebelumnya per sub kegiatan × akun")
    sebelum = scope.anggaran.sumber
    if sebelum is None:
        return check
    comparison = anggaran_compare(
        anggaran=scope.anggaran, other=sebelum, user=user, opd=scope.opd.pk if scope.opd else None
    )
    rows = [{**row, "tahap_sebelum": sebelum.pk} for row in comparison.rows if row["status"] != "unchanged"]
    # the DPA is the APBD put to work: any difference is an error; every other stage may change (it is shown)
    must_equal = scope.anggaran.tahap == Tahap.DPA and sebelum.tahap == Tahap.APBD
    return check.found(rows, status=FAILED if must_equal else WARNING)


def _harga(scope: ReportScope) -> Check:
    check = Check(9, "harga", "Harga satuan dalam batas standar harga, akun diizinkan standar")
    allowed = StandarHarga.akun.through.objects.filter(standarharga_id=OuterRef("standar_harga_id"))
    lines = _lines(scope).annotate(
        akun_dibatasi=Exists(allowed), akun_diizinkan=Exists(allowed.filter(akun_id=OuterRef("akun_id")))
    )
    found = _reasons(
        lines,
        {
            "harga satuan di atas harga standar": Q(
                standar_harga__is_ceiling=True, harga_satuan__gt=F("standar_harga__harga")
            ),
            "akun tidak diizinkan untuk komponen standar": Q(akun_dibatasi=True, akun_diizinkan=False),
        },
    )
    return _flagged(
        check,
        lines,
        found,
        harga_satuan="harga_satuan",
        standar_harga="standar_harga_id",
        harga_standar="standar_harga__harga",
    )


def _renja(scope: ReportScope) -> Check:
    check = Check(2, "renja", "Sub kegiatan belanja ada di Renja perangkat daerahnya")
    planned = renja_codes(anggaran=scope.anggaran)
    lines = (
        _lines(scope)
        .filter(jenis=LineJenis.BELANJA)
        .annotate(opd=Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
    )
    rows = [
        _line_row(line, di_luar_renja=line["di_luar_renja"])
        for line in lines.values(*LINE_COLUMNS, "opd", "di_luar_renja").order_by("id")
        if line["opd"] in planned and line["sub_kegiatan_kode"] not in planned[line["opd"]]
    ]
    accepted = all(row["di_luar_renja"] for row in rows)
    return check.found(rows, status=WARNING if accepted else FAILED)


def _plafon(scope: ReportScope) -> Check:
    check = Check(4, "plafon", "Belanja tidak melampaui plafon")
    rows = [
        {
            "plafon": usage.plafon.pk,
            "perangkat_daerah": usage.plafon.perangkat_daerah_id,
            "program_kode": usage.plafon.program_kode,
            "sub_kegiatan_kode": usage.plafon.sub_kegiatan_kode,
            "mode": usage.plafon.mode,
            "plafon_jumlah": usage.plafon.jumlah,
            "terpakai": usage.terpakai,
            "selisih": usage.terpakai - usage.plafon.jumlah,
        }
        for usage in plafon_usage(anggaran=scope.anggaran)
        if usage.terpakai > usage.plafon.jumlah
        and (scope.opd is None or usage.plafon.perangkat_daerah_id == scope.opd.pk)
    ]
    refused = any(row["mode"] != PlafonMode.WARN for row in rows)
    return check.found(rows, status=FAILED if refused else WARNING)


def _anggaran_kas(scope: ReportScope) -> Check:
    check = Check(6, "anggaran_kas", "Anggaran kas 12 bulan sama dengan pagu rincian")
    months = sum((F(f"anggaran_kas__{name}") for name in KAS_MONTH_FIELDS[1:]), F("anggaran_kas__bulan_1"))
    lines = _lines(scope).annotate(rak=Coalesce(months, ZERO))
    offending = lines.filter(Q(anggaran_kas__isnull=True) | ~Q(rak=F("jumlah")))
    rows = [
        _line_row(line, anggaran_kas=line["rak"], selisih=line["rak"] - line["jumlah"])
        for line in offending.values(*LINE_COLUMNS, "rak").order_by("id")
    ]
    return check.found(rows)


def _realisasi(scope: ReportScope) -> Check:
    check = Check(7, "realisasi", "Realisasi tidak negatif, dalam pagu (kecuali ditandai), ringkasan = entri")
    lines = list(_lines(scope).values(*LINE_COLUMNS, "kunci").order_by("id"))
    realized = realisasi_by_kunci(
        pemda_id=scope.pemda.pk, tahun=scope.tahun, kunci=[line["kunci"] for line in lines]
    )
    flagged = set(
        Realisasi.objects.filter(budget_line__anggaran=scope.anggaran, melebihi_dpa=True, is_void=False)
        .values_list("budget_line_id", flat=True)
        .distinct()
    )
    summary = _totals(RealisasiBulanan.objects.filter(anggaran=scope.anggaran))
    entries = _totals(Realisasi.objects.filter(anggaran=scope.anggaran, is_void=False))
    rows = []
    for line in lines:
        total = realized.get(line["kunci"], Decimal(0))
        reasons = []
        if total < 0:
            reasons.append("realisasi negatif")
        if total > line["jumlah"] and line["id"] not in flagged and not is_receipt(line["akun__kode"]):
            reasons.append("melampaui pagu tanpa tanda")
        if summary.get(line["id"], Decimal(0)) != entries.get(line["id"], Decimal(0)):
            reasons.append("ringkasan bulanan berbeda dari entri")
        if reasons:
            rows.append(_line_row(line, realisasi=total, masalah="; ".join(reasons)))
    return check.found(rows)


def _totals(rows: QuerySet) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line_id, amount in (
        rows.values("budget_line_id").annotate(total=Sum("jumlah")).values_list("budget_line_id", "total")
    ):
        totals[line_id] += amount
    return totals


def _saldo(scope: ReportScope) -> Check:
    check = Check(8, "saldo", "Pendapatan − belanja + pembiayaan netto (SiLPA) tidak negatif")
    by_jenis: dict[str, Decimal] = defaultdict(Decimal)
    totals = _lines(scope).values("jenis", "akun__kode").annotate(total=Sum("jumlah"))
    for jenis, kode, total in totals.values_list("jenis", "akun__kode", "total"):
        by_jenis[kode[:3] if jenis == LineJenis.PEMBIAYAAN else jenis] += total
    surplus = by_jenis[LineJenis.PENDAPATAN] - by_jenis[LineJenis.BELANJA]
    netto = by_jenis["6.1"] - by_jenis["6.2"]
    row = {
        "pendapatan": by_jenis[LineJenis.PENDAPATAN],
        "belanja": by_jenis[LineJenis.BELANJA],
        "surplus_defisit": surplus,
        "pembiayaan_netto": netto,
        "silpa": surplus + netto,
    }
    return check.found([row] if row["silpa"] < 0 else [])


def _sipd(scope: ReportScope, sipd: dict[tuple[int, str, int], Decimal]) -> Check:
    check = Check(10, "sipd", "Total ekspor SIPD sama dengan Pagu per sub kegiatan × akun")
    own = (
        _lines(scope)
        .annotate(opd=Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
        .values("opd", "sub_kegiatan_kode", "akun_id")
        .annotate(total=Sum("jumlah"))
        .order_by()
    )
    pagu = {(row["opd"], row["sub_kegiatan_kode"], row["akun_id"]): row["total"] for row in own}
    if scope.opd is not None:  # an OPD's reconciliation reads only its rows of the file
        sipd = {key: total for key, total in sipd.items() if key[0] == scope.opd.pk}
    keys = sorted(set(pagu) | set(sipd), key=lambda key: (key[0], key[1], key[2]))
    names = dict(PerangkatDaerah.objects.filter(pk__in={key[0] for key in keys}).values_list("pk", "kode"))
    akun = dict(Akun.objects.filter(pk__in={key[2] for key in keys}).values_list("pk", "kode"))
    rows = []
    for key in keys:
        in_sipd, in_pagu = sipd.get(key), pagu.get(key)
        if in_sipd == in_pagu:
            continue
        rows.append(
            {
                "perangkat_daerah": key[0],
                "perangkat_daerah_kode": names.get(key[0], ""),
                "sub_kegiatan_kode": key[1],
                "akun_kode": akun.get(key[2], ""),
                "sipd": in_sipd or Decimal(0),
                "pagu": in_pagu or Decimal(0),
                "selisih": (in_pagu or Decimal(0)) - (in_sipd or Decimal(0)),
                "masalah": "hanya di SIPD"
                if in_pagu is None
                else "hanya di Pagu"
                if in_sipd is None
                else "berbeda",
            }
        )
    return check.found(rows)
