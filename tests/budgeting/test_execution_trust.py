"""The executed budget and its realization cannot be bent: a DPA line changes only through a pergeseran, a return
never exceeds what a line has realized, the last editor of a pergeseran never approves it, and a closed month's
physical progress stays as it was closed."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgeting.models import (
    Anggaran,
    BudgetLine,
    Realisasi,
    RealisasiBulanan,
    RealisasiFisik,
    RealisasiJenis,
    Tahap,
)
from budgeting.services import (
    ItemChange,
    anggaran_close,
    anggaran_copy_to_next,
    budget_line_create,
    budget_line_delete,
    budget_line_update,
    pergeseran_approve,
    pergeseran_create,
    pergeseran_update,
    realisasi_bulk_insert,
    realisasi_fisik_save,
    realisasi_periode_close,
    realisasi_post,
    realisasi_total,
    realisasi_void,
)
from config.errors import Conflict, Forbidden
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory

MARCH = datetime.date(TAHUN, 3, 15)


@pytest.fixture
def dpa(pemda, finance, line_fields, ref):
    """A DPA born the regular way: lines made in the APBD, which is closed and copied."""
    apbd = AnggaranFactory(pemda=pemda, tahap=Tahap.APBD)
    budget_line_create(user=finance, anggaran=apbd, **line_fields())  # 10 × 55,000
    budget_line_create(
        user=finance, anggaran=apbd, **line_fields(akun=ref.perjalanan, harga_satuan=Decimal("100000"))
    )
    anggaran_close(user=finance, anggaran=apbd)
    return anggaran_copy_to_next(user=finance, anggaran=apbd)


@pytest.fixture
def line(dpa):
    return BudgetLine.objects.filter(anggaran=dpa).order_by("pk").first()


@pytest.fixture
def planner(make_user):
    return make_user(Role.OPD_PLANNER)


def post(user, line, nomor, jumlah, jenis=RealisasiJenis.SP2D_LS, tanggal=MARCH):
    return realisasi_post(
        user=user,
        budget_line=line.pk,
        tanggal=tanggal,
        jenis=jenis,
        nomor_dokumen=nomor,
        jumlah=Decimal(jumlah),
    )


# ---------------------------------------------------------------- finding 1: the executed budget


def test_a_dpa_line_is_not_repriced_created_or_deleted_outside_a_pergeseran(dpa, line, planner, line_fields):
    # given
    before = BudgetLine.objects.get(pk=line.pk).jumlah
    # when / then
    for write in (
        lambda: budget_line_update(user=planner, instance=line, volume_1=Decimal("0.0001")),
        lambda: budget_line_create(user=planner, anggaran=dpa, **line_fields()),
        lambda: budget_line_delete(user=planner, instance=line),
    ):
        with pytest.raises(Conflict) as refused:
            write()
        assert refused.value.code == "execution_stage"
    assert BudgetLine.objects.get(pk=line.pk).jumlah == before
    assert BudgetLine.objects.filter(anggaran=dpa).count() == 2


def test_a_dpa_line_description_may_still_be_corrected(line, planner):
    # when
    updated = budget_line_update(user=planner, instance=line, keterangan="koreksi uraian")
    # then
    assert BudgetLine.objects.get(pk=updated.pk).keterangan == "koreksi uraian"


def test_the_api_answers_409_to_a_patch_of_a_dpa_line(line, planner, client_for):
    # when
    response = client_for(planner).patch(
        f"/api/budget-lines/{line.pk}/", {"volume_1": "0.0001"}, format="json"
    )
    # then
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "execution_stage"
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("550000.00")


def copy_of(pk):
    line = BudgetLine.objects.get(pk=pk)
    line.pk, line.kunci = None, uuid.uuid4()
    return line


@pytest.mark.parametrize(
    "write",
    [
        lambda stage, pk: BudgetLine.objects.filter(pk=pk).update(
            volume_1=Decimal("0.0001"), jumlah=Decimal(1)
        ),
        lambda stage, pk: BudgetLine.objects.filter(pk=pk).delete(),
        lambda stage, pk: BudgetLine.objects.bulk_create([copy_of(pk)]),
    ],
    ids=["bulk update", "delete", "bulk insert"],
)
def test_the_database_refuses_direct_writes_to_dpa_lines(dpa, line, write):
    # when / then
    with pytest.raises(IntegrityError, match="execution_stage"), transaction.atomic():
        write(dpa, line.pk)
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("550000.00")


def test_no_line_goes_below_what_it_realized_in_an_earlier_stage_reopened(dpa, line, finance, pemda):
    # given: Rp 500,000 realized on the DPA line; its APBD line (same kunci) is reopened and edited
    post(finance, line, "SP2D-1", "500000")
    apbd = Anggaran.objects.get(pk=dpa.sumber_id)
    Anggaran.objects.filter(pk=apbd.pk).update(status="open")
    apbd_line = BudgetLine.objects.get(anggaran=apbd, kunci=line.kunci)
    # when / then
    with pytest.raises(ValidationError) as refused:
        budget_line_update(user=finance, instance=apbd_line, volume_1=Decimal("1"))
    assert refused.value.error_dict["jumlah"][0].code == "below_realisasi"


# ---------------------------------------------------------------- finding 2: returns are bounded


def test_a_return_above_the_net_realization_is_refused_and_the_ceiling_holds(line, make_user):
    # given: the OPD's bendahara has paid Rp 100,000 on a Rp 550,000 line
    bendahara = make_user(Role.OPD_FINANCE)
    post(bendahara, line, "SP2D-1", "100000")
    # when
    with pytest.raises(ValidationError) as refused:
        post(bendahara, line, "STS-1", "99999999999999999.99", jenis=RealisasiJenis.PENGEMBALIAN)
    # then
    assert refused.value.error_dict["jumlah"][0].code == "pengembalian_melebihi_realisasi"
    assert realisasi_total(budget_line_id=line.pk) == Decimal("100000.00")
    assert Realisasi.objects.count() == 1
    with pytest.raises(ValidationError) as over:
        post(bendahara, line, "SPJ-1", "400000000", jenis=RealisasiJenis.SPJ_GU)
    assert over.value.error_dict["jumlah"][0].code == "over_dpa"
    # the whole net realization may be returned
    post(bendahara, line, "STS-2", "100000", jenis=RealisasiJenis.PENGEMBALIAN)
    assert realisasi_total(budget_line_id=line.pk) == Decimal("0.00")


def test_voiding_a_payment_that_a_return_offsets_is_refused(line, finance):
    # given: Rp 100,000 paid, Rp 60,000 returned
    payment = post(finance, line, "SP2D-1", "100000")
    post(finance, line, "STS-1", "60000", jenis=RealisasiJenis.PENGEMBALIAN)
    # when
    with pytest.raises(ValidationError) as refused:
        realisasi_void(user=finance, realisasi=payment, alasan="salah rincian")
    # then
    assert refused.value.error_dict["jumlah"][0].code == "pembatalan_melebihi_realisasi"
    assert realisasi_total(budget_line_id=line.pk) == Decimal("40000.00")
    assert not Realisasi.objects.get(pk=payment.pk).is_void


def test_a_return_counts_what_the_line_realized_before_a_shift(dpa, line, finance):
    # given: Rp 100,000 paid on the DPA, which is then copied into PERGESERAN 1 (same kunci)
    post(finance, line, "SP2D-1", "100000")
    anggaran_close(user=finance, anggaran=dpa)
    shifted = anggaran_copy_to_next(user=finance, anggaran=dpa)
    current = BudgetLine.objects.get(anggaran=shifted, kunci=line.kunci)
    # when: a return of the whole on the current line passes, a sen more does not
    with pytest.raises(ValidationError):
        post(finance, current, "STS-1", "100000.01", jenis=RealisasiJenis.PENGEMBALIAN)
    post(finance, current, "STS-2", "100000", jenis=RealisasiJenis.PENGEMBALIAN)
    # then
    assert (
        sum(RealisasiBulanan.objects.filter(budget_line__kunci=line.kunci).values_list("jumlah", flat=True))
        == 0
    )


def test_a_bulk_insert_of_returns_beyond_the_realization_writes_nothing(line, finance):
    # given
    post(finance, line, "SP2D-1", "100000")
    rows = [
        (line.pemda_id, line.anggaran_id, line.perangkat_daerah_id, line.pk, MARCH, RealisasiJenis.SP2D_LS,
         "SP2D-2", Decimal("50000"), "", False, finance.pk),
        (line.pemda_id, line.anggaran_id, line.perangkat_daerah_id, line.pk, MARCH, RealisasiJenis.PENGEMBALIAN,
         "STS-1", Decimal("-150000.01"), "", False, finance.pk),
    ]  # fmt: skip
    # when
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        realisasi_bulk_insert(rows)
    # then
    assert refused.value.error_dict["jumlah"][0].code == "pengembalian_melebihi_realisasi"
    assert realisasi_total(budget_line_id=line.pk) == Decimal("100000.00")
    assert Realisasi.objects.count() == 1


# ---------------------------------------------------------------- finding 9: maker-checker on pergeseran


def test_whoever_last_changed_the_uraian_of_a_pergeseran_cannot_approve_it(dpa, finance, make_user):
    # given: one TAPD member drafts, a second one only rewrites its uraian
    tapd = make_user(Role.FINANCE)
    atk, trip = BudgetLine.objects.filter(anggaran=dpa).order_by("pk")
    anggaran_close(user=finance, anggaran=dpa)
    draft = pergeseran_create(user=finance, anggaran=dpa, uraian="Kebutuhan ATK", items=[
        ItemChange(atk, volume_1=Decimal(11)),
        ItemChange(trip, harga_satuan=Decimal("94500")),
    ])  # fmt: skip
    pergeseran_update(user=tapd, instance=draft, uraian="Kebutuhan ATK (diperbaiki)")
    # when / then
    with pytest.raises(Forbidden):
        pergeseran_approve(user=tapd, pergeseran=draft)
    approved = pergeseran_approve(user=make_user(Role.FINANCE), pergeseran=draft)
    assert approved.status == "approved"


# ---------------------------------------------------------------- finding 11: realisasi fisik of a closed month


@pytest.fixture
def fisik(pemda, opd, make_user):
    DpaLineFactory(anggaran=AnggaranFactory(pemda=pemda, tahap=Tahap.DPA), perangkat_daerah=opd)
    officer = make_user(Role.OPD_FINANCE)
    row = realisasi_fisik_save(
        user=officer, perangkat_daerah=opd, tahun=TAHUN, sub_kegiatan_kode="1.02.02.2.01.0001", bulan=3,
        persen=Decimal("40"),
    )  # fmt: skip
    return officer, row


def test_realisasi_fisik_of_a_closed_month_is_refused_by_service_and_api(fisik, finance, opd, client_for):
    # given
    officer, row = fisik
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3, alasan="tutup buku Maret")
    # when / then
    with pytest.raises(Conflict) as refused:
        realisasi_fisik_save(user=officer, instance=row, persen=Decimal("90"))
    assert refused.value.code == "period_closed"
    response = client_for(officer).patch(f"/api/realisasi-fisik/{row.pk}/", {"persen": "90"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "period_closed"
    with pytest.raises(Conflict):
        realisasi_fisik_save(
            user=officer, perangkat_daerah=opd, tahun=TAHUN, sub_kegiatan_kode=row.sub_kegiatan_kode, bulan=3,
            persen=Decimal("50"),
        )  # fmt: skip
    assert RealisasiFisik.objects.get(pk=row.pk).persen == Decimal("40.00")


def test_the_database_refuses_realisasi_fisik_of_a_closed_month(fisik, finance):
    # given
    _, row = fisik
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    # when / then
    with pytest.raises(IntegrityError, match="period_closed"), transaction.atomic():
        RealisasiFisik.objects.filter(pk=row.pk).update(persen=Decimal("90"))
    with pytest.raises(IntegrityError, match="period_closed"), transaction.atomic():
        RealisasiFisik.objects.filter(pk=row.pk).delete()
    assert RealisasiFisik.objects.get(pk=row.pk).persen == Decimal("40.00")
