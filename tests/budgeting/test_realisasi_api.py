"""The realization endpoints: posting, voiding, import, ringkasan; scope and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import Realisasi, RealisasiBulanan, Tahap
from budgeting.services import anggaran_kas_spread, realisasi_post
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def dpa_line(dpa, opd, ref):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd, akun=ref.atk, sumber_dana=ref.dau)


def body(line, **overrides):
    return {"budget_line": line.pk, "tanggal": f"{TAHUN}-02-10", "jenis": "sp2d_ls", "nomor_dokumen": "SP2D-1",
            "jumlah": "250000", **overrides}  # fmt: skip


def test_an_opd_officer_posts_and_voids_on_its_own_opd(dpa_line, make_user, client_for):
    client = client_for(make_user(Role.OPD_FINANCE))
    # when
    posted = client.post("/api/realisasi/", body(dpa_line), format="json")
    # then
    assert posted.status_code == 201, posted.json()
    assert posted.json()["jumlah"] == "250000.00"
    assert posted.json()["bulan"] == 2
    voided = client.post(f"/api/realisasi/{posted.json()['id']}/void/", {"alasan": "salah"}, format="json")
    assert voided.status_code == 200
    assert voided.json()["is_void"]
    assert RealisasiBulanan.objects.get(budget_line=dpa_line).jumlah == 0


def test_duplicate_and_over_dpa_are_400_with_codes(dpa_line, finance, client_for):
    client = client_for(finance)
    assert client.post("/api/realisasi/", body(dpa_line), format="json").status_code == 201
    duplicate = client.post("/api/realisasi/", body(dpa_line), format="json")
    over = client.post(
        "/api/realisasi/", body(dpa_line, nomor_dokumen="SP2D-2", jumlah="900000"), format="json"
    )
    assert (duplicate.status_code, duplicate.data["nomor_dokumen"][0].code) == (400, "duplicate_document")
    assert (over.status_code, over.data["jumlah"][0].code) == (400, "over_dpa")
    assert Realisasi.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"jumlah": "abc"}, "jumlah"), ({"tanggal": "31-02"}, "tanggal"), ({"jenis": "x"}, "jenis"),
     ({"budget_line": 999_999_999}, "budget_line"), ({"nomor_dokumen": "x" * 200}, "nomor_dokumen")],
)  # fmt: skip
def test_bad_input_is_400_and_writes_nothing(dpa_line, finance, client_for, overrides, field):
    response = client_for(finance).post("/api/realisasi/", body(dpa_line, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Realisasi.objects.exists()


def test_scope_other_opd_400_other_pemda_404_readers_403(dpa, dpa_line, other_opd, other_pemda, make_user,
                                                        client_for, finance):  # fmt: skip
    # given
    other_line = DpaLineFactory(anggaran=dpa, perangkat_daerah=other_opd)
    entry = realisasi_post(user=finance, budget_line=other_line.pk, tanggal=datetime.date(TAHUN, 1, 5),
                           jenis="sp2d_ls", nomor_dokumen="X-1", jumlah=Decimal(5))  # fmt: skip
    officer = client_for(make_user(Role.OPD_FINANCE))
    foreign = client_for(make_user(Role.FINANCE, pemda=other_pemda))
    # then
    assert officer.post("/api/realisasi/", body(other_line), format="json").status_code == 400
    assert officer.get(f"/api/realisasi/{entry.pk}/").status_code == 404
    assert foreign.get(f"/api/realisasi/{entry.pk}/").status_code == 404
    assert foreign.post(f"/api/realisasi/{entry.pk}/void/", {"alasan": "x"}, format="json").status_code == 404
    for role in (Role.BAPPEDA, Role.LEADER, Role.AUDITOR):
        assert (
            client_for(make_user(role)).post("/api/realisasi/", body(dpa_line), format="json").status_code
            == 403
        )
    assert Realisasi.objects.count() == 1


def test_ringkasan_gives_pagu_rak_realisasi_and_sisa_per_line(dpa, dpa_line, finance, client_for):
    # given
    anggaran_kas_spread(user=finance, anggaran=dpa)
    for month, nomor in ((1, "A"), (2, "B"), (4, "C")):
        realisasi_post(user=finance, budget_line=dpa_line.pk, tanggal=datetime.date(TAHUN, month, 1),
                       jenis="sp2d_ls", nomor_dokumen=nomor, jumlah=Decimal(1000))  # fmt: skip
    # when
    response = client_for(finance).get(f"/api/realisasi-ringkasan/?anggaran={dpa.pk}&bulan=3")
    # then
    assert response.status_code == 200, response.json()
    (row,) = response.json()["results"]
    assert (row["pagu"], row["rak_sd_bulan"], row["realisasi_sd_bulan"], row["sisa"]) == (
        "1000000.00", "249999.99", "2000.00", "998000.00",
    )  # fmt: skip
    assert client_for(finance).get(f"/api/realisasi-ringkasan/?anggaran={dpa.pk}&bulan=13").status_code == 400


def test_import_posts_every_row_or_reports_each_bad_one(dpa, dpa_line, finance, client_for):
    header = "tanggal,nomor_sp2d,jenis_dokumen,kode_sub_kegiatan,kode_rekening,kode_sumber_dana,nilai\n"
    sub, akun, dana = dpa_line.sub_kegiatan_kode, "5.1.02.01.01.0024", "1.2.01.01.02"
    good = (
        header
        + f'2026-03-01,S-1,LS,{sub},{akun},{dana},100000\n15/03/2026,S-2,GU,{sub},{akun},{dana},"2.500,50"\n'
    )
    bad = header + (
        f"2026-03-01,S-3,LS,{sub},9.9.99,{dana},1\n"
        f"kemarin,S-4,LS,{sub},{akun},{dana},1\n"
        f"2026-03-01,S-1,LS,{sub},{akun},{dana},1\n"
        f"2026-03-01,S-5,LS,{sub},{akun},{dana},99999999\n"
        f"2026-03-01,S-6,LS,{sub},{akun},{dana},1\n"
        f"2026-03-01,S-6,LS,{sub},{akun},{dana},abc\n"
    )
    client = client_for(finance)

    def upload(text):
        file = SimpleUploadedFile("realisasi.csv", text.encode(), content_type="text/csv")
        return client.post("/api/realisasi/import/", {"file": file, "anggaran": dpa.pk}, format="multipart")

    # when
    ok = upload(good)
    rejected = upload(bad)
    # then
    assert ok.status_code == 201, ok.json()
    assert ok.json()["created"] == 2
    assert RealisasiBulanan.objects.get(budget_line=dpa_line).jumlah == Decimal("102500.50")
    assert rejected.status_code == 400
    rows = sorted((e["row"], e["column"]) for e in rejected.json()["errors"])
    assert rows == [(2, "kode_rekening"), (3, "tanggal"), (4, "nomor_sp2d"), (5, "nilai"), (7, "nilai"),
                    (7, "nomor_sp2d")]  # fmt: skip
    assert Realisasi.objects.count() == 2


def test_ringkasan_searches_by_komponen_sub_kegiatan_and_akun_and_names_them(
    dpa, dpa_line, finance, client_for
):
    # given
    other = DpaLineFactory(anggaran=dpa, perangkat_daerah=dpa_line.perangkat_daerah, komponen="Sewa Tenda",
                           sub_kegiatan_kode="1.02.03.2.01.0002", akun=dpa_line.akun)  # fmt: skip
    client = client_for(finance)

    def found(q):
        response = client.get("/api/realisasi-ringkasan/", {"anggaran": dpa.pk, "q": q})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    # then
    assert found("tenda") == [other.pk]
    assert found("1.02.03") == [other.pk]
    assert sorted(found("5.1.02.01")) == sorted([dpa_line.pk, other.pk])
    assert found(dpa_line.akun.nama[:6].lower()) != []
    assert found("tidak ada") == []
    row = client.get("/api/realisasi-ringkasan/", {"anggaran": dpa.pk, "q": "tenda"}).json()["results"][0]
    assert (row["akun_nama"], row["sub_kegiatan_nama"]) == (dpa_line.akun.nama, None)
    assert client.get("/api/realisasi-ringkasan/", {"q": "x" * 201}).status_code == 400


def test_totals_sum_the_filtered_entries_over_every_page_valid_and_void_apart(
    dpa, dpa_line, other_opd, finance, make_user, client_for
):
    # given: three entries of the OPD (one voided, one in another month) and one of another OPD
    other_line = DpaLineFactory(anggaran=dpa, perangkat_daerah=other_opd)
    for nomor, month, jumlah, line in (("A", 2, "1000.50", dpa_line), ("B", 2, "2000", dpa_line),
                                       ("C", 3, "4000", dpa_line), ("D", 2, "8000", other_line)):  # fmt: skip
        realisasi_post(user=finance, budget_line=line.pk, tanggal=datetime.date(TAHUN, month, 1),
                       jenis="sp2d_ls", nomor_dokumen=nomor, jumlah=Decimal(jumlah))  # fmt: skip
    client = client_for(finance)
    voided = Realisasi.objects.get(nomor_dokumen="B")
    assert (
        client.post(f"/api/realisasi/{voided.pk}/void/", {"alasan": "salah"}, format="json").status_code
        == 200
    )
    # when
    february = client.get("/api/realisasi/totals/", {"bulan": 2, "opd": dpa_line.perangkat_daerah_id})
    everything = client.get("/api/realisasi/totals/", {"page_size": 1})
    officer = client_for(make_user(Role.OPD_FINANCE)).get("/api/realisasi/totals/")
    # then
    assert february.status_code == 200, february.json()
    assert february.json() == {"count": 1, "jumlah": "1000.50", "void_count": 1, "void_jumlah": "2000.00"}
    assert everything.json()["count"] == 3
    assert everything.json()["jumlah"] == "13000.50"
    assert officer.json()["jumlah"] == "5000.50"  # its own OPD only
    assert client.get("/api/realisasi/totals/", {"bulan": 13}).status_code == 400


def test_the_list_names_each_entry_s_line(dpa_line, finance, client_for):
    # given
    client = client_for(finance)
    posted = client.post("/api/realisasi/", body(dpa_line), format="json")
    # when
    listed = client.get("/api/realisasi/", {"budget_line": dpa_line.pk})
    # then
    assert posted.status_code == 201
    assert posted.json()["akun_kode"] is None  # the post answers without joining the line
    (row,) = listed.json()["results"]
    assert (row["sub_kegiatan_kode"], row["akun_kode"], row["komponen"]) == (
        dpa_line.sub_kegiatan_kode, "5.1.02.01.01.0024", dpa_line.komponen,
    )  # fmt: skip
    voided = client.post(f"/api/realisasi/{row['id']}/void/", {"alasan": "salah"}, format="json")
    assert voided.status_code == 200, voided.json()
