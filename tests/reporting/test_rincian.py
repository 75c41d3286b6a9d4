"""The rincian belanja (RKA / DPA / DPPA) and the anggaran kas report: the pure maths on literal frames, then the
endpoints on factory data — subtotals that equal their lines to the sen, workbooks that equal the JSON, scope and
bad input."""

import csv
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.test import APIClient

from budgeting.amounts import koefisien_text, line_jumlah
from budgeting.models import AnggaranKas, BudgetLine, Tahap
from organisation.models import Role
from planning.models import IndikatorTarget
from reporting import calculations as calc
from reporting import rincian
from tests.budgeting.factories import TAHUN, AnggaranFactory, BudgetLineFactory
from tests.factories import (
    AkunFactory,
    NomenklaturFactory,
    PerangkatDaerahFactory,
    SumberDanaFactory,
    UserFactory,
)
from tests.planning.factories import (
    IndikatorFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
)

SUB = "1.02.02.2.01.0001"
ATK, CETAK, MODAL = "5.1.02.01.01.0024", "5.1.02.01.01.0026", "5.2.02.05.01.0001"


# ---------------------------------------------------------------- pure maths


@pytest.mark.parametrize(
    ("volumes", "satuan", "expected"),
    [
        (["2.0000", "12.0000", "", ""], ["Orang", "Bulan", "", ""], "2 Orang x 12 Bulan"),
        (["2.5000", "", "", ""], ["Rim", "", "", ""], "2,5 Rim"),
        (["10.0000", "3.0000", "2.0000", "0.5000"], ["Orang", "Hari", "Kali", "Paket"],
         "10 Orang x 3 Hari x 2 Kali x 0,5 Paket"),
        (["1.0000", "", "4.0000", ""], ["Unit", "", "Tahun", ""], "1 Unit x 4 Tahun"),
        (["3.0000", "", "", ""], ["", "", "", ""], "3"),
        (["0.0000", "", "", ""], ["Paket", "", "", ""], "0 Paket"),
        (["100.0000", "", "", ""], ["Lembar", "", "", ""], "100 Lembar"),
    ],
)  # fmt: skip
def test_koefisien_is_written_like_the_forms(volumes, satuan, expected):
    assert rincian.koefisien(volumes, satuan) == expected


def test_koefisien_matches_what_the_budget_lines_store():
    # given: the factors as the budget service writes the stored koefisien
    factors = [(Decimal("2.0000"), "Orang"), (Decimal("12.5000"), "Bulan")]
    # then
    assert rincian.koefisien(["2.0000", "12.5000"], ["Orang", "Bulan"]) == koefisien_text(factors)


def test_money_and_time_texts():
    assert rincian.format_rupiah(123_456_700) == "Rp 1.234.567,00"
    assert rincian.format_rupiah(5) == "Rp 0,05"
    assert rincian.waktu_pelaksanaan(1, 12) == "Januari s.d. Desember"
    assert rincian.waktu_pelaksanaan(3, 3) == "Maret"
    assert rincian.format_target(Decimal("95.0000"), "%") == "95 %"
    assert rincian.format_target(None, "%") == ""


@pytest.mark.parametrize(
    ("owner", "jenis", "block"),
    [("program", "", "capaian_program"), ("kegiatan", "", "hasil"), ("sub_kegiatan", "", "keluaran"),
     ("sub_kegiatan", "hasil", "hasil"), ("program", "keluaran", "keluaran")],
)  # fmt: skip
def test_an_indicator_goes_to_its_jenis_else_to_its_owners_row(owner, jenis, block):
    assert rincian.indikator_block(owner=owner, jenis=jenis) == block


def literal_lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line_id": [3, 1, 2, 4, 5],
            "akun_kode": [ATK, ATK, CETAK, MODAL, ATK],
            "kelompok": ["[#] ATK", "[#] ATK", "", "[#] Modal", "[#] Cetak"],
            "keterangan": ["[-] Kertas", "", "", "", ""],
            "jumlah": np.array([100, 200, 301, 400_000_000_000_000_000, 500], dtype=np.int64),
        }
    )


def test_the_tree_prints_akun_levels_headings_and_lines_in_order():
    # when
    tree = rincian.rincian_tree(literal_lines(), values=["jumlah"])
    # then
    printed = list(
        zip(tree["level"], tree["depth"], tree["kode"], tree["uraian"], tree["line_id"], strict=True)
    )
    assert printed == [
        ("akun_1", 0, "5", "", -1), ("akun_2", 1, "5.1", "", -1), ("akun_3", 2, "5.1.02", "", -1),
        ("akun_4", 3, "5.1.02.01", "", -1), ("akun_5", 4, "5.1.02.01.01", "", -1), ("akun_6", 5, ATK, "", -1),
        ("kelompok", 6, "", "[#] ATK", -1), ("line", 7, "", "", 1), ("keterangan", 7, "", "[-] Kertas", -1),
        ("line", 8, "", "", 3), ("kelompok", 6, "", "[#] Cetak", -1), ("line", 7, "", "", 5),
        ("akun_6", 5, CETAK, "", -1), ("line", 6, "", "", 2),
        ("akun_2", 1, "5.2", "", -1), ("akun_3", 2, "5.2.02", "", -1), ("akun_4", 3, "5.2.02.05", "", -1),
        ("akun_5", 4, "5.2.02.05.01", "", -1), ("akun_6", 5, MODAL, "", -1), ("kelompok", 6, "", "[#] Modal", -1),
        ("line", 7, "", "", 4),
    ]  # fmt: skip
    jumlah = dict(
        zip(zip(tree["level"], tree["kode"], tree["uraian"], strict=True), tree["jumlah"], strict=True)
    )
    assert jumlah[("akun_1", "5", "")] == 400_000_000_000_001_101  # beyond 2^53 sen, exact
    assert jumlah[("akun_6", ATK, "")] == 800
    assert jumlah[("kelompok", "", "[#] ATK")] == 300
    assert jumlah[("keterangan", "", "[-] Kertas")] == 100
    assert jumlah[("akun_2", "5.1", "")] == 1_101


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([ATK, CETAK, MODAL, "5.1.01.01.01.0001", "5.2.03.01.01.0001"]),
            st.sampled_from(["", "[#] A", "[#] B"]),
            st.sampled_from(["", "[-] x", "[-] y"]),
            st.integers(min_value=0, max_value=10**17),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_every_subtotal_is_the_sum_of_the_lines_below_it(lines):
    # given
    frame = pd.DataFrame(
        {
            "line_id": np.arange(1, len(lines) + 1, dtype=np.int64),
            "akun_kode": [line[0] for line in lines],
            "kelompok": [line[1] for line in lines],
            "keterangan": [line[2] for line in lines],
            "jumlah": np.array([line[3] for line in lines], dtype=np.int64),
        }
    )
    # when
    tree = rincian.rincian_tree(frame, values=["jumlah"])
    # then: each akun row sums the lines under its code, the lines appear once each, the root is the total
    for row in tree[tree["level"].str.startswith("akun_")].itertuples():
        under = frame["akun_kode"].str.startswith(row.kode + ".") | (frame["akun_kode"] == row.kode)
        assert row.jumlah == int(frame.loc[under, "jumlah"].sum())
    assert sorted(tree.loc[tree["level"] == "line", "line_id"]) == list(frame["line_id"])
    assert int(tree["jumlah"].iat[0]) == int(frame["jumlah"].sum())
    # a heading's subtotal is the sum of the rows printed below it up to the next heading or akun
    for position in np.flatnonzero(tree["level"].isin(["kelompok", "keterangan"]).to_numpy()):
        depth = tree["depth"].iat[position]
        below = 0
        for after in range(position + 1, len(tree)):
            if tree["depth"].iat[after] <= depth:
                break
            if tree["level"].iat[after] == "line":
                below += int(tree["jumlah"].iat[after])
        assert int(tree["jumlah"].iat[position]) == below


def detail_frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["kunci", "line_id", "akun_kode", "kelompok", "keterangan", "komponen", "koefisien", "satuan",
               "harga", "ppn_bp", "jumlah"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("line_id", "harga", "ppn_bp", "jumlah"):
        frame[name] = frame[name].astype(np.int64)
    return frame


def test_dppa_lines_beside_the_stage_before():
    # given: A unchanged, B's harga raised, C dropped, D added (sen)
    sebelum = detail_frame(
        [
            ("a", 1, ATK, "", "", "Kertas", "2 Rim", "Rim", 5_500_000, 0, 11_000_000),
            ("b", 2, ATK, "", "", "Pena", "10 Buah", "Buah", 300_000, 1_100, 3_330_000),
            ("c", 3, CETAK, "", "", "Spanduk", "1 Buah", "Buah", 25_000_000, 0, 25_000_000),
        ]
    )
    sesudah = detail_frame(
        [
            ("a", 11, ATK, "", "", "Kertas", "2 Rim", "Rim", 5_500_000, 0, 11_000_000),
            ("b", 12, ATK, "", "", "Pena", "12 Buah", "Buah", 300_000, 1_100, 3_996_000),
            ("d", 14, MODAL, "", "", "Laptop", "1 Unit", "Unit", 1_500_000_000, 0, 1_500_000_000),
        ]
    )
    # when
    compared = rincian.compare_lines(sebelum, sesudah).set_index("kunci")
    # then
    assert compared.loc["a", "status"] == "unchanged"
    assert compared.loc["a", "selisih"] == 0
    assert compared.loc["b", "status"] == "changed"
    assert compared.loc["b", "koefisien_sebelum"] == "10 Buah"
    assert compared.loc["b", "koefisien"] == "12 Buah"
    assert compared.loc["b", "selisih"] == 666_000
    assert compared.loc["c", "status"] == "dropped"
    assert compared.loc["c", "jumlah"] == 0
    assert compared.loc["c", "selisih"] == -25_000_000
    assert compared.loc["c", "komponen"] == "Spanduk"
    assert compared.loc["c", "line_id"] == 3
    assert compared.loc["d", "status"] == "added"
    assert compared.loc["d", "jumlah_sebelum"] == 0
    assert compared["selisih"].sum() == sesudah["jumlah"].sum() - sebelum["jumlah"].sum() == 1_475_666_000
    # the tree sums both sides
    tree = rincian.rincian_tree(compared.reset_index(), values=["jumlah", "jumlah_sebelum"])
    root = tree.iloc[0]
    assert (root["jumlah"], root["jumlah_sebelum"]) == (1_514_996_000, 39_330_000)


def kas_lines(rows: list[tuple[int, int, int, int, list[int]]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "k_opd": np.array([row[0] for row in rows], dtype=np.int32),
            "k_sub_kegiatan": np.array([row[1] for row in rows], dtype=np.int32),
            "k_akun": np.array([row[2] for row in rows], dtype=np.int32),
            "pagu": np.array([row[3] for row in rows], dtype=np.int64),
        }
    )
    for month, name in enumerate(calc.AK_COLUMNS):
        frame[name] = np.array([row[4][month] if month < len(row[4]) else 0 for row in rows], dtype=np.int64)
    return frame


def test_anggaran_kas_rows_against_the_dpa_and_the_unbalanced_flag():
    # given: OPD 0 sub 0 akun 0 balanced; sub 0 akun 1 two lines +1 sen and −1 sen; sub 1 short by 50 sen;
    # OPD 1 balanced
    lines = kas_lines(
        [
            (0, 0, 0, 1_200, [100] * 12),
            (0, 0, 1, 1_000, [1_001]),
            (0, 0, 1, 1_000, [999]),
            (0, 1, 0, 600, [50] * 11),
            (1, 2, 0, 300, [0, 0, 300]),
        ]
    )
    # when
    tree = rincian.anggaran_kas_tree(lines, bulan=2).set_index(["level", "k_opd", "k_sub_kegiatan", "k_akun"])
    total = rincian.kas_total(lines, bulan=2)
    # then
    balanced = tree.loc[("akun", 0, 0, 0)]
    assert (balanced["total"], balanced["selisih"], bool(balanced["seimbang"])) == (1_200, 0, True)
    offsetting = tree.loc[("akun", 0, 0, 1)]
    assert offsetting["selisih"] == 0
    assert offsetting["baris_tidak_seimbang"] == 2
    assert not offsetting["seimbang"]
    short = tree.loc[("sub_kegiatan", 0, 1, -1)]
    assert (short["total"], short["selisih"], bool(short["seimbang"])) == (550, 50, False)
    opd0 = tree.loc[("opd", 0, -1, -1)]
    assert opd0["pagu"] == 3_800
    assert opd0["total"] == 3_750
    assert opd0["baris_tidak_seimbang"] == 3
    assert [opd0[name] for name in calc.AK_COLUMNS[:2]] == [100 + 2_000 + 50, 150]
    assert opd0["sd_bulan"] == 2_150 + 150
    assert bool(tree.loc[("opd", 1, -1, -1), "seimbang"])
    assert total["pagu"] == 4_100
    assert total["total"] == 4_050
    assert total["selisih"] == 50
    assert total["baris_tidak_seimbang"] == 3
    assert total["seimbang"] is False
    assert sum(total["bulan"]) == total["total"]


# ---------------------------------------------------------------- the endpoints


def line(
    stage, opd, akun, *, factors, harga, ppn="0", kelompok="", keterangan="", komponen=None, kas=None, **kw
):
    """A line with up to four volume × satuan factors, its jumlah by the budget rule, and optionally a RAK row."""
    volumes = {f"volume_{n}": Decimal(v) for n, (v, _) in enumerate(factors, start=1)}
    units = {f"satuan_{n}": s for n, (_, s) in enumerate(factors, start=1)}
    made = BudgetLineFactory(
        anggaran=stage,
        perangkat_daerah=opd,
        akun=akun,
        sub_kegiatan_kode=kw.pop("sub_kegiatan_kode", SUB),
        kelompok=kelompok,
        keterangan=keterangan,
        harga_satuan=Decimal(harga),
        ppn=Decimal(ppn),
        koefisien=koefisien_text([(Decimal(v), s) for v, s in factors]),
        jumlah=line_jumlah(volumes=list(volumes.values()), harga_satuan=Decimal(harga), ppn=Decimal(ppn)),
        **({"komponen": komponen} if komponen else {}),
        **volumes,
        **units,
        **kw,
    )
    if kas is not None:
        AnggaranKas.objects.create(
            pemda=stage.pemda, anggaran=stage, perangkat_daerah=opd, budget_line=made,
            **{f"bulan_{m}": Decimal(amount) for m, amount in kas.items()},
        )  # fmt: skip
    return made


@pytest.fixture
def world(pemda, opd, other_opd, other_pemda):
    for kode, nama in [
        ("1", "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"), ("1.02", "KESEHATAN"),
        ("1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN"), ("1.02.02.2.01", "Penyediaan Fasilitas Pelayanan"),
    ]:  # fmt: skip
        NomenklaturFactory(kode=kode, nama=nama)
    node = NomenklaturFactory(kode=SUB, nama="Pembangunan Puskesmas")
    akun = {
        kode: AkunFactory(kode=kode, nama=nama)
        for kode, nama in [
            ("5", "BELANJA DAERAH"), ("5.1", "BELANJA OPERASI"), ("5.1.02", "Belanja Barang dan Jasa"),
            ("5.1.02.01", "Belanja Barang"), ("5.1.02.01.01", "Belanja Barang Pakai Habis"),
            (ATK, "Belanja Alat Tulis Kantor"), (CETAK, "Belanja Bahan Cetak"), ("5.2", "BELANJA MODAL"),
            (MODAL, "Belanja Modal Alat Kesehatan"),
        ]
    }  # fmt: skip
    dau = SumberDanaFactory(kode="1.2.01.01.01.0001", nama="DAU")
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    honor = line(
        dpa, opd, akun[ATK], factors=[("2", "Orang"), ("12", "Bulan")], harga="55000.50", ppn="11",
        kelompok="[#] Alat Tulis", keterangan="[-] Kertas", komponen="Kertas HVS", sumber_dana=dau,
        kas={m: Decimal("122101.11") for m in range(1, 13)},
    )  # fmt: skip
    rim = line(dpa, opd, akun[ATK], factors=[("3", "Rim")], harga="1000", kelompok="[#] Alat Tulis",
               komponen="Map", kas={1: 3000})  # fmt: skip
    # 2.5 × 10,000.33 = 25,000.825 → 25,000.83; its anggaran kas is one sen short
    cetak = line(dpa, opd, akun[CETAK], factors=[("2.5", "Eksemplar")], harga="10000.33", komponen="Buku",
                 kas={6: Decimal("25000.82")})  # fmt: skip
    modal = line(dpa, opd, akun[MODAL], factors=[("1", "Unit")], harga="15000000", kelompok="[#] Modal",
                 komponen="USG", kas={4: 5_000_000, 8: 10_000_000})  # fmt: skip
    line(dpa, opd, akun[ATK], factors=[("1", "Paket")], harga="700", sub_kegiatan_kode="1.02.02.2.01.0002",
         kas={2: 700})  # fmt: skip
    line(dpa, other_opd, akun[ATK], factors=[("1", "Paket")], harga="900", sub_kegiatan_kode="1.01.01.2.01.0001",
         kas={3: 900})  # fmt: skip
    # the Renja: indicators on the program, kegiatan and sub kegiatan; next year's pagu; last year's DPA
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=TAHUN)
    program = RenjaProgramFactory(renja=renja, nomenklatur=node, kode="1.02.02")
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=node, kode="1.02.02.2.01")
    sub = RenjaSubKegiatanFactory(
        kegiatan=kegiatan,
        nomenklatur=node,
        kode=SUB,
        lokasi_uraian="Kecamatan Uji",
        bulan_mulai=2,
        bulan_selesai=11,
    )
    for owner, nama, satuan, target in [
        ({"renja_program": program}, "Persentase fasilitas layanan sesuai standar", "%", "95"),
        ({"renja_kegiatan": kegiatan}, "Jumlah fasilitas yang berfungsi", "Unit", "4"),
        ({"renja_sub_kegiatan": sub}, "Jumlah puskesmas dibangun", "Unit", "1"),
    ]:
        indikator = IndikatorFactory(pemda=pemda, nama=nama, satuan=satuan, **owner)
        IndikatorTarget.objects.create(pemda=pemda, indikator=indikator, tahun=TAHUN, target=Decimal(target))
    later = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=TAHUN + 1)
    later_kegiatan = RenjaKegiatanFactory(
        program=RenjaProgramFactory(renja=later, nomenklatur=node, kode="1.02.02"),
        nomenklatur=node,
        kode="1.02.02.2.01",
    )
    RenjaSubKegiatanFactory(kegiatan=later_kegiatan, nomenklatur=node, kode=SUB, pagu_indikatif=7_000_000)
    last_year = AnggaranFactory(pemda=pemda, tahun=TAHUN - 1, tahap=Tahap.DPA)
    line(last_year, opd, akun[ATK], factors=[("1", "Paket")], harga="5000000")
    AnggaranFactory(pemda=other_pemda, tahun=TAHUN, tahap=Tahap.DPA)
    return {"dpa": dpa, "akun": akun, "lines": [honor, rim, cetak, modal], "last_year": last_year}


def get(user, report, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(f"/api/reports/{report}/", {"tahun": TAHUN, **params})


def sub_lines(stage, kode=SUB):
    return BudgetLine.objects.filter(anggaran=stage, sub_kegiatan_kode=kode)


@pytest.mark.django_db
def test_every_akun_subtotal_is_its_lines_and_the_total_is_the_sub_kegiatan_to_the_sen(world, make_user):
    # when
    response = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB)
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    lines = sub_lines(world["dpa"])
    assert Decimal(body["total"]["jumlah"]) == lines.aggregate(s=Sum("jumlah"))["s"]
    akun_rows = [row for row in body["rows"] if row["level"].startswith("akun_")]
    assert [row["kode"] for row in akun_rows] == [
        "5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.01.01", ATK, CETAK, "5.2", "5.2.02", "5.2.02.05",
        "5.2.02.05.01", MODAL,
    ]  # fmt: skip
    for row in akun_rows:
        expected = lines.filter(akun__kode__startswith=row["kode"]).aggregate(s=Sum("jumlah"))["s"]
        assert Decimal(row["jumlah"]) == expected, row["kode"]
    assert next(row for row in akun_rows if row["kode"] == ATK)["uraian"] == "Belanja Alat Tulis Kantor"
    heading = next(
        row for row in body["rows"] if row["level"] == "kelompok" and row["uraian"] == "[#] Alat Tulis"
    )
    honor, rim, cetak, _ = world["lines"]
    assert Decimal(heading["jumlah"]) == honor.jumlah + rim.jumlah
    printed = {row["budget_line"]: row for row in body["rows"] if row["level"] == "line"}
    assert set(printed) == set(lines.values_list("pk", flat=True))
    assert printed[honor.pk]["koefisien"] == "2 Orang x 12 Bulan"
    assert printed[honor.pk]["satuan"] == "Orang / Bulan"
    assert printed[honor.pk]["ppn"] == "11.00"
    assert Decimal(printed[honor.pk]["jumlah"]) == Decimal("1465213.32")  # 2 × 12 × 55,000.50 × 1.11
    assert printed[cetak.pk]["koefisien"] == "2,5 Eksemplar"
    assert printed[cetak.pk]["uraian"] == "Buku"
    assert body["dokumen"] == "DPA-SKPD"
    assert body["sebelum"] is None
    assert all(row["jumlah_sebelum"] is None for row in body["rows"])


@pytest.mark.django_db
def test_the_header_indicator_and_sub_kegiatan_blocks(world, make_user, opd):
    # when
    body = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB).json()
    # then
    sub = body["sub_kegiatan"]
    assert sub["urusan"] == {
        "kode": "1",
        "nama": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    }
    assert sub["program"]["nama"] == "PROGRAM PEMENUHAN UPAYA KESEHATAN"
    assert sub["sub_kegiatan"] == {"kode": SUB, "nama": "Pembangunan Puskesmas"}
    assert sub["organisasi"]["id"] == opd.pk
    assert body["header"]["perangkat_daerah"] == opd.pk
    assert Decimal(sub["alokasi_tahun_lalu"]) == Decimal(5_000_000)
    assert Decimal(sub["alokasi_tahun_ini"]) == Decimal(body["total"]["jumlah"])
    assert Decimal(sub["alokasi_tahun_depan"]) == Decimal(7_000_000)
    assert sub["sumber_dana"] == ["DAU"]
    assert sub["lokasi"] == "Kecamatan Uji"
    assert sub["waktu_pelaksanaan"] == "Februari s.d. November"
    indikator = body["indikator"]
    assert [item["target_uraian"] for item in indikator["capaian_program"]] == ["95 %"]
    assert indikator["hasil"][0]["tolok_ukur"] == "Jumlah fasilitas yang berfungsi"
    assert indikator["keluaran"] == sub["keluaran"]
    assert indikator["keluaran"][0]["target_uraian"] == "1 Unit"
    assert Decimal(indikator["masukan"][0]["target"]) == Decimal(body["total"]["jumlah"])


@pytest.mark.django_db
def test_a_dpa_prints_its_monthly_anggaran_kas(world, make_user):
    # when
    kas = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB).json()["anggaran_kas"]
    # then
    stored = AnggaranKas.objects.filter(budget_line__in=sub_lines(world["dpa"]))
    for month in kas["bulan"]:
        expected = stored.aggregate(s=Sum(f"bulan_{month['bulan']}"))["s"]
        assert Decimal(month["jumlah"]) == expected
    assert [month["nama"] for month in kas["bulan"]][:2] == ["Januari", "Februari"]
    assert Decimal(kas["jumlah"]) == sum(Decimal(month["jumlah"]) for month in kas["bulan"])
    assert Decimal(kas["selisih"]) == Decimal("0.01")  # the cetak line is one sen short
    assert kas["seimbang"] is False


@pytest.mark.django_db
def test_an_rka_has_no_anggaran_kas(world, make_user, opd):
    # given
    rka = AnggaranFactory(pemda=opd.pemda, tahun=TAHUN, tahap=Tahap.RKA)
    line(rka, opd, world["akun"][ATK], factors=[("4", "Rim")], harga="50000")
    # when
    body = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB, tahap=rka.pk).json()
    # then
    assert body["dokumen"] == "RKA-SKPD"
    assert body["anggaran_kas"] is None
    assert Decimal(body["total"]["jumlah"]) == Decimal(200_000)


@pytest.mark.django_db
def test_a_dppa_prints_sebelum_sesudah_and_the_difference(world, make_user, opd):
    # given: the DPPA keeps the honor line, raises the map line from 3 to 5 Rim, drops the cetak line, adds one
    honor, rim, cetak, modal = world["lines"]
    dppa = AnggaranFactory(pemda=opd.pemda, tahun=TAHUN, tahap=Tahap.APBD_P, sumber=world["dpa"])
    akun = world["akun"]
    line(dppa, opd, akun[ATK], factors=[("2", "Orang"), ("12", "Bulan")], harga="55000.50", ppn="11",
         kelompok="[#] Alat Tulis", keterangan="[-] Kertas", komponen="Kertas HVS", kunci=honor.kunci)  # fmt: skip
    more = line(dppa, opd, akun[ATK], factors=[("5", "Rim")], harga="1000", kelompok="[#] Alat Tulis",
                komponen="Map", kunci=rim.kunci)  # fmt: skip
    line(dppa, opd, akun[MODAL], factors=[("1", "Unit")], harga="15000000", kelompok="[#] Modal", komponen="USG",
         kunci=modal.kunci)  # fmt: skip
    new = line(dppa, opd, akun[MODAL], factors=[("2", "Unit")], harga="1250000.25", kelompok="[#] Modal",
               komponen="Tensimeter")  # fmt: skip
    # when
    body = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB, tahap=dppa.pk).json()
    # then
    assert body["dokumen"] == "DPPA-SKPD"
    assert body["sebelum"]["id"] == world["dpa"].pk
    rows = {row["budget_line"]: row for row in body["rows"] if row["level"] == "line"}
    changed = rows[more.pk]
    assert (changed["koefisien_sebelum"], changed["koefisien"]) == ("3 Rim", "5 Rim")
    assert (changed["jumlah_sebelum"], changed["jumlah"], changed["selisih"]) == (
        "3000.00",
        "5000.00",
        "2000.00",
    )
    assert changed["status"] == "changed"
    dropped = rows[cetak.pk]
    assert dropped["status"] == "dropped"
    assert dropped["koefisien"] is None
    assert (dropped["jumlah_sebelum"], dropped["jumlah"], dropped["selisih"]) == (
        "25000.83",
        "0.00",
        "-25000.83",
    )
    added = rows[new.pk]
    assert added["status"] == "added"
    assert added["koefisien_sebelum"] is None
    assert (added["jumlah_sebelum"], added["selisih"]) == ("0.00", "2500000.50")
    # 2,000 + 2,500,000.50 − 25,000.83 by hand
    total = body["total"]
    assert Decimal(total["selisih"]) == Decimal("2476999.67")
    assert Decimal(total["jumlah"]) == sub_lines(dppa).aggregate(s=Sum("jumlah"))["s"]
    assert Decimal(total["jumlah_sebelum"]) == sub_lines(world["dpa"]).aggregate(s=Sum("jumlah"))["s"]
    cetak_akun = next(row for row in body["rows"] if row["kode"] == CETAK)
    assert (cetak_akun["jumlah_sebelum"], cetak_akun["jumlah"]) == ("25000.83", "0.00")
    # the same difference as the stage comparison of the OPD, restricted to the sub kegiatan
    comparison = get(make_user(Role.FINANCE), "perbandingan", tahap=dppa.pk, perangkat_daerah=opd.pk).json()
    selisih = sum(Decimal(row["selisih"]) for row in comparison["rows"] if row["sub_kegiatan_kode"] == SUB)
    assert selisih == Decimal(total["selisih"])


@pytest.mark.django_db
def test_the_rincian_workbook_reads_back_with_the_json_totals(world, make_user):
    # given
    user = make_user(Role.FINANCE)
    body = get(user, "rincian", sub_kegiatan=SUB).json()
    # when
    response = get(user, "rincian", sub_kegiatan=SUB, format="xlsx")
    # then
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["DPA-SKPD"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0].startswith("RINCIAN DPA-SKPD")
    header = next(n for n, row in enumerate(values, start=1) if row[0] == "Kode Rekening")
    assert values[header][2:6] == ("Koefisien", "Satuan", "Harga", "PPN")  # under "Rincian Perhitungan"
    assert values[header + 1][:7] == (1, 2, 3, 4, 5, 6, 7)
    jumlah = next(n for n, row in enumerate(values, start=1) if row[1] == "JUMLAH")
    assert Decimal(str(values[jumlah - 1][6])).quantize(Decimal("0.01")) == Decimal(body["total"]["jumlah"])
    assert sheet.cell(jumlah, 7).number_format == "#,##0"
    assert sheet.cell(jumlah, 7).font.bold
    by_code = {row[0]: row for row in values[header + 2 : jumlah - 1] if row[0]}
    for row in body["rows"]:
        if row["level"].startswith("akun_"):
            assert Decimal(str(by_code[row["kode"]][6])).quantize(Decimal("0.01")) == Decimal(row["jumlah"])
    assert any(row[0] == "Indikator" and row[1] == "Tolok Ukur Kinerja" for row in values)
    assert any(row[0] == "Sumber Pendanaan" and row[1] == ": DAU" for row in values)
    kas_total = next(row for row in values[jumlah:] if row[0] == "Jumlah")
    assert Decimal(str(kas_total[1])).quantize(Decimal("0.01")) == Decimal(body["anggaran_kas"]["jumlah"])
    assert sheet.freeze_panes == "C1"
    assert sheet.page_setup.orientation == "landscape"
    assert any(row[-1] == "NIP. " or "NIP. " in row for row in values)


@pytest.mark.django_db
def test_an_opd_user_cannot_open_another_opds_sub_kegiatan(world, make_user, other_opd):
    # given
    user = make_user(Role.OPD_FINANCE)
    # when
    own = get(user, "rincian", sub_kegiatan=SUB)
    other = get(user, "rincian", sub_kegiatan="1.01.01.2.01.0001")
    named = get(user, "rincian", sub_kegiatan="1.01.01.2.01.0001", perangkat_daerah=other_opd.pk)
    # then
    assert own.status_code == 200
    assert other.status_code == 404
    assert named.status_code == 400
    assert "perangkat_daerah" in named.json()


@pytest.mark.django_db
def test_another_pemda_and_anonymous_cannot_read_the_rincian(world, other_pemda):
    # given
    outsider = UserFactory(pemda=other_pemda, role=Role.ADMIN)
    # when / then: this pemda's stage is unknown to them, their own stage has no such sub kegiatan
    assert get(outsider, "rincian", sub_kegiatan=SUB, tahap=world["dpa"].pk).status_code == 400
    assert get(outsider, "rincian", sub_kegiatan=SUB).status_code == 404
    assert get(None, "rincian", sub_kegiatan=SUB).status_code == 401


@pytest.mark.django_db
def test_two_opds_on_one_code_need_the_opd_named(world, make_user, other_opd):
    # given
    line(world["dpa"], other_opd, world["akun"][ATK], factors=[("1", "Paket")], harga="100")
    user = make_user(Role.FINANCE)
    # when
    unnamed = get(user, "rincian", sub_kegiatan=SUB)
    named = get(user, "rincian", sub_kegiatan=SUB, perangkat_daerah=other_opd.pk)
    # then
    assert unnamed.status_code == 400
    assert "perangkat_daerah" in unnamed.json()
    assert named.status_code == 200
    assert Decimal(named.json()["total"]["jumlah"]) == Decimal(100)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status"),
    [({"sub_kegiatan": "9.99.99.2.01.0001"}, 404), ({"sub_kegiatan": "1.02"}, 400), ({}, 400),
     ({"sub_kegiatan": "'; DROP TABLE x; --"}, 400), ({"sub_kegiatan": SUB, "format": "csv"}, 400),
     ({"sub_kegiatan": SUB, "tahap": 999_999}, 400), ({"sub_kegiatan": SUB, "dengan": 999_999}, 400),
     ({"sub_kegiatan": SUB, "tahun": "abc"}, 400)],
)  # fmt: skip
def test_bad_rincian_input_is_400_or_404(world, make_user, params, status):
    # when
    response = get(make_user(Role.FINANCE), "rincian", **params)
    # then
    assert response.status_code == status, response.content


@pytest.mark.django_db
def test_a_stage_of_another_year_is_400(world, make_user):
    # when
    response = get(make_user(Role.FINANCE), "rincian", sub_kegiatan=SUB, tahap=world["last_year"].pk)
    kas = get(make_user(Role.FINANCE), "anggaran-kas", tahap=world["last_year"].pk)
    # then
    assert response.status_code == 400
    assert "tahap" in response.json()
    assert kas.status_code == 400
    assert "tahap" in kas.json()


# ---------------------------------------------------------------- the anggaran kas report


@pytest.mark.django_db
def test_anggaran_kas_rows_reconcile_with_the_lines_and_flag_the_unbalanced(world, make_user, opd, other_opd):
    # when
    response = get(make_user(Role.FINANCE), "anggaran-kas", bulan=6)
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    lines = BudgetLine.objects.filter(anggaran=world["dpa"])
    assert Decimal(body["total"]["pagu"]) == lines.aggregate(s=Sum("jumlah"))["s"]
    assert body["total"]["baris_tidak_seimbang"] == 1
    assert body["total"]["seimbang"] is False
    opd_rows = {row["perangkat_daerah"]: row for row in body["rows"] if row["level"] == "opd"}
    assert set(opd_rows) == {opd.pk, other_opd.pk}
    for pk, row in opd_rows.items():
        kas = AnggaranKas.objects.filter(budget_line__in=lines, perangkat_daerah_id=pk)
        months = [kas.aggregate(s=Sum(f"bulan_{m}"))["s"] for m in range(1, 13)]
        assert [Decimal(value) for value in row["anggaran_kas"]] == months
        assert Decimal(row["jumlah"]) == sum(months)
        assert Decimal(row["sd_bulan"]) == sum(months[:6])
        assert Decimal(row["pagu"]) == lines.filter(perangkat_daerah_id=pk).aggregate(s=Sum("jumlah"))["s"]
    for row in body["rows"]:
        assert Decimal(row["selisih"]) == Decimal(row["pagu"]) - Decimal(row["jumlah"])
        assert Decimal(row["jumlah"]) == sum(Decimal(value) for value in row["anggaran_kas"])
    unbalanced = [(row["level"], row["kode"]) for row in body["rows"] if not row["seimbang"]]
    assert unbalanced == [("opd", opd.kode), ("sub_kegiatan", SUB), ("akun", CETAK)]
    cetak = next(row for row in body["rows"] if row["kode"] == CETAK)
    assert cetak["selisih"] == "0.01"
    sub_rows = [
        row for row in body["rows"] if row["level"] == "sub_kegiatan" and row["perangkat_daerah"] == opd.pk
    ]
    assert sum(Decimal(row["pagu"]) for row in sub_rows) == Decimal(opd_rows[opd.pk]["pagu"])


@pytest.mark.django_db
def test_anggaran_kas_workbook_and_csv_equal_the_json(world, make_user):
    # given
    user = make_user(Role.FINANCE)
    body = get(user, "anggaran-kas").json()
    # when
    workbook = load_workbook(io.BytesIO(get(user, "anggaran-kas", format="xlsx").content))["Anggaran Kas"]
    text = get(user, "anggaran-kas", format="csv").content.decode("utf-8-sig")
    # then
    values = list(workbook.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(values) if row[0] == "Kode")
    assert values[header][3] == "Anggaran Kas per Bulan (Rp)"
    assert values[header + 1][3] == "Jan"
    jumlah = next(row for row in values if row[1] == "JUMLAH")
    assert Decimal(str(jumlah[2])).quantize(Decimal("0.01")) == Decimal(body["total"]["pagu"])
    assert Decimal(str(jumlah[15])).quantize(Decimal("0.01")) == Decimal(body["total"]["jumlah"])
    assert jumlah[17] == "Tidak seimbang"
    assert workbook.freeze_panes == f"C{header + 4}"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(1 for row in body["rows"] if row["level"] == "akun")
    assert sum(Decimal(row["jumlah"]) for row in rows) == Decimal(body["total"]["jumlah"])
    assert sum(Decimal(row["bulan_6"]) for row in rows) == Decimal(body["total"]["anggaran_kas"][5])


@pytest.mark.django_db
def test_anggaran_kas_scope(world, make_user, opd, other_opd, other_pemda):
    # given
    own = get(make_user(Role.OPD_FINANCE), "anggaran-kas").json()
    other = get(make_user(Role.OPD_FINANCE), "anggaran-kas", perangkat_daerah=other_opd.pk)
    outsider = UserFactory(pemda=other_pemda, role=Role.ADMIN)
    # then
    assert {row["perangkat_daerah"] for row in own["rows"]} == {opd.pk}
    assert other.status_code == 400
    assert get(outsider, "anggaran-kas", tahap=world["dpa"].pk).status_code == 400
    assert get(outsider, "anggaran-kas", perangkat_daerah=opd.pk).status_code == 400
    assert get(None, "anggaran-kas").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"bulan": 13}, {"bulan": 0}, {"triwulan": 5}, {"bulan": 2, "triwulan": 1}, {"format": "pdf"},
     {"tahap": 999_999}, {"tahun": 2019}, {"bulan": "Maret"}],
)  # fmt: skip
def test_bad_anggaran_kas_input_is_400(world, make_user, params):
    assert get(make_user(Role.FINANCE), "anggaran-kas", **params).status_code == 400


@pytest.mark.django_db
def test_anggaran_kas_needs_an_execution_stage(world, make_user, pemda):
    # given
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    # when
    response = get(make_user(Role.FINANCE), "anggaran-kas", tahap=rka.pk)
    # then
    assert response.status_code == 400
    assert "DPA" in response.json()["tahap"][0]


@pytest.mark.django_db
def test_a_renja_sub_kegiatan_without_lines_prints_an_empty_form(world, make_user, opd):
    # given: an RKA with no lines yet on the Renja's sub kegiatan
    rka = AnggaranFactory(pemda=opd.pemda, tahun=TAHUN, tahap=Tahap.RKA)
    # when
    response = get(make_user(Role.OPD_PLANNER), "rincian", sub_kegiatan=SUB, tahap=rka.pk)
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rows"] == []
    assert body["total"]["jumlah"] == "0.00"
    assert body["sub_kegiatan"]["di_renja"] is True
    assert body["sub_kegiatan"]["unit"] == [{"id": opd.pk, "kode": opd.kode, "nama": opd.nama}]
    assert (
        get(make_user(Role.OPD_PLANNER), "rincian", sub_kegiatan=SUB, tahap=rka.pk, format="xlsx").status_code
        == 200
    )


@pytest.mark.django_db
def test_lines_of_a_sub_unit_print_under_their_opd(world, make_user, opd):
    # given: a puskesmas below the Dinas with a line on the same sub kegiatan
    puskesmas = PerangkatDaerahFactory(
        pemda=opd.pemda, induk=opd, kode="1.02.0.00.0.00.01.0001", nama="Puskesmas"
    )
    extra = line(
        world["dpa"], puskesmas, world["akun"][ATK], factors=[("1", "Paket")], harga="250", kas={1: 250}
    )
    # when
    body = get(make_user(Role.OPD_FINANCE), "rincian", sub_kegiatan=SUB).json()
    # then
    assert body["sub_kegiatan"]["organisasi"]["id"] == opd.pk
    assert [unit["id"] for unit in body["sub_kegiatan"]["unit"]] == [opd.pk, puskesmas.pk]
    assert extra.pk in {row["budget_line"] for row in body["rows"]}
    assert Decimal(body["total"]["jumlah"]) == sub_lines(world["dpa"]).aggregate(s=Sum("jumlah"))["s"]
