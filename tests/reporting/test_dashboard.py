"""The leader dashboard on factory data: its figures agree with the RFK and capaian reports, rankings and lists
follow their rules, scope (own OPD, other pemda, anonymous), bad input, and a query count that does not grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from budgeting.models import RealisasiFisik, RealisasiIndikator, Tahap
from organisation.models import Role
from reporting import selectors
from tests.budgeting.factories import TAHUN, AnggaranFactory
from tests.factories import AkunFactory, PerangkatDaerahFactory, UserFactory
from tests.planning.factories import IndikatorFactory, RpjmdFactory, SasaranFactory
from tests.reporting.test_api import add_line

pytestmark = pytest.mark.django_db
BULAN = 3
BANDS = ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]


def fisik(opd, kode, bulan, persen, permasalahan="", tindak_lanjut=""):
    RealisasiFisik.objects.create(
        pemda=opd.pemda, perangkat_daerah=opd, tahun=TAHUN, sub_kegiatan_kode=kode, bulan=bulan,
        persen=Decimal(persen), permasalahan=permasalahan, tindak_lanjut=tindak_lanjut,
    )  # fmt: skip


@pytest.fixture
def world(pemda, opd, other_opd, other_pemda):
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    atk = AkunFactory(kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor")
    add_line(dpa, opd, atk, "1.02.02.2.01.0001", Decimal("1000000.50"),
             ak={1: Decimal("300000.25"), 2: Decimal("700000.25")},
             real={1: Decimal("250000.10"), 3: Decimal("100"), 5: Decimal("999")})  # fmt: skip
    add_line(dpa, opd, atk, "1.02.02.2.01.0002", Decimal("3000000"), ak={4: Decimal("3000000")}, real={})
    # eleven sub kegiatan of another OPD, deviasi at March = 6 i − 11 points
    for i in range(1, 12):
        add_line(dpa, other_opd, atk, f"1.01.01.2.01.{i:04d}", Decimal("1000000"),
                 ak={1: Decimal(50000 * i)}, real={2: Decimal(10000 * (11 - i))})  # fmt: skip
    empty_opd = PerangkatDaerahFactory(pemda=pemda, kode="2.07.0.00.0.00.01.0000", nama="Dinas Kosong")
    add_line(dpa, empty_opd, atk, "2.07.02.2.01.0001", Decimal("0"), ak=None, real={})

    fisik(opd, "1.02.02.2.01.0001", 1, "10", "Masalah lama")
    fisik(opd, "1.02.02.2.01.0001", 2, "25.5", "Masalah baru", "Rapat koordinasi")
    fisik(opd, "1.02.02.2.01.0001", 4, "40", "Sesudah bulan laporan")
    fisik(opd, "1.02.02.2.01.0002", 1, "5", "Sudah selesai")
    fisik(opd, "1.02.02.2.01.0002", 2, "15")
    fisik(other_opd, "1.01.01.2.01.0001", 3, "30", "   ")
    for i in range(2, 12):
        fisik(other_opd, f"1.01.01.2.01.{i:04d}", 1, "5", f"Masalah {i}")
    fisik(other_opd, "1.01.01.2.01.0099", 2, "5", "Bukan sub kegiatan tahap ini")

    rpjmd = RpjmdFactory(pemda=pemda)
    sasaran = SasaranFactory(tujuan__misi__rpjmd=rpjmd, tujuan__rpjmd=rpjmd, rpjmd=rpjmd, pemda=pemda)
    for target, realized in ((100, 95), (100, 60), (100, None), (None, 5)):
        indikator = IndikatorFactory(pemda=pemda, sasaran=sasaran)
        if target is not None:
            indikator.targets.create(pemda=pemda, tahun=TAHUN, target=target)
        if realized is not None:
            RealisasiIndikator.objects.create(
                pemda=pemda, perangkat_daerah=opd, indikator=indikator, tahun=TAHUN, triwulan=1,
                realisasi=realized,
            )  # fmt: skip

    foreign_dpa = AnggaranFactory(pemda=other_pemda, tahun=TAHUN, tahap=Tahap.DPA)
    return {"dpa": dpa, "empty_opd": empty_opd, "foreign_dpa": foreign_dpa}


def get(user, path="/api/dashboard/", **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(path, {"tahun": TAHUN, **params})


def money(value):
    return Decimal(value)


def test_opd_rows_and_the_series_add_up_to_the_total(world, make_user):
    # given
    user = make_user(Role.LEADER)
    rfk = get(user, "/api/reports/rfk/", bulan=BULAN, level="opd").json()
    # when
    body = get(user, bulan=BULAN).json()
    # then
    total = body["total"]
    for name in (
        "pagu",
        "anggaran_kas",
        "realisasi",
        "sisa",
        "persen_realisasi",
        "persen_rak",
        "deviasi",
        "fisik",
    ):
        assert total[name] == rfk["total"][name], name
    for name in ("pagu", "realisasi", "anggaran_kas"):
        assert sum(money(row[name]) for row in body["opd"]) == money(total[name]), name
    assert money(total["pagu"]) == Decimal("15000000.50")
    assert money(total["realisasi"]) == Decimal("250100.10") + Decimal(10000 * 55)
    series = {row["bulan"]: row for row in body["series"]}
    assert sorted(series) == list(range(1, 13))
    assert money(series[BULAN]["realisasi_kumulatif"]) == money(total["realisasi"])
    assert money(series[BULAN]["anggaran_kas_kumulatif"]) == money(total["anggaran_kas"])
    assert series[BULAN]["persen_realisasi_kumulatif"] == total["persen_realisasi"]
    assert series[BULAN]["persen_rak_kumulatif"] == total["persen_rak"]
    assert all(series[m]["realisasi_kumulatif"] is None for m in range(BULAN + 1, 13))
    assert all(series[m]["persen_realisasi_kumulatif"] is None for m in range(BULAN + 1, 13))
    year = get(user, "/api/reports/rfk/", bulan=12).json()["total"]
    assert series[12]["anggaran_kas_kumulatif"] == year["anggaran_kas"]


def test_opd_rankings_follow_the_percentages(world, make_user):
    # when
    body = get(make_user(Role.LEADER), bulan=BULAN).json()
    rows = body["opd"]
    # then
    n = len(rows)
    assert n == 3
    assert [row["peringkat_realisasi"] for row in rows] == list(range(1, n + 1))
    assert sorted(row["peringkat_deviasi"] for row in rows) == list(range(1, n + 1))
    by_realisasi = [money(row["persen_realisasi"]) for row in rows if row["persen_realisasi"] is not None]
    assert by_realisasi == sorted(by_realisasi, reverse=True)
    by_deviasi = sorted(rows, key=lambda row: row["peringkat_deviasi"])
    deviasi = [money(row["deviasi"]) for row in by_deviasi if row["deviasi"] is not None]
    assert deviasi == sorted(deviasi, reverse=True)
    empty = next(row for row in rows if row["perangkat_daerah"] == world["empty_opd"].pk)
    assert empty["pagu"] == "0.00"
    assert empty["persen_realisasi"] is None
    assert empty["persen_rak"] is None
    assert empty["deviasi"] is None
    assert empty["fisik"] is None
    assert empty["peringkat_realisasi"] == n
    assert empty["peringkat_deviasi"] == n


def test_largest_deviations_are_the_rfk_sub_kegiatan_rows(world, make_user, other_opd):
    # given
    user = make_user(Role.LEADER)
    rfk = get(user, "/api/reports/rfk/", bulan=BULAN, level="sub_kegiatan").json()
    subs = {
        (row["perangkat_daerah_kode"], row["kode"]): row
        for row in rfk["rows"]
        if row["level"] == "sub_kegiatan"
    }
    # when
    top = get(user, bulan=BULAN).json()["deviasi_terbesar"]
    # then
    assert len(top) == 10
    values = [money(row["deviasi"]) for row in top]
    assert values == sorted(values, reverse=True)
    assert (top[0]["kode"], top[0]["deviasi"]) == ("1.02.02.2.01.0001", "74.99")
    assert (top[1]["kode"], top[1]["deviasi"]) == ("1.01.01.2.01.0011", "55.00")
    assert top[1]["perangkat_daerah"] == other_opd.pk
    for row in top:
        expected = subs[(row["perangkat_daerah_kode"], row["kode"])]
        for name in ("pagu", "persen_rak", "persen_realisasi", "deviasi"):
            assert row[name] == expected[name], name
    smallest_shown = min(values)
    assert all(
        money(row["deviasi"]) <= smallest_shown
        for key, row in subs.items()
        if row["deviasi"] is not None and key not in {(r["perangkat_daerah_kode"], r["kode"]) for r in top}
    )


def test_open_problems_are_the_latest_report_per_sub_kegiatan_and_skip_blanks(world, make_user, opd):
    # when
    body = get(make_user(Role.LEADER), bulan=BULAN).json()
    problems = body["permasalahan"]
    # then: 10 of the 11 (0001 of the other OPD is blank, 0002 of opd was resolved in its latest report)
    assert body["permasalahan_jumlah"] == 11
    assert len(problems) == 10
    first = problems[0]
    assert (first["kode"], first["bulan"], first["permasalahan"]) == ("1.02.02.2.01.0001", 2, "Masalah baru")
    assert first["fisik"] == "25.50"
    assert first["tindak_lanjut"] == "Rapat koordinasi"
    assert first["perangkat_daerah"] == opd.pk
    assert [row["bulan"] for row in problems] == sorted((row["bulan"] for row in problems), reverse=True)
    assert all(row["permasalahan"].strip() for row in problems)
    kodes = [row["kode"] for row in problems]
    assert len(set(kodes)) == len(kodes)
    assert "1.02.02.2.01.0002" not in kodes
    assert "1.01.01.2.01.0099" not in kodes


def test_capaian_bands_count_the_indicators_of_the_capaian_report(world, make_user):
    # given
    user = make_user(Role.LEADER)
    scope = selectors.report_scope(
        user=user, tahun=TAHUN, bulan=BULAN, triwulan=None, tahap=None, perangkat_daerah=None, level=None
    )
    rows = selectors.report_capaian(scope=scope)
    # when
    body = get(user, bulan=BULAN).json()
    # then
    assert [band["predikat"] for band in body["capaian"]] == BANDS
    assert (
        sum(band["jumlah"] for band in body["capaian"])
        == sum(row["capaian"] is not None for row in rows)
        == 2
    )
    counts = {band["predikat"]: band["jumlah"] for band in body["capaian"]}
    assert counts["Sangat Tinggi"] == 1
    assert counts["Rendah"] == 1
    assert body["capaian_tanpa_realisasi"] == 1


def test_an_opd_user_sees_its_own_opd_only(world, make_user, opd):
    # given
    user = make_user(Role.OPD_FINANCE)
    rfk = get(user, "/api/reports/rfk/", bulan=BULAN).json()
    # when
    body = get(user, bulan=BULAN).json()
    # then
    assert body["header"]["perangkat_daerah"] == opd.pk
    assert [row["perangkat_daerah"] for row in body["opd"]] == [opd.pk]
    assert body["total"]["pagu"] == rfk["total"]["pagu"] == "4000000.50"
    assert {row["perangkat_daerah"] for row in body["deviasi_terbesar"]} == {opd.pk}
    assert {row["perangkat_daerah"] for row in body["permasalahan"]} == {opd.pk}
    assert body["permasalahan_jumlah"] == 1


def test_another_pemda_cannot_read_this_pemda(world, other_pemda, make_user):
    # given
    outsider = UserFactory(pemda=other_pemda, role=Role.LEADER)
    # when
    foreign = get(outsider, tahap=world["dpa"].pk)
    own = get(outsider, bulan=BULAN)
    from_inside = get(make_user(Role.LEADER), tahap=world["foreign_dpa"].pk)
    # then
    assert foreign.status_code == 400
    assert "tahap" in foreign.json()
    assert own.status_code == 200
    assert own.json()["opd"] == []
    assert own.json()["total"]["pagu"] == "0.00"
    assert own.json()["total"]["persen_realisasi"] is None
    assert from_inside.status_code == 400
    assert "tahap" in from_inside.json()


def test_anonymous_gets_401(world):
    assert get(None).status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"bulan": 13}, {"bulan": 0}, {"bulan": "x"}, {"tahun": "abc"}, {"tahap": "x"}, {"tahap": 999999},
     {"tahap": 0}, {"tahun": 2019}, {"tahun": 1999}],
)  # fmt: skip
def test_bad_input_is_400(world, make_user, params):
    # when
    response = get(make_user(Role.LEADER), **params)
    # then
    assert response.status_code == 400, response.content


def test_a_stage_of_another_year_is_400(world, make_user):
    assert get(make_user(Role.LEADER), tahun=TAHUN + 1, tahap=world["dpa"].pk).status_code == 400


def test_the_query_count_does_not_grow_with_the_data(world, make_user, opd, django_assert_max_num_queries):
    # given
    user = make_user(Role.LEADER)
    with CaptureQueriesContext(connection) as before:
        assert get(user, bulan=BULAN).status_code == 200
    atk = AkunFactory(kode="5.1.02.01.01.0025", nama="Belanja Kertas")
    for i in range(1, 6):
        unit = PerangkatDaerahFactory(pemda=opd.pemda, kode=f"3.0{i}.0.00.0.00.01.0000")
        add_line(world["dpa"], unit, atk, f"3.0{i}.02.2.01.0001", Decimal("500"), ak={1: Decimal("500")},
                 real={1: Decimal("100")})  # fmt: skip
        fisik(unit, f"3.0{i}.02.2.01.0001", 1, "50", "Terlambat")
    # when
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = get(user, bulan=BULAN)
    # then
    assert response.status_code == 200
    assert len(response.json()["opd"]) == 8
    assert len(before.captured_queries) <= 15
