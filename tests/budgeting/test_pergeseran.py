import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from budgeting.models import (
    Anggaran,
    BudgetLine,
    BudgetLineEvent,
    PergeseranLingkup,
    PergeseranStatus,
    PlafonMode,
    Realisasi,
    RealisasiJenis,
    Tahap,
)
from budgeting.selectors import anggaran_compare
from budgeting.services import (
    ItemChange,
    anggaran_close,
    anggaran_copy_to_next,
    anggaran_kas_spread,
    budget_line_create,
    pergeseran_apply,
    pergeseran_approve,
    pergeseran_create,
    pergeseran_update,
    realisasi_post,
)
from config.errors import Conflict, Forbidden
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, PlafonFactory, StandarHargaFactory


def dpa_with(user, pemda, **lines):
    """A DPA copied from a closed APBD holding `lines` (name → fields): the way a DPA's lines are born."""
    apbd = AnggaranFactory(pemda=pemda, tahap=Tahap.APBD)
    made = {name: budget_line_create(user=user, anggaran=apbd, **fields) for name, fields in lines.items()}
    anggaran_close(user=user, anggaran=apbd)
    stage = anggaran_copy_to_next(user=user, anggaran=apbd)
    copies = {line.kunci: line for line in BudgetLine.objects.filter(anggaran=stage)}
    return stage, {name: copies[line.kunci] for name, line in made.items()}


@pytest.fixture
def dpa(pemda, finance, line_fields, ref, opd, other_opd):
    return dpa_with(finance, pemda,
        atk=line_fields(),  # 10 × 55,000
        perjalanan=line_fields(akun=ref.perjalanan, volume_1=Decimal(2), harga_satuan=Decimal("1000000")),
        other_sub=line_fields(sub_kegiatan=ref.sub_kegiatan_2),
        other_opd=line_fields(perangkat_daerah=other_opd),
    )  # fmt: skip


@pytest.fixture
def bendahara(make_user, opd):
    return make_user(Role.OPD_FINANCE, perangkat_daerah=opd)


@pytest.fixture
def bendahara_2(make_user, opd):
    """A second finance officer of the same OPD: the checker of what `bendahara` makes."""
    return make_user(Role.OPD_FINANCE, perangkat_daerah=opd)


@pytest.fixture
def tapd(make_user):
    """A second TAPD member: the checker of what `finance` makes."""
    return make_user(Role.FINANCE)


def balanced_shift(user, stage, lines, **kwargs):
    """ATK +110,000 (12 rim), perjalanan −110,000 (harga 945,000)."""
    return pergeseran_create(user=user, anggaran=stage, uraian="Kebutuhan ATK", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("945000")),
    ], **kwargs)  # fmt: skip


def post(user, line, nomor, jumlah):
    return realisasi_post(
        user=user,
        budget_line=line.pk,
        tanggal=datetime.date(TAHUN, 3, 15),
        jenis=RealisasiJenis.SP2D_LS,
        nomor_dokumen=nomor,
        jumlah=Decimal(jumlah),
    )


def new_line(ref, opd, **overrides):
    """A new belanja line of 2 Unit × 450,450.45 + PPN 11% = 999,999.999 → Rp 1,000,000.00."""
    return ItemChange(**{
        "perangkat_daerah": opd, "sub_kegiatan": ref.sub_kegiatan, "akun": ref.modal, "sumber_dana": ref.dau,
        "komponen": "Mesin ketik manual", "volume_1": Decimal(2), "satuan_1": "Unit",
        "harga_satuan": Decimal("450450.45"), "ppn": Decimal(11), **overrides,
    })  # fmt: skip


# ---------------------------------------------------------------- approval and reach


def test_a_shift_within_a_sub_kegiatan_is_approved_by_the_opd_finance_officer(dpa, bendahara, bendahara_2):
    # given: ATK +110,000 (12 rim), perjalanan −110,000
    stage, lines = dpa
    shift = balanced_shift(bendahara, stage, lines)
    # when
    approved = pergeseran_approve(user=bendahara_2, pergeseran=shift)
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


def test_a_shift_across_sub_kegiatan_needs_tapd(dpa, bendahara, bendahara_2, finance):
    # given
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_sub"], volume_1=Decimal(8)),
    ])  # fmt: skip
    # when / then
    assert shift.lingkup == PergeseranLingkup.OPD
    with pytest.raises(PermissionDenied):
        pergeseran_approve(user=bendahara_2, pergeseran=shift)
    assert pergeseran_approve(user=finance, pergeseran=shift).status == PergeseranStatus.APPROVED


def test_an_opd_officer_cannot_shift_another_opds_lines(dpa, bendahara, ref, other_opd):
    stage, lines = dpa
    with pytest.raises(PermissionDenied):
        pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
            ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_opd"], volume_1=Decimal(8)),
        ])  # fmt: skip
    with pytest.raises(PermissionDenied):  # nor add a line to another OPD
        pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
            ItemChange(lines["perjalanan"], volume_1=Decimal(1)), new_line(ref, other_opd),
        ])  # fmt: skip


def test_a_shift_across_opds_is_approved_by_tapd_only(dpa, finance, tapd, make_user, other_opd):
    # given
    stage, lines = dpa
    shift = pergeseran_create(user=finance, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)), ItemChange(lines["other_opd"], volume_1=Decimal(8)),
    ])  # fmt: skip
    assert (shift.lingkup, shift.perangkat_daerah) == (PergeseranLingkup.ANTAR_OPD, None)
    # when / then: neither OPD's finance officer may approve it, another TAPD member may
    for unit in (shift.items.first().perangkat_daerah, other_opd):
        with pytest.raises(PermissionDenied):
            pergeseran_approve(user=make_user(Role.OPD_FINANCE, perangkat_daerah=unit), pergeseran=shift)
    assert pergeseran_approve(user=tapd, pergeseran=shift).status == PergeseranStatus.APPROVED


def test_the_maker_cannot_approve_their_own_shift(dpa, bendahara, bendahara_2, finance):
    # given: made by one officer, its items changed by another
    stage, lines = dpa
    shift = balanced_shift(bendahara, stage, lines)
    # when / then
    with pytest.raises(Forbidden) as raised:
        pergeseran_approve(user=bendahara, pergeseran=shift)
    assert raised.value.code == "maker_checker"
    pergeseran_update(user=bendahara_2, instance=shift, items=[
        ItemChange(lines["atk"], volume_1=Decimal(11)), ItemChange(lines["perjalanan"], harga_satuan=Decimal("972500")),
    ])  # fmt: skip
    with pytest.raises(Forbidden):
        pergeseran_approve(user=bendahara_2, pergeseran=shift)
    shift.refresh_from_db()
    assert shift.status == PergeseranStatus.DRAFT
    assert pergeseran_approve(user=finance, pergeseran=shift).approved_by == finance


# ---------------------------------------------------------------- applying


def test_applying_produces_the_next_stage_with_the_shift_and_a_dppa_view(
    dpa, bendahara, bendahara_2, finance
):
    # given
    stage, lines = dpa
    shift = balanced_shift(bendahara, stage, lines)
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
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


def test_apply_needs_approval_a_closed_source_and_tapd(dpa, bendahara, bendahara_2, finance):
    # given
    stage, lines = dpa
    shift = balanced_shift(bendahara, stage, lines)
    # then
    with pytest.raises(Conflict):
        pergeseran_apply(user=finance, pergeseran=shift)
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    with pytest.raises(PermissionDenied):
        pergeseran_apply(user=bendahara, pergeseran=shift)
    with pytest.raises(Conflict) as raised:
        pergeseran_apply(user=finance, pergeseran=shift)
    assert raised.value.code == "stage_open"


def test_an_approved_shift_cannot_be_edited(dpa, bendahara, bendahara_2):
    stage, lines = dpa
    shift = balanced_shift(bendahara, stage, lines)
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    with pytest.raises(Conflict):
        pergeseran_update(user=bendahara, instance=shift, uraian="baru")


def test_apbd_p_may_change_the_total_and_is_tapds(dpa, bendahara, finance, tapd):
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
    pergeseran_approve(user=tapd, pergeseran=change)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=change)
    # then
    assert result.tahap == Tahap.APBD_P
    assert anggaran_compare(anggaran=result, other=stage, user=finance).totals["selisih"] == Decimal(
        "550000.00"
    )


def test_apbd_p_may_zero_a_line(dpa, finance, tapd):
    # given
    stage, lines = dpa
    change = pergeseran_create(
        user=finance, anggaran=stage, uraian="Dihapus", jenis="apbd_p",
        items=[ItemChange(lines["perjalanan"], volume_1=Decimal(0))],
    )  # fmt: skip
    pergeseran_approve(user=tapd, pergeseran=change)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=change)
    # then: the line stays in the DPPA with nothing on it
    zeroed = BudgetLine.objects.get(anggaran=result, kunci=lines["perjalanan"].kunci)
    assert (zeroed.jumlah, zeroed.koefisien) == (Decimal("0.00"), "0 Rim")


# ---------------------------------------------------------------- new lines


def test_a_shift_may_add_a_line_and_applying_creates_it_with_its_history(
    dpa, bendahara, bendahara_2, finance, ref, opd
):
    # given: perjalanan −1,000,000 (1 × 1,000,000) funds a new line of Rp 1,000,000 in the same sub kegiatan
    stage, lines = dpa
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="Mesin ketik", items=[
        ItemChange(lines["perjalanan"], volume_1=Decimal(1)), new_line(ref, opd),
    ])  # fmt: skip
    added = shift.items.get(budget_line=None)
    assert (added.jumlah_sebelum, added.jumlah_sesudah) == (Decimal(0), Decimal("1000000.00"))
    assert shift.lingkup == PergeseranLingkup.SUB_KEGIATAN
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=shift)
    # then: the line is in the result only, with a kunci of its own and one insert event
    line = BudgetLine.objects.get(anggaran=result, kunci=added.kunci)
    assert not BudgetLine.objects.filter(anggaran=stage, kunci=added.kunci).exists()
    assert (line.komponen, line.koefisien, line.jumlah) == (
        "Mesin ketik manual",
        "2 Unit",
        Decimal("1000000.00"),
    )
    assert (line.akun, line.sub_kegiatan_kode, line.jenis) == (
        ref.modal,
        lines["atk"].sub_kegiatan_kode,
        "belanja",
    )
    assert BudgetLineEvent.objects.filter(pgh_obj_id=line.pk, pgh_label="insert").count() == 1
    view = anggaran_compare(anggaran=result, other=stage, user=finance, grain="line")
    assert [row["kunci"] for row in view.rows if row["status"] == "added"] == [added.kunci]
    assert view.totals["selisih"] == 0


def test_applying_carries_the_cash_plan_and_rebalances_it_from_the_current_month(
    dpa, bendahara, bendahara_2, finance, ref, opd, monkeypatch
):
    # given: every DPA line planned evenly; in July a shift raises ATK to 12 rim, lowers perjalanan, adds a line
    stage, lines = dpa
    anggaran_kas_spread(user=finance, anggaran=stage, bobot=[1] * 12)
    before = {line.kunci: line.anggaran_kas.amounts for line in BudgetLine.objects.filter(anggaran=stage)}
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="ATK dan mesin ketik", items=[
        ItemChange(lines["atk"], volume_1=Decimal(12)),
        ItemChange(lines["perjalanan"], harga_satuan=Decimal("445000")),
        new_line(ref, opd),
    ])  # fmt: skip
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    anggaran_close(user=finance, anggaran=stage)
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(TAHUN, 7, 15))

    # when
    result = pergeseran_apply(user=finance, pergeseran=shift)

    # then: every line of the result has a plan that sums to it; January–June stay as planned where it grew
    plans = {
        line.kunci: (line, line.anggaran_kas.amounts) for line in BudgetLine.objects.filter(anggaran=result)
    }
    assert len(plans) == len(before) + 1
    for kunci, (line, months) in plans.items():
        assert sum(months) == line.jumlah
        if kunci not in before:  # the new line: July–December
            assert months[:6] == [Decimal(0)] * 6
        elif line.jumlah >= sum(before[kunci]):
            assert months[:6] == before[kunci][:6]
    assert plans[lines["other_opd"].kunci][1] == before[lines["other_opd"].kunci]


def test_a_new_line_keeps_its_four_factors_and_its_headings_through_apply(
    dpa, bendahara, bendahara_2, finance, ref, opd
):
    # given: perjalanan −1,000,000 funds 2 Orang × 5 Hari × 2 Kali × 1 Paket × Rp 50,000 = Rp 1,000,000
    stage, lines = dpa
    factors = dict(volume_1=Decimal(2), satuan_1="Orang", volume_2=Decimal(5), satuan_2="Hari",
                   volume_3=Decimal(2), satuan_3="Kali", volume_4=Decimal(1), satuan_4="Paket",
                   harga_satuan=Decimal(50_000), ppn=Decimal(0))  # fmt: skip
    spec = new_line(ref, opd, akun=ref.perjalanan, komponen="Uang harian", kelompok="[#] Monitoring lapangan",
                    keterangan="[-] Kecamatan Utara", **factors)  # fmt: skip
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="Monitoring", items=[
        ItemChange(lines["perjalanan"], volume_1=Decimal(1)), spec,
    ])  # fmt: skip
    added = shift.items.get(budget_line=None)
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    anggaran_close(user=finance, anggaran=stage)

    # when
    line = BudgetLine.objects.get(
        anggaran=pergeseran_apply(user=finance, pergeseran=shift), kunci=added.kunci
    )

    # then
    assert added.jumlah_sesudah == Decimal("1000000.00")
    assert (line.koefisien, line.jumlah) == ("2 Orang x 5 Hari x 2 Kali x 1 Paket", Decimal("1000000.00"))
    assert (line.kelompok, line.keterangan) == ("[#] Monitoring lapangan", "[-] Kecamatan Utara")
    assert (line.volume_3, line.satuan_4) == (Decimal(2), "Paket")


def test_a_change_of_an_existing_line_may_not_name_new_line_fields(dpa, bendahara):
    # given
    stage, lines = dpa

    # when
    with pytest.raises(ValidationError) as refused:
        pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
            ItemChange(lines["atk"], volume_1=Decimal(1), volume_2=Decimal(3)),
        ])  # fmt: skip

    # then
    assert refused.value.error_dict["items"][0].code == "invalid"


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("other_sub_kegiatan", PergeseranLingkup.OPD),
        ("other_opd", PergeseranLingkup.ANTAR_OPD),
    ],
)
def test_a_new_line_counts_for_the_reach_of_the_shift(dpa, finance, ref, other_opd, opd, where, expected):
    # given: the only existing line changed is in the OPD's first sub kegiatan
    stage, lines = dpa
    spec = (
        new_line(ref, opd, sub_kegiatan=ref.sub_kegiatan_2) if where == "other_sub_kegiatan"
        else new_line(ref, other_opd)
    )  # fmt: skip
    # when
    shift = pergeseran_create(user=finance, anggaran=stage, uraian="x", items=[
        ItemChange(lines["perjalanan"], volume_1=Decimal(1)), spec,
    ])  # fmt: skip
    # then
    assert shift.lingkup == expected


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"akun": "akun_level_5"}, "akun_not_level_6"),
        ({"akun": "akun_old"}, "akun_not_in_force"),
        ({"sumber_dana": "dana_old"}, "sumber_dana_not_in_force"),
        ({"sub_kegiatan": "program"}, "not_sub_kegiatan"),
        ({"sumber_dana": None}, "required"),
        ({"standar_harga": "ceiling"}, "price_above_standard"),
        ({"standar_harga": "perjalanan_only"}, "akun_not_allowed"),
    ],
)
def test_a_new_line_is_validated_like_a_line_of_the_stage(dpa, finance, ref, opd, pemda, overrides, code):
    # given: a Rp 450,000 SSH item for any akun, and one allowed for perjalanan only
    stage, lines = dpa
    items = {
        "ceiling": StandarHargaFactory(pemda=pemda, harga=Decimal("450000")),
        "perjalanan_only": StandarHargaFactory(pemda=pemda, harga=Decimal("500000"), akun=[ref.perjalanan]),
    }
    values = {
        name: items[value] if name == "standar_harga" else getattr(ref, value) if value else None
        for name, value in overrides.items()
    }
    # when
    with pytest.raises(ValidationError) as raised:
        pergeseran_create(user=finance, anggaran=stage, uraian="x", items=[
            ItemChange(lines["perjalanan"], volume_1=Decimal(1)), new_line(ref, opd, **values),
        ])  # fmt: skip
    # then
    assert [error.code for error in raised.value.error_dict["items"]] == [code]


def test_a_shift_may_not_raise_a_price_above_its_standard(finance, pemda, line_fields):
    # given: a line priced from a Rp 55,000 SSH item
    item = StandarHargaFactory(pemda=pemda, harga=Decimal("55000"))
    stage, lines = dpa_with(finance, pemda, priced=line_fields(standar_harga=item))
    priced = lines["priced"]
    # when / then
    with pytest.raises(ValidationError) as raised:
        pergeseran_create(user=finance, anggaran=stage, uraian="x", jenis="apbd_p", items=[
            ItemChange(priced, harga_satuan=Decimal("60000")),
        ])  # fmt: skip
    assert raised.value.error_dict["items"][0].code == "price_above_standard"


# ---------------------------------------------------------------- realization guard


def test_a_shift_may_not_lower_a_line_below_its_realisasi(dpa, bendahara, finance):
    # given: Rp 300,000 of the ATK line's Rp 550,000 is realized
    stage, lines = dpa
    post(finance, lines["atk"], "SP2D-1", "300000")
    # when: lowering it to 5 rim (275,000) is refused, to 6 rim (330,000) accepted
    with pytest.raises(ValidationError) as raised:
        pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
            ItemChange(lines["atk"], volume_1=Decimal(5)), ItemChange(lines["perjalanan"], harga_satuan=Decimal("1137500")),
        ])  # fmt: skip
    accepted = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(6)), ItemChange(lines["perjalanan"], harga_satuan=Decimal("1110000")),
    ])  # fmt: skip
    # then: the refusal names the line
    errors = raised.value.error_dict["items"]
    assert [error.code for error in errors] == ["below_realisasi"]
    assert f"Rincian {lines['atk'].pk} " in errors[0].message
    assert accepted.status == PergeseranStatus.DRAFT


def test_realisasi_after_approval_is_checked_again_at_apply(dpa, bendahara, bendahara_2, finance):
    # given: lowered to 330,000 with 300,000 realized, approved; then 100,000 more is realized
    stage, lines = dpa
    post(finance, lines["atk"], "SP2D-1", "300000")
    shift = pergeseran_create(user=bendahara, anggaran=stage, uraian="x", items=[
        ItemChange(lines["atk"], volume_1=Decimal(6)), ItemChange(lines["perjalanan"], harga_satuan=Decimal("1110000")),
    ])  # fmt: skip
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    post(finance, lines["atk"], "SP2D-2", "100000")
    anggaran_close(user=finance, anggaran=stage)
    # when
    with pytest.raises(Conflict) as raised:
        pergeseran_apply(user=finance, pergeseran=shift)
    # then: nothing was produced
    assert raised.value.code == "below_realisasi"
    assert str(lines["atk"].pk) in raised.value.message
    assert not Anggaran.objects.filter(sumber=stage).exists()
    shift.refresh_from_db()
    assert (shift.status, shift.hasil) == (PergeseranStatus.APPROVED, None)


def test_realisasi_counts_over_every_stage_of_the_line(dpa, bendahara, bendahara_2, finance):
    # given: 300,000 realized on the DPA's ATK line, then (after pergeseran 1: 660,000) 200,000 on its DPPA line
    stage, lines = dpa
    post(finance, lines["atk"], "SP2D-1", "300000")
    first = balanced_shift(bendahara, stage, lines)
    pergeseran_approve(user=bendahara_2, pergeseran=first)
    anggaran_close(user=finance, anggaran=stage)
    dppa = pergeseran_apply(user=finance, pergeseran=first)
    atk, perjalanan = (
        BudgetLine.objects.get(anggaran=dppa, kunci=lines[n].kunci) for n in ("atk", "perjalanan")
    )
    post(finance, atk, "SP2D-2", "200000")
    # when: 9 rim (495,000) is below the 500,000 realized over both stages, though above each part
    with pytest.raises(ValidationError) as raised:
        pergeseran_create(user=bendahara, anggaran=dppa, uraian="x", items=[
            ItemChange(atk, volume_1=Decimal(9)), ItemChange(perjalanan, harga_satuan=Decimal("1027500")),
        ])  # fmt: skip
    # then
    assert raised.value.error_dict["items"][0].code == "below_realisasi"
    assert pergeseran_create(user=bendahara, anggaran=dppa, uraian="x", items=[
        ItemChange(atk, volume_1=Decimal(10)), ItemChange(perjalanan, harga_satuan=Decimal("1000000")),
    ])  # fmt: skip


def test_after_a_shift_realisasi_goes_to_the_dppa_line_and_counts_the_dpa_part(
    dpa, bendahara, bendahara_2, finance
):
    # given: 300,000 realized on the DPA's ATK line (550,000), then a shift to 12 rim (660,000) applied
    stage, lines = dpa
    post(finance, lines["atk"], "SP2D-1", "300000")
    shift = balanced_shift(bendahara, stage, lines)
    pergeseran_approve(user=bendahara_2, pergeseran=shift)
    anggaran_close(user=finance, anggaran=stage)
    dppa = pergeseran_apply(user=finance, pergeseran=shift)
    atk = BudgetLine.objects.get(anggaran=dppa, kunci=lines["atk"].kunci)
    # when / then: the superseded DPA line takes no more posts
    with pytest.raises(Conflict) as superseded:
        post(finance, lines["atk"], "SP2D-2", "1000")
    assert superseded.value.code == "stage_superseded"
    # when / then: the DPPA line's 660,000 holds 300,000 already, so 360,001 is over and 360,000 fits
    with pytest.raises(ValidationError) as over:
        post(finance, atk, "SP2D-3", "360001")
    assert over.value.error_dict["jumlah"][0].code == "over_dpa"
    post(finance, atk, "SP2D-4", "360000")
    assert (
        Realisasi.objects.filter(budget_line__kunci=atk.kunci).aggregate(total=Sum("jumlah"))["total"]
        == 660_000
    )


# ---------------------------------------------------------------- ceilings at apply


@pytest.mark.parametrize("mode", [PlafonMode.REFUSE, PlafonMode.WARN])
def test_apbd_p_is_checked_against_the_ceilings_of_its_result(dpa, finance, tapd, opd, mode):
    # given: the OPD's belanja is 3,100,000 under a 3,200,000 ceiling; APBD-P adds 550,000 to ATK
    stage, lines = dpa
    PlafonFactory(anggaran=stage, perangkat_daerah=opd, jumlah=Decimal("3200000"), mode=mode)
    change = pergeseran_create(user=finance, anggaran=stage, uraian="APBD-P", jenis="apbd_p", items=[
        ItemChange(lines["atk"], volume_1=Decimal(20)), ItemChange(lines["other_sub"], volume_1=Decimal(9)),
    ])  # fmt: skip
    pergeseran_approve(user=tapd, pergeseran=change)
    anggaran_close(user=finance, anggaran=stage)
    if mode == PlafonMode.REFUSE:
        # when / then: refused, and nothing is created
        with pytest.raises(Conflict) as raised:
            pergeseran_apply(user=finance, pergeseran=change)
        assert raised.value.code == "plafon_exceeded"
        assert not Anggaran.objects.filter(sumber=stage).exists()
        change.refresh_from_db()
        assert change.status == PergeseranStatus.APPROVED
    else:
        # when / then: applied; the line that grew is flagged, the one that shrank and the others are not
        result = pergeseran_apply(user=finance, pergeseran=change)
        flagged = set(
            BudgetLine.objects.filter(anggaran=result, melebihi_plafon=True).values_list("kunci", flat=True)
        )
        assert flagged == {lines["atk"].kunci}


def test_a_ceiling_already_exceeded_in_the_source_does_not_block_a_cut(dpa, finance, tapd, opd):
    # given: a refuse ceiling the DPA already exceeds; APBD-P lowers the OPD's belanja
    stage, lines = dpa
    PlafonFactory(anggaran=stage, perangkat_daerah=opd, jumlah=Decimal("1000000"), mode=PlafonMode.REFUSE)
    change = pergeseran_create(user=finance, anggaran=stage, uraian="Hemat", jenis="apbd_p", items=[
        ItemChange(lines["atk"], volume_1=Decimal(5)),
    ])  # fmt: skip
    pergeseran_approve(user=tapd, pergeseran=change)
    anggaran_close(user=finance, anggaran=stage)
    # when
    result = pergeseran_apply(user=finance, pergeseran=change)
    # then
    assert BudgetLine.objects.get(anggaran=result, kunci=lines["atk"].kunci).jumlah == Decimal("275000.00")


# ---------------------------------------------------------------- API


def test_the_api_adds_a_line_and_enforces_maker_checker(dpa, bendahara, bendahara_2, client_for, ref, opd):
    # given
    stage, lines = dpa
    body = {
        "anggaran": stage.pk,
        "uraian": "Mesin ketik",
        "items": [
            {"budget_line": lines["perjalanan"].pk, "volume_1": "1"},
            {
                "perangkat_daerah": opd.pk, "sub_kegiatan": ref.sub_kegiatan.pk, "akun": ref.modal.pk,
                "sumber_dana": ref.dau.pk, "komponen": "Mesin ketik", "volume_1": "2", "satuan_1": "Unit",
                "harga_satuan": "500000",
            },
        ],
    }  # fmt: skip
    maker, checker = client_for(bendahara), client_for(bendahara_2)
    # when
    created = maker.post("/api/pergeseran/", body, format="json")
    by_maker = maker.post(f"/api/pergeseran/{created.json()['id']}/approve/")
    by_checker = checker.post(f"/api/pergeseran/{created.json()['id']}/approve/")
    # then
    assert created.status_code == 201, created.json()
    added = next(item for item in created.json()["items"] if item["budget_line"] is None)
    assert (added["jumlah_sebelum"], added["jumlah_sesudah"], added["kunci"] is not None) == (
        "0.00", "1000000.00", True
    )  # fmt: skip
    assert created.json()["created_by"] == bendahara.pk
    assert (by_maker.status_code, by_maker.json()["code"]) == (403, "maker_checker")
    assert (by_checker.status_code, by_checker.json()["status"]) == (200, "approved")


def test_the_api_refuses_a_cut_below_realisasi_and_a_malformed_item(dpa, bendahara, finance, client_for):
    # given
    stage, lines = dpa
    post(finance, lines["atk"], "SP2D-1", "300000")
    client = client_for(bendahara)

    def create(items):
        return client.post(
            "/api/pergeseran/", {"anggaran": stage.pk, "uraian": "x", "items": items}, format="json"
        )

    # when
    below = create([
        {"budget_line": lines["atk"].pk, "volume_1": "5"},
        {"budget_line": lines["perjalanan"].pk, "harga_satuan": "1137500"},
    ])  # fmt: skip
    mixed = create([
        {"budget_line": lines["atk"].pk, "volume_1": "12", "akun": lines["perjalanan"].akun_id},
        {"budget_line": lines["perjalanan"].pk, "harga_satuan": "945000"},
    ])  # fmt: skip
    # then
    assert below.status_code == 400
    assert len(below.json()["items"]) == 1
    assert f"Rincian {lines['atk'].pk} " in below.json()["items"][0]
    assert mixed.status_code == 400
    assert "volume_1 dan/atau harga_satuan" in mixed.json()["items"][0]
