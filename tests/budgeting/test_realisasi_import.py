"""The realization import posts only on the current execution stage: a DPA superseded by a later stage is refused
as posting refuses it, and nothing of the file is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.importers import realisasi_import
from budgeting.models import Realisasi, RealisasiBulanan, Tahap
from budgeting.services import anggaran_close, anggaran_copy_to_next, budget_line_create
from config.errors import Conflict
from config.tabular import ImportRejected
from tests.budgeting.factories import TAHUN, AnggaranFactory


@pytest.fixture
def superseded(pemda, finance, line_fields):
    """(the DPA, the stage made from it): one ATK line of Rp 550,000, born in the APBD; the DPA, closed and
    copied to the next stage, is superseded."""
    apbd = AnggaranFactory(pemda=pemda, tahap=Tahap.APBD)
    budget_line_create(user=finance, anggaran=apbd, **line_fields())  # 10 × 55,000
    anggaran_close(user=finance, anggaran=apbd)
    dpa = anggaran_copy_to_next(user=finance, anggaran=apbd)
    anggaran_close(user=finance, anggaran=dpa)
    return dpa, anggaran_copy_to_next(user=finance, anggaran=dpa)


def export(ref) -> bytes:
    return (
        "tanggal,nomor_sp2d,jenis_dokumen,kode_sub_kegiatan,kode_rekening,kode_sumber_dana,nilai\n"
        f"{TAHUN}-03-01,S-1,LS,{ref.sub_kegiatan.kode},{ref.atk.kode},{ref.dau.kode},100000\n"
    ).encode()


def upload(client, anggaran, ref):
    file = SimpleUploadedFile("realisasi.csv", export(ref), content_type="text/csv")
    return client.post("/api/realisasi/import/", {"file": file, "anggaran": anggaran.pk}, format="multipart")


def test_an_import_into_a_superseded_dpa_is_refused_and_writes_nothing(superseded, finance, ref):
    # given
    dpa, _ = superseded
    # when
    with pytest.raises(Conflict) as refused:
        realisasi_import(user=finance, anggaran=dpa, file=io.BytesIO(export(ref)), filename="realisasi.csv")
    # then
    assert refused.value.code == "stage_superseded"
    assert "digantikan" in refused.value.message
    assert not Realisasi.objects.exists()
    assert not RealisasiBulanan.objects.exists()


def test_the_api_answers_409_for_the_old_stage_and_imports_the_same_file_into_the_current_one(
    superseded, finance, ref, client_for
):
    # given
    dpa, current = superseded
    client = client_for(finance)
    # when
    old = upload(client, dpa, ref)
    new = upload(client, current, ref)
    # then
    assert (old.status_code, old.json()["code"]) == (409, "stage_superseded")
    assert new.status_code == 201, new.json()
    assert new.json()["created"] == 1
    assert list(Realisasi.objects.values_list("anggaran_id", "nomor_dokumen")) == [(current.pk, "S-1")]


@pytest.mark.parametrize("nilai", ["1E+30", "99999999999999999999999999999", "1e18"])
def test_an_amount_past_what_rupiah_columns_hold_is_a_row_error(superseded, finance, ref, nilai):
    # given: the current stage, and a row whose amount no money column can hold
    _, current = superseded
    data = export(ref).decode().replace(",100000\n", f",{nilai}\n").encode()
    # when
    with pytest.raises(ImportRejected) as rejected:
        realisasi_import(user=finance, anggaran=current, file=io.BytesIO(data), filename="realisasi.csv")
    # then: one error on the amount's cell, nothing written
    assert [(error.row, error.column) for error in rejected.value.errors] == [(2, "nilai")]
    assert not Realisasi.objects.exists()
