"""The demo pemda's budget and its execution year, loaded once for the module (and rolled back after it)."""

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from budgeting.models import (
    Anggaran,
    AnggaranKas,
    AnggaranStatus,
    BudgetLine,
    LineJenis,
    Plafon,
    Realisasi,
    RealisasiBulanan,
    RealisasiFisik,
    RealisasiIndikator,
    RealisasiJenis,
    StandarHarga,
    Tahap,
)
from budgeting.selectors import anggaran_compare
from demo.budgeting import load_budgeting_demo
from demo.organisation import organisation_demo_load
from demo.planning import load_planning_demo
from demo.reference import reference_demo_load
from organisation.models import Pemda, PerangkatDaerah, Role, User
from planning.models import Indikator, IndikatorTarget

TAHUN = 2026
KAS_TOTAL = " + ".join(f"k.bulan_{m}" for m in range(1, 13))
COUNTED = (Anggaran, BudgetLine, AnggaranKas, Realisasi, RealisasiBulanan, RealisasiFisik, RealisasiIndikator)


@dataclass
class Demo:
    pemda: Pemda
    dpa: Anggaran
    counts: dict[str, int]
    counts_again: dict[str, int]


def counts(pemda: Pemda) -> dict[str, int]:
    return {model.__name__: model.objects.filter(pemda=pemda).count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        reference_demo_load()
        pemda = organisation_demo_load()
        load_planning_demo(pemda=pemda, tahun=TAHUN)
        load_budgeting_demo(pemda=pemda, tahun=TAHUN)
        first = counts(pemda)
        call_command("load_demo", tahun=TAHUN, stdout=io.StringIO())
        dpa = Anggaran.objects.get(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
        # fire the deferred foreign-key checks now, once: left pending, every test's savepoint would redo them
        connection.check_constraints()
        yield Demo(pemda, dpa, first, counts(pemda))
        transaction.set_rollback(True)


def realized_months() -> int:
    """Months of TAHUN that have begun by today (realization runs through the current month)."""
    today = timezone.localdate()
    if today.year == TAHUN:
        return today.month
    return 12 if today.year > TAHUN else 0


def settled_month() -> int:
    """The last month certain to hold realization: the current one once its 5th day is reached (by then a working
    day has passed whatever the weekday and the fixed holidays), else the one before."""
    today = timezone.localdate()
    month = realized_months()
    return month if today.year > TAHUN or today.day >= 5 else month - 1


def scalar(sql: str, params: list) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_the_demo_budget_is_realistic_balanced_and_idempotent(db, demo):
    # given the demo loaded, then load_demo run again
    pemda = demo.pemda
    # then
    stages = list(Anggaran.objects.filter(pemda=pemda, tahun=TAHUN).order_by("id"))
    assert [(s.tahap, s.status) for s in stages] == [
        (Tahap.KUA_PPAS, AnggaranStatus.CLOSED), (Tahap.RKA, AnggaranStatus.CLOSED),
        (Tahap.APBD, AnggaranStatus.CLOSED), (Tahap.DPA, AnggaranStatus.OPEN),
    ]  # fmt: skip
    dpa = stages[-1]
    sums = dict(BudgetLine.objects.filter(anggaran=dpa).values_list("jenis").annotate(total=Sum("jumlah")))
    belanja_lines = BudgetLine.objects.filter(anggaran=dpa, jenis=LineJenis.BELANJA).count()
    assert 2000 <= belanja_lines <= 5000
    assert Decimal("1.2e12") <= sums[LineJenis.BELANJA] <= Decimal("2e12")
    pembiayaan = BudgetLine.objects.filter(anggaran=dpa, jenis=LineJenis.PEMBIAYAAN)
    neto = (
        pembiayaan.filter(akun__kode__startswith="6.1").aggregate(t=Sum("jumlah"))["t"]
        - pembiayaan.filter(akun__kode__startswith="6.2").aggregate(t=Sum("jumlah"))["t"]
    )
    assert sums[LineJenis.PENDAPATAN] - sums[LineJenis.BELANJA] + neto >= 0
    assert 90 <= StandarHarga.objects.filter(pemda=pemda, tahun=TAHUN).count() <= 120
    assert Plafon.objects.filter(anggaran=stages[0]).count() >= 10
    per_opd = (
        BudgetLine.objects.filter(anggaran=dpa, jenis=LineJenis.BELANJA)
        .values("perangkat_daerah")
        .annotate(n=Count("id"))
    )
    assert len(per_opd) >= 10
    drift = anggaran_compare(anggaran=stages[1], other=stages[0], user=User.objects.get(username="keuangan"))
    assert drift.counts["changed"] > 0
    assert User.objects.filter(pemda=pemda, role=Role.FINANCE).exists()
    assert demo.counts_again == demo.counts


def test_every_dpa_line_has_an_anggaran_kas_summing_to_its_jumlah(db, demo):
    # given the demo DPA
    lines = BudgetLine.objects.filter(anggaran=demo.dpa)
    # then: one RAK row per line, its twelve months summing to the line, for every jenis
    unbalanced = scalar(
        f"SELECT COUNT(*) FROM budgeting_budgetline l LEFT JOIN budgeting_anggarankas k ON k.budget_line_id = l.id "
        f"WHERE l.anggaran_id = %s AND (k.id IS NULL OR {KAS_TOTAL} <> l.jumlah)",
        [demo.dpa.pk],
    )
    assert unbalanced == 0
    assert AnggaranKas.objects.filter(anggaran=demo.dpa).count() == lines.count()
    assert set(lines.values_list("jenis", flat=True)) == set(LineJenis.values)


def test_the_anggaran_kas_follows_the_profile_of_each_kind_of_spending(db, demo):
    # given the RAK summed per akun group and month
    def months(akun_prefix: str) -> list[Decimal]:
        kas = AnggaranKas.objects.filter(anggaran=demo.dpa, budget_line__akun__kode__startswith=akun_prefix)
        totals = kas.aggregate(**{f"m{m}": Sum(f"bulan_{m}") for m in range(1, 13)})
        return [totals[f"m{m}"] for m in range(1, 13)]

    # then salaries are even (two months carry the extra salaries), goods and services ramp up, capital works
    # fall mostly in Q3–Q4, and the transfers other than the DAU arrive in the last month of each quarter
    pegawai = months("5.1.01")
    assert max(pegawai) <= 2 * min(pegawai) + 1
    barang = months("5.1.02")
    assert sum(barang[:3]) < sum(barang[9:])
    modal = months("5.2")
    assert sum(modal[6:]) > Decimal("0.7") * sum(modal)
    dbh = months("4.2.01.01.01")
    assert all((amount > 0) == (month % 3 == 0) for month, amount in enumerate(dbh, start=1))


def test_the_monthly_totals_equal_the_sum_of_the_entries(db, demo):
    # given the demo's realization entries and its per-line per-month summary
    # then they agree on every line × month (a missing row on either side counts as a difference)
    differences = scalar(
        "SELECT COUNT(*) FROM (SELECT budget_line_id, bulan, SUM(jumlah) AS s FROM budgeting_realisasi "
        "WHERE anggaran_id = %s AND NOT is_void GROUP BY 1, 2) e FULL JOIN (SELECT budget_line_id, bulan, jumlah "
        "FROM budgeting_realisasibulanan WHERE anggaran_id = %s) b USING (budget_line_id, bulan) "
        "WHERE e.s IS DISTINCT FROM b.jumlah",
        [demo.dpa.pk, demo.dpa.pk],
    )
    assert differences == 0
    assert RealisasiBulanan.objects.filter(anggaran=demo.dpa).exists() == (realized_months() > 0)


def test_no_line_is_realized_above_its_dpa_amount_nor_below_zero(db, demo):
    # given the realization per line, running through the year in date order
    # then no payment line's cumulative realization leaves 0 … its DPA amount at any entry, no receipt goes below 0
    outside = scalar(
        "SELECT COUNT(*) FROM (SELECT r.budget_line_id, l.jumlah AS pagu, a.kode LIKE '4.%%' OR a.kode LIKE '6.1.%%' "
        "AS receipt, SUM(r.jumlah) OVER (PARTITION BY r.budget_line_id ORDER BY r.tanggal, r.jumlah DESC, r.id) "
        "AS upto FROM budgeting_realisasi r JOIN budgeting_budgetline l ON l.id = r.budget_line_id "
        "JOIN reference_akun a ON a.id = l.akun_id WHERE r.anggaran_id = %s) t "
        "WHERE (upto > pagu AND NOT receipt) OR upto < 0",
        [demo.dpa.pk],
    )
    assert outside == 0
    assert not Realisasi.objects.filter(anggaran=demo.dpa, melebihi_dpa=True).exists()


def test_revenue_is_received_by_bukti_penerimaan_and_pembiayaan_both_ways(db, demo):
    # given
    entries = Realisasi.objects.filter(anggaran=demo.dpa)
    if settled_month() == 0:
        return
    # then: pendapatan and the SiLPA only by receipts (and the odd refund), penyertaan modal by SP2D-LS
    jenis_of = {
        side: set(entries.filter(**where).values_list("jenis", flat=True).distinct())
        for side, where in {
            "pendapatan": {"budget_line__jenis": LineJenis.PENDAPATAN},
            "penerimaan": {"budget_line__akun__kode__startswith": "6.1."},
            "pengeluaran": {"budget_line__akun__kode__startswith": "6.2."},
        }.items()
    }
    assert RealisasiJenis.PENERIMAAN in jenis_of["pendapatan"]
    assert jenis_of["pendapatan"] <= {RealisasiJenis.PENERIMAAN, RealisasiJenis.PENGEMBALIAN}
    assert jenis_of["penerimaan"] == {RealisasiJenis.PENERIMAAN}
    assert jenis_of["pengeluaran"] <= {RealisasiJenis.SP2D_LS}


def test_realisasi_runs_through_the_current_month_on_working_days(db, demo):
    # given
    entries = Realisasi.objects.filter(anggaran=demo.dpa)
    today = timezone.localdate()
    # then: dated within the year, never after today, on weekdays; every month up to now has some, none after
    span = entries.aggregate(first=Min("tanggal"), last=Max("tanggal"))
    if realized_months() == 0:
        assert not entries.exists()
        return
    assert span["first"] >= date(TAHUN, 1, 1)
    assert span["last"] <= min(today, date(TAHUN, 12, 31))
    assert all(day.weekday() < 5 for day in entries.values_list("tanggal", flat=True).distinct())
    months = set(entries.values_list("bulan", flat=True).distinct())
    assert set(range(1, settled_month() + 1)) <= months <= set(range(1, realized_months() + 1))
    assert 1_500 * (realized_months() - 1) <= entries.count() <= 40_000


def test_document_numbers_name_the_opd_and_the_year_and_returns_are_few(db, demo):
    # given
    units = dict(PerangkatDaerah.objects.filter(pemda=demo.pemda).values_list("pk", "kode"))
    entries = Realisasi.objects.filter(anggaran=demo.dpa)
    label = {RealisasiJenis.SP2D_LS: "SP2D-LS", RealisasiJenis.SPJ_GU: "SPJ-GU", RealisasiJenis.SPJ_TU: "SPJ-TU",
             RealisasiJenis.PENERIMAAN: "TBP", RealisasiJenis.PENGEMBALIAN: "STS"}  # fmt: skip
    # then
    for nomor, jenis, unit in entries.values_list("nomor_dokumen", "jenis", "perangkat_daerah_id"):
        assert re.fullmatch(rf"\d{{4}}/{label[jenis]}/{re.escape(units[unit])}/{TAHUN}", nomor), nomor
    assert entries.values("nomor_dokumen").distinct().count() == entries.count()
    if settled_month() >= 3:
        assert set(entries.values_list("jenis", flat=True).distinct()) == set(RealisasiJenis.values)
        returns = entries.filter(jenis=RealisasiJenis.PENGEMBALIAN).count()
        assert 0 < returns < entries.count() / 100


def test_belanja_absorption_is_behind_the_cash_plan_but_not_far_behind(db, demo):
    # given the cumulative RAK and realization of belanja, overall and per OPD, through the settled month
    month = settled_month()
    if month < 1:
        pytest.skip("no realization is due yet in the demo year")
    kas = " + ".join(f"k.bulan_{m}" for m in range(1, month + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.perangkat_daerah_id, SUM({kas}), COALESCE(SUM(r.jumlah), 0) FROM budgeting_budgetline l "
            f"JOIN budgeting_anggarankas k ON k.budget_line_id = l.id LEFT JOIN (SELECT budget_line_id, SUM(jumlah) "
            f"AS jumlah FROM budgeting_realisasibulanan WHERE bulan <= %s GROUP BY 1) r ON r.budget_line_id = l.id "
            f"WHERE l.anggaran_id = %s AND l.jenis = 'belanja' GROUP BY 1",
            [month, demo.dpa.pk],
        )
        per_opd = {opd: (plan, real) for opd, plan, real in cursor.fetchall()}
    # then: at least 40 % of plan overall (salaries, about 40 % of belanja, are paid on plan and the slowest OPDs
    # run at about 60 % of plan) and at most 100 % (the demo never pays ahead of its cash plan); OPDs differ
    plan = sum(p for p, _ in per_opd.values())
    real = sum(r for _, r in per_opd.values())
    assert Decimal("0.4") * plan <= real <= plan
    ratios = [r / p for p, r in per_opd.values() if p]
    assert max(ratios) - min(ratios) >= Decimal("0.15")


def test_realisasi_fisik_is_monthly_within_range_and_mostly_rising(db, demo):
    # given
    rows = RealisasiFisik.objects.filter(pemda=demo.pemda, tahun=TAHUN)
    pairs = set(
        BudgetLine.objects.filter(anggaran=demo.dpa, jenis=LineJenis.BELANJA).values_list(
            "perangkat_daerah_id", "sub_kegiatan_kode"
        )
    )
    # then: every DPA sub kegiatan has one row for each month begun, 0–100 %
    assert rows.count() == len(pairs) * realized_months()
    assert set(rows.values_list("perangkat_daerah_id", "sub_kegiatan_kode").distinct()) == (
        pairs if realized_months() else set()
    )
    assert not rows.filter(persen__lt=0).exists()
    assert not rows.filter(persen__gt=100).exists()
    # `menurun` is set exactly where an earlier month of the same sub kegiatan was higher (the service's rule)
    wrong = scalar(
        "SELECT COUNT(*) FROM (SELECT menurun, persen < MAX(persen) OVER (PARTITION BY perangkat_daerah_id, "
        "sub_kegiatan_kode ORDER BY bulan ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS falls "
        "FROM budgeting_realisasifisik WHERE pemda_id = %s AND tahun = %s) t WHERE menurun IS DISTINCT FROM "
        "COALESCE(falls, false)",
        [demo.pemda.pk, TAHUN],
    )
    assert wrong == 0
    falling = rows.filter(menurun=True).values("perangkat_daerah_id", "sub_kegiatan_kode").distinct().count()
    noted = rows.exclude(permasalahan="")
    assert not noted.filter(tindak_lanjut="").exists()
    if realized_months() >= 4:
        assert 1 <= falling <= 2
        assert 0 < noted.count() < rows.count() / 10


def test_indicator_realisasi_covers_the_ended_triwulan_plausibly(db, demo):
    # given the Renja indicators of the year with their targets
    today = timezone.localdate()
    ended = [q for q in range(1, 5) if (TAHUN, 3 * q) < (today.year, today.month)]
    renja = (
        Indikator.objects.filter(pemda=demo.pemda, renja_program__renja__tahun=TAHUN)
        | Indikator.objects.filter(pemda=demo.pemda, renja_kegiatan__renja__tahun=TAHUN)
        | Indikator.objects.filter(pemda=demo.pemda, renja_sub_kegiatan__renja__tahun=TAHUN)
    )
    targets = dict(
        IndikatorTarget.objects.filter(indikator__in=renja, tahun=TAHUN).values_list("indikator_id", "target")
    )
    rows = RealisasiIndikator.objects.filter(pemda=demo.pemda, tahun=TAHUN)
    # then: one row per indicator and ended triwulan, none for a triwulan still running
    assert set(rows.values_list("triwulan", flat=True).distinct()) == set(ended)
    assert rows.count() == len(targets) * len(ended)
    # the year so far is a non-negative part of the target, at most a little above it
    for indikator, total in rows.values_list("indikator").annotate(total=Sum("realisasi")):
        assert 0 <= total <= targets[indikator] * Decimal("1.1")
    assert not rows.filter(realisasi__lt=0).exists()


@pytest.mark.parametrize("model", [AnggaranKas, Realisasi, RealisasiFisik, RealisasiIndikator], ids=str)
def test_every_bulk_created_row_has_its_insert_audit_event(db, demo, model):
    # given the demo's rows of a tracked model, written in bulk with the row triggers ignored
    event = apps.get_model("budgeting", f"{model.__name__}Event")
    rows = model.objects.filter(pemda=demo.pemda)
    # then each has exactly one insert event carrying its values
    events = event.objects.filter(pgh_obj_id__in=rows.values("pk"), pgh_label="insert")
    assert events.count() == rows.count()
    assert events.values("pgh_obj_id").distinct().count() == rows.count()


def test_the_planted_lem_aibon_line_ranks_first_among_the_anomalies_at_every_stage(db, demo):
    from reporting.selectors import report_anomalies, report_scope

    auditor = User.objects.get(username="inspektorat")
    for stage in Anggaran.objects.filter(pemda=demo.pemda, tahun=TAHUN):
        scope = report_scope(user=auditor, tahun=TAHUN, bulan=None, triwulan=None, tahap=stage.pk,
                             perangkat_daerah=None, level="opd")  # fmt: skip
        first = report_anomalies(scope=scope, limit=1).rows[0]
        assert first["komponen"] == "Lem Aibon untuk sekolah", stage
        assert first["tahap_muncul"].tahap == Tahap.KUA_PPAS
