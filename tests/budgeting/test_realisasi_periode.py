"""Tutup buku realisasi: a closed month refuses realization in the services (409 `period_closed`) and in the
database (row triggers on the entries and their monthly totals); reopening, with a reason, allows it again."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from budgeting.models import Realisasi, RealisasiBulanan, RealisasiPeriode, Tahap
from budgeting.services import (
    realisasi_periode_close,
    realisasi_periode_reopen,
    realisasi_post,
    realisasi_rebuild,
    realisasi_void,
)
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory

MARCH = datetime.date(TAHUN, 3, 15)
APRIL = datetime.date(TAHUN, 4, 2)


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def dpa_line(dpa, opd, ref):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd, akun=ref.atk, sumber_dana=ref.dau)


def post(user, line, nomor, tanggal=MARCH, jumlah="1000"):
    return realisasi_post(
        user=user, budget_line=line.pk, tanggal=tanggal, jenis="sp2d_ls", nomor_dokumen=nomor,
        jumlah=Decimal(jumlah),
    )  # fmt: skip


def month_total(line, bulan):
    return (
        RealisasiBulanan.objects.filter(budget_line=line, bulan=bulan)
        .values_list("jumlah", flat=True)
        .first()
    )


def refused_by_database(write) -> str:
    """Run a raw write in a savepoint; the message of the IntegrityError it must raise."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    return str(error.value)


# ---------------------------------------------------------------- service layer


def test_a_closed_month_refuses_posting_and_voiding_but_not_other_months(dpa_line, finance):
    # given: an entry in March, then March closed
    march_entry = post(finance, dpa_line, "SP2D-1")
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    # when / then: March is refused, with the code
    with pytest.raises(Conflict) as posting:
        post(finance, dpa_line, "SP2D-2")
    assert posting.value.code == "period_closed"
    with pytest.raises(Conflict) as voiding:
        realisasi_void(user=finance, realisasi=march_entry, alasan="salah rekening")
    assert voiding.value.code == "period_closed"
    # and April is still open
    post(finance, dpa_line, "SP2D-3", tanggal=APRIL)
    assert month_total(dpa_line, 3) == Decimal("1000.00")
    assert month_total(dpa_line, 4) == Decimal("1000.00")
    assert not Realisasi.objects.get(pk=march_entry.pk).is_void


def test_a_return_dated_in_a_closed_month_is_refused_too(dpa_line, finance):
    post(finance, dpa_line, "SP2D-1")
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    with pytest.raises(Conflict) as error:
        realisasi_post(user=finance, budget_line=dpa_line.pk, tanggal=MARCH, jenis="pengembalian",
                       nomor_dokumen="STS-1", jumlah=Decimal(10))  # fmt: skip
    assert error.value.code == "period_closed"


def test_closing_is_per_pemda_and_year(dpa_line, finance, other_pemda, make_user):
    # given: another pemda closes March of the same year, and this pemda closes March of the next year
    foreign = make_user(Role.FINANCE, pemda=other_pemda)
    realisasi_periode_close(user=foreign, tahun=TAHUN, bulan=3)
    realisasi_periode_close(user=finance, tahun=TAHUN + 1, bulan=3)
    # when / then: this pemda's March of TAHUN is still open
    post(finance, dpa_line, "SP2D-1")
    assert month_total(dpa_line, 3) == Decimal("1000.00")


def test_only_bpkad_closes_and_reopens(finance, make_user):
    for role in (Role.OPD_FINANCE, Role.BAPPEDA, Role.LEADER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            realisasi_periode_close(user=make_user(role), tahun=TAHUN, bulan=1)
    periode = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=1)
    with pytest.raises(PermissionDenied):
        realisasi_periode_reopen(user=make_user(Role.OPD_FINANCE), periode=periode, alasan="koreksi")
    assert RealisasiPeriode.objects.get().is_closed


def test_reopening_needs_a_reason_allows_writes_again_and_is_audited(dpa_line, finance, make_user):
    # given
    entry = post(finance, dpa_line, "SP2D-1")
    periode = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3, alasan="LRA Maret final")
    with pytest.raises(ValidationError) as no_reason:
        realisasi_periode_reopen(user=finance, periode=periode, alasan="  ")
    assert no_reason.value.error_dict["alasan"][0].code == "required"
    admin = make_user(Role.ADMIN)
    # when
    reopened = realisasi_periode_reopen(user=admin, periode=periode, alasan="koreksi SP2D salah rekening")
    # then: writes in March go through again
    realisasi_void(user=finance, realisasi=entry, alasan="salah rekening")
    post(finance, dpa_line, "SP2D-2", jumlah="700")
    assert month_total(dpa_line, 3) == Decimal("700.00")
    assert (reopened.is_closed, reopened.changed_by, reopened.version) == (False, admin, 2)
    with pytest.raises(Conflict) as again:
        realisasi_periode_reopen(user=finance, periode=reopened, alasan="lagi")
    assert again.value.code == "already_open"
    # and the audit trail holds the close and the reopening, with who and why
    events = apps.get_model("budgeting", "RealisasiPeriodeEvent").objects.filter(pgh_obj_id=periode.pk)
    assert list(events.order_by("pgh_id").values_list("pgh_label", "is_closed", "changed_by", "alasan")) == [
        ("insert", True, finance.pk, "LRA Maret final"),
        ("update", False, admin.pk, "koreksi SP2D salah rekening"),
    ]


def test_closing_again_after_a_reopen_and_twice(finance):
    periode = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=5)
    realisasi_periode_reopen(user=finance, periode=periode, alasan="koreksi")
    # when
    closed_again = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=5)
    # then: the same row, closed, one version further
    assert (closed_again.pk, closed_again.is_closed, closed_again.version) == (periode.pk, True, 3)
    with pytest.raises(ValidationError) as twice:
        realisasi_periode_close(user=finance, tahun=TAHUN, bulan=5)
    assert twice.value.error_dict["bulan"][0].code == "already_closed"
    for bulan in (0, 13):
        with pytest.raises(ValidationError) as bad:
            realisasi_periode_close(user=finance, tahun=TAHUN, bulan=bulan)
        assert "bulan" in bad.value.error_dict


def test_rebuild_leaves_a_closed_month_alone(dpa, dpa_line, finance):
    post(finance, dpa_line, "SP2D-1")
    post(finance, dpa_line, "SP2D-2", tanggal=APRIL, jumlah="300")
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    # when
    realisasi_rebuild(anggaran=dpa)
    # then
    assert (month_total(dpa_line, 3), month_total(dpa_line, 4)) == (Decimal("1000.00"), Decimal("300.00"))


# ---------------------------------------------------------------- database


def test_the_database_refuses_any_write_touching_a_closed_month(dpa, dpa_line, opd, finance):
    # given: entries in March and April, March closed
    march = post(finance, dpa_line, "SP2D-1")
    april = post(finance, dpa_line, "SP2D-2", tanggal=APRIL)
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    entries = Realisasi.objects.filter(pk=march.pk)
    totals = RealisasiBulanan.objects.filter(budget_line=dpa_line, bulan=3)

    def raw_insert(tanggal):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO budgeting_realisasi (pemda_id, anggaran_id, perangkat_daerah_id, budget_line_id, "
                "tanggal, bulan, jenis, nomor_dokumen, jumlah, keterangan, melebihi_dpa, is_void, void_alasan, "
                "created_at) VALUES (%s, %s, %s, %s, %s, %s, 'sp2d_ls', %s, 5, '', false, false, '', now())",
                [dpa.pemda_id, dpa.pk, opd.pk, dpa_line.pk, tanggal, tanggal.month, f"RAW-{tanggal}"],
            )

    # when / then: bulk updates, deletes and raw inserts of March are refused, entries and totals alike
    writes = [
        lambda: entries.update(jumlah=Decimal("999")),
        lambda: entries.update(is_void=True, void_alasan="lewat SQL"),
        lambda: Realisasi.objects.filter(pk=april.pk).update(tanggal=MARCH),  # moving an entry into March
        lambda: entries.update(tanggal=APRIL),  # or out of it
        lambda: entries.delete(),
        lambda: raw_insert(MARCH),
        lambda: totals.update(jumlah=Decimal("1")),
        lambda: totals.delete(),
        lambda: RealisasiBulanan.objects.create(
            pemda_id=dpa.pemda_id,
            anggaran=dpa,
            perangkat_daerah=opd,
            budget_line=DpaLineFactory(anggaran=dpa, perangkat_daerah=opd),
            bulan=3,
            jumlah=Decimal(5),
        ),
    ]
    for write in writes:
        assert "period_closed" in refused_by_database(write)
    assert Realisasi.objects.get(pk=march.pk).jumlah == Decimal("1000.00")
    assert month_total(dpa_line, 3) == Decimal("1000.00")
    # an open month is written as usual
    raw_insert(APRIL)
    assert Realisasi.objects.filter(bulan=4).count() == 2


def test_after_a_reopen_the_database_takes_the_write_again(dpa_line, finance):
    march = post(finance, dpa_line, "SP2D-1")
    periode = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    realisasi_periode_reopen(user=finance, periode=periode, alasan="koreksi")
    # when
    updated = Realisasi.objects.filter(pk=march.pk).update(keterangan="dikoreksi")
    # then
    assert updated == 1


# ---------------------------------------------------------------- API


def test_api_close_list_reopen(dpa_line, finance, client_for, make_user):
    client = client_for(finance)
    # when: BPKAD closes March
    closed = client.post(
        "/api/realisasi-periode/", {"tahun": TAHUN, "bulan": 3, "alasan": "LRA"}, format="json"
    )
    # then
    assert closed.status_code == 201, closed.json()
    assert (closed.json()["is_closed"], closed.json()["changed_by"]) == (True, finance.pk)
    twice = client.post("/api/realisasi-periode/", {"tahun": TAHUN, "bulan": 3}, format="json")
    assert (twice.status_code, twice.data["bulan"][0].code) == (400, "already_closed")
    bad = client.post("/api/realisasi-periode/", {"tahun": TAHUN, "bulan": 13}, format="json")
    assert (bad.status_code, "bulan" in bad.json()) == (400, True)
    # a post in March through the API is 409 with the code; everyone in the pemda can read the periods
    officer = client_for(make_user(Role.OPD_FINANCE))
    refused = officer.post(
        "/api/realisasi/",
        {"budget_line": dpa_line.pk, "tanggal": f"{TAHUN}-03-31", "jenis": "sp2d_ls", "nomor_dokumen": "S-1",
         "jumlah": "10"},
        format="json",
    )  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (409, "period_closed")
    listed = officer.get(f"/api/realisasi-periode/?tahun={TAHUN}&is_closed=true")
    assert [(row["bulan"], row["is_closed"]) for row in listed.json()["results"]] == [(3, True)]
    # an OPD officer may not close or reopen
    pk = closed.json()["id"]
    assert (
        officer.post("/api/realisasi-periode/", {"tahun": TAHUN, "bulan": 4}, format="json").status_code
        == 403
    )
    assert (
        officer.post(f"/api/realisasi-periode/{pk}/reopen/", {"alasan": "x"}, format="json").status_code
        == 403
    )
    # when: BPKAD reopens it, with a reason (and a stale version is refused)
    stale = client.post(
        f"/api/realisasi-periode/{pk}/reopen/", {"alasan": "koreksi", "version": 7}, format="json"
    )
    assert stale.status_code == 409
    no_reason = client.post(f"/api/realisasi-periode/{pk}/reopen/", {}, format="json")
    assert no_reason.status_code == 400
    reopened = client.post(
        f"/api/realisasi-periode/{pk}/reopen/", {"alasan": "koreksi"}, format="json", HTTP_IF_MATCH='"1"'
    )
    # then
    assert reopened.status_code == 200, reopened.json()
    assert (reopened.json()["is_closed"], reopened.json()["version"], reopened["ETag"]) == (False, 2, '"2"')
    posted = officer.post(
        "/api/realisasi/",
        {"budget_line": dpa_line.pk, "tanggal": f"{TAHUN}-03-31", "jenis": "sp2d_ls", "nomor_dokumen": "S-1",
         "jumlah": "10"},
        format="json",
    )  # fmt: skip
    assert posted.status_code == 201


def test_api_other_pemda_cannot_see_or_touch_the_periods(
    dpa_line, finance, client_for, make_user, other_pemda
):
    periode = realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    foreign = client_for(make_user(Role.FINANCE, pemda=other_pemda))
    # when / then
    assert foreign.get(f"/api/realisasi-periode/{periode.pk}/").status_code == 404
    assert foreign.get("/api/realisasi-periode/").json()["results"] == []
    reopen = foreign.post(f"/api/realisasi-periode/{periode.pk}/reopen/", {"alasan": "x"}, format="json")
    assert reopen.status_code == 404
    # closing the same month in their pemda is their own row and leaves this pemda's as it was
    assert (
        foreign.post("/api/realisasi-periode/", {"tahun": TAHUN, "bulan": 3}, format="json").status_code
        == 201
    )
    assert RealisasiPeriode.objects.get(pk=periode.pk).is_closed
    assert RealisasiPeriode.objects.filter(pemda=other_pemda, tahun=TAHUN, bulan=3).exists()


def test_api_import_with_a_row_in_a_closed_month_is_409_and_writes_nothing(
    dpa, dpa_line, finance, client_for
):
    # given
    realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
    sub, akun, dana = dpa_line.sub_kegiatan_kode, "5.1.02.01.01.0024", "1.2.01.01.02"
    text = (
        "tanggal,nomor_sp2d,jenis_dokumen,kode_sub_kegiatan,kode_rekening,kode_sumber_dana,nilai\n"
        f"{TAHUN}-04-01,S-1,LS,{sub},{akun},{dana},100000\n"
        f"{TAHUN}-03-30,S-2,LS,{sub},{akun},{dana},2500\n"
    )
    upload = SimpleUploadedFile("realisasi.csv", text.encode(), content_type="text/csv")
    # when
    response = client_for(finance).post(
        "/api/realisasi/import/", {"file": upload, "anggaran": dpa.pk}, format="multipart"
    )
    # then
    assert (response.status_code, response.json()["code"]) == (409, "period_closed")
    assert not Realisasi.objects.exists()
    assert not RealisasiBulanan.objects.exists()


# ---------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_a_close_waits_for_a_post_in_flight_and_refuses_the_next(dpa_line, finance):
    # given: a post in March whose transaction is still open
    posted, release, closed = threading.Event(), threading.Event(), threading.Event()

    def poster() -> None:
        try:
            with transaction.atomic():
                post(finance, dpa_line, "SP2D-1")
                posted.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def closer() -> None:
        try:
            realisasi_periode_close(user=finance, tahun=TAHUN, bulan=3)
            closed.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=poster), threading.Thread(target=closer)]
    threads[0].start()
    assert posted.wait(timeout=30)
    # when: BPKAD closes March meanwhile
    threads[1].start()
    time.sleep(0.5)
    # then: the close waits for the post in flight, and completes once it commits
    assert not closed.is_set()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert closed.is_set()
    assert Realisasi.objects.filter(bulan=3).count() == 1
    assert month_total(dpa_line, 3) == Decimal("1000.00")
    with pytest.raises(Conflict) as later:
        post(finance, dpa_line, "SP2D-2")
    assert later.value.code == "period_closed"
