"""Report rows → xlsx laid out like the official forms (openpyxl), and → CSV. No Django here.

A workbook has the title block, merged multi-row headers with numbered columns, `#,##0` Rupiah and `0.00%`
cells, bold subtotal rows, frozen panes, landscape fit-to-width print setup with repeated header rows, and a
signature block. Every text cell is written formula-safe (`_safe_text`).
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from config.exports import safe_text

RUPIAH = "#,##0"
PERSEN = "0.00%"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _safe_text(value: object) -> str:
    """A cell's text, escaped by the one rule of `config.exports.safe_text` (a leading = + - @ tab or CR gets `'`)."""
    return str(safe_text("" if value is None else str(value)))


@dataclass(frozen=True)
class Column:
    """One column of a form: the row key, its header (and the group header above it), kind and width.

    kind: `text`, `money` (Decimal Rupiah → `#,##0`), `number` (Decimal as is), `percent` (Decimal percent →
    a fraction in `0.00%`). `number` is the form's column number where it is not the position (a K / Rp pair
    shares one; consecutive columns with the same number are merged in the number row).
    """

    key: str
    header: str
    kind: str = "text"
    width: float = 16
    group: str = ""
    number: int = 0


@dataclass(frozen=True)
class Table:
    """A block printed on a form's sheet beside its main table (the RKA indicator block, the monthly anggaran
    kas): a bold heading line, one boxed header row and the rows, column `n` in the sheet's column `n`."""

    heading: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]
    bold: Sequence[bool] = ()


@dataclass(frozen=True)
class Info:
    """Label : value lines printed between a form's tables (the sub kegiatan block of an RKA)."""

    lines: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Form:
    """A report sheet: title lines, columns, the rows (dicts), which rows are bold, and the signature block.

    `info` adds label : value lines under the title (the header block of an RKA), `before` tables and more
    `Info` lines above the main table and `after` tables below it; with `freeze_rows` False only the first columns are frozen (a tall
    header block would otherwise fill the screen)."""

    sheet: str
    title: Sequence[str]
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]
    bold: Sequence[bool]
    indent_key: str | None = None
    signature: Sequence[str] = ()
    freeze_columns: int = 2
    info: Sequence[tuple[str, str]] = ()
    before: Sequence[Table | Info] = ()
    after: Sequence[Table] = ()
    freeze_rows: bool = True


def _cell_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in ("money", "number"):
        return Decimal(value)
    if column.kind == "percent":
        return Decimal(value) / 100
    return _safe_text(value)


def _header(sheet: Any, columns: Sequence[Column], top: int) -> int:
    """Two header rows (group over its columns, lone columns merged down) and a row of column numbers."""
    index = 0
    while index < len(columns):
        column = columns[index]
        first = index + 1
        if column.group:
            last = first
            while last < len(columns) and columns[last].group == column.group:
                last += 1
            sheet.cell(top, first, column.group)
            if last > first:
                sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
            for offset in range(first, last + 1):
                sheet.cell(top + 1, offset, columns[offset - 1].header)
            index = last
        else:
            sheet.cell(top, first, column.header)
            sheet.merge_cells(start_row=top, start_column=first, end_row=top + 1, end_column=first)
            index += 1
    numbers = [column.number or position for position, column in enumerate(columns, start=1)]
    for position, number in enumerate(numbers, start=1):
        if position > 1 and numbers[position - 2] == number:
            continue
        sheet.cell(top + 2, position, number)
        last = position
        while last < len(numbers) and numbers[last] == number:
            last += 1
        if last > position:
            sheet.merge_cells(start_row=top + 2, start_column=position, end_row=top + 2, end_column=last)
    for row in range(top, top + 3):
        for number in range(1, len(columns) + 1):
            cell = sheet.cell(row, number)
            cell.font = BOLD
            cell.alignment = CENTER
            cell.border = BOX
    return top + 3


def _data_cell(sheet: Any, number: int, position: int, column: Column, value: Any, *, bold: bool) -> Any:
    cell = sheet.cell(number, position, _cell_value(column, value))
    cell.border = BOX
    if column.kind == "money":
        cell.number_format = RUPIAH
    elif column.kind == "percent":
        cell.number_format = PERSEN
    if bold:
        cell.font = BOLD
    return cell


def _info(sheet: Any, lines: Sequence[tuple[str, str]], top: int, width: int) -> int:
    """Label : value lines, the value merged over the remaining columns. Returns the next free row."""
    for offset, (label, value) in enumerate(lines):
        number = top + offset
        sheet.cell(number, 1, _safe_text(label)).font = BOLD
        sheet.cell(number, 2, _safe_text(f": {value}")).alignment = Alignment(wrap_text=True, vertical="top")
        if width > 2:
            sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=width)
    return top + len(lines) + (1 if lines else 0)


def _table(sheet: Any, table: Table, top: int, width: int) -> int:
    """A `Table` from row `top`: heading, header row, rows. Returns the next free row after a blank one."""
    sheet.cell(top, 1, _safe_text(table.heading)).font = BOLD
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=max(width, len(table.columns)))
    for position, column in enumerate(table.columns, start=1):
        cell = sheet.cell(top + 1, position, column.header)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BOX
    bold = table.bold or [False] * len(table.rows)
    for offset, (row, strong) in enumerate(zip(table.rows, bold, strict=True)):
        for position, column in enumerate(table.columns, start=1):
            _data_cell(sheet, top + 2 + offset, position, column, row.get(column.key), bold=strong)
    return top + 2 + len(table.rows) + 1


def write_form(workbook: Workbook, form: Form) -> None:
    """Add `form` as a sheet of `workbook`."""
    sheet = workbook.create_sheet(form.sheet[:31])
    width = len(form.columns)
    for number, line in enumerate(form.title, start=1):
        sheet.cell(number, 1, _safe_text(line)).font = Font(bold=True, size=12 if number > 1 else 14)
        sheet.cell(number, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    header_top = _info(sheet, form.info, len(form.title) + 2, width)
    for block in form.before:
        if isinstance(block, Info):
            header_top = _info(sheet, block.lines, header_top, width)
        else:
            header_top = _table(sheet, block, header_top, width)
    first_data = _header(sheet, form.columns, header_top)
    for offset, (row, bold) in enumerate(zip(form.rows, form.bold, strict=True)):
        number = first_data + offset
        for position, column in enumerate(form.columns, start=1):
            cell = _data_cell(sheet, number, position, column, row.get(column.key), bold=bold)
            if form.indent_key and column.key == "uraian":
                cell.alignment = Alignment(indent=int(row.get(form.indent_key) or 0), wrap_text=True)
    for position, column in enumerate(form.columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    bottom = first_data + len(form.rows) + 1
    for table in form.after:
        bottom = _table(sheet, table, bottom + 1, width)
    bottom += 1
    if form.signature:
        anchor = max(1, width - 3)
        for offset, line in enumerate(form.signature):
            sheet.cell(bottom + offset, anchor, _safe_text(line)).alignment = Alignment(horizontal="center")
            sheet.merge_cells(
                start_row=bottom + offset, start_column=anchor, end_row=bottom + offset, end_column=width
            )
    freeze_row = first_data if form.freeze_rows else 1
    sheet.freeze_panes = f"{get_column_letter(form.freeze_columns + 1)}{freeze_row}"
    sheet.print_title_rows = f"{header_top}:{first_data - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_bytes(forms: Sequence[Form]) -> bytes:
    """The forms as one xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for form in forms:
        write_form(workbook, form)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> bytes:
    """The rows as UTF-8 CSV (with BOM for spreadsheet programs), headers from the columns, text formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.key for column in columns])
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column.key)
            values.append("" if value is None else value if column.kind != "text" else _safe_text(value))
        writer.writerow(values)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- the RFK form

RFK_COLUMNS = (
    Column("kode", "Kode", width=22),
    Column("uraian", "Uraian", width=48),
    Column("pagu_rka", "Pagu RKA (Rp)", "money", 18),
    Column("pagu", "Pagu DPA (Rp)", "money", 18),
    Column("sumber_dana", "Sumber Dana", width=22),
    Column("anggaran_kas", "Rp", "money", 18, group="Anggaran Kas s.d. Bulan"),
    Column("persen_rak", "%", "percent", 9, group="Anggaran Kas s.d. Bulan"),
    Column("realisasi", "Rp", "money", 18, group="Realisasi Keuangan s.d. Bulan"),
    Column("persen_realisasi", "%", "percent", 9, group="Realisasi Keuangan s.d. Bulan"),
    Column("deviasi", "% (poin)", "percent", 10, group="Deviasi"),
    Column("deviasi_relatif", "% relatif", "percent", 10, group="Deviasi"),
    Column("fisik", "%", "percent", 9, group="Realisasi Fisik"),
    Column("nilai_fisik", "Nilai (Rp)", "money", 18, group="Realisasi Fisik"),
    Column("sisa", "Sisa Anggaran (Rp)", "money", 18),
    Column("permasalahan", "Permasalahan", width=30),
    Column("tindak_lanjut", "Tindak Lanjut", width=30),
)


def rfk_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], total: dict[str, Any], leaf_depth: int,
    signature: Sequence[str],
) -> bytes:  # fmt: skip
    """The RFK form: one row per tree node (bold above the leaf level) and the JUMLAH row."""
    body = [*rows, {**total, "kode": "", "uraian": "JUMLAH", "depth": 0}]
    bold = [row["depth"] < leaf_depth for row in rows] + [True]
    form = Form(
        sheet="RFK",
        title=title,
        columns=RFK_COLUMNS,
        rows=body,
        bold=bold,
        indent_key="depth",
        signature=signature,
    )
    return workbook_bytes([form])


def lra_workbook(*, title: Sequence[str], rows: Sequence[dict[str, Any]], signature: Sequence[str]) -> bytes:
    columns = (
        Column("kode", "Kode Rekening", width=14),
        Column("uraian", "Uraian", width=52),
        Column("anggaran", "Anggaran (Rp)", "money", 20),
        Column("realisasi", "Realisasi (Rp)", "money", 20),
        Column("persen", "%", "percent", 10),
        Column("realisasi_tahun_lalu", "Realisasi Tahun Lalu (Rp)", "money", 20),
    )
    bold = [row["depth"] <= 1 for row in rows]
    form = Form(
        sheet="LRA",
        title=title,
        columns=columns,
        rows=rows,
        bold=bold,
        indent_key="depth",
        signature=signature,
    )
    return workbook_bytes([form])


def capaian_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], signature: Sequence[str]
) -> bytes:
    columns = (
        Column("jenis", "Jenis", width=10),
        Column("nama", "Indikator", width=52),
        Column("satuan", "Satuan", width=12),
        Column("baseline", "Baseline", "number", 12),
        Column("target", "Target", "number", 12),
        Column("realisasi", "Realisasi", "number", 12),
        Column("capaian", "Capaian", "percent", 10),
        Column("predikat", "Predikat", width=16),
    )
    form = Form(
        sheet="Capaian",
        title=title,
        columns=columns,
        rows=rows,
        bold=[False] * len(rows),
        signature=signature,
    )
    return workbook_bytes([form])


COMPARISON_COLUMNS = (
    Column("perangkat_daerah_kode", "Perangkat Daerah", width=24),
    Column("sub_kegiatan_kode", "Sub Kegiatan", width=20),
    Column("akun_kode", "Kode Rekening", width=20),
    Column("akun_nama", "Uraian", width=44),
    Column("sebelum", "Sebelum (Rp)", "money", 20),
    Column("sesudah", "Sesudah (Rp)", "money", 20),
    Column("selisih", "Bertambah / (Berkurang) (Rp)", "money", 20),
    Column("status", "Status", width=12),
)


def comparison_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], totals: dict[str, Any], signature: Sequence[str]
) -> bytes:
    """The stage comparison form: one row per sub kegiatan × akun (or line) and the JUMLAH row."""
    body = [*rows, {**totals, "akun_nama": "JUMLAH"}]
    form = Form(
        sheet="Perbandingan",
        title=title,
        columns=COMPARISON_COLUMNS,
        rows=body,
        bold=[False] * len(rows) + [True],
        signature=signature,
        freeze_columns=3,
    )
    return workbook_bytes([form])


MONEY_KEYS = frozenset(
    {"jumlah", "anggaran_kas", "selisih", "realisasi", "plafon_jumlah", "terpakai", "pendapatan", "belanja",
     "surplus_defisit", "pembiayaan_netto", "silpa"}
)  # fmt: skip


def reconciliation_workbook(*, title: Sequence[str], checks: Sequence[dict[str, Any]]) -> bytes:
    """A summary sheet (one row per check: status and count) and one sheet per check with its offending rows."""
    summary = Form(
        sheet="Ringkasan",
        title=title,
        columns=(
            Column("nomor", "No", "number", 6),
            Column("nama", "Pemeriksaan", width=60),
            Column("status", "Status", width=14),
            Column("jumlah", "Baris bermasalah", "number", 16),
        ),
        rows=checks,
        bold=[check["status"] != "ok" for check in checks],
        freeze_columns=1,
    )
    forms = [summary]
    for check in checks:
        keys = list(check["rows"][0]) if check["rows"] else ["keterangan"]
        rows = check["rows"] or [{"keterangan": "Tidak ada baris bermasalah."}]
        columns = [
            Column(key, key.replace("_", " "), "money" if key in MONEY_KEYS else "text", 18) for key in keys
        ]
        forms.append(
            Form(
                sheet=f"{check['nomor']} {check['kode']}",
                title=[*title[:1], f"{check['nomor']}. {check['nama']}"],
                columns=columns,
                rows=rows,
                bold=[False] * len(rows),
                freeze_columns=1,
            )
        )
    return workbook_bytes(forms)


ANOMALY_COLUMNS = (
    Column("peringkat", "No", "number", 6),
    Column("perangkat_daerah_kode", "Kode", "text", 22, "Perangkat Daerah"),
    Column("sub_kegiatan_kode", "Kode", "text", 20, "Sub Kegiatan"),
    Column("sub_kegiatan", "Uraian", "text", 36, "Sub Kegiatan"),
    Column("akun_kode", "Kode Rekening", "text", 18),
    Column("komponen", "Komponen", "text", 36),
    Column("volume", "Volume", "number", 12),
    Column("satuan", "Satuan", "text", 10),
    Column("harga_satuan", "Harga Satuan", "money", 16),
    Column("harga_standar", "Harga Standar", "money", 16),
    Column("jumlah", "Jumlah", "money", 18),
    Column("skor", "Skor", "number", 8),
    Column("alasan", "Alasan", "text", 60),
    Column("tahap_muncul", "Muncul pada", "text", 14),
)


def anomaly_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The anomaly rows as the workbook and CSV print them: ranked, reasons joined, the stage by name."""
    return [
        {
            **row,
            "peringkat": number,
            "alasan": "; ".join(rule["alasan"] for rule in row["aturan"]),
            "tahap_muncul": str(row["tahap_muncul"] or ""),
        }
        for number, row in enumerate(rows, start=1)
    ]


def anomaly_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], signature: Sequence[str]
) -> bytes:
    """The anomaly list: one row per flagged line, highest score first."""
    printed = anomaly_rows(rows)
    form = Form(
        sheet="Anomali",
        title=title,
        columns=ANOMALY_COLUMNS,
        rows=printed,
        bold=[False] * len(printed),
        signature=signature,
        freeze_columns=3,
    )
    return workbook_bytes([form])


# ---------------------------------------------------------------- the Evaluasi hasil RKPD form (P86)

EVALUASI_GROUPS = (
    (6, "Target Kinerja dan Anggaran RPJMD/Renstra pada Akhir Periode"),
    (7, "Realisasi Capaian Kinerja dan Anggaran s.d. Tahun Lalu"),
    (8, "Target Kinerja dan Anggaran RKPD Tahun Berjalan"),
    (9, "Realisasi Kinerja dan Anggaran Triwulan I"),
    (10, "Realisasi Kinerja dan Anggaran Triwulan II"),
    (11, "Realisasi Kinerja dan Anggaran Triwulan III"),
    (12, "Realisasi Kinerja dan Anggaran Triwulan IV"),
    (13, "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi"),
    (14, "Realisasi Kinerja dan Anggaran s.d. Triwulan Ini"),
    (15, "Tingkat Capaian Kinerja dan Realisasi Anggaran (%)"),
)
# the Renja form (Permendagri 86/2017): the same numbers against the Renstra, the responsible unit and a remark
EVALUASI_RENJA_GROUPS = (
    (6, "Target Kinerja dan Anggaran Renstra Perangkat Daerah pada Akhir Periode Renstra"),
    (7, "Realisasi Capaian Kinerja dan Anggaran Renstra s.d. Renja Tahun Lalu"),
    (8, "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan yang Dievaluasi"),
    *EVALUASI_GROUPS[3:7],
    (13, "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"),
    (14, "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s.d. Tahun Berjalan"),
    (15, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah (%)"),
)


def _evaluasi_columns(groups: Sequence[tuple[int, str]], *tail: Column) -> tuple[Column, ...]:
    return (
        Column("nomor", "No", width=8, number=1),
        Column("sasaran", "Sasaran", width=28, number=2),
        Column("kode", "Kode", width=20, number=3),
        Column("uraian", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", width=40, number=4),
        Column("indikator", "Indikator Kinerja Program (outcome)/Kegiatan (output)", width=36, number=5),
        *(
            column
            for number, group in groups
            for column in (
                Column(f"k_{number}", "K", "percent" if number == 15 else "number", 10, group, number),
                Column(f"rp_{number}", "Rp", "percent" if number == 15 else "money", 16, group, number),
            )
        ),
        *tail,
    )


EVALUASI_COLUMNS = _evaluasi_columns(
    EVALUASI_GROUPS, Column("perangkat_daerah", "Perangkat Daerah Penanggung Jawab", width=28, number=16)
)
EVALUASI_RENJA_COLUMNS = _evaluasi_columns(
    EVALUASI_RENJA_GROUPS,
    Column("perangkat_daerah", "Unit Perangkat Daerah Penanggung Jawab", width=28, number=16),
    Column("keterangan", "Keterangan", width=20, number=17),
)
EVALUASI_TEXTS = (
    ("faktor_pendorong", "Faktor pendorong keberhasilan pencapaian"),
    ("faktor_penghambat", "Faktor penghambat pencapaian kinerja"),
    ("tindak_lanjut", "Tindak lanjut yang diperlukan dalam triwulan berikutnya / RKPD berikutnya"),
)
EVALUASI_RENJA_TEXTS = (
    *EVALUASI_TEXTS[:2],
    ("tindak_lanjut", "Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
    ("tindak_lanjut", "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya"),
)


def _evaluasi_rp(source: dict[str, Any]) -> dict[str, Any]:
    triwulan = source["triwulan_rp"]
    return {
        "rp_6": source["target_rp"], "rp_7": source["realisasi_lalu_rp"], "rp_8": source["pagu_rp"],
        **{f"rp_{9 + q}": triwulan[q] for q in range(4)},
        "rp_13": source["realisasi_rp"], "rp_14": source["realisasi_akhir_rp"], "rp_15": source["capaian_rp"],
    }  # fmt: skip


def _evaluasi_k(indikator: dict[str, Any]) -> dict[str, Any]:
    triwulan = indikator["triwulan"]
    satuan = f" ({indikator['satuan']})" if indikator["satuan"] else ""
    return {
        "indikator": f"{indikator['nama']}{satuan}",
        "k_6": indikator["target_akhir"], "k_7": indikator["realisasi_lalu"], "k_8": indikator["target"],
        **{f"k_{9 + q}": triwulan[q] for q in range(4)},
        "k_13": indikator["realisasi"], "k_14": indikator["realisasi_akhir"], "k_15": indikator["capaian"],
    }  # fmt: skip


def evaluasi_rows(rows: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[bool]]:
    """The report rows as the form prints them: a node's first line carries its number, sasaran, code, name,
    OPD and Rp with its first indicator's K; each further indicator a line of its own (K only). Also which
    lines are bold (the program rows)."""
    printed: list[dict[str, Any]] = []
    bold: list[bool] = []
    for row in rows:
        first = {
            "nomor": row["nomor"],
            "sasaran": row["sasaran"],
            "kode": row["kode"],
            "uraian": row["uraian"],
            "depth": row["depth"],
            "perangkat_daerah": row["perangkat_daerah_nama"],
            **_evaluasi_rp(row),
        }
        indicators = row["indikator"] or [None]
        for position, indikator in enumerate(indicators):
            line = first if position == 0 else {"depth": row["depth"]}
            if indikator is not None:
                line = {**line, **_evaluasi_k(indikator)}
            printed.append(line)
            bold.append(row["level"] == "program")
    return printed, bold


def evaluasi_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], total: dict[str, Any], footer: dict[str, Any],
    signature: Sequence[str],
) -> bytes:  # fmt: skip
    """The Evaluasi hasil RKPD form: the numbered K / Rp header, one line per indicator (bold program rows), the
    JUMLAH row, the average achievement and its predikat, blank rows for the evaluator's texts, the signature."""
    form = evaluasi_form(
        sheet="Evaluasi RKPD", title=title, rows=rows, total=total, footer=footer, signature=signature,
        columns=EVALUASI_COLUMNS, texts=EVALUASI_TEXTS,
    )  # fmt: skip
    return workbook_bytes([form])


def evaluasi_form(
    *, sheet: str, title: Sequence[str], rows: Sequence[dict[str, Any]], total: dict[str, Any],
    footer: dict[str, Any], signature: Sequence[str], columns: Sequence[Column],
    texts: Sequence[tuple[str, str]],
) -> Form:  # fmt: skip
    """One sheet of an Evaluasi form (RKPD or Renja): the rows as `evaluasi_rows` prints them, then JUMLAH, the
    averages, the predikat and the evaluator's texts."""
    printed, bold = evaluasi_rows(rows)
    tail: list[dict[str, Any]] = [
        {"uraian": "JUMLAH", **_evaluasi_rp(total)},
        {
            "uraian": "Rata-rata capaian kinerja (%)",
            "k_15": footer["rata_rata_capaian_kinerja"],
            "rp_15": footer["rata_rata_capaian_anggaran"],
        },
        {
            "uraian": "Predikat kinerja",
            "k_15": None,
            "indikator": f"Kinerja: {footer['predikat_kinerja'] or '-'}; "
            f"anggaran: {footer['predikat_anggaran'] or '-'}",
        },
        *({"uraian": label, "indikator": footer[key] or ""} for key, label in texts),
    ]
    return Form(
        sheet=sheet,
        title=title,
        columns=columns,
        rows=[*printed, *tail],
        bold=[*bold, True, True, True, *(False for _ in texts)],
        indent_key="depth",
        signature=signature,
        freeze_columns=5,
    )


@dataclass(frozen=True)
class EvaluasiSheet:
    """One OPD's Evaluasi Renja: its sheet name, title lines, rows, JUMLAH, footer and signature."""

    sheet: str
    title: Sequence[str]
    rows: Sequence[dict[str, Any]]
    total: dict[str, Any]
    footer: dict[str, Any]
    signature: Sequence[str]


def evaluasi_renja_workbook(sheets: Sequence[EvaluasiSheet]) -> bytes:
    """The Evaluasi hasil Renja form (columns 1–17), one sheet per OPD."""
    forms = [
        evaluasi_form(
            sheet=part.sheet,
            title=part.title,
            rows=part.rows,
            total=part.total,
            footer=part.footer,
            signature=part.signature,
            columns=EVALUASI_RENJA_COLUMNS,
            texts=EVALUASI_RENJA_TEXTS,
        )
        for part in sheets
    ]
    return workbook_bytes(forms)


# ---------------------------------------------------------------- rincian belanja (RKA / DPA / DPPA)

_RINCIAN = "Rincian Perhitungan"
RINCIAN_COLUMNS = (
    Column("kode", "Kode Rekening", width=20),
    Column("uraian", "Uraian", width=48),
    Column("koefisien", "Koefisien", "text", 24, _RINCIAN),
    Column("satuan", "Satuan", "text", 12, _RINCIAN),
    Column("harga_satuan", "Harga", "money", 16, _RINCIAN),
    Column("ppn", "PPN", "percent", 8, _RINCIAN),
    Column("jumlah", "Jumlah (Rp)", "money", 18),
)
_SEBELUM, _SESUDAH = "Sebelum Perubahan", "Setelah Perubahan"
RINCIAN_PERUBAHAN_COLUMNS = (
    Column("kode", "Kode Rekening", width=20),
    Column("uraian", "Uraian", width=44),
    Column("koefisien_sebelum", "Koefisien", "text", 20, _SEBELUM),
    Column("satuan_sebelum", "Satuan", "text", 10, _SEBELUM),
    Column("harga_satuan_sebelum", "Harga", "money", 15, _SEBELUM),
    Column("ppn_sebelum", "PPN", "percent", 7, _SEBELUM),
    Column("jumlah_sebelum", "Jumlah (Rp)", "money", 17, _SEBELUM),
    Column("koefisien", "Koefisien", "text", 20, _SESUDAH),
    Column("satuan", "Satuan", "text", 10, _SESUDAH),
    Column("harga_satuan", "Harga", "money", 15, _SESUDAH),
    Column("ppn", "PPN", "percent", 7, _SESUDAH),
    Column("jumlah", "Jumlah (Rp)", "money", 17, _SESUDAH),
    Column("selisih", "Bertambah / (Berkurang) (Rp)", "money", 18),
)
INDIKATOR_COLUMNS = (
    Column("indikator", "Indikator", width=20),
    Column("tolok_ukur", "Tolok Ukur Kinerja", width=48),
    Column("target_uraian", "Target Kinerja", width=24),
)
KAS_BULAN_COLUMNS = (Column("nama", "Bulan", width=20), Column("jumlah", "Jumlah (Rp)", "money", 48))
INDIKATOR_LABELS = {
    "capaian_program": "Capaian Program", "masukan": "Masukan", "keluaran": "Keluaran", "hasil": "Hasil",
}  # fmt: skip


def _rupiah_text(value: Any) -> str:
    if value is None:
        return "-"
    whole, _, sen = f"{Decimal(value):,.2f}".partition(".")
    return f"Rp {whole.replace(',', '.')},{sen}"


def rincian_workbook(
    *, title: Sequence[str], report: dict[str, Any], tahun: int, signature: Sequence[str]
) -> bytes:
    """The rincian belanja form of one sub kegiatan: the header block, the indicator block, the sub kegiatan
    block, the lines with their akun / kelompok / keterangan subtotals (bold) and JUMLAH; a DPA adds the
    rencana penarikan dana per month below, a DPPA prints sebelum / sesudah / bertambah (berkurang).

    `report` is the JSON body of the rincian (money as Decimal)."""
    sub = report["sub_kegiatan"]
    perubahan = report["sebelum"] is not None
    header = [
        ("Urusan Pemerintahan", f"{sub['urusan']['kode']} {sub['urusan']['nama']}"),
        ("Bidang Urusan", f"{sub['bidang']['kode']} {sub['bidang']['nama']}"),
        ("Program", f"{sub['program']['kode']} {sub['program']['nama']}"),
        ("Kegiatan", f"{sub['kegiatan']['kode']} {sub['kegiatan']['nama']}"),
        ("Organisasi", f"{sub['organisasi']['kode']} {sub['organisasi']['nama']}"),
        ("Unit", "; ".join(f"{unit['kode']} {unit['nama']}" for unit in sub["unit"])),
        (f"Alokasi {tahun - 1}", _rupiah_text(sub["alokasi_tahun_lalu"])),
        (f"Alokasi {tahun}", _rupiah_text(sub["alokasi_tahun_ini"])),
        (f"Alokasi {tahun + 1}", _rupiah_text(sub["alokasi_tahun_depan"])),
    ]
    indikator = [
        {"indikator": INDIKATOR_LABELS[block] if index == 0 else "", **item}
        for block in INDIKATOR_LABELS
        for index, item in enumerate(report["indikator"][block] or [{"tolok_ukur": "-", "target_uraian": ""}])
    ]
    keluaran = "; ".join(f"{item['tolok_ukur']} ({item['target_uraian']})" for item in sub["keluaran"]) or "-"
    block = Info(
        [
            ("Sub Kegiatan", f"{sub['sub_kegiatan']['kode']} {sub['sub_kegiatan']['nama']}"),
            ("Sumber Pendanaan", "; ".join(sub["sumber_dana"]) or "-"),
            ("Lokasi", sub["lokasi"] or "-"),
            ("Waktu Pelaksanaan", sub["waktu_pelaksanaan"] or "-"),
            ("Keluaran Sub Kegiatan", keluaran),
        ]
    )
    rows = report["rows"]
    total = {**report["total"], "kode": "", "uraian": "JUMLAH"}
    after: list[Table] = []
    kas = report["anggaran_kas"]
    if kas is not None:
        after.append(
            Table(
                heading="Rencana Penarikan Dana per Bulan",
                columns=KAS_BULAN_COLUMNS,
                rows=[*kas["bulan"], {"nama": "Jumlah", "jumlah": kas["jumlah"]}],
                bold=[False] * len(kas["bulan"]) + [True],
            )
        )
    form = Form(
        sheet=report["dokumen"],
        title=title,
        columns=RINCIAN_PERUBAHAN_COLUMNS if perubahan else RINCIAN_COLUMNS,
        rows=[*rows, total],
        bold=[row["level"] != "line" for row in rows] + [True],
        indent_key="depth",
        signature=signature,
        info=header,
        before=[Table("Indikator dan Tolok Ukur Kinerja", INDIKATOR_COLUMNS, indikator), block],
        after=after,
        freeze_rows=False,
    )
    return workbook_bytes([form])


# ---------------------------------------------------------------- anggaran kas

BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ANGGARAN_KAS_COLUMNS = (
    Column("kode", "Kode", width=22),
    Column("uraian", "Uraian", width=44),
    Column("pagu", "Anggaran DPA (Rp)", "money", 18),
    *(
        Column(f"bulan_{month}", name, "money", 15, "Anggaran Kas per Bulan (Rp)")
        for month, name in enumerate(BULAN_SINGKAT, start=1)
    ),
    Column("jumlah", "Jumlah Anggaran Kas (Rp)", "money", 18),
    Column("selisih", "Selisih DPA − Anggaran Kas (Rp)", "money", 18),
    Column("status", "Status", width=14),
)


def anggaran_kas_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Anggaran kas rows as the workbook and CSV print them: the months as `bulan_1`…`bulan_12`, the flag as text."""
    return [
        {
            **row,
            **{f"bulan_{month}": amount for month, amount in enumerate(row["anggaran_kas"], start=1)},
            "status": "Seimbang" if row["seimbang"] else "Tidak seimbang",
        }
        for row in rows
    ]


ANGGARAN_KAS_CSV_COLUMNS = (
    Column("perangkat_daerah_kode", "perangkat_daerah_kode"),
    Column("sub_kegiatan_kode", "sub_kegiatan_kode"),
    Column("akun_kode", "akun_kode"),
    Column("uraian", "uraian"),
    Column("pagu", "pagu", "money"),
    *(Column(f"bulan_{month}", f"bulan_{month}", "money") for month in range(1, 13)),
    Column("jumlah", "jumlah", "money"),
    Column("selisih", "selisih", "money"),
    Column("seimbang", "seimbang", "number"),
)


def anggaran_kas_workbook(
    *, title: Sequence[str], rows: Sequence[dict[str, Any]], total: dict[str, Any], signature: Sequence[str]
) -> bytes:
    """The anggaran kas form: OPD and sub kegiatan subtotal rows (bold) over the akun rows, and JUMLAH."""
    body = [*anggaran_kas_rows(rows), *anggaran_kas_rows([{**total, "kode": "", "uraian": "JUMLAH"}])]
    form = Form(
        sheet="Anggaran Kas",
        title=title,
        columns=ANGGARAN_KAS_COLUMNS,
        rows=body,
        bold=[row["level"] != "akun" for row in rows] + [True],
        indent_key="depth",
        signature=signature,
    )
    return workbook_bytes([form])
