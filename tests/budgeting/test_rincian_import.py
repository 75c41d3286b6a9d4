"""The rincian belanja sheet of one sub kegiatan, as pemda keep it, loaded through the line service: heading rows
for akun levels and kelompok, unpadded codes, blank JUMLAH; every bad row reported and nothing written."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from budgeting.importers import ImportRejected, rincian_import
from budgeting.models import BudgetLine, PlafonMode
from budgeting.services import anggaran_close, budget_line_create
from config.errors import Conflict
from organisation.jobs import import_job_run
from organisation.models import ImportJob, JobStatus, Role
from tests.budgeting.factories import PlafonFactory, StandarHargaFactory
from tests.factories import AkunFactory, PemdaFactory, PerangkatDaerahFactory

HEADER = [
    "KODE AKUN", "URAIAN", "JENIS KELOMPOK", "KELOMPOK", "JENIS KOMPONEN", "NAMA KOMPONEN",
    "HARGA SAT. KOMPONEN", "SATUAN KOMPONEN", "SATUAN", "VOLUME", "JUMLAH", "KODE SUMBER DANA", "KETERANGAN",
]  # fmt: skip


def heading(kode: str, uraian: str, jumlah: object = None) -> list[object]:
    return [kode, uraian, None, None, None, None, None, None, None, None, jumlah, None, None]


def kelompok(jenis: str, text: str) -> list[object]:
    return [None, None, jenis, text, None, None, None, None, None, None, None, None, None]


def komponen(
    nama: str, harga: object, volume: object, satuan: str, *, jumlah: object = None, kode: object = None,
    jenis: str | None = None, dana: object = "1.2.1.1.2", keterangan: str | None = None,
) -> list[object]:  # fmt: skip
    return [kode, None, None, None, jenis, nama, harga, satuan, satuan, volume, jumlah, dana, keterangan]


def workbook(rows: list[list[object]], *, title: bool = True) -> bytes:
    """An xlsx as a pemda keeps it: a title block, the header, then the rows (written by openpyxl)."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["RINCIAN BELANJA SUB KEGIATAN 1.02.02.2.01.0001"])
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def akun_tree(ref):
    """The akun headings above ATK and perjalanan, in the version in force."""
    version = ref.atk.version
    for kode in ("5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.04", "5.1.02.04.01"):
        AkunFactory(version=version, kode=kode)
    return version


@pytest.fixture
def sheet(akun_tree):
    """The Dinkes sheet: akun headings down to level 6 (codes without padding), a kelompok and a keterangan, four
    komponen — two under ATK with JUMLAH blank and filled, two under perjalanan with a komponen-level keterangan."""
    return workbook([
        heading("5", "BELANJA DAERAH"),
        heading("5.1", "BELANJA OPERASI"),
        heading("5.1.2", "Belanja Barang dan Jasa"),
        heading("5.1.2.1", "Belanja Barang"),
        heading("5.1.2.1.1", "Belanja Barang Pakai Habis"),
        heading("5.1.2.1.1.24", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 1_210_000),
        kelompok("[#]", "Penyuluhan Posyandu"),
        kelompok("[-]", "Kebutuhan kader"),
        komponen("Kertas HVS A4 70 gram", 55_000, 10, "Rim"),
        komponen("Pulpen", "2.500", "24", "Buah", jumlah=60_000, keterangan="untuk 24 kader"),
        komponen("Map Plastik", 6_000, 100, "Lembar", jumlah="600000"),
        heading("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
        komponen("Uang harian", 150_000, "2,5", "Orang/Hari", dana="1.2.01.01.02"),
    ])  # fmt: skip


def upload(content: bytes, name: str = "rincian.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def run(user, anggaran, opd, ref, content: bytes, **kwargs):
    return rincian_import(
        user=user,
        anggaran=anggaran,
        perangkat_daerah=opd,
        sub_kegiatan=ref.sub_kegiatan,
        file=io.BytesIO(content),
        filename="rincian.xlsx",
        **kwargs,
    )


@pytest.fixture
def bendahara(make_user):
    return make_user(Role.OPD_FINANCE)


def test_a_sheet_with_headings_becomes_lines_with_volume_satuan_harga_and_kelompok(
    anggaran, bendahara, ref, opd, sheet
):
    # when
    result = run(bendahara, anggaran, opd, ref, sheet)

    # then: one line per komponen, with its akun (from the heading above), kelompok, volume, satuan and harga
    lines = list(BudgetLine.objects.filter(anggaran=anggaran).order_by("id"))
    assert result.created == len(lines) == 4
    assert [line.akun_id for line in lines] == [ref.atk.pk] * 3 + [ref.perjalanan.pk]
    first, pulpen, _, harian = lines
    assert (first.volume_1, first.satuan_1, first.harga_satuan) == (Decimal(10), "Rim", Decimal(55_000))
    assert (first.kelompok, first.keterangan) == ("[#] Penyuluhan Posyandu", "Kebutuhan kader")
    assert pulpen.keterangan == "untuk 24 kader"  # the komponen's own keterangan wins over the heading's
    assert harian.kelompok == ""  # a new akun heading ends the kelompok above it
    assert harian.volume_1 == Decimal("2.5")
    assert harian.jumlah == Decimal(375_000)
    assert {line.sumber_dana_id for line in lines} == {ref.dau.pk}  # 1.2.1.1.2 padded to 1.2.01.01.02
    assert {line.sub_kegiatan_kode for line in lines} == {"1.02.02.2.01.0001"}
    # and the total is each line's volume × harga, computed by Pagu
    assert result.total == sum(line.volume_1 * line.harga_satuan for line in lines)
    assert result.mode == "replace"
    assert result.removed == 0


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_written(
    anggaran, bendahara, ref, opd, akun_tree
):
    # given: a line already there, and a sheet with an unknown heading, a jumlah that is not volume × harga,
    # an unreadable volume, a level-5 akun on a komponen and an unknown sumber dana — and one good row
    kept = budget_line_create(user=bendahara, anggaran=anggaran, **_fields(ref, opd))
    content = workbook([
        heading("5.1.2.1.1.24", "ATK"),
        komponen("Kertas", 55_000, 10, "Rim", jumlah=500_000),        # row 5
        komponen("Pulpen", 2_500, "banyak", "Buah"),                    # row 6
        komponen("Map", 6_000, 10, "Lembar", kode="5.1.2.1.1"),         # row 7
        komponen("Stapler", 30_000, 2, "Buah", dana="9.9.9"),           # row 8
        komponen("Tinta", 80_000, 1, "Botol"),                          # row 9: good
        heading("5.9.9.9.9.9999", "Tidak ada"),                         # row 10
    ])  # fmt: skip

    # when
    with pytest.raises(ImportRejected) as rejected:
        run(bendahara, anggaran, opd, ref, content)

    # then: each bad row once, under the column as written; the good row after the bad ones has no error
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (5, "JUMLAH"),
        (6, "VOLUME"),
        (7, "KODE AKUN"),
        (8, "KODE SUMBER DANA"),
        (10, "KODE AKUN"),
    ]
    assert "Rp 550.000,00" in rejected.value.errors[0].reason
    # and nothing changed: the old line is there, no new one
    assert list(BudgetLine.objects.filter(anggaran=anggaran)) == [kept]


def test_a_missing_column_and_row_errors_are_reported_together(anggaran, bendahara, ref, opd, akun_tree):
    # given: no VOLUME column, and a row with a bad harga
    book = openpyxl.Workbook()
    book.active.append(["KODE AKUN", "NAMA KOMPONEN", "HARGA SAT. KOMPONEN", "SATUAN"])
    book.active.append(["5.1.02.01.01.0024", "Kertas", "mahal", "Rim"])
    out = io.BytesIO()
    book.save(out)

    # when
    with pytest.raises(ImportRejected) as rejected:
        run(bendahara, anggaran, opd, ref, out.getvalue())

    # then
    assert {(e.row, e.column) for e in rejected.value.errors} >= {(1, "volume"), (2, "HARGA SAT. KOMPONEN")}


def test_replace_removes_the_sub_kegiatans_lines_and_append_keeps_them(anggaran, bendahara, ref, opd, sheet):
    # given: a line on this sub kegiatan and one on another, which no mode touches
    old = budget_line_create(user=bendahara, anggaran=anggaran, **_fields(ref, opd))
    other = budget_line_create(
        user=bendahara, anggaran=anggaran, **_fields(ref, opd, sub_kegiatan=ref.sub_kegiatan_2)
    )

    # when: appended
    appended = run(bendahara, anggaran, opd, ref, sheet, mode="append")

    # then: the old line stays beside the four new ones
    assert (appended.mode, appended.created, appended.removed) == ("append", 4, 0)
    assert BudgetLine.objects.filter(pk=old.pk).exists()
    assert BudgetLine.objects.filter(sub_kegiatan_kode="1.02.02.2.01.0001").count() == 5

    # when: replaced (the default)
    replaced = run(bendahara, anggaran, opd, ref, sheet)

    # then: the sub kegiatan holds the sheet's four lines only; the other sub kegiatan is untouched
    assert (replaced.mode, replaced.created, replaced.removed) == ("replace", 4, 5)
    assert BudgetLine.objects.filter(sub_kegiatan_kode="1.02.02.2.01.0001").count() == 4
    assert BudgetLine.objects.filter(pk=other.pk).exists()


def test_the_plafon_of_the_line_service_applies_row_by_row(anggaran, bendahara, ref, opd, sheet):
    # given: a refusing ceiling on the sub kegiatan below the sheet's total (Rp 1,585,000), above its ATK rows
    PlafonFactory(
        anggaran=anggaran,
        perangkat_daerah=opd,
        sub_kegiatan_kode="1.02.02.2.01.0001",
        jumlah=Decimal(1_300_000),
    )

    # when
    with pytest.raises(ImportRejected) as rejected:
        run(bendahara, anggaran, opd, ref, sheet)

    # then: the row that crosses it is refused (as in the grid), under JUMLAH; nothing written
    assert [(e.row, e.column) for e in rejected.value.errors] == [(16, "JUMLAH")]
    assert "Plafon" in rejected.value.errors[0].reason
    assert not BudgetLine.objects.exists()


def test_a_warn_plafon_flags_the_lines(anggaran, bendahara, ref, opd, sheet):
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal(100), mode=PlafonMode.WARN)
    result = run(bendahara, anggaran, opd, ref, sheet)
    assert result.flagged == BudgetLine.objects.filter(melebihi_plafon=True).count() == 4


def test_a_komponen_is_linked_to_its_standar_harga_whose_ceiling_and_akun_apply(
    anggaran, bendahara, ref, opd, pemda, akun_tree
):
    # given: an SSH item allowed on ATK only, with a ceiling of Rp 55,000
    item = StandarHargaFactory(pemda=pemda, uraian="Kertas HVS", spesifikasi="A4 70 gram", akun=[ref.atk])
    content = workbook([
        heading("5.1.02.01.01.0024", "ATK"),
        komponen("Kertas HVS A4 70 gram", 55_000, 2, "Rim", jenis="SSH"),   # row 5: linked
        komponen("kertas hvs", 60_000, 1, "Rim", jenis="SSH"),              # row 6: above the ceiling
        komponen("Kertas HVS", 50_000, 1, "Rim", jenis="SSH", kode="5.1.02.04.01.0001"),  # row 7: akun not allowed
    ])  # fmt: skip

    # when
    with pytest.raises(ImportRejected) as rejected:
        run(bendahara, anggaran, opd, ref, content)

    # then: the service's own refusals, on their rows
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (6, "HARGA SAT. KOMPONEN"),
        (7, "KODE AKUN"),
    ]

    # and a good sheet links its komponen and names the ones it could not link
    good = workbook(
        [
            heading("5.1.02.01.01.0024", "ATK"),
            komponen("Kertas HVS A4 70 gram", 55_000, 2, "Rim", jenis="SSH"),
            komponen("Kertas warna", 70_000, 1, "Rim", jenis="SSH"),
        ]
    )
    result = run(bendahara, anggaran, opd, ref, good)
    assert result.linked == 1
    assert BudgetLine.objects.get(komponen="Kertas HVS A4 70 gram").standar_harga == item
    assert [(w.row, w.column) for w in result.warnings] == [(6, "NAMA KOMPONEN")]


def test_a_closed_stage_is_409_and_a_closed_opd_too(
    anggaran, bendahara, finance, ref, opd, sheet, client_for
):
    # given
    anggaran_close(user=finance, anggaran=anggaran)

    # when / then
    with pytest.raises(Conflict):
        run(bendahara, anggaran, opd, ref, sheet)
    response = client_for(bendahara).post(
        "/api/budget-lines/import/", _form(anggaran, opd, ref, sheet), format="multipart"
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "stage_closed"
    assert not BudgetLine.objects.exists()


def test_the_endpoint_imports_and_states_the_mode(anggaran, bendahara, ref, opd, sheet, client_for):
    # when
    response = client_for(bendahara).post(
        "/api/budget-lines/import/", _form(anggaran, opd, ref, sheet), format="multipart"
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["mode"], body["created"]) == ("replace", 4)
    assert Decimal(body["total"]) == BudgetLine.objects.aggregate(total=Sum("jumlah"))["total"]


def test_a_bad_file_is_a_400_listing_its_rows(anggaran, bendahara, ref, opd, akun_tree, client_for):
    content = workbook([heading("5.1.02.01.01.0024", "ATK"), komponen("Kertas", "x", 1, "Rim")])
    response = client_for(bendahara).post(
        "/api/budget-lines/import/", _form(anggaran, opd, ref, content), format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "import_rejected"
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(5, "HARGA SAT. KOMPONEN")]


@pytest.mark.parametrize(
    "fields", [{"mode": "sometimes"}, {"sub_kegiatan": 0}, {"file": None}, {"anggaran": "x"}]
)
def test_bad_form_input_is_a_400(anggaran, bendahara, ref, opd, sheet, client_for, fields):
    form = {**_form(anggaran, opd, ref, sheet), **fields}
    form = {key: value for key, value in form.items() if value is not None}
    response = client_for(bendahara).post("/api/budget-lines/import/", form, format="multipart")
    assert response.status_code == 400


def test_a_program_is_not_a_sub_kegiatan(anggaran, bendahara, ref, opd, sheet, client_for):
    form = {**_form(anggaran, opd, ref, sheet), "sub_kegiatan": ref.program.pk}
    response = client_for(bendahara).post("/api/budget-lines/import/", form, format="multipart")
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_another_opd_or_pemda_or_a_reader_may_not_import(
    anggaran, ref, opd, other_opd, sheet, make_user, client_for
):
    # given: the bendahara of another OPD, a finance officer of another pemda, the auditor
    other_bendahara = make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd)
    elsewhere = PemdaFactory(kode="76.09")
    stranger = make_user(Role.FINANCE, pemda=elsewhere)
    auditor = make_user(Role.AUDITOR)

    # when / then: another OPD's unit and another pemda's stage are ids outside their scope (400 on the field, as
    # creating a line answers), the auditor may only read (403); nothing written
    form = _form(anggaran, opd, ref, sheet)
    response = client_for(other_bendahara).post("/api/budget-lines/import/", form, format="multipart")
    assert response.status_code == 400
    assert "perangkat_daerah" in str(response.json())
    form = _form(anggaran, opd, ref, sheet)
    response = client_for(stranger).post("/api/budget-lines/import/", form, format="multipart")
    assert response.status_code == 400
    assert "anggaran" in str(response.json())
    form = _form(anggaran, opd, ref, sheet)
    assert client_for(auditor).post("/api/budget-lines/import/", form, format="multipart").status_code == 403
    assert not BudgetLine.objects.exists()


def test_the_importer_refuses_another_opd_and_an_opd_of_another_pemda(
    anggaran, finance, ref, opd, other_opd, sheet, make_user
):
    # given
    other_bendahara = make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd)
    foreign = PerangkatDaerahFactory(pemda=PemdaFactory(kode="76.08"), kode="1.02.0.00.0.00.01.0000")

    # when / then
    with pytest.raises(PermissionDenied):
        run(other_bendahara, anggaran, opd, ref, sheet)
    with pytest.raises(ImportRejected):
        run(finance, anggaran, foreign, ref, sheet)
    assert not BudgetLine.objects.exists()


def test_in_the_background_the_job_holds_the_answer(
    anggaran, bendahara, ref, opd, sheet, client_for, akun_tree
):
    # when: asked for as a job
    client = client_for(bendahara)
    queued = client.post(
        "/api/budget-lines/import/",
        {**_form(anggaran, opd, ref, sheet), "background": "true"},
        format="multipart",
    )

    # then: 202, nothing yet; once run, the job answers as the endpoint would
    assert queued.status_code == 202, queued.content
    assert not BudgetLine.objects.exists()
    import_job_run.call(job_id=queued.json()["id"])
    done = client.get(f"/api/jobs/{queued.json()['id']}/").json()
    assert done["status"] == "done", done
    assert (done["result"]["created"], done["result"]["mode"]) == (4, "replace")
    assert BudgetLine.objects.count() == 4

    # and a bad file ends rejected with every bad row, nothing written
    bad = workbook([heading("5.1.02.01.01.0024", "ATK"), komponen("Kertas", 1, "x", "Rim")])
    job = client.post(
        "/api/budget-lines/import/",
        {**_form(anggaran, opd, ref, bad), "background": "true"},
        format="multipart",
    ).json()
    import_job_run.call(job_id=job["id"])
    ended = ImportJob.objects.get(pk=job["id"])
    assert ended.status == JobStatus.REJECTED
    assert [(e["row"], e["column"]) for e in ended.result["errors"]] == [(5, "VOLUME")]
    assert BudgetLine.objects.count() == 4


def test_jenis_komponen_other_than_the_catalogues_is_a_warning(anggaran, bendahara, ref, opd, akun_tree):
    content = workbook(
        [heading("5.1.02.01.01.0024", "ATK"), komponen("Kertas", 1000, 1, "Rim", jenis="LAIN")]
    )
    result = run(bendahara, anggaran, opd, ref, content)
    assert result.created == 1
    assert len(result.warnings) == 1


def _fields(ref, opd, **overrides):
    return {
        "perangkat_daerah": opd,
        "sub_kegiatan": ref.sub_kegiatan,
        "akun": ref.atk,
        "sumber_dana": ref.dau,
        "komponen": "Baris lama",
        "volume_1": Decimal(1),
        "satuan_1": "Paket",
        "harga_satuan": Decimal(1000),
        **overrides,
    }


def _form(anggaran, opd, ref, content: bytes) -> dict[str, object]:
    return {
        "file": upload(content),
        "anggaran": anggaran.pk,
        "perangkat_daerah": opd.pk,
        "sub_kegiatan": ref.sub_kegiatan.pk,
    }
