"""Evaluasi hasil Renja Perangkat Daerah (Permendagri 86/2017): the RKPD form's arithmetic against the OPD's
Renstra on a hand-computed example, parents and JUMLAH, the workbook (a sheet per OPD) read back against the JSON,
plan rows whose ids repeat across levels, scope and bad input."""

import csv
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from organisation.models import Role
from planning.models import PaguTahunan, RenstraProgram
from reporting import evaluasi
from tests.budgeting.factories import TAHUN
from tests.factories import UserFactory
from tests.reporting.test_evaluasi import KEGIATAN, PROGRAM, SUB, add_indicator, indikator, world  # noqa: F401

URL = "/api/reports/evaluasi-renja/"


# ---------------------------------------------------------------- the formulas, without a database


def test_a_lower_is_better_count_is_summed_and_measured_from_twice_the_target():
    # given: a count where lower is better (cases), 30 in the earlier years, 10 and 20 this year, 100 at the end
    frame = pd.DataFrame(
        [indikator(target_akhir=100, realisasi_lalu=30, tw_1=10, tw_2=20, polaritas="lower")]
    )
    # when
    out = evaluasi.kinerja(frame, triwulan=4)
    # then: 13 = 30, 14 = 60, 15 = (2 × 100 − 60) / 100 × 100
    assert out.loc[0, ["realisasi", "realisasi_akhir", "capaian"]].tolist() == [30.0, 60.0, 140.0]


def plan_frame(rows):
    columns = ["sumber", "level", "plan_id", "kode", "opd_id", "pagu", "indikator_id", "nama", "target_akhir"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"pagu": "Int64", "indikator_id": "Int64", "target_akhir": np.float64})


def test_a_renstra_program_and_kegiatan_with_the_same_id_are_two_plan_rows():
    # given: Renstra program 3 and Renstra kegiatan 3 of one OPD, each with its own pagu and indicator
    rencana = plan_frame(
        [
            ("renstra", "kegiatan", 3, KEGIATAN, 1, 6_000_000, 31, "Puskesmas dibangun", 40.0),
            ("renstra", "program", 3, PROGRAM, 1, 30_000_000, 30, "Puskesmas terakreditasi", 50.0),
        ]
    )
    nodes = pd.DataFrame(
        {"opd_id": [1, 1], "level": ["program", "kegiatan"], "kode": [PROGRAM, KEGIATAN], "node_id": [7, 7]}
    )
    empty_money = pd.DataFrame(
        {"opd_id": [], "sub_kegiatan_kode": [], "tahun": [], "triwulan": [], "jumlah": []}
    )
    empty_pagu = pd.DataFrame({"opd_id": [], "sub_kegiatan_kode": [], "pagu": []})
    current = pd.DataFrame(
        {
            "opd_id": [1, 1], "tahun": [TAHUN, TAHUN], "level": ["program", "kegiatan"], "kode": [PROGRAM, KEGIATAN],
            "nama": ["Puskesmas terakreditasi", "Puskesmas dibangun"], "aturan": ["sum", "sum"],
            "polaritas": ["higher", "higher"], "target": [5.0, 1.0], "tw_1": [5.0, 2.0], "tw_2": [np.nan] * 2,
            "tw_3": [np.nan] * 2, "tw_4": [np.nan] * 2,
        }
    )  # fmt: skip
    # when
    chosen = evaluasi.rencana_baris(rencana)
    rp = evaluasi.nodes_rp(nodes, rencana, empty_money, empty_pagu, tahun=TAHUN, triwulan=1)
    k = evaluasi.indikator_k(current, rencana, tahun=TAHUN, triwulan=1)
    # then: each level keeps its own plan row, its own pagu (column 6 Rp) and its own target (column 6 K)
    assert sorted(chosen["level"]) == ["kegiatan", "program"]
    assert rp["target_rp"].tolist() == [30_000_000, 6_000_000]
    assert k["target_akhir"].tolist() == [50.0, 40.0]
    assert k["capaian"].tolist() == [10.0, 5.0]


# ---------------------------------------------------------------- the endpoint on factory data


@pytest.fixture
def renstra(world, pemda, opd):  # noqa: F811
    """The world of the RKPD tests with a Renstra program that has targets: Rp 300,000,000 over the period, the
    accredited count 40, the maternal death rate 70 and the index 2 at the period's end."""
    program = RenstraProgram.objects.get(renstra__perangkat_daerah=opd, kode=PROGRAM)
    program.sasaran.uraian = "Meningkatnya mutu layanan kesehatan dasar"
    program.sasaran.save()
    PaguTahunan.objects.create(pemda=pemda, renstra_program=program, tahun=2026, pagu=300_000_000)
    owner = {"renstra_program": program}
    add_indicator(pemda, owner, "Jumlah puskesmas terakreditasi", "Unit", "sum", "higher", target_akhir=40)
    add_indicator(pemda, owner, "Angka kematian ibu", "per 100.000 KH", "last", "lower", target_akhir=70)
    add_indicator(pemda, owner, "Indeks baru", "Indeks", "last", "higher", target_akhir=2)
    # a sub kegiatan indicator whose name would be a formula in a spreadsheet
    sub = world["program"].kegiatan.get().sub_kegiatan.get()
    add_indicator(pemda, {"renja_sub_kegiatan": sub}, "=1+1", "Unit", "sum", "higher", opd=opd, target=1)
    return world


def get(user, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(URL, {"tahun": TAHUN, **params})


def test_the_renja_form_on_a_hand_computed_example(renstra, make_user, opd):
    # when
    body = get(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk).json()
    # then
    program, kegiatan, sub = body["rows"]
    assert [row["kode"] for row in body["rows"]] == [PROGRAM, KEGIATAN, SUB]
    assert program["sasaran"] == "Meningkatnya mutu layanan kesehatan dasar"
    assert program["perangkat_daerah_nama"] == opd.nama
    k = {row["indikator"]: row for row in program["indikator"]}
    # sum, higher is better: 6 the Renstra's 40; 7 = 12; 13 = 2 + 3; 14 = 17; 15 = 17 / 40 × 100
    count = k[renstra["count"].pk]
    assert [count[n] for n in ("target_akhir", "realisasi_lalu", "target", "realisasi", "realisasi_akhir")] == [
        "40.0000", "12.0000", "10.0000", "5.0000", "17.0000",
    ]  # fmt: skip
    assert (count["capaian"], count["predikat"]) == ("42.50", "Sangat Rendah")
    # last, lower is better: 13 = 85 (the second quarter), 14 = 85, 15 = (2 × 70 − 85) / 70 × 100
    rate = k[renstra["rate"].pk]
    assert (rate["target_akhir"], rate["realisasi_lalu"], rate["realisasi_akhir"]) == (
        "70.0000", "95.0000", "85.0000",
    )  # fmt: skip
    assert (rate["capaian"], rate["predikat"]) == ("78.57", "Tinggi")
    # last, higher is better, nothing last year: 14 = 1 (the first quarter), 15 = 1 / 2 × 100
    index = k[renstra["zero"].pk]
    assert (index["target_akhir"], index["realisasi_lalu"], index["realisasi_akhir"], index["capaian"]) == (
        "2.0000", None, "1.0000", "50.00",
    )  # fmt: skip
    assert kegiatan["indikator"][0]["capaian"] == "5.00"
    # Rp: 6 the Renstra's pagu over the period (no RPJMD stand-in); 8 the Renja's pagu indikatif, not the DPA's
    assert Decimal(program["target_rp"]) == Decimal(300_000_000)
    assert Decimal(kegiatan["target_rp"]) == Decimal(60_000_000)
    assert sub["target_rp"] is None
    for row in body["rows"]:
        assert Decimal(row["pagu_rp"]) == Decimal(100_000_000)
        assert Decimal(row["realisasi_lalu_rp"]) == Decimal(20_000_000)
        assert row["triwulan_rp"] == ["10000000.26", "5000000.10", None, None]
        assert Decimal(row["realisasi_akhir_rp"]) == Decimal("35000000.36")
    assert (program["capaian_rp"], kegiatan["capaian_rp"]) == ("11.67", "58.33")
    # footer: K mean of 42.5, 78.57…, 50, 5 (the sub kegiatan's indicator has no Renstra target); Rp of 11.67…, 58.33…
    footer = body["footer"]
    assert (footer["rata_rata_capaian_kinerja"], footer["predikat_kinerja"]) == ("44.02", "Sangat Rendah")
    assert (footer["rata_rata_capaian_anggaran"], footer["predikat_anggaran"]) == ("35.00", "Sangat Rendah")
    assert body["header"]["tahap"] is None


def test_the_rkpd_form_of_the_same_world_keeps_the_rpjmd_program_targets(renstra, make_user, opd):
    # when
    body = get_rkpd(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk)
    # then: the RKPD measures the program against the RPJMD (50, Rp 500,000,000), the Renja against the Renstra
    count = next(i for i in body["rows"][0]["indikator"] if i["indikator"] == renstra["count"].pk)
    assert count["target_akhir"] == "50.0000"
    assert Decimal(body["rows"][0]["target_rp"]) == Decimal(500_000_000)


def get_rkpd(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/reports/evaluasi-rkpd/", {"tahun": TAHUN, **params}).json()


def test_parents_hold_their_sub_kegiatan_and_the_total_their_programs(renstra, make_user):
    # when
    body = get(make_user(Role.LEADER), triwulan=4).json()
    # then
    rows = body["rows"]
    programs = [row for row in rows if row["level"] == "program"]
    assert len(programs) == 2
    for parent in (row for row in rows if row["level"] != "sub_kegiatan"):
        children = [
            row for row in rows
            if row["level"] == "sub_kegiatan" and row["perangkat_daerah"] == parent["perangkat_daerah"]
            and row["kode"].startswith(parent["kode"] + ".")
        ]  # fmt: skip
        for name in ("pagu_rp", "realisasi_lalu_rp", "realisasi_rp", "realisasi_akhir_rp"):
            assert Decimal(parent[name]) == sum(Decimal(child[name]) for child in children)
        for q in range(4):
            assert Decimal(parent["triwulan_rp"][q]) == sum(Decimal(c["triwulan_rp"][q]) for c in children)
    for name in ("pagu_rp", "realisasi_rp", "realisasi_akhir_rp", "realisasi_lalu_rp"):
        assert Decimal(body["total"][name]) == sum(Decimal(row[name]) for row in programs)
    assert Decimal(body["total"]["realisasi_rp"]) == Decimal("22000000.36")


def test_the_workbook_has_a_sheet_per_opd_that_agrees_with_the_json(renstra, make_user, opd, other_opd):
    # given
    user = make_user(Role.LEADER)
    own = get(user, triwulan=2, perangkat_daerah=opd.pk).json()
    # when
    response = get(user, triwulan=2, format="xlsx")
    book = load_workbook(io.BytesIO(response.content))
    # then: one sheet per OPD, named by its code
    assert response["Content-Disposition"] == f'attachment; filename="evaluasi-renja-{TAHUN}-tw2.xlsx"'
    assert sorted(book.sheetnames) == sorted([opd.kode, other_opd.kode])
    values = list(book[opd.kode].iter_rows(values_only=True))
    assert values[0][0] == "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
    assert values[2][0] == f"Renja Perangkat Daerah: {opd.nama}"
    numbers = next(row for row in values if row[0] == 1 and row[1] == 2)
    assert [numbers[i] for i in (4, 5, 6, 7, 23, 24, 25, 26)] == [5, 6, None, 7, 15, None, 16, 17]
    assert any(row[26] == "Keterangan" for row in values)
    # every number of the program line and of JUMLAH as in the JSON of the OPD
    program = own["rows"][0]
    line = next(row for row in values if row[2] == PROGRAM)
    first = program["indikator"][0]
    assert Decimal(str(line[5])) == Decimal(first["target_akhir"])
    assert Decimal(str(line[6])).quantize(Decimal("0.01")) == Decimal(program["target_rp"])
    assert Decimal(str(line[10])).quantize(Decimal("0.01")) == Decimal(program["pagu_rp"])
    assert Decimal(str(line[20])).quantize(Decimal("0.01")) == Decimal(program["realisasi_rp"])
    assert (Decimal(str(line[24])) * 100).quantize(Decimal("0.01")) == Decimal(program["capaian_rp"])
    assert line[25] == opd.nama
    jumlah = next(row for row in values if row[3] == "JUMLAH")
    for column, name in (
        (6, "target_rp"),
        (8, "realisasi_lalu_rp"),
        (10, "pagu_rp"),
        (22, "realisasi_akhir_rp"),
    ):
        assert Decimal(str(jumlah[column])).quantize(Decimal("0.01")) == Decimal(own["total"][name])
    rata = next(row for row in values if row[3] == "Rata-rata capaian kinerja (%)")
    assert (Decimal(str(rata[23])) * 100).quantize(Decimal("0.01")) == Decimal(
        own["footer"]["rata_rata_capaian_kinerja"]
    )
    labels = [row[3] for row in values]
    assert "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya" in labels
    # the formula-like indicator name is written as text
    assert "'=1+1 (Unit)" in [row[4] for row in values]
    # the other OPD's sheet has its own JUMLAH: its rows carry no money
    other = list(book[other_opd.kode].iter_rows(values_only=True))
    assert next(row for row in other if row[3] == "JUMLAH")[20] == 0


def test_csv_has_the_renja_columns(renstra, make_user, opd):
    response = get(make_user(Role.BAPPEDA), triwulan=2, perangkat_daerah=opd.pk, format="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"] == "text/csv"
    assert "keterangan" in rows[0]
    assert rows[0]["k_6"] == "40.0000"
    assert rows[-1]["indikator"] == "'=1+1 (Unit)"


def test_an_opd_user_sees_only_its_opd_and_another_is_404(renstra, make_user, opd, other_opd):
    # given
    user = make_user(Role.OPD_PLANNER)
    # when
    own = get(user, triwulan=2)
    other = get(user, triwulan=2, perangkat_daerah=other_opd.pk)
    workbook = load_workbook(io.BytesIO(get(user, triwulan=2, format="xlsx").content))
    # then
    assert own.status_code == 200
    assert {row["perangkat_daerah"] for row in own.json()["rows"]} == {opd.pk}
    assert other.status_code == 404
    assert workbook.sheetnames == [opd.kode]


def test_another_pemda_gets_404_for_this_pemdas_opd(renstra, other_pemda, opd):
    outsider = UserFactory(pemda=other_pemda, role=Role.ADMIN)
    assert get(outsider, perangkat_daerah=opd.pk).status_code == 404
    own = get(outsider, triwulan=2)
    assert own.status_code == 200
    assert own.json()["rows"] == []
    assert load_workbook(io.BytesIO(get(outsider, format="xlsx").content)).sheetnames == ["Evaluasi Renja"]


def test_anonymous_gets_401(renstra):
    assert get(None).status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"triwulan": 5}, {"triwulan": 0}, {"triwulan": "x"}, {"format": "pdf"}, {"tahun": "abc"}, {"tahun": 1999},
     {"perangkat_daerah": 0}],
)  # fmt: skip
def test_bad_input_is_400(renstra, make_user, params):
    response = get(make_user(Role.FINANCE), **params)
    assert response.status_code == 400, response.content
    assert set(response.json()) & set(params)
