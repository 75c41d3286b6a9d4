from decimal import Decimal

import pytest

from budgeting.models import BudgetLine, Tahap
from budgeting.selectors import anggaran_compare
from budgeting.services import (
    anggaran_close,
    anggaran_copy_to_next,
    budget_line_create,
    budget_line_delete,
    budget_line_update,
)
from organisation.models import Role
from tests.budgeting.factories import AnggaranFactory


@pytest.fixture
def stages(pemda, finance, line_fields, ref, opd, other_opd):
    """RKA → APBD where one line grew, one was dropped, one was added and one stayed."""
    rka = AnggaranFactory(pemda=pemda, tahap=Tahap.RKA)
    grows = budget_line_create(user=finance, anggaran=rka, **line_fields())  # 550,000
    dropped = budget_line_create(
        user=finance, anggaran=rka, **line_fields(akun=ref.perjalanan, volume_1=Decimal(2))
    )
    budget_line_create(
        user=finance, anggaran=rka, **line_fields(perangkat_daerah=other_opd, volume_1=Decimal(4))
    )
    anggaran_close(user=finance, anggaran=rka)
    apbd = anggaran_copy_to_next(user=finance, anggaran=rka)
    copies = {line.kunci: line for line in BudgetLine.objects.filter(anggaran=apbd)}
    budget_line_update(user=finance, instance=copies[grows.kunci], volume_1=Decimal(12))  # 660,000
    budget_line_delete(user=finance, instance=copies[dropped.kunci])
    budget_line_create(
        user=finance,
        anggaran=apbd,
        **line_fields(
            sub_kegiatan=ref.sub_kegiatan_2,
            akun=ref.modal,
            volume_1=Decimal(1),
            harga_satuan=Decimal("7500000.55"),
        ),
    )
    return rka, apbd


def test_comparison_per_sub_kegiatan_and_akun(stages, finance, opd, other_opd):
    # given
    rka, apbd = stages
    # when
    result = anggaran_compare(anggaran=apbd, other=rka, user=finance)
    # then
    by_key = {(r["perangkat_daerah"], r["sub_kegiatan_kode"], r["akun_kode"]): r for r in result.rows}
    assert len(result.rows) == 4
    grown = by_key[(opd.pk, "1.02.02.2.01.0001", "5.1.02.01.01.0024")]
    assert (grown["sebelum"], grown["sesudah"], grown["selisih"], grown["status"]) == (
        Decimal("550000.00"),
        Decimal("660000.00"),
        Decimal("110000.00"),
        "changed",
    )
    dropped = by_key[(opd.pk, "1.02.02.2.01.0001", "5.1.02.04.01.0001")]
    assert (dropped["sesudah"], dropped["selisih"], dropped["status"]) == (
        Decimal(0),
        Decimal("-110000.00"),
        "dropped",
    )
    added = by_key[(opd.pk, "1.02.02.2.01.0002", "5.2.02.05.01.0001")]
    assert (added["sebelum"], added["sesudah"], added["status"]) == (
        Decimal(0),
        Decimal("7500000.55"),
        "added",
    )
    assert by_key[(other_opd.pk, "1.02.02.2.01.0001", "5.1.02.01.01.0024")]["status"] == "unchanged"
    assert result.counts == {"added": 1, "dropped": 1, "changed": 1, "unchanged": 1}


def test_differences_reconcile_with_the_totals(stages, finance):
    # given
    rka, apbd = stages
    # when
    result = anggaran_compare(anggaran=apbd, other=rka, user=finance)
    # then
    total = {
        stage: sum(BudgetLine.objects.filter(anggaran=stage).values_list("jumlah", flat=True))
        for stage in stages
    }
    assert result.totals["sebelum"] == total[rka]
    assert result.totals["sesudah"] == total[apbd]
    assert sum(row["selisih"] for row in result.rows) == total[apbd] - total[rka] == result.totals["selisih"]


def test_per_line_comparison_matches_lines_across_stages(stages, finance):
    # given
    rka, apbd = stages
    # when
    result = anggaran_compare(anggaran=apbd, other=rka, user=finance, grain="line")
    # then
    assert sorted(row["status"] for row in result.rows) == ["added", "changed", "dropped", "unchanged"]
    changed = next(row for row in result.rows if row["status"] == "changed")
    assert changed["koefisien"] == "12 Rim"
    assert changed["selisih"] == Decimal("110000.00")


def test_an_opd_user_compares_only_its_own_lines(stages, make_user, opd):
    # given
    rka, apbd = stages
    # when
    result = anggaran_compare(
        anggaran=apbd, other=rka, user=make_user(Role.OPD_FINANCE, perangkat_daerah=opd)
    )
    # then
    assert {row["perangkat_daerah"] for row in result.rows} == {opd.pk}


def test_comparison_narrows_to_an_opd_and_jenis(stages, finance, other_opd):
    rka, apbd = stages
    result = anggaran_compare(anggaran=apbd, other=rka, user=finance, opd=other_opd.pk, jenis="belanja")
    assert [row["status"] for row in result.rows] == ["unchanged"]
