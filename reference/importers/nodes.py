"""Rows of a recognised reference table turned into code nodes, every error collected instead of stopping."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from config.tabular import RowError, RowWarning, normalize_header
from config.tabular import text as normalize_text
from organisation.models import PemdaLevel
from reference import codes
from reference.importers.columns import KABKOT_VALUES, PROV_VALUES, Table, _part_names
from reference.models import Nomenklatur, ReferenceKind

Progress = Callable[[int, int], None]

LEVEL_KEYS = {
    ReferenceKind.NOMENKLATUR: codes.NOMENKLATUR_LEVEL_NAMES,
    ReferenceKind.AKUN: {level: str(level) for level in range(1, 7)},
    ReferenceKind.SUMBER_DANA: {level: str(level) for level in range(1, 7)},
}
PROGRESS_EVERY = 500
SATUAN_MAX = Nomenklatur._meta.get_field("satuan").max_length


@dataclass
class Node:
    kode: str
    nama: str
    level: int
    row: int | None
    column: str
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""
    keterangan: str = ""
    kode_lama: str = ""  # the previous decree's code(s) of a sub kegiatan, as written
    derived: bool = False  # a parent read from a flat row's parent columns: repeats on every row by design


def pemda_level_of(value: object) -> str | None:
    """`PROV`/`Provinsi` → PROV, `KABKOT`/`Kab/Kota`/`Kabupaten` → KABKOT, else None."""
    text = re.sub(r"[^a-z]", "", str(value).lower())
    if text in PROV_VALUES:
        return PemdaLevel.PROVINSI
    if text in KABKOT_VALUES:
        return PemdaLevel.KABKOTA
    return None


class RowParser:
    """Turns the rows of a recognised table into nodes, collecting every error instead of stopping."""

    def __init__(self, *, kind: str, table: Table, pemda_level: str) -> None:
        self.kind = kind
        self.table = table
        self.pemda_level = pemda_level
        self.nomenklatur = kind == ReferenceKind.NOMENKLATUR
        self.levels = sorted(_part_names(kind))
        self.level_of = codes.nomenklatur_level if self.nomenklatur else codes.account_level
        self.parent_of = codes.nomenklatur_parent if self.nomenklatur else codes.account_parent
        self.nodes: dict[str, Node] = {}
        self.bad_codes: set[str] = set()
        self.errors: list[RowError] = []
        self.duplicates: list[RowError] = []
        self.warnings: list[RowWarning] = []

    # rows

    def parse(self, progress: Progress | None = None) -> None:
        total = len(self.table.rows)
        for done, (number, values) in enumerate(self.table.rows, start=1):
            if self._keeps(number, values):
                {
                    "code": self._parse_code_row,
                    "split": self._parse_split_row,
                    "flat_separate": self._parse_flat_row,
                    "flat_combined": self._parse_flat_row,
                }[self.table.layout](number, values)
            if progress and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)

    def _keeps(self, number: int, values: list[object]) -> bool:
        """Rows of the other pemda level are another list: skipped. Unknown values are errors."""
        if not (self.nomenklatur and self.table.has("jenis_pemda")):
            return True
        raw = self.table.value(values, "jenis_pemda")
        if raw is None:
            return True
        level = pemda_level_of(raw)
        if level is None:
            self._error(
                number, self.table.header("jenis_pemda"), f"Jenis pemda '{raw}' tidak dikenal (PROV/KABKOT)."
            )
            return False
        return level == self.pemda_level

    def _details(self, values: list[object]) -> dict[str, str]:
        keys = ("kinerja", "indikator", "satuan", "keterangan", "kode_lama")
        return {key: self.table.text(values, key) for key in keys}

    def _parse_code_row(self, number: int, values: list[object]) -> None:
        raw = self.table.value(values, "kode")
        # a nomenclature code Excel kept as a number is an urusan (int) or a bidang: 1.1 was typed 1.10
        nomenklatur_float = self.nomenklatur and isinstance(raw, float) and not raw.is_integer()
        # whole codes of the list itself are taken as written: padding a mistyped code would invent a code the
        # decree does not have (split parts, whose padding Excel drops, are padded in `codes.*_from_parts`)
        kode = f"{raw:.2f}" if nomenklatur_float else codes.clean_code(raw)
        column = self.table.header("kode")
        nama = self.table.text(values, "nama")
        if not kode:
            self._error(number, column, "Kode kosong." if nama else "Kode dan nama kosong.")
            return
        self._node(
            number,
            column,
            kode,
            nama,
            expected_level=self._level_column(number, values),
            **self._details(values),
        )

    def _parse_split_row(self, number: int, values: list[object]) -> None:
        parts: list[object] = []
        column = ""
        gap = ""
        for level in self.levels:
            raw = self.table.value(values, ("part", level))
            if raw is None:
                gap = gap or self.table.header(("part", level))
                continue
            if gap:
                self._error(
                    number,
                    gap,
                    f"Kolom {gap} kosong padahal kolom {self.table.header(('part', level))} terisi.",
                )
                return
            parts.append(raw)
            column = self.table.header(("part", level))
        if not parts:
            self._error(number, self.table.header(("part", 1)), "Kode kosong.")
            return
        kode = (
            codes.nomenklatur_code_from_parts(parts)
            if self.nomenklatur
            else codes.account_code_from_parts(parts)
        )
        nama = self.table.text(values, "nama")
        expected = self._level_column(number, values)
        self._node(number, column, kode, nama, expected_level=expected or len(parts), **self._details(values))

    def _parse_flat_row(self, number: int, values: list[object]) -> None:
        found: list[tuple[int, str, str | None, str]] = []  # (level, kode, nama, column)
        for level in self.levels:
            entry = self._flat_cell(number, values, level, found[-1][1] if found else None)
            if entry is False:
                return
            if entry is not None:
                found.append((level, *entry))
        if not found:
            self._error(number, "", "Baris tanpa kode.")
            return
        for position, (level, kode, nama, column) in enumerate(found):
            own = position == len(found) - 1
            if position and self.level_of(kode) == level:
                parent = found[position - 1][1]
                if self.parent_of(kode) != parent:
                    self._error(
                        number, column, f"Kode {kode} tidak berada di bawah {parent} pada baris yang sama."
                    )
                    return
            if nama is None and not own:
                continue
            details = self._details(values) if own else {}
            self._node(number, column, kode, nama or "", expected_level=level, derived=not own, **details)

    def _flat_cell(
        self, number: int, values: list[object], level: int, parent: str | None
    ) -> tuple[str, str | None, str] | bool | None:
        """(kode, nama, column) of one level of a flat row; None when the row has nothing there; False on error."""
        if self.table.layout == "flat_separate":
            raw = self.table.value(values, ("kode", level))
            # without a name column the code only points at a parent that must exist elsewhere
            nama = self.table.text(values, ("nama", level)) if self.table.has(("nama", level)) else None
            column = self.table.header(("kode", level))
            if raw is None:
                if nama:
                    self._error(number, column, f"Nama '{nama}' tanpa kode.")
                    return False
                return None
        else:
            cell = self.table.text(values, ("part", level))
            column = self.table.header(("part", level))
            if not cell:
                return None
            split = codes.split_code_name(cell)
            if split is None:
                reason = "Sel harus berisi 'kode nama'" + (
                    ", namanya kosong." if re.fullmatch(r"[\d.X]+", cell) else "."
                )
                self._error(number, column, f"{reason} Isi: '{cell}'.")
                return False
            raw, nama = split
        return self._full_code(raw, level, parent), nama, column

    def _full_code(self, raw: object, level: int, parent: str | None) -> str:
        """A flat export may carry the whole code (`1.01.02`) or only its own part (`02`) under the parent's."""
        kode = f"{raw:.2f}" if isinstance(raw, float) and level == 2 else codes.clean_code(raw)
        if self.level_of(kode) == level or parent is None:
            return kode
        part = codes.pad_kegiatan_part(raw) if level == 4 else codes.pad_part(raw, 4 if level == 5 else 2)
        candidate = f"{parent}.{part}"
        return candidate if self.level_of(candidate) == level else kode

    def _level_column(self, number: int, values: list[object]) -> int | None:
        raw = self.table.value(values, "level")
        if raw is None:
            return None
        text = normalize_header(normalize_text(raw))
        names = codes.NOMENKLATUR_LEVEL_NAMES if self.nomenklatur else codes.ACCOUNT_LEVEL_NAMES
        by_name = {name: level for level, name in names.items()}
        if text.isdigit() and int(text) in names:
            return int(text)
        if re.fullmatch(r"\d+_0+", text) and int(text.split("_")[0]) in names:
            return int(text.split("_")[0])
        if text in by_name:
            return by_name[text]
        self._error(number, self.table.header("level"), f"Level '{raw}' tidak dikenal.")
        return None

    # nodes

    def _node(
        self,
        number: int,
        column: str,
        kode: str,
        nama: str,
        *,
        expected_level: int | None,
        derived: bool = False,
        **details: str,
    ) -> None:
        level = self.level_of(kode)
        ok = True
        if level is None:
            self._error(number, column, f"Kode '{kode}' tidak sesuai format {self._formats()}.")
            return
        if expected_level is not None and expected_level != level:
            names = LEVEL_KEYS[self.kind] if self.nomenklatur else codes.ACCOUNT_LEVEL_NAMES
            column_name = self.table.header("level") if self.table.has("level") else column
            self._error(
                number,
                column_name,
                f"Kode {kode} adalah {names[level]} (level {level}), bukan {names[expected_level]} "
                f"(level {expected_level}).",
            )
            ok = False
        if not nama:
            name_column = self.table.header("nama") if self.table.has("nama") else column
            self._error(number, name_column, f"Nama untuk kode {kode} kosong.")
            ok = False
        if self.nomenklatur and codes.k_conflicts_with_level(kode, self.pemda_level):
            k = codes.kegiatan_k(kode)
            label = dict(PemdaLevel.choices)[self.pemda_level]
            self._error(number, column, f"Digit K={k} pada {kode} milik daftar pemda lain, bukan {label}.")
            ok = False
        if len(details.get("satuan", "")) > SATUAN_MAX:
            self._error(number, self.table.header("satuan"), f"Satuan lebih dari {SATUAN_MAX} karakter.")
            ok = False
        if not ok:
            self.bad_codes.add(kode)
            return
        self._add(
            Node(kode=kode, nama=nama, level=level, row=number, column=column, derived=derived, **details)
        )

    def _add(self, node: Node) -> None:
        seen = self.nodes.get(node.kode)
        if seen is None:
            self.nodes[node.kode] = node
        elif seen.nama != node.nama:
            where = f"baris {seen.row}" if seen.row else "berkas"
            self._error(
                node.row,
                node.column,
                f"Kode {node.kode} ganda dengan nama berbeda: '{seen.nama}' ({where}) dan '{node.nama}'.",
            )
            self.bad_codes.add(node.kode)
        elif seen.derived and not node.derived:
            self.nodes[node.kode] = node  # the row of its own carries the details
        elif not (seen.derived or node.derived):
            self.duplicates.append(
                RowError(
                    node.row, node.column, f"Kode {node.kode} sudah ada di baris {seen.row}; baris dilewati."
                )
            )

    def mappings(self) -> list[tuple[str, str, int | None, str]]:
        """(kode lama, kode baru, row, column) of every node naming its previous code; a cell that holds no
        nomenclature code is a warning (the node is imported all the same)."""
        found: list[tuple[str, str, int | None, str]] = []
        column = self.table.header("kode_lama")
        names = codes.NOMENKLATUR_LEVEL_NAMES if self.nomenklatur else codes.ACCOUNT_LEVEL_NAMES
        for node in self.nodes.values():
            for piece in re.split(r"[,;\n\r]+", node.kode_lama):
                if not piece.strip():
                    continue
                split = codes.split_code_name(piece)
                kode = codes.normalize_code(split[0] if split else piece, self.kind)
                if self.level_of(kode) != node.level:
                    self.warnings.append(
                        RowWarning(
                            node.row,
                            column,
                            f"Kode lama '{piece.strip()}' bukan kode {names[node.level]}; "
                            "pemetaan kode tidak dibuat.",
                        )
                    )
                elif kode != node.kode:
                    found.append((kode, node.kode, node.row, column))
        return found

    def _formats(self) -> str:
        if self.nomenklatur:
            return "X, X.XX, X.XX.XX, X.XX.XX.K.XX atau X.XX.XX.K.XX.XXXX"
        return "X, X.X, X.X.XX, X.X.XX.XX, X.X.XX.XX.XX atau X.X.XX.XX.XX.XXXX"

    def _error(self, row: int | None, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))

    # against the version

    def plan(self, existing: dict[str, str]) -> tuple[list[Node], int]:
        """Nodes to create (implicit parents added) and how many are already stored unchanged.

        Orphans and name conflicts with the stored version are appended to `errors`.
        """
        implicit = codes.IMPLICIT_PARENTS.get(self.kind, {})
        queue = list(self.nodes.values())
        while queue:
            node = queue.pop()
            parent = self.parent_of(node.kode)
            if parent is None or parent in self.nodes or parent in existing or parent in self.bad_codes:
                continue
            if parent in implicit:
                implied = Node(kode=parent, nama=implicit[parent], level=node.level - 1, row=None, column="")
                self.nodes[parent] = implied
                queue.append(implied)
                continue
            self._error(
                node.row,
                node.column,
                f"Induk {parent} dari kode {node.kode} tidak ada di berkas maupun di versi ini.",
            )
        to_create: list[Node] = []
        unchanged = 0
        for node in self.nodes.values():
            stored = existing.get(node.kode)
            if stored is None:
                to_create.append(node)
            elif stored == node.nama:
                unchanged += 1
            else:
                self._error(
                    node.row, node.column, f"Kode {node.kode} sudah ada di versi ini dengan nama '{stored}'."
                )
        return to_create, unchanged
