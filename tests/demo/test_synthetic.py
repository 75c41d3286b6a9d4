"""The synthetic bench pemda is as consistent as a real one: every reconciliation check passes on it."""

from decimal import Decimal

import pytest
from django.db.models import F, Max, Min, Sum

from budgeting.models import AnggaranKas, BudgetLine, LineJenis, Realisasi, RealisasiBulanan, RealisasiFisik
from demo.synthetic import Size, generate
from organisation.models import Pemda, PerangkatDaerah, User
from reporting.reconciliation import reconciliation
from reporting.selectors import report_scope

pytestmark = pytest.mark.django_db

TINY = Size("98.09", opd=3, sub_per_opd=4, lines=120, entries=360)


def test_a_synthetic_pemda_has_its_size_and_passes_every_reconciliation_check():
    # when
    pemda = generate("T", size=TINY, say=lambda _: None)
    again = generate("T", size=TINY, say=lambda _: None)

    # then: the counts of the size, made once
    lines = BudgetLine.objects.filter(pemda=pemda)
    belanja = lines.filter(jenis=LineJenis.BELANJA)
    assert again == pemda
    assert PerangkatDaerah.objects.filter(pemda=pemda).count() == 3
    assert belanja.count() == 120
    assert belanja.values("perangkat_daerah", "sub_kegiatan_kode").distinct().count() == 12
    assert Realisasi.objects.filter(pemda=pemda).count() == 360
    # the budget balances: the transfer line equals the belanja
    assert lines.get(jenis=LineJenis.PENDAPATAN).jumlah == belanja.aggregate(total=Sum("jumlah"))["total"]
    # the running totals are the entries', the cash plan the lines'
    entries = Realisasi.objects.filter(pemda=pemda).aggregate(total=Sum("jumlah"))["total"]
    assert RealisasiBulanan.objects.filter(pemda=pemda).aggregate(total=Sum("jumlah"))["total"] == entries
    assert entries < belanja.aggregate(total=Sum("jumlah"))["total"]
    kas = AnggaranKas.objects.filter(pemda=pemda).annotate(
        total=sum((F(f"bulan_{m}") for m in range(2, 13)), F("bulan_1"))
    )
    assert not kas.exclude(total=F("budget_line__jumlah")).exists()
    # progress never falls
    fisik = RealisasiFisik.objects.filter(pemda=pemda)
    assert fisik.aggregate(low=Min("persen"), high=Max("persen"))["low"] >= Decimal(6)
    series: dict[tuple[int, str], list[Decimal]] = {}
    for unit, kode, persen in fisik.order_by("bulan").values_list(
        "perangkat_daerah", "sub_kegiatan_kode", "persen"
    ):
        series.setdefault((unit, kode), []).append(persen)
    assert len(series) == 12
    assert all(values == sorted(values) and values[-1] <= 100 for values in series.values())
    # and the reconciliation of its DPA finds nothing
    leader = User.objects.get(username="pimpinan.98.09")
    scope = report_scope(user=leader, tahun=None, bulan=10, triwulan=None, tahap=None, perangkat_daerah=None,
                         level="opd")  # fmt: skip
    assert {check.kode: check.status for check in reconciliation(scope=scope, user=leader)} == dict.fromkeys(
        ["kode", "renja", "jumlah", "plafon", "tahap", "anggaran_kas", "realisasi", "saldo", "harga"], "ok"
    )
    assert Pemda.objects.filter(kode="98.09").count() == 1
