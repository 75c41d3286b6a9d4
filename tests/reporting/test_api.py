"""Report endpoints on factory data: scope (own OPD, other OPD, other pemda, anonymous), bad input, and totals
that reconcile with the budgeting tables."""

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook
from rest_framework.test import APIClient

from budgeting.models import AnggaranKas, BudgetLine, LineJenis, RealisasiBulanan, RealisasiIndikator, Tahap
from budgeting.services import execution_line_writes
from organisation.models import Role
from reference.models import ReferenceKind
from tests.budgeting.factories import TAHUN, AnggaranFactory, BudgetLineFactory
from tests.factories import (
    AkunFactory,
    NomenklaturFactory,
    PerangkatDaerahFactory,
    ReferenceVersionFactory,
    SumberDanaFactory,
    UserFactory,
)
from tests.planning.factories import IndikatorFactory, RenjaFactory, RenjaProgramFactory

pytestmark = pytest.mark.django_db
REPORTS = ("rfk", "lra", "capaian", "perbandingan")


def add_line(dpa, opd, akun, sub_kegiatan_kode, harga, *, ak, real, jenis=LineJenis.BELANJA, **fields):
    line = BudgetLineFactory(
        anggaran=dpa,
        perangkat_daerah=opd,
        akun=akun,
        sub_kegiatan_kode=sub_kegiatan_kode,
        harga_satuan=harga,
        jenis=jenis,
        **fields,
    )
    if ak:
        AnggaranKas.objects.create(
            pemda=dpa.pemda, anggaran=dpa, perangkat_daerah=opd, budget_line=line,
            **{f"bulan_{m}": amount for m, amount in ak.items()},
        )  # fmt: skip
    for bulan, amount in real.items():
        RealisasiBulanan.objects.create(
            pemda=dpa.pemda, anggaran=dpa, perangkat_daerah=opd, budget_line=line, bulan=bulan, jumlah=amount
        )
    return line


@pytest.fixture
def world(pemda, opd, other_opd, other_pemda):
    apbd = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.APBD)
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA, sumber=apbd)
    atk = AkunFactory(kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor")
    modal = AkunFactory(kode="5.2.02.05.01.0001", nama="Belanja Modal Mesin")
    retribusi = AkunFactory(kode="4.1.02.01.01.0001", nama="Retribusi")
    add_line(
        dpa,
        opd,
        atk,
        "1.02.02.2.01.0001",
        Decimal("1000000.50"),
        ak={1: Decimal("300000.25"), 2: Decimal("700000.25")},
        real={1: Decimal("250000.10"), 3: Decimal("100")},
    )
    add_line(dpa, opd, modal, "1.02.02.2.01.0002", Decimal("3000000"), ak={4: Decimal("3000000")}, real={})
    add_line(
        dpa,
        other_opd,
        atk,
        "1.01.01.2.01.0001",
        Decimal("500000"),
        ak={1: Decimal("500000")},
        real={2: Decimal("400000")},
    )
    add_line(dpa, opd, retribusi, "", Decimal("9000000"), ak=None, real={}, jenis=LineJenis.PENDAPATAN)
    outsider_opd = PerangkatDaerahFactory(pemda=other_pemda, kode="1.02.0.00.0.00.01.0000")
    AnggaranFactory(pemda=other_pemda, tahun=TAHUN, tahap=Tahap.DPA)
    return {"dpa": dpa, "apbd": apbd, "outsider_opd": outsider_opd}


def get(user, report, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(f"/api/reports/{report}/", {"tahun": TAHUN, **params})


def test_a_dppa_counts_what_its_lines_realized_on_the_dpa_before_the_shift(pemda, opd, make_user):
    # given: a line realized Rp 100,000 in February on the DPA, carried (same kunci) into a DPPA at Rp 1,200,000
    # and realized Rp 250,000 more there in May; another DPA line that the DPPA dropped
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    dppa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.APBD_P, sumber=dpa)
    before = add_line(
        dpa, opd, atk, "1.02.02.2.01.0001", Decimal(1_000_000), ak={1: 1_000_000}, real={2: 100_000}
    )
    add_line(dpa, opd, atk, "1.02.02.2.01.0002", Decimal(500_000), ak={1: 500_000}, real={3: 70_000})
    after = add_line(
        dppa, opd, atk, "1.02.02.2.01.0001", Decimal(1_200_000), ak={1: 1_200_000}, real={5: 250_000}
    )
    with execution_line_writes():  # the DPPA as a pergeseran makes it
        BudgetLine.objects.filter(pk=after.pk).update(kunci=before.kunci)
    # when
    body = get(make_user(Role.FINANCE), "rfk", tahap=dppa.pk, bulan=6, level="sub_kegiatan").json()
    # then: both stages' realization of the carried line, nothing of the dropped one
    assert Decimal(body["total"]["pagu"]) == Decimal(1_200_000)
    assert Decimal(body["total"]["realisasi"]) == Decimal(350_000)


def test_rfk_totals_reconcile_with_the_budget_tables(world, make_user):
    # given
    user = make_user(Role.FINANCE)
    lines = BudgetLine.objects.filter(anggaran=world["dpa"], jenis=LineJenis.BELANJA)
    # when
    body = get(user, "rfk", bulan=3, level="sub_kegiatan").json()
    # then
    total = body["total"]
    assert Decimal(total["pagu"]) == lines.aggregate(s=Sum("jumlah"))["s"] == Decimal("4500000.50")
    realized = RealisasiBulanan.objects.filter(budget_line__in=lines, bulan__lte=3).aggregate(
        s=Sum("jumlah")
    )["s"]
    assert Decimal(total["realisasi"]) == realized
    assert Decimal(total["anggaran_kas"]) == Decimal("1500000.50")
    leaves = [row for row in body["rows"] if row["level"] == "sub_kegiatan"]
    assert len(leaves) == 3
    assert sum(Decimal(row["pagu"]) for row in leaves) == Decimal(total["pagu"])
    opd_rows = [row for row in body["rows"] if row["level"] == "opd"]
    assert sum(Decimal(row["realisasi"]) for row in opd_rows) == realized
    empty = next(row for row in leaves if row["kode"] == "1.02.02.2.01.0002")
    assert empty["persen_realisasi"] == "0.00"
    assert empty["deviasi_relatif"] is None
    assert len(body["series"]) == 12
    assert Decimal(body["series"][11]["realisasi_kumulatif"]) == realized


def test_pemda_variant_has_one_row_per_opd(world, make_user):
    # when
    body = get(make_user(Role.LEADER), "rfk", triwulan=1).json()
    # then
    assert body["header"]["level"] == "opd"
    assert body["header"]["bulan"] == 3
    assert [row["level"] for row in body["rows"]] == ["opd", "opd"]


def test_an_opd_user_gets_its_own_opd_only(world, make_user, opd, other_opd):
    # given
    user = make_user(Role.OPD_FINANCE)
    # when
    own = get(user, "rfk", bulan=3).json()
    other = get(user, "rfk", bulan=3, perangkat_daerah=other_opd.pk)
    # then
    assert own["header"]["perangkat_daerah"] == opd.pk
    assert Decimal(own["total"]["pagu"]) == Decimal("4000000.50")
    assert {row["perangkat_daerah_kode"] for row in own["rows"]} == {opd.kode}
    assert other.status_code == 400
    assert "perangkat_daerah" in other.json()


@pytest.mark.parametrize("report", REPORTS)
def test_another_pemda_cannot_read_this_pemda(world, other_pemda, opd, report):
    # given
    outsider = UserFactory(pemda=other_pemda, role=Role.ADMIN)
    # when
    stage = get(outsider, report, tahap=world["dpa"].pk)
    unit = get(outsider, report, perangkat_daerah=opd.pk)
    # then
    assert stage.status_code == 400
    assert "tahap" in stage.json()
    assert unit.status_code == 400
    assert "perangkat_daerah" in unit.json()


@pytest.mark.parametrize("report", REPORTS)
def test_anonymous_gets_401(world, report):
    assert get(None, report).status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"bulan": 13}, {"bulan": 0}, {"triwulan": 5}, {"format": "pdf"}, {"tahap": 999999}, {"level": "desa"},
     {"tahun": "abc"}, {"bulan": 2, "triwulan": 1}, {"tahun": 2019}],
)  # fmt: skip
@pytest.mark.parametrize("report", REPORTS)
def test_bad_input_is_400(world, make_user, report, params):
    # when
    response = get(make_user(Role.FINANCE), report, **params)
    # then
    assert response.status_code == 400, response.content


def test_rfk_workbook_totals_equal_the_json(world, make_user):
    # given
    user = make_user(Role.FINANCE)
    body = get(user, "rfk", bulan=3, level="akun").json()
    # when
    response = get(user, "rfk", bulan=3, level="akun", format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["RFK"]
    # then
    jumlah = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "JUMLAH")
    assert Decimal(str(jumlah[3])).quantize(Decimal("0.01")) == Decimal(body["total"]["pagu"])
    assert Decimal(str(jumlah[7])).quantize(Decimal("0.01")) == Decimal(body["total"]["realisasi"])
    assert Decimal(str(jumlah[5])).quantize(Decimal("0.01")) == Decimal(body["total"]["anggaran_kas"])


def test_rfk_csv_has_one_row_per_leaf_with_every_level_code(world, make_user):
    # when
    response = get(make_user(Role.FINANCE), "rfk", bulan=3, level="akun", format="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # then
    assert response["Content-Type"] == "text/csv"
    assert len(rows) == 3
    first = next(row for row in rows if row["kode_sub_kegiatan"] == "1.02.02.2.01.0001")
    assert first["kode_program"] == "1.02.02"
    assert first["kode_akun"] == "5.1.02.01.01.0024"
    assert sum(Decimal(row["pagu"]) for row in rows) == Decimal("4500000.50")


def test_lra_reconciles_and_counts_unrealized_sides_as_zero(world, make_user):
    # when
    body = get(make_user(Role.FINANCE), "lra", bulan=12).json()
    rows = {row["kode"] or row["uraian"]: row for row in body["rows"]}
    # then
    assert Decimal(rows["5"]["anggaran"]) == Decimal("4500000.50")
    assert Decimal(rows["5"]["realisasi"]) == Decimal("650100.10")
    assert Decimal(rows["5.2.02"]["anggaran"]) == Decimal("3000000.00")
    assert Decimal(rows["4.1.02"]["anggaran"]) == Decimal("9000000.00")
    assert Decimal(rows["4"]["realisasi"]) == 0
    surplus = rows["SURPLUS / (DEFISIT)"]
    assert Decimal(surplus["anggaran"]) == Decimal("9000000.00") - Decimal("4500000.50")
    assert Decimal(surplus["realisasi"]) == -Decimal("650100.10")


def test_lra_counts_receipts_and_pembiayaan_and_silpa_is_surplus_plus_netto(world, make_user, opd):
    # given: Rp 9,500,000 retribusi received (above its Rp 9,000,000 target) in March, a refund of Rp 500,000 in
    # April, the SiLPA of Rp 2,000,000 taken in and Rp 1,000,000 of penyertaan modal paid out
    dpa = world["dpa"]
    retribusi = BudgetLine.objects.get(anggaran=dpa, jenis=LineJenis.PENDAPATAN)
    add_line(dpa, opd, AkunFactory(kode="6.1.01.08.01.0001"), "", Decimal(2_000_000), ak=None,
                     real={1: 2_000_000}, jenis=LineJenis.PEMBIAYAAN)  # fmt: skip
    add_line(dpa, opd, AkunFactory(kode="6.2.02.01.01.0001"), "", Decimal(1_500_000), ak=None,
                     real={6: 1_000_000}, jenis=LineJenis.PEMBIAYAAN)  # fmt: skip
    for bulan, jumlah in ((3, Decimal(9_500_000)), (4, Decimal(-500_000))):
        RealisasiBulanan.objects.create(pemda=dpa.pemda, anggaran=dpa, perangkat_daerah=opd,
                                        budget_line=retribusi, bulan=bulan, jumlah=jumlah)  # fmt: skip
    # when
    march = {
        row["kode"] or row["uraian"]: row
        for row in get(make_user(Role.FINANCE), "lra", bulan=3).json()["rows"]
    }
    year = {
        row["kode"] or row["uraian"]: row
        for row in get(make_user(Role.FINANCE), "lra", bulan=12).json()["rows"]
    }
    # then
    assert Decimal(march["4"]["realisasi"]) == Decimal(9_500_000)
    assert Decimal(year["4"]["realisasi"]) == Decimal(9_000_000)
    assert Decimal(year["4"]["persen"]) == Decimal(100)
    assert Decimal(year["6.1"]["realisasi"]) == Decimal(2_000_000)
    assert Decimal(year["6.2"]["realisasi"]) == Decimal(1_000_000)
    netto = Decimal(year["PEMBIAYAAN NETTO"]["realisasi"])
    surplus = Decimal(year["SURPLUS / (DEFISIT)"]["realisasi"])
    assert netto == Decimal(1_000_000)
    assert surplus == Decimal(9_000_000) - Decimal("650100.10")
    assert Decimal(year["SISA LEBIH PEMBIAYAAN ANGGARAN (SiLPA)"]["realisasi"]) == surplus + netto


def test_capaian_answers_for_the_year(world, make_user):
    # when
    response = get(make_user(Role.BAPPEDA), "capaian")
    # then
    assert response.status_code == 200
    assert response.json()["rows"] == []


@pytest.mark.parametrize(("aturan", "realisasi", "capaian"), [("sum", "60", "150"), ("last", "30", "75")])
def test_capaian_forms_the_year_by_the_indicators_stored_rule(
    world, make_user, opd, aturan, realisasi, capaian
):
    # given: a program outcome in Unit (a satuan that alone would sum), target 40, quarters 10, 20, 30
    program = RenjaProgramFactory(renja=RenjaFactory(pemda=opd.pemda, perangkat_daerah=opd, tahun=TAHUN),
                                  nomenklatur=NomenklaturFactory(kode="1.02.02"), kode="1.02.02")  # fmt: skip
    indikator = IndikatorFactory(pemda=opd.pemda, renja_program=program, satuan="Unit", aturan_tahunan=aturan)
    indikator.targets.create(pemda=opd.pemda, tahun=TAHUN, target=40)
    for triwulan, value in ((1, 10), (2, 20), (3, 30)):
        RealisasiIndikator.objects.create(pemda=opd.pemda, perangkat_daerah=opd, indikator=indikator, tahun=TAHUN,
                                          triwulan=triwulan, realisasi=value)  # fmt: skip
    # when
    rows = get(make_user(Role.BAPPEDA), "capaian").json()["rows"]
    # then
    row = next(row for row in rows if row["indikator"] == indikator.pk)
    assert (Decimal(row["realisasi"]), Decimal(row["capaian"])) == (Decimal(realisasi), Decimal(capaian))


def test_stage_comparison_reconciles_and_its_workbook_agrees(world, make_user, opd):
    # given: the APBD stage the DPA was copied from, with one of its lines at another amount and one dropped
    dpa, apbd = world["dpa"], world["apbd"]
    changed = BudgetLine.objects.get(anggaran=dpa, sub_kegiatan_kode="1.02.02.2.01.0001")
    BudgetLineFactory(anggaran=apbd, perangkat_daerah=opd, akun=changed.akun, kunci=changed.kunci,
                      sub_kegiatan_kode=changed.sub_kegiatan_kode, harga_satuan=Decimal("800000"))  # fmt: skip
    BudgetLineFactory(
        anggaran=apbd, perangkat_daerah=opd, akun=changed.akun, sub_kegiatan_kode="1.02.02.2.01.0009"
    )
    user = make_user(Role.FINANCE)
    # when
    body = get(user, "perbandingan", tahap=dpa.pk).json()
    workbook = get(user, "perbandingan", tahap=dpa.pk, format="xlsx")
    # then
    totals = {name: Decimal(value) for name, value in body["totals"].items()}
    assert body["sebelum"]["id"] == apbd.pk
    assert totals["sesudah"] == Decimal("13500000.50")  # belanja and pendapatan of the DPA
    assert totals["sebelum"] == Decimal("900000.00")
    assert sum(Decimal(row["selisih"]) for row in body["rows"]) == totals["sesudah"] - totals["sebelum"]
    assert body["counts"]["dropped"] == 1
    assert body["counts"]["changed"] == 1
    sheet = load_workbook(io.BytesIO(workbook.content))["Perbandingan"]
    jumlah = next(row for row in sheet.iter_rows(values_only=True) if row[3] == "JUMLAH")
    assert Decimal(str(jumlah[6])).quantize(Decimal("0.01")) == totals["selisih"]


def test_stage_comparison_refuses_a_stage_of_another_pemda(world, make_user, other_pemda):
    # given
    foreign = AnggaranFactory(pemda=other_pemda, tahun=TAHUN, tahap=Tahap.RKA)
    # when
    response = get(make_user(Role.FINANCE), "perbandingan", dengan=foreign.pk)
    # then
    assert response.status_code == 400
    assert "dengan" in response.json()


def test_rfk_and_anggaran_kas_narrow_to_a_sumber_dana_and_the_codes_under_it(world, make_user, opd):
    # given: the world's lines carry no sumber dana; two more lines are funded by DAK fisik (1.2.01.01.01.0001,
    # a code under 1.2) and by PAD (1.1.01)
    version = ReferenceVersionFactory(kind=ReferenceKind.SUMBER_DANA)
    dak = SumberDanaFactory(version=version, kode="1.2.01.01.01.0001", nama="DAK Fisik Bidang Pendidikan")
    pad = SumberDanaFactory(version=version, kode="1.1.01", nama="Pajak Daerah")
    SumberDanaFactory(version=version, kode="1.2", nama="Pendapatan Transfer")
    atk = AkunFactory(kode="5.1.02.01.01.0026")
    code = "1.02.02.2.01.0003"
    funded = add_line(
        world["dpa"], opd, atk, code, Decimal("700000.30"), ak={1: 700000}, real={}, sumber_dana=dak
    )
    other = add_line(world["dpa"], opd, atk, code, Decimal("90000"), ak={1: 90000}, real={}, sumber_dana=pad)
    user = make_user(Role.FINANCE)
    # when: narrowed to the parent 1.2, typed without its zeros as "1.2" and the leaf as "1.2.1.1.1.1"
    parent = get(user, "rfk", sumber_dana="1.2", level="sub_kegiatan").json()
    leaf = get(user, "rfk", sumber_dana="1.2.1.1.1.1", level="sub_kegiatan").json()
    kas = get(user, "anggaran-kas", sumber_dana="1.1.01").json()
    whole = get(user, "rfk", level="sub_kegiatan").json()
    # then: only the funded lines count, and the header says which sumber dana
    assert Decimal(parent["total"]["pagu"]) == Decimal(leaf["total"]["pagu"]) == funded.jumlah
    assert leaf["header"]["sumber_dana"] == "1.2.01.01.01.0001"
    assert leaf["header"]["sumber_dana_nama"] == "DAK Fisik Bidang Pendidikan"
    assert Decimal(kas["total"]["pagu"]) == other.jumlah
    assert Decimal(whole["total"]["pagu"]) == Decimal("4500000.50") + funded.jumlah + other.jumlah
    assert whole["header"]["sumber_dana"] is None


@pytest.mark.parametrize("kode", ["9.9.99", "abc", "1" * 41])
def test_an_unknown_sumber_dana_is_a_400_on_the_field(world, make_user, kode):
    response = get(make_user(Role.FINANCE), "rfk", sumber_dana=kode)
    assert response.status_code == 400
    assert "sumber_dana" in response.json()
