"""Reads for budgeting: lists for the API, the stage comparison and the ceiling usage."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from budgeting.models import (
    KAS_MONTH_FIELDS,
    Anggaran,
    AnggaranKas,
    BudgetLine,
    LineJenis,
    Pergeseran,
    Plafon,
    Realisasi,
    RealisasiBulanan,
    RealisasiFisik,
    RealisasiFisikFoto,
    RealisasiIndikator,
    RealisasiPengaturan,
    RealisasiPeriode,
    StandarHarga,
)
from organisation.models import User
from organisation.scoping import scope_queryset
from planning.models import Renja, RenjaProgram, RenjaSubKegiatan
from reference.models import Nomenklatur, ReferenceKind


def standar_harga_list() -> QuerySet[StandarHarga]:
    return StandarHarga.objects.prefetch_related("akun")


def anggaran_list() -> QuerySet[Anggaran]:
    return Anggaran.objects.select_related("sumber").prefetch_related("opd_locks")


STAGE_SIDES = ("pendapatan", "belanja", "penerimaan_pembiayaan", "pengeluaran_pembiayaan")


def stage_totals(*, user: User, anggaran_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Σ jumlah per stage and side (pendapatan, belanja, penerimaan / pengeluaran pembiayaan) over the lines the
    caller may see (an OPD user: its OPD), with surplus/(defisit) = pendapatan − belanja and pembiayaan netto =
    penerimaan − pengeluaran, and the number of lines; one grouped query for all the stages."""
    lines = scope_queryset(BudgetLine.objects.filter(anggaran_id__in=anggaran_ids), user)
    side = Case(
        When(jenis=LineJenis.PEMBIAYAAN, akun__kode__startswith="6.2", then=Value("pengeluaran_pembiayaan")),
        When(jenis=LineJenis.PEMBIAYAAN, then=Value("penerimaan_pembiayaan")),
        default=F("jenis"),
        output_field=CharField(),
    )
    totals: dict[int, dict[str, Any]] = {
        pk: {**dict.fromkeys(STAGE_SIDES, Decimal("0.00")), "jumlah_rincian": 0} for pk in anggaran_ids
    }
    grouped = (
        lines.annotate(sisi=side).values("anggaran_id", "sisi").annotate(total=Sum("jumlah"), n=Count("id"))
    )
    for row in grouped.order_by():
        stage = totals[row["anggaran_id"]]
        stage[row["sisi"]] = row["total"]
        stage["jumlah_rincian"] += row["n"]
    for stage in totals.values():
        stage["surplus_defisit"] = stage["pendapatan"] - stage["belanja"]
        stage["pembiayaan_netto"] = stage["penerimaan_pembiayaan"] - stage["pengeluaran_pembiayaan"]
    return totals


def budget_line_list() -> QuerySet[BudgetLine]:
    return BudgetLine.objects.select_related("akun", "sumber_dana", "perangkat_daerah")


def _belanja_under(scope: Q) -> Subquery:
    """The belanja of the outer plafon's stage and OPD (with its sub units) within `scope`, summed (or 0)."""
    lines = (
        BudgetLine.objects.filter(anggaran_id=OuterRef("anggaran_id"), jenis=LineJenis.BELANJA)
        .filter(
            Q(perangkat_daerah_id=OuterRef("perangkat_daerah_id"))
            | Q(perangkat_daerah__induk_id=OuterRef("perangkat_daerah_id"))
        )
        .filter(scope)
        .order_by()
        .values("anggaran_id")
        .annotate(total=Sum("jumlah"))
        .values("total")
    )
    return Subquery(lines, output_field=DecimalField(max_digits=20, decimal_places=2))


def plafon_list() -> QuerySet[Plafon]:
    """Ceilings with `terpakai`, the belanja they cover now (as `plafon_usage` counts it), and `sisa`."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2))
    terpakai = Case(
        When(
            ~Q(sub_kegiatan_kode=""), then=_belanja_under(Q(sub_kegiatan_kode=OuterRef("sub_kegiatan_kode")))
        ),
        When(
            ~Q(program_kode=""),
            then=_belanja_under(
                Q(sub_kegiatan_kode__startswith=Concat(OuterRef("program_kode"), Value(".")))
            ),
        ),
        default=_belanja_under(Q()),
    )
    return Plafon.objects.annotate(terpakai=Coalesce(terpakai, zero)).annotate(
        sisa=F("jumlah") - F("terpakai")
    )


@dataclass(frozen=True)
class PlafonTerpakai:
    """One ceiling of a stage with its scope named and its live use: `sisa` = jumlah − terpakai (negative when
    over), `persen` = terpakai / jumlah × 100 to two places (None for a ceiling of 0)."""

    plafon: Plafon
    program_kode: str
    program_nama: str
    sub_kegiatan_nama: str
    terpakai: Decimal
    sisa: Decimal
    persen: Decimal | None

    @property
    def lingkup(self) -> str:
        if self.plafon.sub_kegiatan_kode:
            return "sub_kegiatan"
        return "program" if self.program_kode else "perangkat_daerah"

    @property
    def melampaui(self) -> bool:
        return self.terpakai > self.plafon.jumlah


def _plafon_names(*, anggaran: Anggaran, opd_ids: set[int], codes: set[str]) -> dict[tuple[int, str], str]:
    """The name of each program / sub kegiatan code as the OPD's current Renja for the stage's year has it, else
    the nomenclature's in force that year (key OPD 0): two or three small queries, not one per row."""
    names: dict[tuple[int, str], str] = {}
    if not codes:
        return names
    for model in (RenjaProgram, RenjaSubKegiatan):
        rows = model.objects.filter(
            renja__pemda_id=anggaran.pemda_id,
            renja__tahun=anggaran.tahun,
            renja__is_current=True,
            renja__perangkat_daerah_id__in=opd_ids,
            kode__in=codes,
        ).values_list("renja__perangkat_daerah_id", "kode", "nomenklatur__nama")
        for opd_id, kode, nama in rows:
            names[(opd_id, kode)] = nama
    missing = codes - {kode for _, kode in names}
    if missing:
        national = Nomenklatur.objects.filter(
            kode__in=missing,
            version__kind=ReferenceKind.NOMENKLATUR,
            version__pemda_level=anggaran.pemda.level,
            version__tahun_mulai__lte=anggaran.tahun,
            version__tahun_selesai__gte=anggaran.tahun,
        ).values_list("kode", "nama")
        for kode, nama in national:
            names[(0, kode)] = nama
    return names


def plafon_terpakai(
    *, anggaran: Anggaran, user: User, perangkat_daerah: int | None = None
) -> list[PlafonTerpakai]:
    """The stage's ceilings the caller may see (an OPD user: its OPD's), OPD → program → sub kegiatan, each with
    the belanja inside its scope summed in the same SQL statement (`plafon_list`'s aggregate subqueries)."""
    plafons = scope_queryset(plafon_list().filter(anggaran=anggaran), user).select_related("perangkat_daerah")
    if perangkat_daerah is not None:
        plafons = plafons.filter(perangkat_daerah_id=perangkat_daerah)
    rows = list(plafons.order_by("perangkat_daerah__kode", "program_kode", "sub_kegiatan_kode", "pk"))
    programs = {row.pk: row.program_kode or ".".join(row.sub_kegiatan_kode.split(".")[:3]) for row in rows}
    codes = {kode for kode in programs.values() if kode} | {
        r.sub_kegiatan_kode for r in rows if r.sub_kegiatan_kode
    }
    names = _plafon_names(anggaran=anggaran, opd_ids={r.perangkat_daerah_id for r in rows}, codes=codes)

    def name(opd_id: int, kode: str) -> str:
        if not kode:
            return ""
        return names.get((opd_id, kode)) or names.get((0, kode), "")

    result = []
    for row in rows:
        terpakai: Decimal = row.terpakai
        persen = (
            None
            if row.jumlah == 0
            else (terpakai * 100 / row.jumlah).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )
        result.append(
            PlafonTerpakai(
                plafon=row,
                program_kode=programs[row.pk],
                program_nama=name(row.perangkat_daerah_id, programs[row.pk]),
                sub_kegiatan_nama=name(row.perangkat_daerah_id, row.sub_kegiatan_kode),
                terpakai=terpakai,
                sisa=row.jumlah - terpakai,
                persen=persen,
            )
        )
    return result


def pergeseran_list() -> QuerySet[Pergeseran]:
    return Pergeseran.objects.prefetch_related("items__budget_line")


# ---------------------------------------------------------------- comparison

# Join keys and descriptive columns of each comparison grain (aliases k_* are joined, d_* are carried along).
COMPARE_GRAINS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "akun": (
        {
            "k_opd": F("perangkat_daerah_id"),
            "k_jenis": F("jenis"),
            "k_sub_kegiatan": F("sub_kegiatan_kode"),
            "k_akun": F("akun__kode"),
        },
        {"d_opd_kode": F("perangkat_daerah__kode"), "d_akun_nama": F("akun__nama")},
    ),
    "line": (
        {"k_kunci": F("kunci")},
        {
            "d_opd": F("perangkat_daerah_id"),
            "d_opd_kode": F("perangkat_daerah__kode"),
            "d_jenis": F("jenis"),
            "d_sub_kegiatan": F("sub_kegiatan_kode"),
            "d_akun": F("akun__kode"),
            "d_akun_nama": F("akun__nama"),
            "d_komponen": F("komponen"),
            "d_koefisien": F("koefisien"),
        },
    ),
}
OUTPUT_NAMES = {
    "k_opd": "perangkat_daerah", "d_opd": "perangkat_daerah", "d_opd_kode": "perangkat_daerah_kode",
    "k_jenis": "jenis", "d_jenis": "jenis", "k_sub_kegiatan": "sub_kegiatan_kode", "d_sub_kegiatan": "sub_kegiatan_kode",
    "k_akun": "akun_kode", "d_akun": "akun_kode", "d_akun_nama": "akun_nama", "k_kunci": "kunci",
    "d_komponen": "komponen", "d_koefisien": "koefisien",
}  # fmt: skip


@dataclass
class StageComparison:
    """Rows keyed by the grain with `sebelum` (the `with` stage), `sesudah` (this stage), `selisih` and `status`
    (added / dropped / changed / unchanged); totals reconcile: Σ selisih = total sesudah − total sebelum."""

    rows: list[dict[str, Any]]
    totals: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _side(
    anggaran: Anggaran, *, user: User, grain: str, opd: int | None, jenis: str | None
) -> tuple[str, tuple]:
    keys, details = COMPARE_GRAINS[grain]
    lines = scope_queryset(BudgetLine.objects.filter(anggaran=anggaran), user)
    if opd is not None:
        lines = lines.filter(Q(perangkat_daerah_id=opd) | Q(perangkat_daerah__induk_id=opd))
    if jenis:
        lines = lines.filter(jenis=jenis)
    query = lines.values(**keys, **details).annotate(total=Sum("jumlah")).order_by()
    return query.query.sql_with_params()


def anggaran_compare(
    *,
    anggaran: Anggaran,
    other: Anggaran,
    user: User,
    grain: str = "akun",
    opd: int | None = None,
    jenis: str | None = None,
) -> StageComparison:
    """Compare `other` (before) with `anggaran` (after), per sub kegiatan × akun (grain `akun`, per OPD and jenis)
    or per line (grain `line`, matched across stages by `kunci`: the DPPA sebelum / sesudah view).

    Each side is aggregated in SQL from the caller's scoped lines, and the two are fully outer joined by key.
    """
    keys, details = COMPARE_GRAINS[grain]
    before_sql, before_params = _side(other, user=user, grain=grain, opd=opd, jenis=jenis)
    after_sql, after_params = _side(anggaran, user=user, grain=grain, opd=opd, jenis=jenis)
    columns = [*keys, *details]
    select = ", ".join(f"COALESCE(b.{name}, a.{name}) AS {name}" for name in columns)
    join = " AND ".join(f"a.{name} = b.{name}" for name in keys)
    order = ", ".join(columns)
    sql = (
        f"WITH a AS ({before_sql}), b AS ({after_sql}) "
        f"SELECT {select}, a.total AS sebelum, b.total AS sesudah "
        f"FROM a FULL OUTER JOIN b ON {join} ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*before_params, *after_params])
        names = [column.name for column in cursor.description]
        raw = cursor.fetchall()
    rows = []
    totals = {"sebelum": Decimal(0), "sesudah": Decimal(0), "selisih": Decimal(0)}
    counts = {"added": 0, "dropped": 0, "changed": 0, "unchanged": 0}
    for values in raw:
        record = dict(zip(names, values, strict=True))
        sebelum = record.pop("sebelum")
        sesudah = record.pop("sesudah")
        status = (
            "added" if sebelum is None else "dropped" if sesudah is None
            else "changed" if sebelum != sesudah else "unchanged"
        )  # fmt: skip
        sebelum = sebelum or Decimal(0)
        sesudah = sesudah or Decimal(0)
        row = {OUTPUT_NAMES[name]: value for name, value in record.items()}
        row.update(sebelum=sebelum, sesudah=sesudah, selisih=sesudah - sebelum, status=status)
        rows.append(row)
        totals["sebelum"] += sebelum
        totals["sesudah"] += sesudah
        totals["selisih"] += sesudah - sebelum
        counts[status] += 1
    return StageComparison(rows=rows, totals=totals, counts=counts)


# ---------------------------------------------------------------- ceilings


@dataclass(frozen=True)
class PlafonUsage:
    plafon: Plafon
    terpakai: Decimal

    @property
    def sisa(self) -> Decimal:
        return self.plafon.jumlah - self.terpakai


def plafon_usage(*, anggaran: Anggaran) -> list[PlafonUsage]:
    """Every ceiling of the stage with the belanja it covers (one aggregate query)."""
    plafons = list(Plafon.objects.filter(anggaran=anggaran).order_by("pk"))
    if not plafons:
        return []
    totals = (
        BudgetLine.objects.filter(anggaran=anggaran, jenis=LineJenis.BELANJA)
        .annotate(opd=Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
        .values("opd", "sub_kegiatan_kode")
        .annotate(total=Sum("jumlah"))
        .order_by()
    )
    by_opd: dict[int, Decimal] = defaultdict(Decimal)
    by_program: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    by_sub: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in totals:
        kode = row["sub_kegiatan_kode"]
        by_opd[row["opd"]] += row["total"]
        by_program[(row["opd"], ".".join(kode.split(".")[:3]))] += row["total"]
        by_sub[(row["opd"], kode)] += row["total"]
    usage = []
    for plafon in plafons:
        opd = plafon.perangkat_daerah_id
        if plafon.sub_kegiatan_kode:
            used = by_sub[(opd, plafon.sub_kegiatan_kode)]
        elif plafon.program_kode:
            used = by_program[(opd, plafon.program_kode)]
        else:
            used = by_opd[opd]
        usage.append(PlafonUsage(plafon=plafon, terpakai=used))
    return usage


def renja_codes(*, anggaran: Anggaran) -> dict[int, frozenset[str]]:
    """Each OPD with a current Renja for the stage's year: the sub kegiatan codes in it (two queries)."""
    codes: dict[int, set[str]] = {}
    rows = RenjaSubKegiatan.objects.filter(
        renja__pemda_id=anggaran.pemda_id, renja__tahun=anggaran.tahun, renja__is_current=True
    ).values_list("renja__perangkat_daerah_id", "kode")
    for opd_id, kode in rows:
        codes.setdefault(opd_id, set()).add(kode)
    for opd_id in Renja.objects.filter(
        pemda_id=anggaran.pemda_id, tahun=anggaran.tahun, is_current=True
    ).values_list("perangkat_daerah_id", flat=True):
        codes.setdefault(opd_id, set())  # a Renja with no sub kegiatan yet still decides
    return {opd_id: frozenset(kodes) for opd_id, kodes in codes.items()}


# ---------------------------------------------------------------- execution


def anggaran_kas_list() -> QuerySet[AnggaranKas]:
    return AnggaranKas.objects.select_related("budget_line")


def realisasi_list() -> QuerySet[Realisasi]:
    """Entries with what names their line (sub kegiatan, akun, komponen), joined rather than prefetched."""
    return Realisasi.objects.annotate(
        sub_kegiatan_kode=F("budget_line__sub_kegiatan_kode"),
        akun_kode=F("budget_line__akun__kode"),
        komponen=F("budget_line__komponen"),
    )


def realisasi_totals(*, entries: QuerySet[Realisasi]) -> dict[str, Any]:
    """Count and sum of `entries`, the valid ones and the voided ones apart (one query)."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2))
    totals = entries.order_by().aggregate(
        count=Count("pk", filter=Q(is_void=False)),
        total=Coalesce(Sum("jumlah", filter=Q(is_void=False)), zero),
        void_count=Count("pk", filter=Q(is_void=True)),
        void_jumlah=Coalesce(Sum("jumlah", filter=Q(is_void=True)), zero),
    )
    totals["jumlah"] = totals.pop("total")  # an aggregate may not be named like the field it sums
    return totals


def realisasi_fisik_list() -> QuerySet[RealisasiFisik]:
    return RealisasiFisik.objects.all()


def realisasi_fisik_foto_list() -> QuerySet[RealisasiFisikFoto]:
    return RealisasiFisikFoto.objects.select_related("entry__perangkat_daerah", "created_by")


def realisasi_indikator_list() -> QuerySet[RealisasiIndikator]:
    return RealisasiIndikator.objects.select_related("indikator")


MONEY_FIELD = DecimalField(max_digits=20, decimal_places=2)


def realisasi_pengaturan_list() -> QuerySet[RealisasiPengaturan]:
    return RealisasiPengaturan.objects.select_related("anggaran")


def realisasi_periode_list() -> QuerySet[RealisasiPeriode]:
    return RealisasiPeriode.objects.all()


def realisasi_ringkasan(*, bulan: int) -> QuerySet[BudgetLine]:
    """Lines annotated with pagu DPA, anggaran kas and realization up to month `bulan`, and sisa.

    Reads the monthly totals (`RealisasiBulanan`) and the RAK row: O(lines × months), never the entries.
    """
    zero = Value(Decimal(0), output_field=MONEY_FIELD)
    rak = sum((F(f"anggaran_kas__{name}") for name in KAS_MONTH_FIELDS[:bulan]), start=zero)
    realized = (
        RealisasiBulanan.objects.filter(budget_line=OuterRef("pk"), bulan__lte=bulan)
        .order_by()
        .values("budget_line")
        .annotate(total=Sum("jumlah"))
        .values("total")
    )
    return (
        BudgetLine.objects.select_related("akun", "sub_kegiatan")
        .annotate(
            rak_sd_bulan=Coalesce(rak, zero, output_field=MONEY_FIELD),
            realisasi_sd_bulan=Coalesce(Subquery(realized, output_field=MONEY_FIELD), zero),
        )
        .annotate(sisa=F("jumlah") - F("realisasi_sd_bulan"))
        .order_by("perangkat_daerah_id", "sub_kegiatan_kode", "akun__kode", "pk")
    )


# The lines of a pemda's year with the given `kunci` (params: pemda, tahun, [kunci]), over all its stages.
KUNCI_LINES = (
    f"FROM {BudgetLine._meta.db_table} l JOIN {Anggaran._meta.db_table} a ON a.id = l.anggaran_id "
    "WHERE a.pemda_id = %s AND a.tahun = %s AND l.kunci = ANY(%s)"
)


def realisasi_by_kunci(
    *, pemda_id: int, tahun: int, kunci: Sequence[uuid.UUID], lock: bool = False
) -> dict[uuid.UUID, Decimal]:
    """Valid realization so far of the lines `kunci` of a pemda's budget year, summed over their stages.

    An entry hangs on the line of the execution stage it was posted on (DPA, then PERGESERAN n / APBD-P once
    applied), and a line keeps its `kunci` from stage to stage; so what a line has absorbed is the sum over every
    stage's line with its `kunci`. With `lock` those lines are first locked FOR SHARE, so posts on them (which
    lock the line FOR NO KEY UPDATE) wait until the caller's transaction ends.
    """
    if not kunci:
        return {}
    params = [pemda_id, tahun, list(kunci)]
    with connection.cursor() as cursor:
        if lock:
            cursor.execute(f"SELECT l.id {KUNCI_LINES} ORDER BY l.id FOR SHARE OF l", params)
        cursor.execute(
            f"SELECT l.kunci, SUM(rb.jumlah) FROM {RealisasiBulanan._meta.db_table} rb "
            f"JOIN (SELECT l.id, l.kunci {KUNCI_LINES}) l ON l.id = rb.budget_line_id GROUP BY l.kunci",
            params,
        )
        return dict(cursor.fetchall())
