"""Budget-line anomalies: each rule flags the line it names and not its neighbours; the score is the sum."""

import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from budgeting.models import Tahap
from organisation.models import Role
from reporting import anomalies
from tests.budgeting.factories import TAHUN, AnggaranFactory, BudgetLineFactory, StandarHargaFactory
from tests.factories import AkunFactory

SEN = 100


def frame(rows: list[dict]) -> pd.DataFrame:
    base = {"opd_id": 1, "sub_kegiatan_kode": "1.01.02.2.01.0001", "akun_kode": "5.1.02.01.01.0024",
            "komponen": "Kertas", "satuan": "Rim", "volume": 10.0, "harga": 50_000 * SEN, "standar_harga_id": 0,
            "harga_standar": 0, "is_ceiling": False, "baru": False}  # fmt: skip
    out = pd.DataFrame([{**base, "line_id": n + 1, **row} for n, row in enumerate(rows)])
    out["jumlah"] = (out["harga"] * out["volume"]).astype(np.int64)
    for name in ("line_id", "opd_id", "harga", "standar_harga_id", "harga_standar"):
        out[name] = out[name].astype(np.int64)
    return out


def codes(found: pd.DataFrame) -> dict[int, list[str]]:
    return {
        int(line): [rule["kode"] for rule in rules]
        for line, rules in zip(found["line_id"], found["aturan"], strict=True)
    }


def test_a_price_above_its_ceiling_standard_and_far_above_it_scores_both_and_the_log_of_the_ratio():
    # given: 100× a Rp 22,000 SSH ceiling, a price at the ceiling, one above a standard that is no ceiling
    lines = frame([
        {"harga": 2_200_000 * SEN, "standar_harga_id": 7, "harga_standar": 22_000 * SEN, "is_ceiling": True},
        {"harga": 22_000 * SEN, "standar_harga_id": 7, "harga_standar": 22_000 * SEN, "is_ceiling": True,
         "sub_kegiatan_kode": "1.01.02.2.01.0008"},
        {"harga": 30_000 * SEN, "standar_harga_id": 8, "harga_standar": 22_000 * SEN, "is_ceiling": False,
         "sub_kegiatan_kode": "1.01.02.2.01.0009"},
    ] + [{"sub_kegiatan_kode": f"1.01.02.2.01.000{n}"} for n in range(2, 5)])  # fmt: skip

    # when
    found = anomalies.anomalies(lines)

    # then: 3 + 2 + min(log2 100, 6) = 11
    assert codes(found) == {1: ["di_atas_standar", "jauh_di_atas_standar"]}
    assert found["skor"].iloc[0] == pytest.approx(3 + 2 + 6)
    assert "100× harga standar Rp 22.000" in found["aturan"].iloc[0][1]["alasan"]


def test_a_price_far_above_its_peers_is_an_outlier_by_the_robust_z_score_and_a_small_group_is_not_judged():
    # given: eight peers (akun × satuan) around Rp 50,000 and one at Rp 500,000; a group of three elsewhere
    peers = [
        {"harga": (48_000 + 500 * n) * SEN, "sub_kegiatan_kode": f"1.01.02.2.01.{n:04d}"} for n in range(8)
    ]
    odd = {"harga": 500_000 * SEN, "sub_kegiatan_kode": "1.01.02.2.01.0099"}
    small = [{"akun_kode": "5.2.02.05.01.0001", "satuan": "Unit", "harga": h * SEN,
              "sub_kegiatan_kode": f"1.01.02.2.02.{n:04d}"} for n, h in enumerate((1_000, 1_000, 90_000))]  # fmt: skip

    # when
    found = anomalies.anomalies(frame([*peers, odd, *small]))

    # then: log(500,000) is far above the median of log prices (MAD small); the three-line group has too few peers
    assert codes(found) == {9: ["harga_pencilan"]}
    assert found["z_harga"].iloc[0] > anomalies.ROBUST_Z


def test_a_dominant_komponen_a_duplicate_and_a_round_amount_are_flagged_and_new_only_adds_weight():
    # given: each kind of line with its own satuan (too few peers for the robust z-scores)
    lines = frame([
        {"volume": 1.0, "harga": 90_000_000 * SEN, "satuan": "Paket", "baru": True},  # 90 M of 90.2 M
        {"volume": 1.0, "harga": 100_000 * SEN, "komponen": "Map", "satuan": "Buah"},
        {"volume": 1.0, "harga": 100_000 * SEN, "komponen": "Map", "satuan": "Buah"},  # its twin
        {"sub_kegiatan_kode": "1.01.02.2.01.0002", "volume": 2.0, "harga": 100_000_000 * SEN, "satuan": "Unit"},
        {"sub_kegiatan_kode": "1.01.02.2.01.0003", "baru": True},  # new but nothing else
    ])  # fmt: skip
    found = anomalies.anomalies(lines)
    assert codes(found) == {
        1: ["komponen_dominan", "baru"],
        2: ["duplikat"],
        3: ["duplikat"],
        4: ["angka_bulat"],
    }
    scores = dict(zip(found["line_id"], found["skor"], strict=True))
    assert scores[1] == anomalies.SCORES["komponen_dominan"] + anomalies.SCORES["baru"]
    assert found["line_id"].iloc[0] == 1


def test_nothing_to_flag_gives_an_empty_frame():
    assert anomalies.anomalies(frame([{}, {"sub_kegiatan_kode": "1.01.02.2.01.0002"}])).empty


# ---------------------------------------------------------------- the endpoint


@pytest.fixture
def stage(pemda, opd, other_opd, db):
    """An RKA with one line at 100× its SSH ceiling in `opd` and a sound line in `other_opd`."""
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    ssh = StandarHargaFactory(pemda=pemda, harga=Decimal(22_000), is_ceiling=True)
    bad = BudgetLineFactory(anggaran=rka, perangkat_daerah=opd, akun=atk, standar_harga=ssh,
                            komponen="=Lem Aibon", harga_satuan=Decimal(2_200_000))  # fmt: skip
    BudgetLineFactory(anggaran=rka, perangkat_daerah=other_opd, akun=atk, standar_harga=ssh,
                      harga_satuan=Decimal(22_000))  # fmt: skip
    return rka, bad


def get(user, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get("/api/reports/anomali/", params)


@pytest.mark.django_db
def test_the_report_ranks_the_line_and_its_workbook_and_csv_agree(stage, make_user):
    # given
    rka, bad = stage
    auditor = make_user(Role.AUDITOR)

    # when
    body = get(auditor, tahap=rka.pk).json()
    workbook = load_workbook(io.BytesIO(get(auditor, tahap=rka.pk, format="xlsx").content))["Anomali"]
    csv = get(auditor, tahap=rka.pk, format="csv").content.decode("utf-8-sig")

    # then
    assert body["jumlah"] == 1
    row = body["rows"][0]
    assert (row["budget_line"], row["rasio"], row["tahap_muncul"]["id"]) == (bad.pk, "100.00", rka.pk)
    assert Decimal(row["jumlah"]) == bad.jumlah
    values = [cell for line in workbook.iter_rows(values_only=True) for cell in line]
    assert "'=Lem Aibon" in values  # written as text, never a formula
    assert (
        Decimal(str(next(v for v in values if isinstance(v, (int, float)) and v == 2_200_000)))
        == bad.harga_satuan
    )
    assert "'=Lem Aibon" in csv


@pytest.mark.django_db
def test_an_opd_sees_its_own_lines_and_outsiders_and_bad_input_are_refused(
    stage, make_user, other_opd, other_pemda
):
    rka, _ = stage
    other = get(make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd), tahap=rka.pk)
    foreign = get(make_user(Role.AUDITOR, pemda=other_pemda), tahap=rka.pk)
    assert other.status_code == 200
    assert other.json()["jumlah"] == 0
    assert foreign.status_code == 400
    assert get(None, tahap=rka.pk).status_code in (401, 403)
    for bad in ({"limit": 0}, {"limit": "x"}, {"format": "pdf"}, {"tahap": 999999}):
        response = get(make_user(Role.AUDITOR), **{"tahap": rka.pk, **bad})
        assert response.status_code == 400, bad
        assert next(iter(bad)) in response.json()
