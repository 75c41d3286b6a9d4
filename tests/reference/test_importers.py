import csv
import io
import threading
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from organisation.models import PemdaLevel
from reference.importers import ImportRejected, RowError, reference_import
from reference.models import Akun, CodeMapping, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana
from reference.services import reference_version_get_or_create
from tests.factories import ReferenceVersionFactory

pytestmark = pytest.mark.django_db

NOMENKLATUR_CSV = "nomenklatur/kepmendagri_900.1.15.5-1317_2023_kabkota.csv"
NOMENKLATUR_XLSX = "nomenklatur/kepmendagri_900.1.15.5-1317_2023_kabkota_asli.xlsx"
NOMENKLATUR_COUNTS = {
    "urusan": 10,
    "bidang_urusan": 45,
    "program": 188,
    "kegiatan": 729,
    "sub_kegiatan": 3395,
}
AKUN_COUNTS = {"1": 1, "2": 4, "3": 15, "4": 98, "5": 324, "6": 3834}
BASIS = "Kepmendagri 900.1.15.5-1317/2023"


def write_csv(path: Path, rows: list[list[object]], *, delimiter: str = ",", bom: bool = False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def run_import(
    path: Path, *, kind: str = ReferenceKind.NOMENKLATUR, basis: str = BASIS, years=(2024, 2026), **kwargs
):
    kwargs.setdefault("pemda_level", PemdaLevel.KABKOTA if kind == ReferenceKind.NOMENKLATUR else "")
    return reference_import(
        kind=kind,
        file=path,
        filename=path.name,
        legal_basis=basis,
        tahun_mulai=years[0],
        tahun_selesai=years[1],
        **kwargs,
    )


def assert_tree_consistent(model, version: ReferenceVersion) -> None:
    """Every child's code extends its parent's and sits one level below; only level 1 has no parent."""
    rows = list(
        model.objects.filter(version=version).values_list("kode", "level", "parent__kode", "parent__level")
    )
    assert rows
    for kode, level, parent_kode, parent_level in rows:
        if level == 1:
            assert parent_kode is None, kode
        else:
            assert parent_kode is not None, kode
            assert kode.startswith(parent_kode + "."), (kode, parent_kode)
            assert level == parent_level + 1, (kode, level, parent_level)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


# --- the official files ----------------------------------------------------------------------------------------


def test_nomenklatur_annex_csv_imports_every_level(shared_data):
    # given the kab/kota annex of Kepmendagri 900.1.15.5-1317/2023, flattened
    path = shared_data / NOMENKLATUR_CSV
    # when imported
    result = run_import(path)
    # then every level is there, with its parents
    assert result.created == NOMENKLATUR_COUNTS
    assert result.unchanged == 0
    assert result.duplicates == []
    assert Nomenklatur.objects.filter(version=result.version).count() == 4367
    assert_tree_consistent(Nomenklatur, result.version)
    sub = Nomenklatur.objects.get(version=result.version, kode="X.XX.01.2.01.0001")
    assert sub.nama == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert sub.satuan == "Dokumen"
    assert sub.kinerja == "Tersusunnya Dokumen Perencanaan Perangkat Daerah"
    assert sub.parent.kode == "X.XX.01.2.01"
    assert not Nomenklatur.objects.filter(
        version=result.version, kode__regex=r"^[0-9X]\.[0-9X]+\.\d{2}\.1\."
    ).exists()


def test_nomenklatur_annex_xlsx_split_codes_give_the_same_list(shared_data):
    # given the original annex workbook: code split over columns, padding lost, names with PDF line breaks
    path = shared_data / NOMENKLATUR_XLSX
    # when imported
    result = run_import(path)
    # then the counts match the flattened file, and codes and names are restored
    assert result.created == NOMENKLATUR_COUNTS
    assert_tree_consistent(Nomenklatur, result.version)
    kegiatan = Nomenklatur.objects.get(version=result.version, kode="X.XX.01.2.01")
    assert kegiatan.nama == "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
    assert (
        Nomenklatur.objects.get(version=result.version, kode="1.03.02.2.01.0100").parent.kode
        == "1.03.02.2.01"
    )
    stored = dict(Nomenklatur.objects.filter(version=result.version).values_list("kode", "nama"))
    flattened = {row[1]: row[2] for row in read_rows(shared_data / NOMENKLATUR_CSV)[1:]}
    assert stored == flattened


def test_reimporting_the_same_file_creates_nothing(shared_data):
    # given the annex already imported
    path = shared_data / NOMENKLATUR_CSV
    first = run_import(path)
    # when the same file is imported again into the same version
    again = run_import(path)
    # then nothing is created and every row counts as unchanged
    assert again.version == first.version
    assert set(again.created.values()) == {0}
    assert again.unchanged == 4367
    assert Nomenklatur.objects.filter(version=first.version).count() == 4367


def test_akun_gabungan_csv(shared_data):
    # given the merged belanja chart of accounts
    path = shared_data / "rekening/akun_5_belanja_gabungan.csv"
    # when imported
    result = run_import(path, kind=ReferenceKind.AKUN, basis="Kepmendagri 050-5889/2021")
    # then 4,276 codes by level, in one consistent tree
    assert result.created == AKUN_COUNTS
    assert result.version.pemda_level == ""
    assert_tree_consistent(Akun, result.version)
    atk = Akun.objects.get(version=result.version, kode="5.1.02.01.01.0024")
    assert atk.nama.startswith("Belanja Alat/Bahan untuk Kegiatan Kantor")


def test_akun_base_then_tambahan_extend_one_version(shared_data):
    # given the base belanja workbook imported
    basis = "Kepmendagri 050-5889/2021"
    base = run_import(shared_data / "rekening/akun_5_belanja_asli.xlsx", kind=ReferenceKind.AKUN, basis=basis)
    assert sum(base.created.values()) == 3413
    # when the tambahan workbook is imported into the same version
    extra = run_import(
        shared_data / "rekening/akun_5_belanja_tambahan_asli.xlsx", kind=ReferenceKind.AKUN, basis=basis
    )
    # then the shared parents are unchanged, the new codes added, and the result equals the merged list
    assert extra.version == base.version
    assert extra.unchanged == 15
    assert sum(extra.created.values()) == 863
    stored = set(Akun.objects.filter(version=base.version).values_list("kode", flat=True))
    merged = {row[0] for row in read_rows(shared_data / "rekening/akun_5_belanja_gabungan.csv")[1:]}
    assert stored == merged
    assert_tree_consistent(Akun, base.version)
    padded = Akun.objects.get(version=base.version, kode="5.1.02.01.01.0024")
    assert padded.parent.kode == "5.1.02.01.01"


def test_sumber_dana_adds_implicit_parents_and_reports_repeats(shared_data):
    # given the sumber dana classification: starts at level 2, 19 codes repeated
    path = shared_data / "rekening/klasifikasi_sumber_dana.csv"
    # when imported
    result = run_import(path, kind=ReferenceKind.SUMBER_DANA, basis="Kepmendagri 050-5889/2021")
    # then its 281 codes are stored, plus the parents the regulation defines and the file leaves out
    stored = dict(SumberDana.objects.filter(version=result.version).values_list("kode", "nama"))
    in_file = {row[0] for row in read_rows(path)[1:]}
    assert len(in_file) == 281
    assert in_file <= set(stored)
    assert set(stored) - in_file == {"1", "2", "1.2.02"}
    assert stored["1"] == "DANA UMUM"
    assert stored["2"] == "DANA KHUSUS"
    assert sum(result.created.values()) == 284
    assert len(result.duplicates) == 19
    assert {error.row for error in result.duplicates} == set(range(283, 302))
    assert_tree_consistent(SumberDana, result.version)


def test_sumber_dana_xlsx_matches_the_csv(shared_data):
    # given the original sumber dana workbook (split codes, header "Sumber Dana")
    path = shared_data / "rekening/klasifikasi_sumber_dana_asli.xlsx"
    # when imported / then the same codes as the flattened file come out
    result = run_import(path, kind=ReferenceKind.SUMBER_DANA, basis="Kepmendagri 050-5889/2021")
    assert sum(result.created.values()) == 284
    assert len(result.duplicates) == 19


def test_corrupted_copy_is_rejected_with_every_bad_row(shared_data, tmp_path):
    # given the annex with one malformed code, one orphan and one conflicting duplicate
    rows = read_rows(shared_data / NOMENKLATUR_CSV)
    index = {row[1]: position for position, row in enumerate(rows)}
    assert "1.01.02.2.99" not in index
    malformed = index["1.01.02.2.01.0001"]
    orphan = index["1.01.02.2.01.0003"]
    rows[malformed][1] = "1.01.02.2.01.001"
    rows[orphan][1] = "1.01.02.2.99.0003"
    conflicting = [*rows[index["1.02.02.2.01.0001"]]]
    conflicting[2] = "Nama lain untuk kode yang sama"
    rows.append(conflicting)
    path = write_csv(tmp_path / "rusak.csv", rows)
    # when imported
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    # then each bad row is listed with its spreadsheet row number (header is row 1), and nothing is written
    errors = rejected.value.errors
    assert [(error.row, error.column) for error in errors] == [
        (malformed + 1, "kode"),
        (orphan + 1, "kode"),
        (len(rows), "kode"),
    ]
    assert "format" in errors[0].reason
    assert "1.01.02.2.99" in errors[1].reason
    assert "nama berbeda" in errors[2].reason
    assert Nomenklatur.objects.count() == 0
    assert ReferenceVersion.objects.count() == 0


# --- synthetic files -------------------------------------------------------------------------------------------

URUSAN = "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"
BIDANG = "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN"
PROGRAM = "PROGRAM PENGELOLAAN PENDIDIKAN"
SEPARATE_HEADER = [
    "jenis_pemda", "kode_urusan", "nama_urusan", "kode_bidang_urusan", "nama_bidang_urusan", "kode_program",
    "nama_program", "kode_kegiatan", "nama_kegiatan", "kode_sub_kegiatan", "nama_sub_kegiatan", "kinerja",
    "indikator", "satuan", "tags", "spm", "definisi", "kode_lama",
]  # fmt: skip


def separate_row(
    level: str, kegiatan: tuple[str, str], sub: tuple[str, str], satuan: str = "Unit"
) -> list[str]:
    return [
        level, "1", URUSAN, "1.01", BIDANG, "1.01.02", PROGRAM, *kegiatan, *sub,
        f"Terlaksananya {sub[1]}", f"Jumlah {sub[1]}", satuan, "[null]", "SPM", "[null]", "[null]",
    ]  # fmt: skip


def test_flat_sipd_export_with_separate_columns(tmp_path):
    # given a flat SIPD export holding both the provinsi and the kab/kota list
    sd = ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar")
    sma = ("1.01.02.1.01", "Pengelolaan Pendidikan Sekolah Menengah Atas")
    path = write_csv(
        tmp_path / "sipd.csv",
        [
            SEPARATE_HEADER,
            separate_row("KABKOT", sd, ("1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru (USB)")),
            separate_row("KABKOT", sd, ("1.01.02.2.01.0002", "Penambahan Ruang Kelas Baru")),
            separate_row("PROV", sma, ("1.01.02.1.01.0001", "Pembangunan Unit Sekolah Baru (USB) SMA")),
        ],
    )
    # when the kab/kota list and then the provinsi list are imported
    kabkota = run_import(path)
    provinsi = run_import(path, pemda_level=PemdaLevel.PROVINSI)
    # then each list gets its own rows, parents derived once from the columns
    assert kabkota.created == {
        "urusan": 1,
        "bidang_urusan": 1,
        "program": 1,
        "kegiatan": 1,
        "sub_kegiatan": 2,
    }
    assert provinsi.created == {
        "urusan": 1,
        "bidang_urusan": 1,
        "program": 1,
        "kegiatan": 1,
        "sub_kegiatan": 1,
    }
    assert kabkota.version != provinsi.version
    assert kabkota.duplicates == []
    sub = Nomenklatur.objects.get(version=kabkota.version, kode="1.01.02.2.01.0002")
    assert sub.parent.nama == sd[1]
    assert sub.satuan == "Unit"
    assert sub.kinerja == "Terlaksananya Penambahan Ruang Kelas Baru"
    assert sub.keterangan == ""
    assert Nomenklatur.objects.get(version=kabkota.version, kode="1").nama == URUSAN
    assert_tree_consistent(Nomenklatur, kabkota.version)
    assert_tree_consistent(Nomenklatur, provinsi.version)


def test_flat_sipd_export_infers_the_only_pemda_level(tmp_path):
    # given a flat export whose jenis_pemda column holds only KABKOT
    sd = ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar")
    path = write_csv(
        tmp_path / "sipd.csv", [SEPARATE_HEADER, separate_row("KABKOT", sd, ("1.01.02.2.01.0001", "USB"))]
    )
    # when imported without a pemda level / then the list is the kab/kota one
    result = run_import(path, pemda_level="")
    assert result.version.pemda_level == PemdaLevel.KABKOTA


def test_flat_sipd_export_with_both_levels_needs_a_pemda_level(tmp_path):
    # given a flat export holding both lists
    path = write_csv(
        tmp_path / "sipd.csv",
        [
            SEPARATE_HEADER,
            separate_row("KABKOT", ("1.01.02.2.01", "SD"), ("1.01.02.2.01.0001", "USB")),
            separate_row("PROV", ("1.01.02.1.01", "SMA"), ("1.01.02.1.01.0001", "USB SMA")),
        ],
    )
    # when imported without a pemda level / then it is refused, naming the field
    with pytest.raises(ValidationError) as invalid:
        run_import(path, pemda_level="")
    assert "pemda_level" in invalid.value.message_dict
    assert ReferenceVersion.objects.count() == 0


def test_flat_sipd_export_with_code_name_cells(tmp_path):
    # given a flat export with one "code name" cell per level, [null] cells and both pemda levels, as .xlsx
    header = ["No", "Jenis Pemda", "Urusan", "Bidang Urusan", "Program", "Kegiatan", "Sub Kegiatan", "Kinerja",
              "Indikator", "Satuan", "Keterangan", "Kode Lama"]  # fmt: skip
    parents = [f"1 {URUSAN}", f"1.01 {BIDANG}", f"1.01.02 {PROGRAM.replace(' ', '  ', 1)}\n"]
    path = write_xlsx(
        tmp_path / "sipd.xlsx",
        [
            ["EKSPOR NOMENKLATUR SIPD"],
            header,
            [1, "PROV", *parents, "1.01.02.1.01 Pengelolaan Pendidikan SMA", "1.01.02.1.01.0001 USB SMA",
             "Terbangunnya USB", "Jumlah USB", "Unit", "[null]", "[null]"],
            [2, "KABKOT", *parents, "1.01.02.2.01 Pengelolaan  Pendidikan\nSekolah Dasar",
             "1.01.02.2.01.0001 Pembangunan Unit   Sekolah Baru", "Terbangunnya USB", "Jumlah USB", "[null]",
             "[null]", "[null]"],
            [3, "KABKOT", *parents, "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar",
             "1.01.02.2.01.0002 Penambahan Ruang Kelas Baru", "[null]", "[null]", "Unit", "Catatan", "[null]"],
        ],
    )  # fmt: skip
    # when the kab/kota list is imported
    result = run_import(path)
    # then parents come from the cells, names are whitespace-normalised and [null] is empty
    assert result.created == {"urusan": 1, "bidang_urusan": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 2}
    stored = {n.kode: n for n in Nomenklatur.objects.filter(version=result.version)}
    assert stored["1.01.02"].nama == PROGRAM
    assert stored["1.01.02.2.01"].nama == "Pengelolaan Pendidikan Sekolah Dasar"
    assert stored["1.01.02.2.01.0001"].nama == "Pembangunan Unit Sekolah Baru"
    assert stored["1.01.02.2.01.0001"].satuan == ""
    assert stored["1.01.02.2.01.0002"].keterangan == "Catatan"
    assert "1.01.02.1.01" not in stored
    assert_tree_consistent(Nomenklatur, result.version)


FLAT_HEADER = ["JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN", "KINERJA", "INDIKATOR", "SATUAN",
               "TAG", "DEFINISI OPERASIONAL", "PELAKSANA", "SPM", "JENIS", "SUBKEGIATAN SEBELUMNYA"]  # fmt: skip
PENUNJANG = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"


def flat_row(
    level: str, bidang: str, program: str, kegiatan: str, sub: str, lama: str = "[null]"
) -> list[str]:
    return [level, bidang, program, kegiatan, sub, "Terlaksananya kegiatan", "Jumlah dokumen", "Dokumen", "[null]",
            "Definisi", "Dinas", "[null]", "Non SPM", lama]  # fmt: skip


def flat_export_without_urusan(path: Path) -> Path:
    """A flat SIPD export as pemda receive it: no urusan column, "code name" cells, both lists in one sheet."""
    pendidikan = "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN"
    program = "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN"
    pu = "1.03 URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG"
    pangan = "2.09 URUSAN PEMERINTAHAN BIDANG PANGAN"
    return write_xlsx(
        path,
        [
            FLAT_HEADER,
            flat_row("PROV", pendidikan, program, "1.01.02.1.01 Pengelolaan Pendidikan SMA",
                     "1.01.02.1.01.0001 Pembangunan USB SMA", "1.01.02.1.01.01"),
            flat_row("KABKOT", pendidikan, program, "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar",
                     "1.01.02.2.01.0001 Pembangunan Unit Sekolah Baru", "1.1.2.2.1.1"),
            flat_row("KABKOT", pendidikan, program, "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar",
                     "1.01.02.2.01.0002 Penambahan Ruang Kelas Baru",
                     "1.01.02.2.01.0009 Penambahan Ruang Kelas; 1.01.02.2.01.0010"),
            flat_row("KABKOT", pendidikan, program, "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar",
                     "1.01.02.2.01.0003 Pemeliharaan Sekolah", "1.01.02.2.01.0003"),
            flat_row("KABKOT", pu, "1.03.03 PROGRAM PENGELOLAAN SUMBER DAYA AIR (SDA)",
                     "1.03.03.2.01 Pengelolaan SDA", "1.03.03.2.01.0001 Operasi Bendungan", "bukan kode"),
            flat_row("KABKOT", pangan, "2.09.02 PROGRAM PENINGKATAN DIVERSIFIKASI DAN KETAHANAN PANGAN",
                     "2.09.02.2.01 Penyediaan Pangan", "2.09.02.2.01.0001 Cadangan Pangan"),
            flat_row("KABKOT", "X.XX URUSAN PEMERINTAHAN BIDANG XX", f"X.XX.01 {PENUNJANG}",
                     "X.XX.01.2.01 Perencanaan Perangkat Daerah", "X.XX.01.2.01.0001 Penyusunan Dokumen"),
            flat_row("PROV", "X.XX URUSAN PEMERINTAHAN BIDANG XX", "X.XX.01 PROGRAM PENUNJANG PROVINSI",
                     "X.XX.01.1.01 Perencanaan Perangkat Daerah", "X.XX.01.1.01.0001 Penyusunan Dokumen"),
        ],
    )  # fmt: skip


def test_flat_export_without_urusan_takes_the_urusan_from_the_regulation(tmp_path):
    # given a flat export naming only the bidang, holding both lists, with the previous codes of some rows
    path = flat_export_without_urusan(tmp_path / "nomenklatur.xlsx")
    old = ReferenceVersionFactory(pemda_level=PemdaLevel.KABKOTA, tahun_mulai=2020, tahun_selesai=2023)

    # when the kab/kota list is imported
    result = run_import(path, years=(2024, 2026))

    # then every bidang hangs on its urusan of Permendagri 90/2019, and only KABKOT rows are read
    assert result.created == {"urusan": 3, "bidang_urusan": 4, "program": 4, "kegiatan": 4, "sub_kegiatan": 6}
    stored = {n.kode: n for n in Nomenklatur.objects.filter(version=result.version)}
    assert stored["1"].nama == URUSAN
    assert stored["2"].nama == "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"
    assert stored["X"].nama == "URUSAN X.XX"
    assert stored["1.01"].parent == stored["1"]
    assert "1.01.02.1.01.0001" not in stored
    assert "X.XX.01.1.01" not in stored
    assert stored["1.01.02.2.01.0001"].keterangan == "Definisi"
    assert_tree_consistent(Nomenklatur, result.version)
    # and the previous codes become mappings from the version before; an unpadded code is restored (1.1.2.2.1.1
    # is the row's own code: no mapping), a cell holding no code is a warning
    mappings = set(
        CodeMapping.objects.filter(to_version=result.version).values_list(
            "from_version", "kode_lama", "kode_baru"
        )
    )
    assert mappings == {
        (old.pk, "1.01.02.2.01.0009", "1.01.02.2.01.0002"),
        (old.pk, "1.01.02.2.01.0010", "1.01.02.2.01.0002"),
    }
    assert result.mappings == 2
    assert [(w.row, w.column) for w in result.warnings] == [(6, "SUBKEGIATAN SEBELUMNYA")]
    assert "bukan kode sub_kegiatan" in result.warnings[0].reason


def test_flat_export_parent_with_two_names_is_a_conflict(tmp_path):
    # given two rows naming the same program differently
    path = write_csv(
        tmp_path / "sipd.csv",
        [
            ["urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"],
            [
                f"1 {URUSAN}",
                f"1.01 {BIDANG}",
                f"1.01.02 {PROGRAM}",
                "1.01.02.2.01 SD",
                "1.01.02.2.01.0001 USB",
            ],
            [
                f"1 {URUSAN}",
                f"1.01 {BIDANG}",
                "1.01.02 PROGRAM LAIN",
                "1.01.02.2.01 SD",
                "1.01.02.2.01.0002 RKB",
            ],
        ],
    )
    # when imported / then the second row is rejected on the program column
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, "program")]


def test_flat_export_row_whose_codes_do_not_nest(tmp_path):
    # given a row whose sub kegiatan does not belong to the kegiatan in the same row
    path = write_csv(
        tmp_path / "sipd.csv",
        [
            ["urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"],
            [
                f"1 {URUSAN}",
                f"1.01 {BIDANG}",
                f"1.01.02 {PROGRAM}",
                "1.01.02.2.01 SD",
                "1.01.02.2.02.0001 USB",
            ],
        ],
    )
    # when imported / then the row is rejected
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    assert rejected.value.errors[0].row == 2
    assert "tidak berada di bawah" in rejected.value.errors[0].reason


def test_annex_split_layout_with_title_rows_restores_padding(tmp_path):
    # given an annex workbook whose header sits below the title, codes split and stored as numbers
    path = write_xlsx(
        tmp_path / "lampiran.xlsx",
        [
            ["LAMPIRAN KEPUTUSAN MENTERI DALAM NEGERI"],
            [],
            ["URUSAN/UNSUR", "BIDANG URUSAN/BIDANG UNSUR", "PROGRAM", "KEGIATAN", "SUB KEGIATAN",
             "NOMENKLATUR URUSAN", "KINERJA", "INDIKATOR", "SATUAN", "KETERANGAN"],
            ["X", None, None, None, None, "URUSAN X.XX"],
            ["X", "XX", None, None, None, "URUSAN PEMERINTAHAN BIDANG XX"],
            ["X", "XX", 1, None, None, "PROGRAM  PENUNJANG"],
            ["X", "XX", 1, "2.01", None, "Perencanaan"],
            ["X", "XX", 1, "2.01", 1, "Penyusunan\nDokumen", "Tersusunnya Dokumen", "Jumlah Dokumen", "Dokumen"],
            ["X", "XX", 1, 2.1, None, "Kegiatan sepuluh"],
            ["X", "XX", 1, 2.1, 12, "Sub kegiatan dua belas"],
        ],
    )  # fmt: skip
    # when imported
    result = run_import(path)
    # then the codes are whole and padded, and names normalised
    stored = dict(Nomenklatur.objects.filter(version=result.version).values_list("kode", "nama"))
    assert stored == {
        "X": "URUSAN X.XX",
        "X.XX": "URUSAN PEMERINTAHAN BIDANG XX",
        "X.XX.01": "PROGRAM PENUNJANG",
        "X.XX.01.2.01": "Perencanaan",
        "X.XX.01.2.01.0001": "Penyusunan Dokumen",
        "X.XX.01.2.10": "Kegiatan sepuluh",
        "X.XX.01.2.10.0012": "Sub kegiatan dua belas",
    }


def test_codes_stored_as_numbers_in_a_kode_column(tmp_path):
    # given a workbook whose kode cells Excel turned into numbers (1, 1.1 for 1.10)
    path = write_xlsx(
        tmp_path / "n.xlsx",
        [
            ["Kode", "Nama"],
            [1, URUSAN],
            [1.1, "URUSAN BIDANG SEPULUH"],
            ["1.10.02", "PROGRAM BIDANG SEPULUH"],
        ],
    )
    # when imported / then the codes are read as written in the decree
    result = run_import(path)
    stored = dict(Nomenklatur.objects.filter(version=result.version).values_list("kode", "parent__kode"))
    assert stored == {"1": None, "1.10": "1", "1.10.02": "1.10"}


def test_header_aliases_semicolons_and_bom(tmp_path):
    # given a CSV from Excel with an Indonesian locale: BOM, ";" and loosely written headers
    path = write_csv(
        tmp_path / "akun.csv",
        [
            [" Kode.Rekening ", "URAIAN", "Ket", "Level"],
            ["5", "BELANJA   DAERAH", "[null]", "1"],
            ["5.1", "BELANJA\nOPERASI", "Belanja  operasi  sehari-hari", "kelompok"],
        ],
        delimiter=";",
        bom=True,
    )
    # when imported
    result = run_import(path, kind=ReferenceKind.AKUN, basis="Permendagri 90/2019")
    # then the columns are found and the text normalised
    assert result.created["1"] == 1
    assert result.created["2"] == 1
    stored = {a.kode: a for a in Akun.objects.filter(version=result.version)}
    assert stored["5.1"].nama == "BELANJA OPERASI"
    assert stored["5.1"].keterangan == "Belanja operasi sehari-hari"
    assert stored["5"].keterangan == ""


def test_akun_file_starting_below_the_root_gets_the_implicit_root(tmp_path):
    # given akun rows from level 2, as pendapatan lists are often published
    path = write_csv(
        tmp_path / "akun.csv",
        [["kode", "uraian"], ["4.1", "PENDAPATAN ASLI DAERAH (PAD)"], ["4.1.01", "Pajak Daerah"]],
    )
    # when imported / then 4 PENDAPATAN DAERAH is created as their parent
    result = run_import(path, kind=ReferenceKind.AKUN, basis="Permendagri 90/2019")
    assert result.created == {"1": 1, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0}
    assert Akun.objects.get(version=result.version, kode="4").nama == "PENDAPATAN DAERAH"
    assert_tree_consistent(Akun, result.version)


def test_k_digit_of_the_other_pemda_level_is_rejected(tmp_path):
    # given a kab/kota list with one provinsi kegiatan (K = 1)
    path = write_csv(
        tmp_path / "kabkota.csv",
        [
            ["kode", "nama"],
            ["1", URUSAN],
            ["1.01", BIDANG],
            ["1.01.02", PROGRAM],
            ["1.01.02.1.01", "Pengelolaan Pendidikan SMA"],
            ["1.01.02.2.01", "Pengelolaan Pendidikan SD"],
            ["1.01.02.7.01", "Kegiatan daerah khusus"],
        ],
    )
    # when imported as the kab/kota list / then the K=1 row is rejected and special regions pass
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(5, "kode")]
    assert "K=1" in rejected.value.errors[0].reason
    # and as the provinsi list, the K=2 row is the one rejected
    with pytest.raises(ImportRejected) as rejected:
        run_import(path, pemda_level=PemdaLevel.PROVINSI)
    assert [e.row for e in rejected.value.errors] == [6]


def test_level_column_must_agree_with_the_code_and_names_must_not_be_empty(tmp_path):
    # given rows whose level column contradicts the code, and one without a name
    path = write_csv(
        tmp_path / "nomenklatur.csv",
        [
            ["level", "kode", "nama"],
            ["urusan", "1", URUSAN],
            ["program", "1.01", BIDANG],
            ["program", "1.01.02", ""],
            ["tingkat aneh", "1.01.02.2.01", "SD"],
        ],
    )
    # when imported / then every problem is listed, not only the first
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    errors = rejected.value.errors
    assert [(e.row, e.column) for e in errors] == [(3, "level"), (4, "nama"), (5, "level")]
    assert "bidang_urusan" in errors[0].reason


def test_existing_code_with_another_name_is_a_conflict(tmp_path):
    # given a version holding 5 BELANJA DAERAH
    first = write_csv(tmp_path / "a.csv", [["kode", "uraian"], ["5", "BELANJA DAERAH"]])
    run_import(first, kind=ReferenceKind.AKUN, basis="Permendagri 90/2019")
    # when a file naming 5 differently is imported into it
    second = write_csv(tmp_path / "b.csv", [["kode", "uraian"], ["5", "BELANJA"], ["5.1", "BELANJA OPERASI"]])
    with pytest.raises(ImportRejected) as rejected:
        run_import(second, kind=ReferenceKind.AKUN, basis="Permendagri 90/2019")
    # then it is rejected and the version is untouched
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "kode")]
    assert list(Akun.objects.values_list("kode", flat=True)) == ["5"]


def test_unknown_layout_is_one_error(tmp_path):
    # given a CSV with no recognisable columns
    path = write_csv(tmp_path / "lain.csv", [["nik", "alamat"], ["123", "Jl. Merdeka"]])
    # when imported / then one file-level error explains the expected columns
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    assert len(rejected.value.errors) == 1
    error = rejected.value.errors[0]
    assert (error.row, error.column) == (None, "")
    assert "tidak dikenali" in error.reason


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("acak.xlsx", b"PK\x03\x04 bukan zip sebenarnya"),
        ("acak.bin", bytes(range(256)) * 4),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
    ],
)
def test_unreadable_files_are_rejected(tmp_path, name, content):
    # given bytes that are not a readable spreadsheet
    path = tmp_path / name
    path.write_bytes(content)
    # when imported / then the file is rejected as a whole
    with pytest.raises(ImportRejected) as rejected:
        run_import(path)
    assert rejected.value.errors[0].row is None


def test_file_like_objects_and_progress(tmp_path):
    # given an in-memory workbook and a progress callback
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Akun", "Kelompok", "Jenis", "Uraian Akun"])
    for row in (
        [5, None, None, "BELANJA DAERAH"],
        [5, 1, None, "BELANJA OPERASI"],
        [5, 1, 2, "Belanja Barang"],
    ):
        workbook.active.append(row)
    workbook.save(buffer)
    calls: list[tuple[int, int]] = []
    # when imported from the file object
    result = reference_import(
        kind=ReferenceKind.AKUN,
        file=buffer,
        filename="akun.xlsx",
        legal_basis="Permendagri 90/2019",
        tahun_mulai=2024,
        tahun_selesai=2026,
        progress=lambda done, total: calls.append((done, total)),
    )
    # then the rows are stored and progress reached the end of reading and writing
    assert Akun.objects.get(version=result.version, kode="5.1.02").parent.kode == "5.1"
    assert (3, 3) in calls
    assert calls[-1] == (3, 3)


def test_duplicate_rows_are_reported_and_skipped(tmp_path):
    # given the same code twice with the same name, different description
    path = write_csv(
        tmp_path / "sd.csv",
        [["kode", "uraian", "keterangan"], ["1.1", "PAD", "pertama"], ["1.1", "PAD", "kedua"]],
    )
    # when imported
    result = run_import(path, kind=ReferenceKind.SUMBER_DANA, basis="Kepmendagri 050-5889/2021")
    # then the first is kept, the repeat reported
    assert result.duplicates == [RowError(3, "kode", "Kode 1.1 sudah ada di baris 2; baris dilewati.")]
    assert SumberDana.objects.get(version=result.version, kode="1.1").keterangan == "pertama"


# --- versions --------------------------------------------------------------------------------------------------


def test_overlapping_years_are_rejected(tmp_path):
    # given a kab/kota nomenclature version for 2024–2026
    ReferenceVersionFactory(legal_basis="Kepmendagri 050-5889/2021", tahun_mulai=2024, tahun_selesai=2026)
    path = write_csv(tmp_path / "n.csv", [["kode", "nama"], ["1", URUSAN]])
    # when another decree is imported for 2026–2028
    with pytest.raises(ValidationError) as invalid:
        run_import(path, years=(2026, 2028))
    # then it is refused and nothing is written
    assert "tumpang tindih" in invalid.value.message_dict["tahun_mulai"][0]
    assert ReferenceVersion.objects.count() == 1
    assert Nomenklatur.objects.count() == 0


def test_version_get_or_create_rules():
    # given a version for 2024–2026
    kwargs = {"kind": ReferenceKind.AKUN, "pemda_level": "", "legal_basis": "Permendagri 90/2019"}
    version = reference_version_get_or_create(**kwargs, tahun_mulai=2024, tahun_selesai=2026)
    # when asked again with the same years / then the same version comes back
    assert reference_version_get_or_create(**kwargs, tahun_mulai=2024, tahun_selesai=2026) == version
    # when asked with other years for the same basis / then it is an error
    with pytest.raises(ValidationError):
        reference_version_get_or_create(**kwargs, tahun_mulai=2024, tahun_selesai=2027)
    # when a new basis follows on / then it is created; another level of nomenclature never overlaps
    later = reference_version_get_or_create(
        kind=ReferenceKind.AKUN,
        pemda_level="KABKOT",
        legal_basis="Kepmendagri baru",
        tahun_mulai=2027,
        tahun_selesai=2030,
    )
    assert later.pemda_level == ""
    prov = {
        "kind": ReferenceKind.NOMENKLATUR,
        "legal_basis": BASIS,
        "tahun_mulai": 2024,
        "tahun_selesai": 2026,
    }
    assert reference_version_get_or_create(**prov, pemda_level="PROV").pemda_level == "PROV"
    assert reference_version_get_or_create(**prov, pemda_level="KABKOT").pemda_level == "KABKOT"
    with pytest.raises(ValidationError):
        reference_version_get_or_create(**prov, pemda_level="")


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_versions_cannot_both_be_created():
    # given two imports racing to create overlapping versions
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create(basis: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                reference_version_get_or_create(
                    kind=ReferenceKind.AKUN,
                    pemda_level="",
                    legal_basis=basis,
                    tahun_mulai=2024,
                    tahun_selesai=2026,
                )
                # hold the transaction open: without the lock the other thread would pass its check meanwhile
                connection.cursor().execute("SELECT pg_sleep(0.3)")
            outcomes.append("created")
        except ValidationError:
            outcomes.append("rejected")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(basis,)) for basis in ("Dasar A", "Dasar B")]
    # when both run
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one wins
    assert sorted(outcomes) == ["created", "rejected"]
    assert ReferenceVersion.objects.count() == 1
