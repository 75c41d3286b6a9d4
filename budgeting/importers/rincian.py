"""Load the rincian belanja of one sub kegiatan of a stage from the sheet of an RKA / DPA as pemda keep it.

The sheet (`KODE AKUN, URAIAN, JENIS KELOMPOK, KELOMPOK, JENIS KOMPONEN, NAMA KOMPONEN, HARGA SAT. KOMPONEN,
SATUAN KOMPONEN, SATUAN, VOLUME, JUMLAH, KODE SUMBER DANA, KETERANGAN`) interleaves three kinds of rows:

- akun headings (a code, its uraian, no komponen): every level is checked against the akun list in force; a level-6
  heading is the akun of the komponen rows under it, and a new heading ends the kelompok above it;
- kelompok headings (`JENIS KELOMPOK` `[#]` / kelompok, or `[-]` / keterangan, the text in `KELOMPOK`): the kelompok
  (stored as `[#] text`, as SIPD prints it) or keterangan of the komponen rows under them;
- komponen rows (a `NAMA KOMPONEN`): one budget line each, written by `budget_line_create`, so the stage lock, the
  Renja rule, the plafon, the price ceiling and the allowed akun of a linked standar harga apply row by row exactly
  as when the line is typed in the grid. A komponen is linked to the pemda's SSH / SBU / HSPK / ASB item of the
  year when `JENIS KOMPONEN` and the name match one item.

`JUMLAH`, when the file carries it, must equal volume × harga (+ PPN) as Pagu computes it, within the rounding of
a spreadsheet (less than Rp 1); a blank `JUMLAH` is computed. All or nothing: every bad row is reported with its
row number, column and reason, and nothing is written.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from budgeting.importers.common import RowCells, money_error
from budgeting.models import Anggaran, BudgetLine, StandarHarga, StandarHargaJenis
from budgeting.services import (
    _opd_id,
    budget_line_create,
    budget_line_delete,
    check_not_execution_stage,
    check_stage_writable,
    validate_sub_kegiatan,
)
from config.tabular import (
    Header,
    ImportRejected,
    Problems,
    RowWarning,
    alias_lookup,
    blank,
    locate_header,
    parse_number,
    read_sheets,
    rejected,
)
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from reference.codes import account_level, instantiate, normalize_code
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from reference.selectors import reference_version_in_force

RINCIAN_COLUMNS = {
    "kode_akun": {"kode_akun", "kode_rekening", "kd_rekening", "kode_rek", "rekening", "akun"},
    "uraian": {"uraian", "uraian_akun", "nama_akun", "nama_rekening", "uraian_rekening"},
    "jenis_kelompok": {"jenis_kelompok", "jenis_kel", "tipe_kelompok"},
    "kelompok": {"kelompok", "nama_kelompok", "uraian_kelompok", "pengelompokan"},
    "jenis_komponen": {"jenis_komponen", "jenis_standar_harga", "jenis_ssh", "tipe_komponen"},
    "nama_komponen": {"nama_komponen", "komponen", "uraian_komponen", "nama_standar_harga", "rincian"},
    "harga_satuan": {
        "harga_sat_komponen",
        "harga_satuan_komponen",
        "harga_satuan",
        "harga_sat",
        "harga",
        "harga_komponen",
    },
    "satuan_komponen": {"satuan_komponen", "satuan_standar_harga"},
    "satuan": {"satuan", "satuan_volume", "satuan_koefisien"},
    "volume": {"volume", "vol", "koefisien", "volume_koefisien"},
    "jumlah": {"jumlah", "total", "nilai", "jumlah_rp", "pagu"},
    "kode_sumber_dana": {"kode_sumber_dana", "kd_sumber_dana", "kode_dana", "sumber_dana"},
    "keterangan": {"keterangan", "ket", "catatan"},
}
RINCIAN_KEY = ("nama_komponen",)  # the header row is the one naming at least the komponen column
RINCIAN_REQUIRED = ("kode_akun", "nama_komponen", "harga_satuan", "volume")

# How a line field refused by the line service is reported: under the column of the file that holds it.
FIELD_COLUMN = {
    "akun": "kode_akun",
    "komponen": "nama_komponen",
    "standar_harga": "nama_komponen",
    "harga_satuan": "harga_satuan",
    "volume_1": "volume",
    "satuan_1": "satuan",
    "sumber_dana": "kode_sumber_dana",
    "kelompok": "kelompok",
    "keterangan": "keterangan",
    "jumlah": "jumlah",
}
TOLERANCE = Decimal(1)  # a JUMLAH within less than Rp 1 of Pagu's is the spreadsheet's rounding
KELOMPOK_MARK = re.compile(r"^\s*\[\s*([#-])\s*\]\s*")
KELOMPOK_WORDS = {"#": "kelompok", "kelompok": "kelompok", "paket": "kelompok", "-": "keterangan"}
KELOMPOK_WORDS |= {"keterangan": "keterangan", "sub_kelompok": "keterangan", "subkelompok": "keterangan"}


class ImportMode:
    REPLACE = "replace"
    APPEND = "append"
    CHOICES = ((REPLACE, "Ganti rincian sub kegiatan"), (APPEND, "Tambahkan ke rincian yang ada"))


@dataclass
class RincianImportResult:
    mode: str
    created: int
    removed: int
    total: Decimal
    linked: int = 0  # lines linked to a standar harga item
    flagged: int = 0  # lines over a warn-mode plafon or outside the Renja
    warnings: list[RowWarning] = field(default_factory=list)


@dataclass
class _Context:
    """What the rows above a komponen row set for it."""

    akun: Akun | None = None
    akun_row: int | None = None
    kelompok: str = ""
    keterangan: str = ""
    sumber_dana: SumberDana | None = None


@dataclass(frozen=True)
class _References:
    akun: dict[str, Akun]  # kode -> akun of the version in force (every level)
    sumber_dana: dict[str, SumberDana]
    items: dict[tuple[str, str], list[StandarHarga]]  # (jenis, name lower-cased) -> items


def rincian_import(
    *,
    user: User,
    anggaran: Anggaran,
    perangkat_daerah: PerangkatDaerah,
    sub_kegiatan: Nomenklatur,
    file: str | Path | BinaryIO,
    filename: str,
    mode: str = ImportMode.REPLACE,
) -> RincianImportResult:
    """The lines of one sub kegiatan of `anggaran` for `perangkat_daerah` from a rincian sheet.

    `mode` `replace` (the default: the sheet is the sub kegiatan's rincian as it stands) removes the sub
    kegiatan's lines of this OPD on the stage first, each through `budget_line_delete`; `append` adds the sheet's
    lines to them. Raises `ImportRejected` with every bad row, 403 / 409 as the line service does.
    """
    if mode not in (ImportMode.REPLACE, ImportMode.APPEND):
        raise rejected(f"Mode impor '{mode}' tidak dikenal (replace atau append).", column="mode")
    opd_id = _opd_id(perangkat_daerah)
    check_access(user=user, resource="budget-line", letter="w", pemda_id=anggaran.pemda_id, opd_ids=[opd_id])
    if perangkat_daerah.pemda_id != anggaran.pemda_id:
        raise rejected("Perangkat daerah bukan milik pemda dokumen ini.", column="perangkat_daerah")
    check_stage_writable(anggaran=anggaran, opd_id=opd_id)
    check_not_execution_stage(anggaran=anggaran)
    validate_sub_kegiatan(sub_kegiatan, pemda=anggaran.pemda, tahun=anggaran.tahun)
    problems = Problems()
    table = locate_header(
        read_sheets(file, filename, first_only=True),
        alias_lookup(RINCIAN_COLUMNS),
        key=RINCIAN_KEY,
        required=RINCIAN_REQUIRED,
        problems=problems,
    )
    if table is None:
        raise ImportRejected(problems.errors)
    refs = _references(anggaran)
    sub_kode = instantiate(sub_kegiatan.kode, (perangkat_daerah.induk or perangkat_daerah).kode)
    with transaction.atomic():
        removed = (
            _remove_lines(user, anggaran, perangkat_daerah, sub_kode, problems) if mode == "replace" else 0
        )
        lines = _write_rows(
            table, refs, problems, user=user, anggaran=anggaran, opd=perangkat_daerah, sub=sub_kegiatan
        )
        problems.raise_if_errors()  # leaving the block with it rolls back every row written
        if not lines:
            raise rejected("Berkas tidak memuat baris komponen.")
    return RincianImportResult(
        mode=mode,
        created=len(lines),
        removed=removed,
        total=sum((line.jumlah for line in lines), Decimal(0)),
        linked=sum(1 for line in lines if line.standar_harga_id),
        flagged=sum(1 for line in lines if line.melebihi_plafon or line.di_luar_renja),
        warnings=problems.warnings,
    )


def _references(anggaran: Anggaran) -> _References:
    """The akun and sumber dana lists in force for the stage's year and the pemda's catalogue of the year."""

    def in_force(model: type[Akun] | type[SumberDana], kind: str) -> dict[str, Any]:
        version = reference_version_in_force(kind=kind, tahun=anggaran.tahun)
        if version is None:
            return {}
        return {row.kode: row for row in model.objects.filter(version=version).select_related("version")}

    items: dict[tuple[str, str], list[StandarHarga]] = {}
    for item in StandarHarga.objects.filter(pemda_id=anggaran.pemda_id, tahun=anggaran.tahun):
        names = {_name(item.uraian), _name(f"{item.uraian} {item.spesifikasi}")}
        for name in names:
            items.setdefault((item.jenis, name), []).append(item)
    return _References(
        akun=in_force(Akun, ReferenceKind.AKUN),
        sumber_dana=in_force(SumberDana, ReferenceKind.SUMBER_DANA),
        items=items,
    )


def _name(text: str) -> str:
    return " ".join(text.split()).lower()


def _remove_lines(
    user: User, anggaran: Anggaran, opd: PerangkatDaerah, sub_kode: str, problems: Problems
) -> int:
    """Remove the sub kegiatan's lines of the OPD (through the line service: a realized line stays, as an error)."""
    removed = 0
    for line in BudgetLine.objects.filter(
        anggaran=anggaran, perangkat_daerah=opd, sub_kegiatan_kode=sub_kode
    ).select_related("anggaran", "perangkat_daerah"):
        try:
            with transaction.atomic():
                budget_line_delete(user=user, instance=line)
            removed += 1
        except ValidationError as error:
            problems.error(
                None, "", f"Rincian '{line.komponen}' tidak dapat diganti: {'; '.join(error.messages)}"
            )
    return removed


def _write_rows(
    table: Header,
    refs: _References,
    problems: Problems,
    *,
    user: User,
    anggaran: Anggaran,
    opd: PerangkatDaerah,
    sub: Nomenklatur,
) -> list[BudgetLine]:
    """Every komponen row written as a line (each in its own savepoint: a refused row leaves nothing behind)."""
    context = _Context()
    lines: list[BudgetLine] = []
    for number, values in table.rows:
        row = RowCells(table, number, values, problems)
        if not row.text("nama_komponen"):
            _heading(row, values, table, refs, context, tahun=anggaran.tahun)
            continue
        fields = _line_fields(row, refs, context, tahun=anggaran.tahun)
        if fields is None:
            continue
        expected = _jumlah_of(row)
        try:
            with transaction.atomic():
                line = budget_line_create(
                    user=user, anggaran=anggaran, perangkat_daerah=opd, sub_kegiatan=sub, **fields
                )
                if expected is not None and abs(expected - line.jumlah) >= TOLERANCE:
                    raise _Mismatch(line.jumlah)
        except ValidationError as error:
            _service_errors(row, error)
            continue
        except _Mismatch as mismatch:
            row.error(
                "jumlah",
                f"Jumlah {_rupiah(expected)} tidak sama dengan volume × harga satuan = {_rupiah(mismatch.jumlah)}.",
            )
            continue
        lines.append(line)
    return lines


def _rupiah(amount: Decimal | None) -> str:
    """`Rp 1.234.567,89`, as a person reads an amount in Indonesian."""
    text = f"{amount or 0:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"Rp {text}"


class _Mismatch(Exception):
    def __init__(self, jumlah: Decimal) -> None:
        super().__init__(jumlah)
        self.jumlah = jumlah


def _heading(
    row: RowCells, values: list[object], table: Header, refs: _References, context: _Context, *, tahun: int
) -> None:
    """An akun or kelompok heading row: checked, and remembered for the komponen rows under it."""
    raw_kode = row.value("kode_akun")
    if raw_kode is not None:
        kode = normalize_code(raw_kode, "akun")
        akun = refs.akun.get(kode)
        if akun is None or account_level(kode) is None:
            row.error("kode_akun", f"Akun {kode} tidak ada di daftar akun yang berlaku untuk {tahun}.")
            context.akun, context.akun_row = None, row.number
        elif akun.level == 6:
            context.akun, context.akun_row = akun, row.number
        context.kelompok = context.keterangan = ""
    dana = _sumber_dana(row, refs, tahun=tahun)
    if dana is not None:
        context.sumber_dana = dana
    kind, text = _kelompok_of(values, table)
    if kind == "kelompok":  # stored with its SIPD mark, as the demo and the grid show a kelompok
        context.kelompok, context.keterangan = f"[#] {text}"[:255], ""
    elif kind == "keterangan":
        context.keterangan = text[:255]


def _kelompok_of(values: list[object], table: Header) -> tuple[str, str]:
    """(`kelompok` / `keterangan` / "", its text) of a heading row: `JENIS KELOMPOK` names the kind (`[#]`, `#`,
    `Kelompok` or `[-]`, `-`, `Keterangan`), or a `[#]` / `[-]` mark opens the text in `KELOMPOK`."""
    text = table.text(values, "kelompok")
    index = table.index("jenis_kelompok")
    raw = values[index] if index is not None and index < len(values) else None  # a lone "-" is a kind here
    jenis = str(raw or "").strip()
    mark = KELOMPOK_MARK.match(text)
    if mark:
        text = text[mark.end() :].strip()
        jenis = jenis or mark.group(1)
    if not text:
        return "", ""
    kind = KELOMPOK_WORDS.get(jenis.strip("[] ").lower().replace(" ", "_"), "") if jenis else "kelompok"
    return kind or "kelompok", text


def _sumber_dana(row: RowCells, refs: _References, *, tahun: int) -> SumberDana | None:
    kode = row.official_code("kode_sumber_dana", "sumber_dana")
    if not kode:
        return None
    dana = refs.sumber_dana.get(kode)
    if dana is None:
        row.error(
            "kode_sumber_dana", f"Sumber dana {kode} tidak ada di klasifikasi yang berlaku untuk {tahun}."
        )
    return dana


def _line_fields(row: RowCells, refs: _References, context: _Context, *, tahun: int) -> dict[str, Any] | None:
    """The line a komponen row asks for, or None when a cell cannot be read (each error reported)."""
    before = len(row.problems.errors)
    akun = context.akun
    if row.value("kode_akun") is not None:
        kode = row.official_code("kode_akun", "akun")
        akun = refs.akun.get(kode)
        if akun is None or akun.level != 6:
            row.error("kode_akun", f"Akun {kode} bukan akun level 6 yang berlaku untuk {tahun}.")
    elif akun is None and context.akun_row is None:
        row.error(
            "kode_akun", "Komponen tanpa akun: isi KODE AKUN atau letakkan di bawah baris akun level 6."
        )
    dana = (
        _sumber_dana(row, refs, tahun=tahun)
        if row.value("kode_sumber_dana") is not None
        else context.sumber_dana
    )
    harga = _amount(row, "harga_satuan", required=True)
    volume = _volume(row)
    satuan = row.text("satuan") or row.text("satuan_komponen")
    if not satuan:
        row.error("satuan", "Satuan kosong.")
    komponen = row.text("nama_komponen")
    item = _item(row, refs, komponen, satuan)
    keterangan = row.text("keterangan") or context.keterangan
    if len(row.problems.errors) > before or akun is None or harga is None or volume is None:
        return None
    return {
        "akun": akun,
        "sumber_dana": dana,
        "kelompok": (row.text("kelompok") or context.kelompok)[:255],
        "keterangan": keterangan[:255],
        "komponen": komponen,
        "standar_harga": item,
        "volume_1": volume,
        "satuan_1": satuan[:50],
        "harga_satuan": harga,
    }


def _amount(row: RowCells, key: str, *, required: bool) -> Decimal | None:
    raw = row.value(key)
    if raw is None:
        if required:
            row.error(key, "Kosong.")
        return None
    amount, reason = money_error(raw)
    if amount is None:
        row.error(key, reason)
    return amount


def _volume(row: RowCells) -> Decimal | None:
    raw = row.value("volume")
    if raw is None:
        row.error("volume", "Volume kosong.")
        return None
    try:
        volume = parse_number(raw)
    except ValueError:
        row.error("volume", f"'{raw}' bukan angka.")
        return None
    if volume < 0 or volume != volume.quantize(Decimal("0.0001")) or volume >= Decimal(10) ** 14:
        row.error("volume", f"Volume {raw} tidak sah (tidak negatif, paling banyak empat angka desimal).")
        return None
    return volume


def _jumlah_of(row: RowCells) -> Decimal | None:
    """The file's JUMLAH, None when blank (computed by Pagu) or unreadable (reported)."""
    return _amount(row, "jumlah", required=False) if not blank(row.value("jumlah")) else None


def _item(row: RowCells, refs: _References, komponen: str, satuan: str) -> StandarHarga | None:
    """The catalogue item the komponen names (`JENIS KOMPONEN` and the name; the satuan when names repeat)."""
    jenis = row.text("jenis_komponen").upper()
    if not jenis:
        return None
    if jenis not in StandarHargaJenis.values:
        row.problems.warning(
            row.number,
            row.table.written("jenis_komponen"),
            f"Jenis komponen {jenis} tidak dikenal; tidak ditautkan.",
        )
        return None
    found = refs.items.get((jenis, _name(komponen)), [])
    if len(found) > 1:
        found = [item for item in found if _name(item.satuan) == _name(satuan)] or found
    if len(found) == 1:
        return found[0]
    reason = "tidak ada" if not found else "lebih dari satu"
    row.problems.warning(
        row.number,
        row.table.written("nama_komponen"),
        f"Komponen {jenis} '{komponen}' {reason} di standar harga; disimpan sebagai teks tanpa tautan.",
    )
    return None


def _service_errors(row: RowCells, error: ValidationError) -> None:
    """A refusal of the line service, under the column of the file that holds the refused field."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            key = FIELD_COLUMN.get(name)
            for message in messages:
                if key:
                    row.error(key, message)
                else:
                    row.problems.error(row.number, "", message)
    else:
        for message in error.messages:
            row.problems.error(row.number, "", message)
