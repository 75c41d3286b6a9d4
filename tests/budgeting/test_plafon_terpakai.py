"""GET /api/plafon/terpakai/: each ceiling of a stage with its scope named and its live use."""

from decimal import Decimal

import pytest

from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, BudgetLineFactory, PlafonFactory
from tests.factories import PerangkatDaerahFactory

URL = "/api/plafon/terpakai/"
SUB = "1.02.02.2.01.0001"


@pytest.fixture
def ceilings(anggaran, opd, ref):
    """An OPD ceiling, a program ceiling and a (warn) sub kegiatan ceiling of `opd`, with lines in sen."""
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("5000000.00"))
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, program_kode="1.02.02", jumlah=Decimal("0.00"))
    PlafonFactory(
        anggaran=anggaran,
        perangkat_daerah=opd,
        program_kode="1.02.02",
        sub_kegiatan_kode=SUB,
        jumlah=Decimal("1000000.00"),
        mode="warn",
    )
    sub_unit = PerangkatDaerahFactory(pemda=anggaran.pemda, induk=opd, kode="1.02.0.00.0.00.01.0001")
    for amount, kode, unit in (
        ("333333.33", SUB, opd),
        ("666666.68", SUB, sub_unit),  # a sub unit's lines count for its OPD
        ("0.01", "1.02.02.2.01.0002", opd),
        ("1234.56", "1.02.03.2.01.0001", opd),
    ):
        BudgetLineFactory(
            anggaran=anggaran,
            perangkat_daerah=unit,
            sub_kegiatan_kode=kode,
            harga_satuan=Decimal(amount),
            akun=ref.atk,
        )
    # not counted: another stage, another OPD, pendapatan
    BudgetLineFactory(
        anggaran=AnggaranFactory(pemda=anggaran.pemda, tahun=TAHUN), perangkat_daerah=opd, akun=ref.atk
    )
    BudgetLineFactory(
        anggaran=anggaran,
        perangkat_daerah=PerangkatDaerahFactory(pemda=anggaran.pemda, kode="1.03.0.00.0.00.01.0000"),
        akun=ref.atk,
    )
    BudgetLineFactory(
        anggaran=anggaran, perangkat_daerah=opd, jenis="pendapatan", sub_kegiatan_kode="", akun=ref.pendapatan
    )


def test_each_ceiling_sums_its_scope_to_the_sen(ceilings, anggaran, finance, client_for):
    # when
    response = client_for(finance).get(URL, {"anggaran": anggaran.pk})
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["anggaran"] == anggaran.pk
    rows = [
        (r["lingkup"], r["program_kode"], r["sub_kegiatan_kode"], r["mode"], r["jumlah"], r["terpakai"],
         r["sisa"], r["persen"], r["melampaui"])
        for r in body["rows"]
    ]  # fmt: skip
    assert rows == [
        ("perangkat_daerah", "", "", "refuse", "5000000.00", "1001234.58", "3998765.42", "20.02", False),
        ("program", "1.02.02", "", "refuse", "0.00", "1000000.02", "-1000000.02", None, True),
        ("sub_kegiatan", "1.02.02", SUB, "warn", "1000000.00", "1000000.01", "-0.01", "100.00", True),
    ]


def test_rows_name_their_opd_program_and_sub_kegiatan(ceilings, anggaran, opd, finance, client_for):
    rows = client_for(finance).get(URL, {"anggaran": anggaran.pk}).json()["rows"]
    sub = rows[2]
    assert (sub["perangkat_daerah"], sub["perangkat_daerah_kode"], sub["perangkat_daerah_nama"]) == (
        opd.pk,
        opd.kode,
        "Dinas Kesehatan",
    )
    assert (sub["program_nama"], sub["sub_kegiatan_nama"]) == ("Nomenklatur 1.02.02", f"Nomenklatur {SUB}")
    assert rows[0]["program_nama"] == rows[0]["sub_kegiatan_nama"] == ""
    assert isinstance(sub["id"], int)
    assert sub["version"] >= 1


def test_an_opd_user_sees_its_own_opd_only(anggaran, opd, other_opd, make_user, client_for):
    # given
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd)
    PlafonFactory(anggaran=anggaran, perangkat_daerah=other_opd)
    # when
    rows = client_for(make_user(Role.OPD_FINANCE)).get(URL, {"anggaran": anggaran.pk}).json()["rows"]
    # then
    assert [row["perangkat_daerah"] for row in rows] == [opd.pk]


def test_one_opd_may_be_asked_for(anggaran, opd, other_opd, finance, client_for):
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd)
    PlafonFactory(anggaran=anggaran, perangkat_daerah=other_opd)
    rows = client_for(finance).get(URL, {"anggaran": anggaran.pk, "perangkat_daerah": other_opd.pk}).json()
    assert [row["perangkat_daerah"] for row in rows["rows"]] == [other_opd.pk]


def test_a_stage_of_another_pemda_is_404(other_pemda, finance, client_for):
    theirs = AnggaranFactory(pemda=other_pemda)
    PlafonFactory(anggaran=theirs)
    assert client_for(finance).get(URL, {"anggaran": theirs.pk}).status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [({}, 400), ({"anggaran": "abc"}, 400), ({"anggaran": "0"}, 400), ({"anggaran": "999999"}, 404)],
)
def test_a_bad_stage_is_400_or_404(query, status, finance, client_for):
    response = client_for(finance).get(URL, query)
    assert response.status_code == status
    if status == 400:
        assert "anggaran" in response.json()


def test_every_role_that_reads_plafon_may_read_the_use(anggaran, make_user, client_for):
    PlafonFactory(anggaran=anggaran)
    for role in (Role.BAPPEDA, Role.LEADER, Role.AUDITOR, Role.OPD_PLANNER):
        assert client_for(make_user(role)).get(URL, {"anggaran": anggaran.pk}).status_code == 200


def test_the_sums_are_one_query_for_the_rows(
    ceilings, anggaran, finance, client_for, django_assert_max_num_queries
):
    client = client_for(finance)
    # the session and the stage, the ceilings with their sums, two Renja and one nomenclature look-up for names
    with django_assert_max_num_queries(8):
        assert client.get(URL, {"anggaran": anggaran.pk}).status_code == 200
