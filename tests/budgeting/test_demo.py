import time
from decimal import Decimal

from django.db.models import Count, Sum

from budgeting.demo import load_budgeting_demo
from budgeting.models import Anggaran, BudgetLine, LineJenis, Plafon, StageStatus, StandarHarga, Tahap
from budgeting.selectors import anggaran_compare
from organisation.demo import organisation_demo_load
from organisation.models import Role, User
from reference.demo import reference_demo_load

TAHUN = 2026


def test_the_demo_budget_is_realistic_balanced_and_idempotent():
    # given
    reference_demo_load()
    pemda = organisation_demo_load()
    try:
        from planning.demo import load_planning_demo

        load_planning_demo(pemda=pemda, tahun=TAHUN)
    except ImportError:
        pass
    # when
    started = time.perf_counter()
    load_budgeting_demo(pemda=pemda, tahun=TAHUN)
    elapsed = time.perf_counter() - started
    load_budgeting_demo(pemda=pemda, tahun=TAHUN)
    # then
    stages = list(Anggaran.objects.filter(pemda=pemda, tahun=TAHUN).order_by("id"))
    assert [(s.tahap, s.status) for s in stages] == [
        (Tahap.KUA_PPAS, StageStatus.CLOSED), (Tahap.RKA, StageStatus.CLOSED),
        (Tahap.APBD, StageStatus.CLOSED), (Tahap.DPA, StageStatus.OPEN),
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
    assert elapsed < 30
    assert User.objects.filter(pemda=pemda, role=Role.FINANCE).exists()
