"""Evaluasi hasil RKPD (Permendagri 86/2017): the form's formulas on a hand-computed example, the quarter cut-off,
money to the sen against the realization entries, the workbook read back, scope and bad input."""

import csv
import datetime
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.db.models import Sum
from openpyxl import load_workbook
from rest_framework.test import APIClient

from budgeting.models import Realisasi, RealisasiBulanan, RealisasiIndikator, RealisasiJenis, Tahap
from budgeting.services import realisasi_post
from organisation.models import Role
from planning.models import (
    PaguTahunan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraTujuan,
)
from reporting import evaluasi
from tests.budgeting.factories import TAHUN, AnggaranFactory, BudgetLineFactory
from tests.factories import AkunFactory, NomenklaturFactory, PerangkatDaerahFactory, UserFactory
from tests.planning.factories import (
    IndikatorFactory,
    ProgramRpjmdFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    RpjmdFactory,
    SasaranFactory,
)

URL = "/api/reports/evaluasi-rkpd/"
PROGRAM, KEGIATAN, SUB = "1.02.02", "1.02.02.2.01", "1.02.02.2.01.0001"


# ---------------------------------------------------------------- the formulas, without a database


def indikator(**columns):
    base = {
        "target_akhir": np.nan, "realisasi_lalu": np.nan, "target": np.nan,
        **{f"tw_{q}": np.nan for q in range(1, 5)}, "aturan": "sum", "polaritas": "higher",
    }  # fmt: skip
    return {**base, **columns}


def test_the_k_columns_follow_each_indicators_rule_and_polarity():
    # given: a count (sum, higher is better; 12 realized last year, target 50 at the period's end), a rate
    # (last, lower is better; 95 last year, target 80), a zero target, and a rate not yet reported this year
    frame = pd.DataFrame(
        [
            indikator(target_akhir=50, realisasi_lalu=12, target=10, tw_1=2, tw_2=3, tw_3=4),
            indikator(target_akhir=80, realisasi_lalu=95, tw_1=90, tw_2=85, aturan="last", polaritas="lower"),
            indikator(target_akhir=0, realisasi_lalu=1, tw_1=1),
            indikator(target_akhir=80, realisasi_lalu=95, aturan="last", polaritas="lower"),
        ]
    )
    # when
    out = evaluasi.kinerja(frame, triwulan=2)
    # then: 13 = 2 + 3 (the third quarter is after the cut-off); 14 = 12 + 5; 15 = 17 / 50 × 100
    assert out["tw_3"].isna().all()
    assert out.loc[0, ["realisasi", "realisasi_akhir", "capaian"]].tolist() == [5.0, 17.0, 34.0]
    assert out.loc[0, "predikat"] == "Sangat Rendah"
    # 13 = the last quarter, 85; 14 = the latest value, 85; 15 = (2 × 80 − 85) / 80 × 100
    assert out.loc[1, ["realisasi", "realisasi_akhir", "capaian"]].tolist() == [85.0, 85.0, 93.75]
    assert out.loc[1, "predikat"] == "Sangat Tinggi"
    # a zero target: no capaian, no predikat
    assert np.isnan(out.loc[2, "capaian"])
    assert out.loc[2, "predikat"] is None
    # nothing reported this year: 13 empty, 14 the value carried from 7
    assert np.isnan(out.loc[3, "realisasi"])
    assert out.loc[3, "realisasi_akhir"] == 95.0
    assert out.loc[3, "capaian"] == pytest.approx(81.25)


def test_the_rp_columns_cut_at_the_triwulan_and_add_up():
    # given: sen amounts
    nodes = pd.DataFrame(
        {
            "target_rp": pd.array([50_000, pd.NA], dtype="Int64"),
            "realisasi_lalu_rp": [2_000, 0],
            "pagu_rp": [10_000, 0],
            "rp_1": [1_000, 0],
            "rp_2": [501, 0],
            "rp_3": [700, 0],
            "rp_4": [0, 0],
        }
    )
    # when
    out = evaluasi.anggaran(nodes, triwulan=2)
    # then
    assert out["realisasi_rp"].tolist() == [1_501, 0]
    assert out["realisasi_akhir_rp"].tolist() == [3_501, 0]
    assert out["rp_3"].isna().all()
    assert out["rp_4"].isna().all()
    assert out.loc[0, "capaian_rp"] == pytest.approx(7.002)
    assert np.isnan(out.loc[1, "capaian_rp"])


def test_indicators_pair_by_name_then_as_the_only_one_of_their_owner():
    left = pd.DataFrame({"kode": ["a", "a", "b", "c"], "nama": ["Jumlah  X", "Y", "Lain", "Z"]})
    right = pd.DataFrame({"kode": ["a", "a", "b", "c", "c"], "nama": ["y", "jumlah x", "Beda", "Z1", "Z2"]})
    assert evaluasi.pasangan(left, right, on=["kode"]).tolist() == [1, 0, 2, -1]


def test_earlier_years_add_or_take_the_latest_by_the_rule():
    previous = pd.DataFrame(
        {
            "k": [0, 0, 1, 1],
            "tahun": [2024, 2025, 2024, 2025],
            "aturan": ["sum", "sum", "last", "last"],
            "tw_1": [1.0, 2.0, 100.0, 96.0],
            "tw_2": [1.0, 2.0, 98.0, np.nan],
            "tw_3": [np.nan] * 4,
            "tw_4": [np.nan] * 4,
        }
    )
    assert evaluasi.realisasi_lalu(previous, n=3).tolist()[:2] == [6.0, 96.0]
    assert np.isnan(evaluasi.realisasi_lalu(previous, n=3)[2])


# ---------------------------------------------------------------- the endpoint on factory data


def add_indicator(pemda, owner, nama, satuan, aturan, polaritas, *, target=None, quarters=(), tahun=TAHUN,
                  opd=None, target_akhir=None):  # fmt: skip
    row = IndikatorFactory(
        pemda=pemda, nama=nama, satuan=satuan, aturan_tahunan=aturan, polaritas=polaritas,
        target_akhir=target_akhir, **owner,
    )  # fmt: skip
    if target is not None:
        row.targets.create(pemda=pemda, tahun=tahun, target=target)
    for triwulan, value in enumerate(quarters, start=1):
        if value is not None:
            RealisasiIndikator.objects.create(
                pemda=pemda, perangkat_daerah=opd, indikator=row, tahun=tahun, triwulan=triwulan,
                realisasi=value,
            )  # fmt: skip
    return row


def renja_tree(opd, tahun, nodes):
    renja = RenjaFactory(pemda=opd.pemda, perangkat_daerah=opd, tahun=tahun)
    program = RenjaProgramFactory(renja=renja, nomenklatur=nodes[0], kode=nodes[0].kode, sasaran=nodes[3])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=nodes[1], kode=nodes[1].kode)
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=nodes[2], kode=nodes[2].kode)
    return program, kegiatan, sub


@pytest.fixture
def world(db, pemda, opd, other_opd, other_pemda):
    rpjmd = RpjmdFactory(pemda=pemda, tahun_awal=2025, tahun_akhir=2029)
    sasaran = SasaranFactory(tujuan__misi__rpjmd=rpjmd, uraian="Meningkatnya derajat kesehatan masyarakat")
    nomen = [
        NomenklaturFactory(kode=PROGRAM, nama="Program Pemenuhan Upaya Kesehatan"),
        NomenklaturFactory(kode=KEGIATAN, nama="Penyediaan Fasilitas Pelayanan Kesehatan"),
        NomenklaturFactory(kode=SUB, nama="Pembangunan Puskesmas"),
        sasaran,
    ]
    # the RPJMD program: Rp 100,000,000 a year over 2025–2029, targets at the period's end
    program_rpjmd = ProgramRpjmdFactory(sasaran=sasaran, nomenklatur=nomen[0], perangkat_daerah=opd)
    for year in range(2025, 2030):
        PaguTahunan.objects.create(pemda=pemda, program_rpjmd=program_rpjmd, tahun=year, pagu=100_000_000)
    rpjmd_owner = {"program_rpjmd": program_rpjmd}
    add_indicator(
        pemda, rpjmd_owner, "Jumlah puskesmas terakreditasi", "Unit", "sum", "higher", target_akhir=50
    )
    add_indicator(
        pemda, rpjmd_owner, "Angka kematian ibu", "per 100.000 KH", "last", "lower", target_akhir=80
    )
    add_indicator(pemda, rpjmd_owner, "Indeks baru", "Indeks", "last", "higher", target_akhir=0)
    # the Renstra kegiatan of the same code: Rp 60,000,000 over the period, its only indicator 40 at the end
    renstra = Renstra.objects.create(pemda=pemda, perangkat_daerah=opd, rpjmd=rpjmd, tahun_awal=2025,
                                     tahun_akhir=2029)  # fmt: skip
    tujuan = RenstraTujuan.objects.create(pemda=pemda, renstra=renstra, uraian="Tujuan Renstra")
    rs_sasaran = RenstraSasaran.objects.create(pemda=pemda, renstra=renstra, tujuan=tujuan, uraian="Sasaran")
    rs_program = RenstraProgram.objects.create(pemda=pemda, renstra=renstra, sasaran=rs_sasaran,
                                               nomenklatur=nomen[0], kode=PROGRAM)  # fmt: skip
    rs_kegiatan = RenstraKegiatan.objects.create(pemda=pemda, renstra=renstra, program=rs_program,
                                                 nomenklatur=nomen[1], kode=KEGIATAN)  # fmt: skip
    PaguTahunan.objects.create(pemda=pemda, renstra_kegiatan=rs_kegiatan, tahun=2026, pagu=60_000_000)
    add_indicator(pemda, {"renstra_kegiatan": rs_kegiatan}, "Puskesmas dibangun", "Unit", "sum", "higher",
                  target_akhir=40)  # fmt: skip

    # last year's Renja: the same program, its count 12 (3 a quarter) and its rate 100 then 95
    last_program, _, _ = renja_tree(opd, 2025, nomen)
    owner = {"renja_program": last_program}
    add_indicator(pemda, owner, "Jumlah puskesmas terakreditasi", "Unit", "sum", "higher", tahun=2025, opd=opd,
                  target=12, quarters=(3, 3, 3, 3))  # fmt: skip
    add_indicator(pemda, owner, "Angka kematian ibu", "per 100.000 KH", "last", "lower", tahun=2025, opd=opd,
                  target=95, quarters=(100, 95))  # fmt: skip
    # this year's Renja
    program, kegiatan, _sub = renja_tree(opd, TAHUN, nomen)
    owner = {"renja_program": program}
    count = add_indicator(pemda, owner, "Jumlah puskesmas terakreditasi", "Unit", "sum", "higher", opd=opd,
                          target=10, quarters=(2, 3, 4))  # fmt: skip
    rate = add_indicator(pemda, owner, "Angka kematian ibu", "per 100.000 KH", "last", "lower", opd=opd,
                         target=90, quarters=(90, 85, 80))  # fmt: skip
    zero = add_indicator(pemda, owner, "Indeks baru", "Indeks", "last", "higher", opd=opd, target=1,
                         quarters=(1,))  # fmt: skip
    output = add_indicator(pemda, {"renja_kegiatan": kegiatan}, "Jumlah puskesmas yang dibangun", "Unit", "sum",
                           "higher", opd=opd, target=2, quarters=(1, 1))  # fmt: skip

    # money: last year Rp 20,000,000 realized; this year's DPA Rp 100,000,000.50 on the sub kegiatan
    akun = AkunFactory(kode="5.2.03.01.01.0001", nama="Belanja Modal Bangunan Kesehatan")
    last_dpa = AnggaranFactory(pemda=pemda, tahun=2025, tahap=Tahap.DPA)
    last_line = BudgetLineFactory(anggaran=last_dpa, perangkat_daerah=opd, akun=akun, sub_kegiatan_kode=SUB,
                                  harga_satuan=Decimal(20_000_000))  # fmt: skip
    RealisasiBulanan.objects.create(pemda=pemda, anggaran=last_dpa, perangkat_daerah=opd, budget_line=last_line,
                                    bulan=11, jumlah=Decimal(20_000_000))  # fmt: skip
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    lines = [
        BudgetLineFactory(
            anggaran=dpa, perangkat_daerah=opd, akun=akun, sub_kegiatan_kode=SUB, harga_satuan=Decimal(amount)
        )
        for amount in ("60000000.50", "40000000")
    ]
    finance = UserFactory(pemda=pemda, role=Role.FINANCE)
    entries = [
        (lines[0], datetime.date(TAHUN, 2, 10), "10000000.25"),
        (lines[1], datetime.date(TAHUN, 3, 31), "0.01"),
        (lines[0], datetime.date(TAHUN, 4, 1), "5000000.10"),
        (lines[1], datetime.date(TAHUN, 7, 15), "7000000"),
    ]
    for number, (line, tanggal, jumlah) in enumerate(entries):
        realisasi_post(user=finance, budget_line=line.pk, tanggal=tanggal, jenis=RealisasiJenis.SP2D_LS,
                       nomor_dokumen=f"SP2D-{number}", jumlah=Decimal(jumlah))  # fmt: skip

    # another OPD of the pemda with its own program, and another pemda
    other_nomen = [
        NomenklaturFactory(kode="1.01.02"), NomenklaturFactory(kode="1.01.02.2.01"),
        NomenklaturFactory(kode="1.01.02.2.01.0001"), sasaran,
    ]  # fmt: skip
    renja_tree(other_opd, TAHUN, other_nomen)
    PerangkatDaerahFactory(pemda=other_pemda)
    return {
        "dpa": dpa, "count": count, "rate": rate, "zero": zero, "output": output, "lines": lines,
        "program": program,
    }  # fmt: skip


def get(user, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(URL, {"tahun": TAHUN, **params})


def test_the_form_on_a_hand_computed_example(world, make_user, opd):
    # when
    body = get(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk).json()
    # then: the tree of the year's Renja, program first
    rows = body["rows"]
    assert [(row["nomor"], row["level"], row["kode"]) for row in rows] == [
        ("1", "program", PROGRAM), ("1.1", "kegiatan", KEGIATAN), ("1.1.1", "sub_kegiatan", SUB),
    ]  # fmt: skip
    program, kegiatan, sub = rows
    assert program["sasaran"] == "Meningkatnya derajat kesehatan masyarakat"
    assert program["perangkat_daerah_nama"] == opd.nama
    k = {row["indikator"]: row for row in program["indikator"]}
    count = k[world["count"].pk]
    assert [count[name] for name in ("target_akhir", "realisasi_lalu", "target")] == [
        "50.0000", "12.0000", "10.0000",
    ]  # fmt: skip
    assert count["triwulan"] == ["2.0000", "3.0000", None, None]
    assert (count["realisasi"], count["realisasi_akhir"], count["capaian"]) == ("5.0000", "17.0000", "34.00")
    rate = k[world["rate"].pk]
    assert (rate["realisasi_lalu"], rate["realisasi"], rate["realisasi_akhir"]) == (
        "95.0000",
        "85.0000",
        "85.0000",
    )
    assert (rate["capaian"], rate["predikat"]) == ("93.75", "Sangat Tinggi")
    zero = k[world["zero"].pk]
    assert (zero["target_akhir"], zero["capaian"], zero["predikat"]) == ("0.0000", None, None)
    # the kegiatan's only indicator pairs with the Renstra kegiatan's only one
    output = kegiatan["indikator"][0]
    assert (output["target_akhir"], output["realisasi"], output["capaian"]) == ("40.0000", "2.0000", "5.00")
    assert sub["indikator"] == []
    # Rp: 6 over the period, 7 last year, 8 the DPA, 9–10 within the quarters, 11–12 empty
    assert Decimal(program["target_rp"]) == Decimal(500_000_000)
    assert Decimal(kegiatan["target_rp"]) == Decimal(60_000_000)
    assert sub["target_rp"] is None
    assert sub["capaian_rp"] is None
    for row in rows:
        assert Decimal(row["realisasi_lalu_rp"]) == Decimal(20_000_000)
        assert Decimal(row["pagu_rp"]) == Decimal("100000000.50")
        assert row["triwulan_rp"] == ["10000000.26", "5000000.10", None, None]
        assert Decimal(row["realisasi_rp"]) == Decimal("15000000.36")
        assert Decimal(row["realisasi_akhir_rp"]) == Decimal("35000000.36")
    assert program["capaian_rp"] == "7.00"
    assert kegiatan["capaian_rp"] == "58.33"
    # the footer: means of 15 (34, 93.75, 5 for K; 7.00…, 58.33… for Rp) and their predikat
    footer = body["footer"]
    assert footer["rata_rata_capaian_kinerja"] == "44.25"
    assert footer["predikat_kinerja"] == "Sangat Rendah"
    assert footer["rata_rata_capaian_anggaran"] == "32.67"
    assert (footer["faktor_pendorong"], footer["faktor_penghambat"], footer["tindak_lanjut"]) == ("", "", "")
    assert body["header"]["tahap"]["id"] == world["dpa"].pk
    assert (body["header"]["tahun_awal"], body["header"]["tahun_akhir"]) == (2025, 2029)


def test_column_13_rp_is_the_realization_entries_to_the_sen(world, make_user, opd):
    # given
    upto_june = Realisasi.objects.filter(
        budget_line__in=world["lines"], tanggal__lte=datetime.date(TAHUN, 6, 30), is_void=False
    ).aggregate(s=Sum("jumlah"))["s"]
    year = Realisasi.objects.filter(budget_line__in=world["lines"]).aggregate(s=Sum("jumlah"))["s"]
    # when
    second = get(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk).json()
    fourth = get(make_user(Role.BAPPEDA), triwulan=4, perangkat_daerah=opd.pk).json()
    # then
    assert Decimal(second["rows"][2]["realisasi_rp"]) == upto_june == Decimal("15000000.36")
    assert Decimal(fourth["rows"][2]["realisasi_rp"]) == year
    assert fourth["rows"][2]["triwulan_rp"][2] == "7000000.00"
    count = next(i for i in fourth["rows"][0]["indikator"] if i["indikator"] == world["count"].pk)
    assert (count["realisasi"], count["realisasi_akhir"]) == ("9.0000", "21.0000")
    rate = next(i for i in fourth["rows"][0]["indikator"] if i["indikator"] == world["rate"].pk)
    assert rate["triwulan"][2:] == ["80.0000", None]
    assert rate["realisasi_akhir"] == "80.0000"


def test_the_total_is_the_sum_of_the_program_rows_and_the_workbook_agrees(world, make_user):
    # given
    user = make_user(Role.LEADER)
    body = get(user, triwulan=2).json()
    # when
    response = get(user, triwulan=2, format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Evaluasi RKPD"]
    # then: both OPDs' programs, and a JUMLAH that sums them
    programs = [row for row in body["rows"] if row["level"] == "program"]
    assert len(programs) == 2
    total = body["total"]
    for name in ("pagu_rp", "realisasi_rp", "realisasi_akhir_rp", "realisasi_lalu_rp"):
        assert Decimal(total[name]) == sum(Decimal(row[name]) for row in programs)
    assert total["triwulan_rp"][2:] == [None, None]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "EVALUASI TERHADAP HASIL RKPD"
    numbers = next(row for row in values if row[0] == 1 and row[1] == 2)
    assert [numbers[i] for i in (4, 5, 6, 7, 23, 24, 25)] == [5, 6, None, 7, 15, None, 16]
    # columns (from 0): Rp of 6 at 6, of 8 at 10, of 13 at 20, of 14 at 22; K of 15 at 23
    jumlah = next(row for row in values if row[3] == "JUMLAH")
    assert Decimal(str(jumlah[10])).quantize(Decimal("0.01")) == Decimal(total["pagu_rp"])
    assert Decimal(str(jumlah[20])).quantize(Decimal("0.01")) == Decimal(total["realisasi_rp"])
    assert Decimal(str(jumlah[22])).quantize(Decimal("0.01")) == Decimal(total["realisasi_akhir_rp"])
    assert Decimal(str(jumlah[6])).quantize(Decimal("0.01")) == Decimal(total["target_rp"])
    rata = next(row for row in values if row[3] == "Rata-rata capaian kinerja (%)")
    assert (Decimal(str(rata[23])) * 100).quantize(Decimal("0.01")) == Decimal(
        body["footer"]["rata_rata_capaian_kinerja"]
    )
    for label in ("Faktor pendorong", "Faktor penghambat", "Tindak lanjut"):
        row = next(row for row in values if str(row[3] or "").startswith(label))
        assert row[4] is None
    # one line per indicator: the program's first carries its code and Rp, the other two K only
    at = next(i for i, row in enumerate(values) if row[2] == PROGRAM)
    assert values[at][10] is not None
    assert values[at][4]
    assert [(row[2], row[10]) for row in values[at + 1 : at + 3]] == [(None, None), (None, None)]
    assert all(row[4] for row in values[at + 1 : at + 3])
    assert any("NIP. " in row for row in values)


def test_csv_has_one_line_per_indicator(world, make_user, opd):
    # when
    response = get(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk, format="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # then: three program indicators, one kegiatan indicator, the sub kegiatan without one
    assert response["Content-Type"] == "text/csv"
    assert len(rows) == 5
    assert rows[0]["kode"] == PROGRAM
    assert rows[1]["kode"] == ""
    assert rows[4]["kode"] == SUB
    assert rows[4]["rp_13"] == "15000000.36"


def test_without_a_dpa_the_pagu_is_the_renjas(world, make_user, opd):
    # given: a later year with a Renja (pagu indikatif Rp 100,000,000) and no budget stage yet
    nodes = [NomenklaturFactory(kode="1.02.03"), NomenklaturFactory(kode="1.02.03.2.01"),
             NomenklaturFactory(kode="1.02.03.2.01.0001"), world["program"].sasaran]  # fmt: skip
    renja_tree(opd, 2027, nodes)
    # when
    body = get(make_user(Role.BAPPEDA), tahun=2027, triwulan=1, perangkat_daerah=opd.pk).json()
    # then
    assert body["header"]["tahap"] is None
    assert [Decimal(row["pagu_rp"]) for row in body["rows"]] == [Decimal(100_000_000)] * 3
    assert Decimal(body["rows"][0]["realisasi_lalu_rp"]) == 0


def test_an_opd_user_sees_only_its_opd(world, make_user, opd, other_opd):
    # given
    user = make_user(Role.OPD_PLANNER)
    # when
    own = get(user, triwulan=2)
    other = get(user, triwulan=2, perangkat_daerah=other_opd.pk)
    # then
    assert own.status_code == 200
    assert {row["perangkat_daerah"] for row in own.json()["rows"]} == {opd.pk}
    assert own.json()["header"]["perangkat_daerah"] == opd.pk
    assert other.status_code == 400
    assert "perangkat_daerah" in other.json()


def test_another_pemda_sees_nothing_of_this_one(world, other_pemda, opd):
    # given
    outsider = UserFactory(pemda=other_pemda, role=Role.ADMIN)
    # when
    unit = get(outsider, perangkat_daerah=opd.pk)
    own = get(outsider, triwulan=2)
    # then: this pemda's OPD is an unknown id, and the outsider's own form is empty
    assert unit.status_code == 400
    assert "perangkat_daerah" in unit.json()
    assert own.status_code == 200
    assert own.json()["rows"] == []
    assert own.json()["total"]["realisasi_rp"] == "0.00"


def test_anonymous_gets_401(world):
    assert get(None).status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"triwulan": 5}, {"triwulan": 0}, {"triwulan": "x"}, {"format": "pdf"}, {"perangkat_daerah": 999999},
     {"tahun": "abc"}, {"tahun": 1999}],
)  # fmt: skip
def test_bad_input_is_400(world, make_user, params):
    response = get(make_user(Role.FINANCE), **params)
    assert response.status_code == 400, response.content
