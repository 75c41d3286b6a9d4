"""Posting realization: the entry and its line × month total move together, or not at all."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Sum

from budgeting.models import BatasDpaMode, Realisasi, RealisasiBulanan, RealisasiJenis, Tahap
from budgeting.services import (
    realisasi_pengaturan_set,
    realisasi_post,
    realisasi_rebuild,
    realisasi_total,
    realisasi_void,
)
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def dpa_line(dpa, opd):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)


def post(user, line, nomor="SP2D-001", jumlah="100000", jenis=RealisasiJenis.SP2D_LS, tanggal=None):
    return realisasi_post(
        user=user,
        budget_line=line.pk,
        tanggal=tanggal or datetime.date(TAHUN, 3, 15),
        jenis=jenis,
        nomor_dokumen=nomor,
        jumlah=Decimal(jumlah),
    )


def totals(line):
    return dict(RealisasiBulanan.objects.filter(budget_line=line).values_list("bulan", "jumlah"))


def test_posting_adds_the_entry_and_its_monthly_total(dpa_line, finance):
    # when
    entry = post(finance, dpa_line)
    post(finance, dpa_line, nomor="SP2D-002", jumlah="50000.50")
    post(finance, dpa_line, nomor="SP2D-003", jumlah="1", tanggal=datetime.date(TAHUN, 4, 1))
    # then
    assert Realisasi.objects.get(pk=entry.pk).jumlah == Decimal("100000.00")
    assert totals(dpa_line) == {3: Decimal("150000.50"), 4: Decimal("1.00")}
    assert realisasi_total(budget_line_id=dpa_line.pk) == Decimal("150001.50")


def test_a_return_is_negative_and_lowers_the_total(dpa_line, finance):
    post(finance, dpa_line, jumlah="300000")
    # when
    entry = post(finance, dpa_line, nomor="STS-1", jumlah="20000", jenis=RealisasiJenis.PENGEMBALIAN)
    # then
    assert entry.jumlah == Decimal("-20000")
    assert totals(dpa_line) == {3: Decimal("280000.00")}


def test_a_duplicate_number_is_refused_and_writes_nothing(dpa_line, finance):
    post(finance, dpa_line)
    # when
    with pytest.raises(ValidationError) as error:
        post(finance, dpa_line, jumlah="5")
    # then
    assert error.value.error_dict["nomor_dokumen"][0].code == "duplicate_document"
    assert Realisasi.objects.count() == 1
    assert totals(dpa_line) == {3: Decimal("100000.00")}
    # the same number under another jenis is another document
    post(finance, dpa_line, jenis=RealisasiJenis.SPJ_GU, jumlah="5")


def test_over_dpa_is_refused_with_the_figures_and_nothing_written(dpa_line, finance):
    post(finance, dpa_line, jumlah="900000")
    # when
    with pytest.raises(ValidationError) as error:
        post(finance, dpa_line, nomor="SP2D-002", jumlah="100000.01")
    # then
    message = error.value.error_dict["jumlah"][0]
    assert message.code == "over_dpa"
    assert "1,000,000" in message.message
    assert "900,000" in message.message
    assert Realisasi.objects.count() == 1
    assert totals(dpa_line) == {3: Decimal("900000.00")}
    post(finance, dpa_line, nomor="SP2D-003", jumlah="100000")  # exactly up to the pagu


def test_over_dpa_is_flagged_where_the_document_says_so(dpa, dpa_line, finance):
    realisasi_pengaturan_set(user=finance, anggaran=dpa, batas_dpa=BatasDpaMode.TANDAI)
    # when
    entry = post(finance, dpa_line, jumlah="1500000")
    # then
    assert entry.melebihi_dpa
    assert totals(dpa_line) == {3: Decimal("1500000.00")}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"jumlah": "0"}, "invalid"),
        ({"jumlah": "-5"}, "invalid_sign"),
        ({"jumlah": "1.001"}, "invalid"),
        ({"tanggal": datetime.date(TAHUN + 1, 1, 2)}, "tanggal_outside_year"),
        ({"nomor": "  "}, "required"),
    ],
)
def test_bad_input_writes_nothing(dpa_line, finance, overrides, code):
    with pytest.raises(ValidationError) as error:
        post(finance, dpa_line, **overrides)
    assert code in [e.code for errors in error.value.error_dict.values() for e in errors]
    assert not Realisasi.objects.exists()
    assert not RealisasiBulanan.objects.exists()


def test_only_lines_of_an_execution_stage_take_realisasi(pemda, opd, finance):
    line = DpaLineFactory(anggaran=AnggaranFactory(pemda=pemda, tahap=Tahap.RKA), perangkat_daerah=opd)
    with pytest.raises(ValidationError) as error:
        post(finance, line)
    assert error.value.error_dict["budget_line"][0].code == "not_execution_stage"


def test_an_opd_officer_posts_only_on_its_own_opd(dpa, dpa_line, other_opd, make_user, other_pemda):
    # given
    officer = make_user(Role.OPD_FINANCE)
    other_line = DpaLineFactory(anggaran=dpa, perangkat_daerah=other_opd)
    foreign_line = DpaLineFactory(anggaran=AnggaranFactory(pemda=other_pemda, tahap=Tahap.DPA))
    # when / then
    post(officer, dpa_line)
    for line in (other_line, foreign_line):
        with pytest.raises(ValidationError) as error:
            post(officer, line, nomor=f"X{line.pk}")
        assert error.value.error_dict["budget_line"][0].code == "unknown_line"
    with pytest.raises(PermissionDenied):
        post(make_user(Role.BAPPEDA), dpa_line, nomor="B1")
    assert Realisasi.objects.count() == 1


def test_void_takes_the_entry_out_of_the_total(dpa_line, finance):
    # given
    entry = post(finance, dpa_line)
    post(finance, dpa_line, nomor="SP2D-002", jumlah="7")
    # when
    voided = realisasi_void(user=finance, realisasi=entry, alasan="salah rekening")
    # then
    assert voided.is_void
    assert voided.void_alasan == "salah rekening"
    assert totals(dpa_line) == {3: Decimal("7.00")}
    with pytest.raises(Conflict) as again:
        realisasi_void(user=finance, realisasi=entry, alasan="lagi")
    assert again.value.code == "already_void"
    assert realisasi_rebuild(anggaran=dpa_line.anggaran) == 1
    assert totals(dpa_line) == {3: Decimal("7.00")}


def test_voiding_a_return_respects_the_ceiling(dpa_line, finance):
    post(finance, dpa_line, jumlah="1000000")
    back = post(finance, dpa_line, nomor="STS-1", jumlah="10", jenis=RealisasiJenis.PENGEMBALIAN)
    post(finance, dpa_line, nomor="SP2D-2", jumlah="10")
    with pytest.raises(ValidationError) as error:
        realisasi_void(user=finance, realisasi=back, alasan="batal")
    assert error.value.error_dict["jumlah"][0].code == "over_dpa"


WRITERS = 8
POSTS_PER_WRITER = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_lose_no_update_and_keep_the_ceiling(dpa, opd, finance):
    # given: a Rp 1,000,000 line, 80 posts of Rp 17,000 racing (room for 58 of them)
    line = DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)
    other = DpaLineFactory(anggaran=dpa, perangkat_daerah=opd, harga_satuan=Decimal("1e12"))
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(POSTS_PER_WRITER):
                for target in (line, other):
                    try:
                        post(finance, target, nomor=f"{target.pk}-{n}-{i}", jumlah="17000",
                             tanggal=datetime.date(TAHUN, 1 + i % 12, 1))  # fmt: skip
                        result = "created"
                    except ValidationError as error:
                        result = error.error_dict["jumlah"][0].code
                    with lock:
                        outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then
    for target in (line, other):
        entries = Realisasi.objects.filter(budget_line=target).aggregate(total=Sum("jumlah"))["total"]
        summary = RealisasiBulanan.objects.filter(budget_line=target).aggregate(total=Sum("jumlah"))["total"]
        assert entries == summary
    assert Realisasi.objects.filter(budget_line=line).count() == 58
    assert Realisasi.objects.filter(budget_line=other).count() == WRITERS * POSTS_PER_WRITER
    assert outcomes.count("created") == 58 + WRITERS * POSTS_PER_WRITER
    assert set(outcomes) == {"created", "over_dpa"}
