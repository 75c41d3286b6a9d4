"""Renja and RKPD exports never hand a spreadsheet a live formula, whatever text a user or an import put in."""

import io

import pytest
from openpyxl import load_workbook

from planning.importers import COLUMNS, renja_import
from tests.planning.factories import (
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    RkpdFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "Kode Sub Kegiatan;Indikator Keluaran;Target;Satuan;Pagu Indikatif;Kode OPD"
HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "+1", "@SUM(A1)", "-2+3", "=cmd|' /C calc'!A0"]


def hostile_csv(opd_kode: str) -> bytes:
    codes = ["1.02.02.2.01.0001", "1.02.02.2.01.0002", "1.02.02.2.02.0001"]
    lines = [HEADER]
    for index, kode in enumerate(codes):
        nama, satuan = HOSTILE[2 * index], HOSTILE[2 * index + 1]
        quoted = '"' + nama.replace('"', '""') + '"'
        lines.append(f"{kode};{quoted};{index + 1};{satuan};1000;{opd_kode}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("kind", ["renja", "rkpd"])
def test_text_that_looks_like_a_formula_is_exported_as_escaped_text(
    kind, ref, pemda, opd, planner, bappeda, client_for
):
    # given rows imported from a CSV whose indicator names and units begin with = + - or @
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2026)
    renja_import(user=planner, document=renja, file=io.BytesIO(hostile_csv(opd.kode)), filename="renja.csv")
    document = renja if kind == "renja" else RkpdFactory(pemda=pemda, tahun=2026)
    # when
    response = client_for(bappeda).get(f"/api/{kind}/{document.pk}/export/")
    # then: every such cell is a string cell starting with a quote, never a formula
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    texts = {cell.value for cell in cells if cell.column_letter in ("C", "E")}
    assert texts == {"'" + value for value in HOSTILE}
    assert all(cell.data_type != "f" for cell in cells)
    pagu = [row[COLUMNS.index("pagu")].value for row in sheet.iter_rows(min_row=2)]
    assert pagu == [1000, 1000, 1000]  # numbers stay numbers


def test_a_negative_number_is_not_escaped():
    from config.exports import safe_text

    assert safe_text(-5) == -5
    assert safe_text("-5") == "'-5"


def renja_with_row(ref, pemda, opd, kode):
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2026)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref[kode[:7]])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=ref[kode[:12]])
    RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref[kode])
    return renja


def test_the_rkpd_export_holds_the_renja_rows_the_caller_may_read(
    ref, pemda, opd, other_opd, planner, bappeda, client_for
):
    # given: two OPDs' Renja for the RKPD's year
    renja_with_row(ref, pemda, opd, "1.02.02.2.01.0001")
    renja_with_row(ref, pemda, other_opd, "1.02.02.2.01.0002")
    rkpd = RkpdFactory(pemda=pemda, tahun=2026)

    def exported_opds(user) -> list[str]:
        response = client_for(user).get(f"/api/rkpd/{rkpd.pk}/export/")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return sorted(row[COLUMNS.index("opd_kode")].value for row in sheet.iter_rows(min_row=2))

    # when / then: the OPD planner gets their OPD's row only, as the Renja endpoints show it; Bappeda every OPD's
    assert exported_opds(planner) == [opd.kode]
    assert client_for(planner).get("/api/renja/", {"tahun": 2026}).json()["count"] == 1
    assert exported_opds(bappeda) == sorted([opd.kode, other_opd.kode])
