"""Receipts: pendapatan and penerimaan pembiayaan are realized by STS / bukti penerimaan, with no DPA ceiling; a
refund is negative; each side takes only its own documents, posted or imported."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgeting.importers import realisasi_import
from budgeting.models import LineJenis, Realisasi, RealisasiJenis, Tahap
from budgeting.services import realisasi_post, realisasi_total, realisasi_void
from config.tabular import ImportRejected
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory
from tests.factories import AkunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def retribusi(dpa, opd):
    """A pendapatan line: retribusi targeted at Rp 1,000,000."""
    akun = AkunFactory(kode="4.1.02.01.01.0001", nama="Retribusi Pelayanan Kesehatan")
    return DpaLineFactory(
        anggaran=dpa, perangkat_daerah=opd, akun=akun, jenis=LineJenis.PENDAPATAN, sub_kegiatan_kode=""
    )


@pytest.fixture
def silpa(dpa, opd):
    akun = AkunFactory(kode="6.1.01.08.01.0001", nama="SiLPA")
    return DpaLineFactory(
        anggaran=dpa, perangkat_daerah=opd, akun=akun, jenis=LineJenis.PEMBIAYAAN, sub_kegiatan_kode=""
    )


@pytest.fixture
def atk(dpa, opd):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)


def post(user, line, jenis, jumlah, nomor="STS-001", bulan=3):
    return realisasi_post(
        user=user, budget_line=line.pk, tanggal=datetime.date(TAHUN, bulan, 10), jenis=jenis, nomor_dokumen=nomor,
        jumlah=Decimal(jumlah),
    )  # fmt: skip


def test_revenue_may_exceed_its_target_and_is_not_flagged(retribusi, silpa, finance):
    # when: Rp 1,200,000 received against a Rp 1,000,000 target, the SiLPA taken in
    first = post(finance, retribusi, RealisasiJenis.PENERIMAAN, "700000")
    second = post(finance, retribusi, RealisasiJenis.PENERIMAAN, "500000", nomor="STS-002", bulan=4)
    post(finance, silpa, RealisasiJenis.PENERIMAAN, "1000000", nomor="BP-001", bulan=1)

    # then
    assert realisasi_total(budget_line_id=retribusi.pk) == Decimal("1200000.00")
    assert not first.melebihi_dpa
    assert not second.melebihi_dpa
    assert realisasi_total(budget_line_id=silpa.pk) == Decimal("1000000.00")


def test_a_refund_of_revenue_is_negative_and_cannot_exceed_what_was_received(retribusi, finance):
    # given
    post(finance, retribusi, RealisasiJenis.PENERIMAAN, "300000")

    # when
    refund = post(finance, retribusi, RealisasiJenis.PENGEMBALIAN, "100000", nomor="CP-001")
    with pytest.raises(ValidationError) as too_much:
        post(finance, retribusi, RealisasiJenis.PENGEMBALIAN, "250000", nomor="CP-002")

    # then
    assert refund.jumlah == Decimal("-100000")
    assert realisasi_total(budget_line_id=retribusi.pk) == Decimal("200000.00")
    assert too_much.value.error_dict["jumlah"][0].code == "pengembalian_melebihi_realisasi"


def test_cancelling_a_refund_of_revenue_is_not_held_to_the_target(retribusi, finance):
    # given: the target reached, then a refund
    post(finance, retribusi, RealisasiJenis.PENERIMAAN, "1000000")
    refund = post(finance, retribusi, RealisasiJenis.PENGEMBALIAN, "1", nomor="CP-001")
    post(finance, retribusi, RealisasiJenis.PENERIMAAN, "1", nomor="STS-002")

    # when: voiding the refund takes the line above its target
    realisasi_void(user=finance, realisasi=Realisasi.objects.get(pk=refund.pk), alasan="salah catat")

    # then
    assert realisasi_total(budget_line_id=retribusi.pk) == Decimal("1000001.00")


@pytest.mark.parametrize(
    ("line", "jenis"),
    [
        ("retribusi", RealisasiJenis.SP2D_LS),
        ("retribusi", RealisasiJenis.SPJ_GU),
        ("silpa", RealisasiJenis.SPJ_TU),
        ("atk", RealisasiJenis.PENERIMAAN),
    ],
)
def test_each_side_takes_only_its_own_documents(request, finance, line, jenis):
    # when
    with pytest.raises(ValidationError) as refused:
        post(finance, request.getfixturevalue(line), jenis, "1000")

    # then
    assert refused.value.error_dict["jenis"][0].code == "jenis_not_for_akun"
    assert not Realisasi.objects.exists()


def test_an_import_records_receipts_above_the_target_and_refuses_a_payment_on_revenue(
    dpa, retribusi, opd, finance
):
    # given
    header = "tanggal,nomor_dokumen,jenis_dokumen,kode_skpd,kode_sub_kegiatan,kode_rekening,nilai\n"
    good = f"{TAHUN}-02-01,TBP-1,Bukti Penerimaan,{opd.kode},,{retribusi.akun.kode},900000\n" + (
        f"{TAHUN}-03-01,TBP-2,Penerimaan,{opd.kode},,{retribusi.akun.kode},400000\n"
    )
    bad = f"{TAHUN}-03-02,S-9,LS,{opd.kode},,{retribusi.akun.kode},1000\n"

    # when
    result = realisasi_import(
        user=finance, anggaran=dpa, file=io.BytesIO((header + good).encode()), filename="r.csv"
    )
    with pytest.raises(ImportRejected) as refused:
        realisasi_import(
            user=finance, anggaran=dpa, file=io.BytesIO((header + bad).encode()), filename="r.csv"
        )

    # then
    assert (result.created, result.total, result.flagged) == (2, Decimal("1300000"), 0)
    assert realisasi_total(budget_line_id=retribusi.pk) == Decimal("1300000.00")
    errors = refused.value.errors
    assert [(error.row, error.column) for error in errors] == [(2, "jenis_dokumen")]
    assert Realisasi.objects.count() == 2
