"""Bulk entry of Renja/RKPD sub kegiatan rows from .xlsx or .csv (SIPD-like columns), and the matching export.

One row per sub kegiatan. Headers are matched loosely (case, spaces, punctuation and the usual SIPD names);
`[null]` cells are empty. The import is atomic: every bad row is reported (row number, column, reason) and
nothing is written when any row is bad. Rows go through the same services as the API.
"""

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from config.errors import Conflict
from config.exports import RUPIAH, new_workbook, workbook_bytes, write_rows
from config.tabular import (
    ImportRejected,
    RowError,
    alias_lookup,
    blank,
    find_header,
    header_columns,
    parse_money,
    parse_number,
    read_sheets,
    rejected,
    text,
)
from organisation.models import PerangkatDaerah, User
from organisation.scoping import scope_queryset
from planning import services
from planning.models import (
    Indikator,
    PlanDocument,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Rkpd,
)
from reference.codes import generic_of, opd_bidang

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
    "pagu": ("pagu", "pagu indikatif", "jumlah pagu", "anggaran", "nilai", "pagu (Rp)", "jumlah"),
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


HEADERS = alias_lookup(ALIASES)
REQUIRED = ("kode_sub_kegiatan", "pagu")


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
    if isinstance(exc, Conflict):
        return [(default_column, exc.message)]
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
            pagu = Decimal(0) if blank(raw_pagu) else parse_money(raw_pagu)
        except ValueError:
            raise _RowRejected("pagu", f"Pagu {values.get('pagu')!r} bukan angka.") from None
        sumber_dana = None
        if values.get("sumber_dana"):
            sumber_dana = services.sumber_dana_in_force(kode=values["sumber_dana"], tahun=self.tahun)
            if sumber_dana is None:
                raise _RowRejected("sumber_dana", f"Sumber dana {values['sumber_dana']} tidak dikenal.")
        months: dict[str, int] = {}
        for column, default in (("bulan_mulai", 1), ("bulan_selesai", 12)):
            text = values.get(column, "")
            if text and not text.isdigit():
                raise _RowRejected(column, f"Bulan {text!r} bukan angka 1–12.")
            months[column] = int(text) if text else default
        target = None
        if values.get("target"):
            try:
                target = parse_number(values["target"])
            except ValueError:
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
            bulan_mulai=months["bulan_mulai"],
            bulan_selesai=months["bulan_selesai"],
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
    sheets = read_sheets(file, filename, first_only=True)
    found = find_header(sheets, HEADERS, lambda columns: all(c in columns for c in REQUIRED))
    if found is None:
        if not sheets or not sheets[0]:
            raise rejected("Berkas kosong.")
        header = header_columns(sheets[0][0][1], HEADERS)
        raise ImportRejected(
            [
                RowError(sheets[0][0][0], c, "Kolom wajib tidak ditemukan.")
                for c in REQUIRED
                if c not in header
            ]
        )
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
        for number, raw in found.rows:
            cells = {column: found.value(raw, column) for column in found.columns}
            values = {column: text(value) for column, value in cells.items()}
            try:
                with transaction.atomic():
                    importer.row(values, cells)
                created += 1
            except _RowRejected as row_rejected:
                errors.append(RowError(number, row_rejected.column, row_rejected.reason))
            except (ValidationError, PermissionDenied, Conflict) as exc:
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


def renja_rows(*, document: PlanDocument, user: User | None = None) -> list[dict[str, Any]]:
    """The document's sub kegiatan rows in the import's columns (the first indicator of each row).

    An RKPD's rows are those of the year's current Renja that `user` may read: an OPD user gets their own OPD's,
    as the Renja endpoints show them (every OPD's without a `user`)."""
    if isinstance(document, Renja):
        renja_ids = [document.pk]
    else:
        renjas = Renja.objects.filter(pemda=document.pemda, tahun=document.tahun, is_current=True)
        if user is not None:
            renjas = scope_queryset(renjas, user)
        renja_ids = list(renjas.values_list("pk", flat=True))
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


def renja_export(*, document: PlanDocument, user: User | None = None) -> bytes:
    """The rows of `renja_rows` as an .xlsx workbook (one sheet, header row, Rupiah format on pagu); text that a
    spreadsheet would run as a formula is escaped (`config.exports.safe_text`)."""
    workbook, sheet = new_workbook("Renja" if isinstance(document, Renja) else "RKPD")
    write_rows(sheet, [COLUMNS])
    rows = ([row[column] for column in COLUMNS] for row in renja_rows(document=document, user=user))
    write_rows(sheet, rows, columns=COLUMNS, number_formats={"pagu": RUPIAH})
    return workbook_bytes(workbook)
