"""Import official reference lists (nomenclature, akun, sumber dana) from .xlsx or .csv files.

Contract used by the API and the `import_reference` command; see `reference_import`.

Layouts understood (DESIGN.md section 4; header names are matched loosely, the header row may sit below a title):

- one row per node: a `kode` column (+ optional `level`), or the code split over one column per level
  (urusan … sub kegiatan; akun … sub rincian objek) with the zero padding Excel dropped restored;
- nomenclature only, the flat SIPD export: one row per sub kegiatan with its parents in columns, either as
  `kode_<level>` + `nama_<level>` pairs or as one `"code name"` cell per level. A `jenis_pemda` column
  (PROV / KABKOT) splits such a file into the two lists; only rows of the requested pemda level are read. An
  export without an urusan column hangs each bidang on its urusan from Permendagri 90/2019 (`codes.URUSAN`).

A `kode_lama` column (`SUBKEGIATAN SEBELUMNYA`: the code under the previous decree) becomes `CodeMapping` rows old →
new, from the version of the same kind and level in force before this one (or from this version itself when no
earlier one is stored); `ImportResult.mappings` counts the new ones.

`ImportResult.created` is keyed by level name: `urusan`, `bidang_urusan`, `program`, `kegiatan`, `sub_kegiatan`
for nomenclature and `"1"` … `"6"` for akun and sumber dana; every level of the kind is present (0 when none).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from config.tabular import ImportRejected, RowError, RowWarning, normalize_header, read_sheets, rejected
from config.tabular import text as normalize_text
from organisation.models import PemdaLevel
from reference import codes
from reference.importers.columns import Table, find_table
from reference.importers.nodes import LEVEL_KEYS, Node, Progress, RowParser, pemda_level_of
from reference.models import Akun, CodeMapping, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana
from reference.services import reference_version_get_or_create

__all__ = [
    "ImportRejected",
    "ImportResult",
    "RowError",
    "normalize_header",
    "normalize_text",
    "pemda_level_of",
    "read_sheets",
    "reference_import",
]


@dataclass
class ImportResult:
    version: ReferenceVersion
    created: dict[str, int] = field(default_factory=dict)  # level name -> rows created
    unchanged: int = 0
    duplicates: list[RowError] = field(default_factory=list)
    mappings: int = 0  # CodeMapping rows created from the kode lama column
    warnings: list[RowWarning] = field(default_factory=list)


MODELS = {
    ReferenceKind.NOMENKLATUR: Nomenklatur,
    ReferenceKind.AKUN: Akun,
    ReferenceKind.SUMBER_DANA: SumberDana,
}
BATCH_SIZE = 1000


def _resolve_pemda_level(kind: str, pemda_level: str, table: Table) -> str:
    if kind != ReferenceKind.NOMENKLATUR:
        return ""
    if pemda_level:
        if pemda_level not in PemdaLevel.values:
            raise ValidationError(
                {"pemda_level": f"Jenis pemda '{pemda_level}' tidak dikenal (PROV/KABKOT)."}
            )
        return pemda_level
    if table.has("jenis_pemda"):
        found = {pemda_level_of(table.value(values, "jenis_pemda")) for _, values in table.rows}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if found:
            raise ValidationError(
                {"pemda_level": "Berkas memuat daftar PROV dan KABKOT; pilih jenis pemda yang diimpor."},
                code="pemda_level_required",
            )
    raise ValidationError(
        {"pemda_level": "Nomenklatur diterbitkan terpisah untuk provinsi dan kab/kota; pilih jenis pemda."},
        code="pemda_level_required",
    )


def _write(
    kind: str,
    version: ReferenceVersion,
    nodes: list[Node],
    existing_ids: dict[str, int],
    progress: Progress | None,
) -> dict[str, int]:
    model = MODELS[kind]
    parent_of = codes.nomenklatur_parent if kind == ReferenceKind.NOMENKLATUR else codes.account_parent
    ids = dict(existing_ids)
    created = dict.fromkeys(LEVEL_KEYS[kind].values(), 0)
    done = 0
    for level in sorted({node.level for node in nodes}):
        objects = []
        for node in (n for n in nodes if n.level == level):
            extra = (
                {"kinerja": node.kinerja, "indikator": node.indikator, "satuan": node.satuan}
                if kind == ReferenceKind.NOMENKLATUR
                else {}
            )
            parent = parent_of(node.kode)
            objects.append(
                model(
                    version=version,
                    kode=node.kode,
                    nama=node.nama,
                    level=level,
                    parent_id=ids[parent] if parent else None,
                    keterangan=node.keterangan,
                    **extra,
                )
            )
        for start in range(0, len(objects), BATCH_SIZE):
            for obj in model.objects.bulk_create(objects[start : start + BATCH_SIZE]):
                ids[obj.kode] = obj.pk
            done += len(objects[start : start + BATCH_SIZE])
            if progress:
                progress(done, len(nodes))
        created[LEVEL_KEYS[kind][level]] = len(objects)
    return created


def _write_mappings(
    kind: str, version: ReferenceVersion, found: list[tuple[str, str, int | None, str]]
) -> int:
    """Store kode lama → kode baru; a mapping already stored is kept. Returns how many were new."""
    if not found:
        return 0
    previous = (
        ReferenceVersion.objects.filter(
            kind=kind, pemda_level=version.pemda_level, tahun_mulai__lt=version.tahun_mulai
        )
        .order_by("-tahun_mulai")
        .first()
    )
    keterangan = "" if previous else "kode lama dari berkas; versi sebelumnya belum diimpor"
    pairs = dict.fromkeys((lama, baru) for lama, baru, _, _ in found)
    before = CodeMapping.objects.filter(to_version=version).count()
    CodeMapping.objects.bulk_create(
        [
            CodeMapping(
                kind=kind,
                from_version=previous or version,
                to_version=version,
                kode_lama=lama,
                kode_baru=baru,
                keterangan=keterangan,
            )
            for lama, baru in pairs
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return CodeMapping.objects.filter(to_version=version).count() - before


def reference_import(
    *,
    kind: str,
    file: str | Path | BinaryIO,
    filename: str,
    legal_basis: str,
    tahun_mulai: int,
    tahun_selesai: int,
    pemda_level: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one official list into the version (kind, pemda level, legal basis), creating it when new.

    All or nothing: any bad row raises `ImportRejected` listing every bad row, and nothing is written. Rows already
    in the version with the same name count as `unchanged` (so a file that extends an earlier one, or the same
    file again, only adds what is new); the same code under another name is an error. Exact repeats within the
    file are skipped and listed in `duplicates`. Argument problems (unknown kind, missing pemda level, years that
    overlap another version) raise `django.core.exceptions.ValidationError`.

    `progress(done, total)` is called while reading (rows of the file) and then while writing (rows to create);
    take `total` from each call.
    """
    if kind not in ReferenceKind.values:
        raise ValidationError({"kind": f"Jenis referensi '{kind}' tidak dikenal."}, code="invalid_kind")
    table = find_table(read_sheets(file, filename), kind)
    pemda_level = _resolve_pemda_level(kind, pemda_level, table)
    parser = RowParser(kind=kind, table=table, pemda_level=pemda_level)
    parser.parse(progress)
    if not parser.nodes and not parser.errors:
        level = f" untuk jenis pemda {pemda_level}" if pemda_level else ""
        raise rejected(f"Berkas tidak memuat baris data{level}.")

    with transaction.atomic():
        version = reference_version_get_or_create(
            kind=kind,
            pemda_level=pemda_level,
            legal_basis=legal_basis,
            tahun_mulai=tahun_mulai,
            tahun_selesai=tahun_selesai,
        )
        stored = list(MODELS[kind].objects.filter(version=version).values_list("kode", "id", "nama"))
        existing_ids = {kode: pk for kode, pk, _ in stored}
        existing_names = {kode: nama for kode, _, nama in stored}
        to_create, unchanged = parser.plan(existing_names)
        if parser.errors:
            raise ImportRejected(sorted(parser.errors, key=lambda error: error.row or 0))
        created = _write(kind, version, to_create, existing_ids, progress)
        mappings = _write_mappings(kind, version, parser.mappings())
    return ImportResult(
        version=version,
        created=created,
        unchanged=unchanged,
        duplicates=parser.duplicates,
        mappings=mappings,
        warnings=parser.warnings,
    )
