"""Bulk entry of Renja/RKPD sub kegiatan rows from .xlsx or .csv (SIPD-like columns), and the matching export.

One row per sub kegiatan. Headers are matched loosely (case, spaces, punctuation and the usual SIPD names);
`[null]` cells are empty. The import is atomic: every bad row is reported (row number, column, reason) and
nothing is written when any row is bad. Rows go through the same services as the API.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from rest_framework.exceptions import APIException

from organisation.models import PerangkatDaerah, User
from planning import services
from planning.codes import generic_of, opd_bidang
from planning.models import (
    Indikator,
    PlanDocument,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Rkpd,
)
from reference.importers import ImportRejected, RowError

__all__ = ["COLUMNS", "ImportRejected", "RowError", "renja_export", "renja_import", "renja_rows"]

COLUMNS = (
    "kode_sub_kegiatan",
    "nama_sub_kegiatan",
    "indikator",
    "target",
    "satuan",
    "lokasi",
    "sumber_dana",
    "pagu",
    "bulan_mulai",
    "bulan_selesai",
    "opd_kode",
)
ALIASES = {
    "kode_sub_kegiatan": (
        "kode_sub_kegiatan",
        "kode_subkegiatan",
        "kd_sub_kegiatan",
        "kode_sub",
        "sub_kegiatan_kode",
    ),
    "nama_sub_kegiatan": ("nama_sub_kegiatan", "nama_subkegiatan", "sub_kegiatan", "uraian_sub_kegiatan"),
    "indikator": ("indikator", "indikator_keluaran", "indikator_sub_kegiatan", "tolok_ukur", "keluaran"),
    "target": ("target", "target_keluaran", "target_kinerja", "volume"),
    "satuan": ("satuan", "satuan_target", "satuan_keluaran"),
    "lokasi": ("lokasi", "kode_lokasi", "kode_wilayah", "lokasi_kode"),
    "sumber_dana": ("sumber_dana", "kode_sumber_dana", "sumberdana", "kode_dana"),
    "pagu": ("pagu", "pagu_indikatif", "anggaran", "nilai", "pagu_rp", "jumlah"),
    "bulan_mulai": ("bulan_mulai", "mulai", "waktu_mulai", "bulan_awal"),
    "bulan_selesai": ("bulan_selesai", "selesai", "waktu_selesai", "bulan_akhir"),
    "opd_kode": ("opd_kode", "kode_opd", "kode_skpd", "kode_unit", "kode_perangkat_daerah", "opd"),
}
# service field → file column, for error messages
FIELD_COLUMN = {
    "nomenklatur": "kode_sub_kegiatan",
    "pagu_indikatif": "pagu",
    "lokasi": "lokasi",
    "sumber_dana": "sumber_dana",
    "bulan_mulai": "bulan_mulai",
    "bulan_selesai": "bulan_selesai",
    "targets": "target",
    "nama": "indikator",
    "satuan": "satuan",
    "sasaran": "kode_sub_kegiatan",
}


def _normalise(header: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")


def _header_map(headers: list[Any]) -> dict[str, int]:
    lookup = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = lookup.get(_normalise(header))
        if column and column not in found:
            found[column] = index
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return "" if text.lower() in ("[null]", "null", "none", "-") else text


def _read(file: str | Path | BinaryIO, filename: str) -> list[list[Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        workbook = load_workbook(file, read_only=True, data_only=True)
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    raw = Path(file).read_bytes() if isinstance(file, str | Path) else file.read()
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _money(text: str) -> Decimal:
    text = text.replace("Rp", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.500.000,00 (Indonesian)
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    else:
        text = text.replace(",", "")
    return Decimal(text)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


class _RowRejected(Exception):
    def __init__(self, column: str, reason: str) -> None:
        self.column, self.reason = column, reason


def _errors_of(exc: Exception, default_column: str) -> list[tuple[str, str]]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [
            (FIELD_COLUMN.get(field, default_column), " ".join(m for e in errors for m in e.messages))
            for field, errors in exc.error_dict.items()
        ]
    if isinstance(exc, ValidationError):
        return [(default_column, " ".join(exc.messages))]
    if isinstance(exc, APIException):
        return [(default_column, str(exc.detail))]
    return [(default_column, str(exc))]


class _Importer:
    def __init__(self, *, user: User, document: PlanDocument) -> None:
        self.user = user
        self.document = document
        self.pemda = document.pemda
        self.tahun = document.tahun
        self.renja_by_opd: dict[int, Renja] = {}
        self.programs: dict[tuple[int, str], RenjaProgram] = {}
        self.kegiatan: dict[tuple[int, str], RenjaKegiatan] = {}
        self.opd_by_kode = {
            opd.kode: opd for opd in PerangkatDaerah.objects.filter(pemda=self.pemda, induk=None)
        }

    def renja_for(self, opd_kode: str) -> Renja:
        if isinstance(self.document, Renja):
            opd = self.document.perangkat_daerah
            if opd_kode and opd_kode != opd.kode:
                raise _RowRejected(
                    "opd_kode", f"Baris untuk OPD {opd_kode}, bukan {opd.kode} pemilik Renja ini."
                )
            return self.document
        if not opd_kode:
            raise _RowRejected("opd_kode", "Kode OPD wajib diisi untuk impor RKPD.")
        opd = self.opd_by_kode.get(opd_kode)
        if opd is None:
            raise _RowRejected("opd_kode", f"OPD {opd_kode} tidak dikenal di pemda ini.")
        if opd.pk not in self.renja_by_opd:
            renja = Renja.objects.filter(perangkat_daerah=opd, tahun=self.tahun, is_current=True).first()
            if renja is None:
                renja = services.document_create(
                    user=self.user, model=Renja, tahun=self.tahun, perangkat_daerah=opd
                )
            services.check_document_access(user=self.user, document=renja)
            services.check_editable(renja)
            self.renja_by_opd[opd.pk] = renja
        return self.renja_by_opd[opd.pk]

    def node_for(self, kode: str, renja: Renja) -> Any:
        if not kode:
            raise _RowRejected("kode_sub_kegiatan", "Kode sub kegiatan wajib diisi.")
        level = self.pemda.level
        node = services.nomenklatur_in_force(kode=kode, tahun=self.tahun, pemda_level=level)
        generic = generic_of(kode)
        if node is None and generic:
            if kode[:4] != opd_bidang(renja.perangkat_daerah.kode):
                raise _RowRejected(
                    "kode_sub_kegiatan",
                    f"Program penunjang {kode} harus memakai bidang OPD ({opd_bidang(renja.perangkat_daerah.kode)}).",
                )
            node = services.nomenklatur_in_force(kode=generic, tahun=self.tahun, pemda_level=level)
        if node is None or node.level != 5:
            raise _RowRejected(
                "kode_sub_kegiatan",
                f"Kode sub kegiatan {kode} tidak dikenal pada nomenklatur tahun {self.tahun}.",
            )
        return node

    def row(self, values: dict[str, str], raw: dict[str, Any]) -> None:
        renja = self.renja_for(values.get("opd_kode", ""))
        node = self.node_for(values.get("kode_sub_kegiatan", ""), renja)
        try:
            raw_pagu = raw.get("pagu")
            if isinstance(raw_pagu, int | float | Decimal) and not isinstance(raw_pagu, bool):
                pagu = Decimal(str(raw_pagu))  # a number cell: no thousands separators to guess
            else:
                pagu = _money(values.get("pagu", "") or "0")
        except InvalidOperation:
            raise _RowRejected("pagu", f"Pagu {values.get('pagu')!r} bukan angka.") from None
        sumber_dana = None
        if values.get("sumber_dana"):
            sumber_dana = services.sumber_dana_in_force(kode=values["sumber_dana"], tahun=self.tahun)
            if sumber_dana is None:
                raise _RowRejected("sumber_dana", f"Sumber dana {values['sumber_dana']} tidak dikenal.")
        months = {}
        for column, default in (("bulan_mulai", 1), ("bulan_selesai", 12)):
            text = values.get(column, "")
            if text and not text.isdigit():
                raise _RowRejected(column, f"Bulan {text!r} bukan angka 1–12.")
            months[column] = int(text) if text else default
        target = None
        if values.get("target"):
            try:
                target = _decimal(values["target"])
            except InvalidOperation:
                raise _RowRejected("target", f"Target {values['target']!r} bukan angka.") from None
        kegiatan_node, program_node = node.parent, node.parent.parent
        program_key = (renja.pk, program_node.pk)
        if program_key not in self.programs:
            self.programs[program_key] = RenjaProgram.objects.filter(
                renja=renja, nomenklatur=program_node
            ).first() or services.item_save(
                user=self.user, model=RenjaProgram, renja=renja, nomenklatur=program_node
            )
        kegiatan_key = (renja.pk, kegiatan_node.pk)
        if kegiatan_key not in self.kegiatan:
            self.kegiatan[kegiatan_key] = RenjaKegiatan.objects.filter(
                renja=renja, nomenklatur=kegiatan_node
            ).first() or services.item_save(
                user=self.user,
                model=RenjaKegiatan,
                program=self.programs[program_key],
                nomenklatur=kegiatan_node,
            )
        lokasi = [code.strip() for code in re.split(r"[;,\s]+", values.get("lokasi", "")) if code.strip()]
        sub = services.item_save(
            user=self.user,
            model=RenjaSubKegiatan,
            kegiatan=self.kegiatan[kegiatan_key],
            nomenklatur=node,
            lokasi=lokasi,
            sumber_dana=sumber_dana,
            pagu_indikatif=pagu,
            **months,
        )
        if values.get("indikator"):
            targets = [{"tahun": self.tahun, "target": target}] if target is not None else []
            services.indikator_save(
                user=self.user,
                renja_sub_kegiatan=sub,
                nama=values["indikator"],
                satuan=values.get("satuan") or node.satuan or "-",
                targets=targets,
            )


def renja_import(
    *, user: User, document: PlanDocument, file: str | Path | BinaryIO, filename: str, replace: bool = False
) -> dict[str, Any]:
    """Import sub kegiatan rows into a Renja (rows for its OPD) or an RKPD (rows dispatched by `opd_kode` to each
    OPD's current Renja for the year, created as a draft when missing). All or nothing."""
    if not isinstance(document, Renja | Rkpd):
        raise TypeError("renja_import takes a Renja or an RKPD")
    services.check_document_access(user=user, document=document)
    services.check_editable(document)
    try:
        rows = _read(file, filename)
    except Exception as exc:
        raise ImportRejected([RowError(None, "", f"Berkas tidak dapat dibaca: {exc}")]) from exc
    rows = [row for row in rows if any(_cell(v) for v in row)]
    if not rows:
        raise ImportRejected([RowError(None, "", "Berkas kosong.")])
    header = _header_map(rows[0])
    missing = [c for c in ("kode_sub_kegiatan", "pagu") if c not in header]
    if missing:
        raise ImportRejected([RowError(1, c, "Kolom wajib tidak ditemukan.") for c in missing])
    errors: list[RowError] = []
    created = 0
    with transaction.atomic():
        importer = _Importer(user=user, document=document)
        if replace:
            targets = (
                [document]
                if isinstance(document, Renja)
                else list(Renja.objects.filter(pemda=document.pemda, tahun=document.tahun, is_current=True))
            )
            for renja in targets:
                services.check_document_access(user=user, document=renja)
                services.check_editable(renja)
                RenjaProgram.objects.filter(renja=renja).delete()
        for number, raw in enumerate(rows[1:], start=2):
            cells = {column: raw[index] if index < len(raw) else None for column, index in header.items()}
            values = {column: _cell(value) for column, value in cells.items()}
            try:
                with transaction.atomic():
                    importer.row(values, cells)
                created += 1
            except _RowRejected as rejected:
                errors.append(RowError(number, rejected.column, rejected.reason))
            except (ValidationError, PermissionDenied, APIException) as exc:
                errors.extend(
                    RowError(number, column, reason)
                    for column, reason in _errors_of(exc, "kode_sub_kegiatan")
                )
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    renja_ids = sorted(
        {r.pk for r in importer.renja_by_opd.values()}
        | ({document.pk} if isinstance(document, Renja) else set())
    )
    return {"created": created, "renja": renja_ids}


def renja_rows(*, document: PlanDocument) -> list[dict[str, Any]]:
    """The document's sub kegiatan rows in the import's columns (the first indicator of each row)."""
    if isinstance(document, Renja):
        renja_ids = [document.pk]
    else:
        renja_ids = list(
            Renja.objects.filter(pemda=document.pemda, tahun=document.tahun, is_current=True).values_list(
                "pk", flat=True
            )
        )
    subs = (
        RenjaSubKegiatan.objects.filter(renja__in=renja_ids)
        .select_related("nomenklatur", "sumber_dana", "renja__perangkat_daerah")
        .order_by("renja__perangkat_daerah__kode", "kode")
    )
    first_indicator: dict[int, Indikator] = {}
    indicators = (
        Indikator.objects.filter(renja_sub_kegiatan__in=subs).prefetch_related("targets").order_by("-pk")
    )
    for indikator in indicators:
        first_indicator[indikator.renja_sub_kegiatan_id] = indikator
    rows = []
    for sub in subs:
        indikator = first_indicator.get(sub.pk)
        target = (
            next((t.target for t in indikator.targets.all() if t.tahun == sub.renja.tahun), None)
            if indikator
            else None
        )
        rows.append(
            {
                "kode_sub_kegiatan": sub.kode,
                "nama_sub_kegiatan": sub.nomenklatur.nama,
                "indikator": indikator.nama if indikator else "",
                "target": target.normalize() if target is not None else None,
                "satuan": indikator.satuan if indikator else "",
                "lokasi": ";".join(sub.lokasi),
                "sumber_dana": sub.sumber_dana.kode if sub.sumber_dana else "",
                "pagu": sub.pagu_indikatif,
                "bulan_mulai": sub.bulan_mulai,
                "bulan_selesai": sub.bulan_selesai,
                "opd_kode": sub.renja.perangkat_daerah.kode,
            }
        )
    return rows


def renja_export(*, document: PlanDocument) -> bytes:
    """The rows of `renja_rows` as an .xlsx workbook (one sheet, header row, Rupiah format on pagu)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Renja" if isinstance(document, Renja) else "RKPD"
    sheet.append(list(COLUMNS))
    for row in renja_rows(document=document):
        sheet.append([row[column] for column in COLUMNS])
        sheet.cell(row=sheet.max_row, column=COLUMNS.index("pagu") + 1).number_format = '"Rp" #,##0.00'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
