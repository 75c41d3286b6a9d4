from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from budgeting.importers import COPY_COLUMNS, sipd_import
from budgeting.models import BudgetLine, BudgetLineEvent, LineJenis, PlafonMode, Tahap
from budgeting.services import anggaran_close, anggaran_opd_lock
from budgeting.sipd import SIPD_HEADER, write_sipd_file
from config.errors import Conflict
from reference.importers import ImportRejected
from tests.budgeting.factories import TAHUN, AnggaranFactory, PlafonFactory, StandarHargaFactory
from tests.factories import PerangkatDaerahFactory


def row(**overrides) -> list[object]:
    values = {
        "tahun": TAHUN, "kode_urusan": "1", "nama_urusan": "URUSAN WAJIB", "kode_skpd": "1.02.0.00.0.00.01.0000",
        "nama_skpd": "Dinas Kesehatan", "kode_sub_unit": "1.02.0.00.0.00.01.0000", "nama_sub_unit": "Dinas Kesehatan",
        "kode_bidang_urusan": "1.02", "nama_bidang_urusan": "KESEHATAN", "kode_program": "1.02.02",
        "nama_program": "PROGRAM", "kode_kegiatan": "1.02.02.2.01", "nama_kegiatan": "KEGIATAN",
        "kode_sub_kegiatan": "1.02.02.2.01.0001", "nama_sub_kegiatan": "SUB KEGIATAN",
        "kode_sumber_dana": "1.2.01.01.02", "nama_sumber_dana": "DAU", "kode_rekening": "5.1.02.01.01.0024",
        "nama_rekening": "Belanja Alat Tulis Kantor", "kode_standar_harga": "1.1.7.01.01.01.001",
        "nama_standar_harga": "Kertas HVS A4", "pagu": "1500000.00",
        **overrides,
    }  # fmt: skip
    return [values[name] for name in SIPD_HEADER]


@pytest.fixture
def sipd_file(tmp_path):
    def make(rows: list[list[object]], suffix: str = ".csv") -> Path:
        return write_sipd_file(tmp_path / f"rincian{suffix}", rows)

    return make


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_sipd_export_loads_the_stages_lines(anggaran, finance, ref, opd, sipd_file, suffix):
    # given
    puskesmas = PerangkatDaerahFactory(pemda=opd.pemda, kode="1.02.0.00.0.00.01.0001", induk=opd)
    path = sipd_file([
        row(),
        row(kode_sub_unit=puskesmas.kode, pagu="2.500.000,50", kode_rekening="5.1.02.04.01.0001"),
        row(kode_sub_kegiatan="1.02.01.2.01.0001", pagu=750000),
        row(kode_sub_kegiatan="", kode_sumber_dana="", kode_rekening="4.1.02.01.01.0001", pagu="10000000"),
    ], suffix)  # fmt: skip
    # when
    result = sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then
    lines = list(BudgetLine.objects.filter(anggaran=anggaran).order_by("id"))
    assert result.created == 4
    assert result.total == Decimal("14750000.50")
    assert [line.jumlah for line in lines] == [
        Decimal(x) for x in ("1500000.00", "2500000.50", "750000.00", "10000000.00")
    ]
    assert lines[0].komponen == "Kertas HVS A4"
    assert lines[0].koefisien == "1 Paket"
    assert lines[0].sub_kegiatan == ref.sub_kegiatan
    assert lines[1].perangkat_daerah == puskesmas
    assert lines[2].sub_kegiatan == ref.penunjang  # instantiated program penunjang found via its generic code
    assert lines[2].sub_kegiatan_kode == "1.02.01.2.01.0001"
    assert lines[3].jenis == LineJenis.PENDAPATAN
    assert len({line.kunci for line in lines}) == 4


def test_every_imported_line_has_exactly_one_insert_event(anggaran, finance, ref, sipd_file):
    # given
    path = sipd_file([row(), row(pagu="1")])
    # when
    sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM budgeting_budgetlineevent WHERE anggaran_id = %s AND pgh_label = 'insert'",
            [anggaran.pk],
        )
        assert cursor.fetchone()[0] == 2


def test_replace_removes_the_previous_lines_and_records_their_deletion(anggaran, finance, ref, sipd_file):
    # given
    path = sipd_file([row(), row(pagu="1")])
    sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # when
    result = sipd_import(
        user=finance, anggaran=anggaran, file=sipd_file([row(pagu="5")]), filename="rincian.csv"
    )
    # then
    assert (result.removed, result.created) == (2, 1)
    assert list(BudgetLine.objects.filter(anggaran=anggaran).values_list("jumlah", flat=True)) == [
        Decimal("5.00")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM budgeting_budgetlineevent WHERE anggaran_id = %s AND pgh_label = 'delete'",
            [anggaran.pk],
        )
        assert cursor.fetchone()[0] == 2


def test_every_bad_row_is_reported_and_nothing_is_written(anggaran, finance, ref, sipd_file):
    # given: row 2 is fine; rows 3–11 each have one problem
    path = sipd_file([
        row(),
        row(kode_skpd="9.99.0.00.0.00.01.0000"),
        row(kode_sub_unit="1.02.0.00.0.00.01.0009"),
        row(kode_sub_kegiatan="1.02.02.2.01.9999"),
        row(kode_rekening="5.1.02.01.01"),
        row(kode_rekening="5.1.02.99.99.9999"),
        row(kode_sumber_dana="9.9.99"),
        row(pagu="-100"),
        row(pagu="seratus ribu"),
        row(tahun=TAHUN - 1),
    ])  # fmt: skip
    # when
    with pytest.raises(ImportRejected) as rejected:
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then
    found = {(error.row, error.column) for error in rejected.value.errors}
    assert found == {
        (3, "kode_skpd"), (4, "kode_sub_unit"), (5, "kode_sub_kegiatan"), (6, "kode_rekening"), (7, "kode_rekening"),
        (8, "kode_sumber_dana"), (9, "pagu"), (10, "pagu"), (11, "tahun"),
    }  # fmt: skip
    assert not BudgetLine.objects.exists()


def test_an_akun_of_a_version_not_in_force_is_unknown(anggaran, finance, ref, sipd_file):
    # given: 5.1.02.01.01.0024 exists in force too; use a code only in the old version
    from tests.factories import AkunFactory

    AkunFactory(version=ref.akun_old.version, kode="5.1.02.01.01.0099")
    path = sipd_file([row(kode_rekening="5.1.02.01.01.0099")])
    # when / then
    with pytest.raises(ImportRejected) as rejected:
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    assert rejected.value.errors[0].row == 2


def test_an_unreadable_or_headerless_file_is_rejected(anggaran, finance, ref, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ImportRejected):
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)


def test_a_refuse_ceiling_exceeded_rejects_the_file(anggaran, finance, ref, opd, sipd_file):
    # given
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("2000000"))
    path = sipd_file([row(), row()])
    # when
    with pytest.raises(ImportRejected) as rejected:
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then
    assert "3,000,000" in rejected.value.errors[0].reason
    assert not BudgetLine.objects.exists()


def test_a_warn_ceiling_exceeded_flags_the_lines(anggaran, finance, ref, opd, sipd_file):
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("2000000"), mode=PlafonMode.WARN)
    path = sipd_file([row(), row()])
    result = sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    assert result.flagged == 2
    assert BudgetLine.objects.filter(melebihi_plafon=True).count() == 2


def test_a_closed_stage_or_opd_refuses_the_import(anggaran, finance, ref, opd, sipd_file):
    # given
    path = sipd_file([row()])
    anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=opd, is_closed=True)
    # then
    with pytest.raises(ImportRejected) as rejected:
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    assert rejected.value.errors[0].column == "kode_skpd"
    anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=opd, is_closed=False)
    anggaran_close(user=finance, anggaran=anggaran)
    with pytest.raises(Conflict):
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)


def test_copy_columns_cover_the_whole_table():
    assert set(COPY_COLUMNS) == {field.column for field in BudgetLine._meta.concrete_fields}


# ---------------------------------------------------------------- standar harga codes


def line_values(anggaran) -> list[dict]:
    """Every imported line's values but its identity and its catalogue link."""
    skip = {"id", "kunci", "created_at", "updated_at", "standar_harga"}
    names = [field.attname for field in BudgetLine._meta.concrete_fields if field.name not in skip]
    return list(BudgetLine.objects.filter(anggaran=anggaran).order_by("id").values(*names))


def test_a_known_standar_harga_code_links_the_line_and_unknown_codes_are_counted(
    anggaran, finance, ref, pemda, other_pemda, sipd_file
):
    # given: rows with the pemda's code for the year, another pemda's code, a code of another year, no code,
    # and a code no catalogue has
    path = sipd_file([
        row(kode_standar_harga="1.1.7.01.01.01.001"),
        row(kode_standar_harga="1.1.7.01.01.01.002"),
        row(kode_standar_harga="1.1.7.01.01.01.003"),
        row(kode_standar_harga=""),
        row(kode_standar_harga="9.9.9.99.99.99.999"),
    ])  # fmt: skip
    before = sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    unlinked = line_values(anggaran)
    item = StandarHargaFactory(pemda=pemda, kode_kelompok="1.1.7.01.01.01.001")
    StandarHargaFactory(pemda=other_pemda, kode_kelompok="1.1.7.01.01.01.002")
    StandarHargaFactory(pemda=pemda, tahun=TAHUN - 1, kode_kelompok="1.1.7.01.01.01.003")
    # when
    result = sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then: one line linked, three codes counted unmatched (the line without a code is not), nothing else differs
    lines = list(BudgetLine.objects.filter(anggaran=anggaran).order_by("id"))
    assert [line.standar_harga_id for line in lines] == [item.pk, None, None, None, None]
    assert (before.standar_harga_unmatched, result.standar_harga_unmatched) == (4, 3)
    assert [line.kode_standar_harga for line in lines[1:]] == [
        "1.1.7.01.01.01.002", "1.1.7.01.01.01.003", "", "9.9.9.99.99.99.999"
    ]  # fmt: skip
    assert line_values(anggaran) == unlinked
    # the insert event records the link, and linking wrote no update events
    events = BudgetLineEvent.objects.filter(pgh_obj_id=lines[0].pk)
    assert list(events.values_list("pgh_label", "standar_harga_id")) == [("insert", item.pk)]


def test_a_code_shared_by_several_items_links_the_one_named_like_the_komponen(
    anggaran, finance, ref, pemda, sipd_file
):
    # given: two items under one code
    kertas = StandarHargaFactory(pemda=pemda, kode_kelompok="1.1.7.01.01.01", uraian="Kertas HVS A4")
    StandarHargaFactory(pemda=pemda, kode_kelompok="1.1.7.01.01.01", uraian="Pulpen")
    path = sipd_file([
        row(kode_standar_harga="1.1.7.01.01.01", nama_standar_harga="KERTAS HVS A4"),
        row(kode_standar_harga="1.1.7.01.01.01", nama_standar_harga="Spidol"),
    ])  # fmt: skip
    # when
    result = sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    # then
    linked = (
        BudgetLine.objects.filter(anggaran=anggaran).order_by("id").values_list("standar_harga", flat=True)
    )
    assert list(linked) == [kertas.pk, None]
    assert result.standar_harga_unmatched == 1


def test_an_empty_dpa_is_born_from_a_sipd_export_once(pemda, finance, ref, sipd_file):
    # given: a DPA with no line yet
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    path = sipd_file([row(), row(pagu="1")])
    # when
    first = sipd_import(user=finance, anggaran=dpa, file=path, filename=path.name)
    # then: it loads; a second load would rewrite an execution document without a pergeseran
    assert first.created == 2
    with pytest.raises(Conflict) as refused:
        sipd_import(user=finance, anggaran=dpa, file=path, filename=path.name)
    assert refused.value.code == "execution_stage"
    assert BudgetLine.objects.filter(anggaran=dpa).count() == 2
