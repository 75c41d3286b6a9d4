from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import BudgetLine, PergeseranLingkup, PergeseranStatus, Tahap
from budgeting.selectors import anggaran_compare
from budgeting.services import (
    ItemChange,
    anggaran_close,
    budget_line_create,
    pergeseran_apply,
    pergeseran_approve,
    pergeseran_create,
    pergeseran_update,
)
from config.api import Conflict
from organisation.models import Role
from tests.budgeting.factories import AnggaranFactory


@pytest.fixture
def dpa(pemda, finance, line_fields, ref, opd, other_opd):
    stage = AnggaranFactory(pemda=pemda, tahap=Tahap.DPA)
    lines = {
        "atk": budget_line_create(user=finance, anggaran=stage, **line_fields()),  # 10 × 55,000
        "perjalanan": budget_line_create(user=finance, anggaran=stage, **line_fields(
            akun=ref.perjalanan, volume_1=Decimal(2), harga_satuan=Decimal("1000000"))),
        "other_sub": budget_line_create(user=finance, anggaran=stage, **line_fields(sub_kegiatan=ref.sub_kegiatan_2)),
        "other_opd": budget_line_create(user=finance, anggaran=stage, **line_fields(perangkat_daerah=other_opd)),
    }  # fmt: skip
    return stage, lines


@pytest.fixture
def bendahara(make_user, opd):
    return make_user(Role.OPD_FINANCE, perangkat_daerah=opd)


def test_a_shift_within_a_sub_kegiatan_is_approved_by_the_opd_finance_officer(dpa, bendahara):
    # given: ATK +110,000 (12 rim), perjalanan −110,000
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="Kebutuhan ATK", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("945000")),
    ])  # fmt: skip
    # when
    approved = pergeseran_approve(user=bendahara, pergeseran=shift)
    # then
    assert shift.lingkup == PergeseranLingkup.SUB_KEGIATAN
    assert approved.status == PergeseranStatus.APPROVED
    assert sorted(item.selisih for item in shift.items.all()) == [Decimal("-110000.00"), Decimal("110000.00")]


def test_an_unbalanced_shift_is_refused(dpa, bendahara):
    stage, lines = dpa
    with pytest.raises(ValidationError) as raised:
        pergeseran_create(
            user=bendahara, anggaran=stage, uraian="x", items=[ItemChange(lines["atk"], volume_1=Decimal(12))]
        )
    assert raised.value.error_dict["items"][0].code == "pergeseran_unbalanced"


def test_a_shift_across_sub_kegiatan_needs_tapd(dpa, bendahara, finance):
    # given
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_sub"], volume_1=Decimal(8)),
    ])  # fmt: skip
    # when / then
    assert shift.lingkup == PergeseranLingkup.OPD
    with pytest.raises(PermissionDenied):
        pergeseran_approve(user=bendahara, pergeseran=shift)
    assert pergeseran_approve(user=finance, pergeseran=shift).status == PergeseranStatus.APPROVED


def test_an_opd_officer_cannot_shift_another_opds_lines(dpa, bendahara):
    stage, lines = dpa
    with pytest.raises(PermissionDenied):
        pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
            ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_opd"], volume_1=Decimal(8)),
        ])  # fmt: skip


def test_a_shift_across_opds_is_tapds(dpa, finance):
    stage, lines = dpa
    shift = pergeseran_create(user=finance, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_opd"], volume_1=Decimal(8)),
    ])  # fmt: skip
    assert (shift.lingkup, shift.perangkat_daerah) == (PergeseranLingkup.ANTAR_OPD, None)


def test_applying_produces_the_next_stage_with_the_shift_and_a_dppa_view(dpa, bendahara, finance):
    # given
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("945000")),
    ])  # fmt: skip
    pergeseran_approve(user=bendahara, pergeseran=shift)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=shift)
    # then
    assert (result.tahap, result.nomor, result.sumber) == (Tahap.PERGESERAN, 1, stage)
    shifted = BudgetLine.objects.get(anggaran=result, kunci=lines["atk"].kunci)
    assert (shifted.jumlah, shifted.koefisien) == (Decimal("660000.00"), "12 Rim")
    view = anggaran_compare(anggaran=result, other=stage, user=finance, grain="line")
    changes = sorted(
        (row["sebelum"], row["sesudah"], row["selisih"]) for row in view.rows if row["status"] == "changed"
    )
    assert changes == [
        (Decimal("550000.00"), Decimal("660000.00"), Decimal("110000.00")),
        (Decimal("2000000.00"), Decimal("1890000.00"), Decimal("-110000.00")),
    ]
    assert view.totals["selisih"] == 0
    shift.refresh_from_db()
    assert (shift.status, shift.hasil) == (PergeseranStatus.APPLIED, result)


def test_apply_needs_approval_a_closed_source_and_tapd(dpa, bendahara, finance):
    # given
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("945000")),
    ])  # fmt: skip
    # then
    with pytest.raises(Conflict):
        pergeseran_apply(user=finance, pergeseran=shift)
    pergeseran_approve(user=bendahara, pergeseran=shift)
    with pytest.raises(PermissionDenied):
        pergeseran_apply(user=bendahara, pergeseran=shift)
    with pytest.raises(Conflict) as raised:
        pergeseran_apply(user=finance, pergeseran=shift)
    assert raised.value.get_codes() == "stage_open"


def test_an_approved_shift_cannot_be_edited(dpa, bendahara):
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("945000")),
    ])  # fmt: skip
    pergeseran_approve(user=bendahara, pergeseran=shift)
    with pytest.raises(Conflict):
        pergeseran_update(user=bendahara, pergeseran=shift, uraian="baru")


def test_apbd_p_may_change_the_total_and_is_tapds(dpa, bendahara, finance):
    # given
    stage, lines = dpa
    with pytest.raises(PermissionDenied):
        pergeseran_create(
            user=bendahara,
            anggaran=stage,
            uraian="x",
            jenis="apbd_p",
            items=[ItemChange(lines["atk"], volume_1=Decimal(20))],
        )
    change = pergeseran_create(
        user=finance,
        anggaran=stage,
        uraian="APBD-P",
        jenis="apbd_p",
        items=[ItemChange(lines["atk"], volume_1=Decimal(20))],
    )
    pergeseran_approve(user=finance, pergeseran=change)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=change)
    # then
    assert result.tahap == Tahap.APBD_P
    assert anggaran_compare(anggaran=result, other=stage, user=finance).totals["selisih"] == Decimal(
        "550000.00"
    )
