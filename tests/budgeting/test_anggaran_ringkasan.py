"""A stage's totals per side in the stage list: pendapatan, belanja, surplus/(defisit), penerimaan and pengeluaran
pembiayaan and their netto, over the lines the caller may see."""

from decimal import Decimal

import pytest

from budgeting.models import LineJenis, Tahap
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory
from tests.factories import AkunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpa(pemda, opd, other_opd):
    """A DPA with Rp 900 pendapatan, Rp 700 + Rp 400 belanja (two OPDs), Rp 300 penerimaan and Rp 50
    pengeluaran pembiayaan."""
    stage = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    pad = AkunFactory(kode="4.1.02.01.01.0001", nama="Retribusi")
    silpa = AkunFactory(kode="6.1.01.08.01.0001", nama="SiLPA")
    cicilan = AkunFactory(kode="6.2.02.01.01.0001", nama="Pembayaran Cicilan Pokok Utang")
    DpaLineFactory(
        anggaran=stage,
        perangkat_daerah=opd,
        akun=pad,
        jenis=LineJenis.PENDAPATAN,
        sub_kegiatan_kode="",
        harga_satuan=Decimal("900"),
    )
    DpaLineFactory(anggaran=stage, perangkat_daerah=opd, harga_satuan=Decimal("700"))
    DpaLineFactory(anggaran=stage, perangkat_daerah=other_opd, harga_satuan=Decimal("400"))
    for akun, harga in ((silpa, "300"), (cicilan, "50")):
        DpaLineFactory(
            anggaran=stage,
            perangkat_daerah=opd,
            akun=akun,
            jenis=LineJenis.PEMBIAYAAN,
            sub_kegiatan_kode="",
            harga_satuan=Decimal(harga),
        )
    return stage


def ringkasan(client, stage):
    rows = client.get("/api/anggaran/", {"tahun": TAHUN}).json()["results"]
    return next(row["ringkasan"] for row in rows if row["id"] == stage.pk)


def test_the_stage_list_gives_each_side_and_the_identities(dpa, make_user, client_for):
    # when
    totals = ringkasan(client_for(make_user(Role.FINANCE)), dpa)

    # then
    assert Decimal(totals["pendapatan"]) == Decimal("900")
    assert Decimal(totals["belanja"]) == Decimal("1100")
    assert Decimal(totals["surplus_defisit"]) == Decimal(totals["pendapatan"]) - Decimal(totals["belanja"])
    assert Decimal(totals["penerimaan_pembiayaan"]) == Decimal("300")
    assert Decimal(totals["pengeluaran_pembiayaan"]) == Decimal("50")
    assert Decimal(totals["pembiayaan_netto"]) == Decimal("250")  # 6.1 − 6.2, never their sum
    assert totals["jumlah_rincian"] == 5


def test_an_opd_user_sees_the_totals_of_its_own_lines_and_one_stage_has_them_too(
    dpa, make_user, client_for, opd
):
    # given
    client = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=opd))

    # when
    listed = ringkasan(client, dpa)
    alone = client.get(f"/api/anggaran/{dpa.pk}/").json()["ringkasan"]

    # then: the other OPD's Rp 400 belanja is not counted
    assert Decimal(listed["belanja"]) == Decimal("700")
    assert listed["jumlah_rincian"] == 4
    assert alone == listed


def test_a_stage_without_lines_totals_zero(pemda, make_user, client_for):
    # given
    empty = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)

    # when
    totals = ringkasan(client_for(make_user(Role.FINANCE)), empty)

    # then
    assert totals["jumlah_rincian"] == 0
    assert all(
        Decimal(totals[side]) == 0
        for side in ("pendapatan", "belanja", "surplus_defisit", "pembiayaan_netto")
    )
