"""What the budgeting importers share beyond `config.tabular`: finding their columns, reading one row, the
reference codes in force, and money with its rules."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from config.tabular import Header, Problems, Sheet, alias_lookup, find_header, parse_money, rejected, to_sen
from reference.codes import clean_code, normalize_code
from reference.models import Akun, Nomenklatur, SumberDana
from reference.selectors import reference_version_in_force

BATCH_SIZE = 5000


def find_columns(sheets: list[Sheet], aliases: dict[str, set[str]], required: Iterable[str]) -> Header:
    """The header row holding every `required` field (matched by `aliases`), in the first rows of a sheet."""
    required = list(required)
    found = find_header(
        sheets, alias_lookup(aliases), lambda columns: all(name in columns for name in required)
    )
    if found is None:
        raise rejected(f"Kolom wajib tidak ditemukan: {', '.join(required)}.")
    return found


@dataclass(frozen=True, slots=True)
class RowCells:
    """One data row of a table; its errors are reported under the column as written in the file."""

    table: Header
    number: int
    values: list[object]
    problems: Problems

    def value(self, key: str) -> object:
        return self.table.value(self.values, key)

    def text(self, key: str) -> str:
        return self.table.text(self.values, key)

    def code(self, key: str) -> str:
        return clean_code(self.table.value(self.values, key))

    def official_code(self, key: str, kind: str) -> str:
        """An official code (`reference.codes.normalize_code` kind) with the zero padding a person left out."""
        return normalize_code(self.table.value(self.values, key), kind)

    def error(self, key: str, reason: str) -> None:
        self.problems.error(self.number, self.table.written(key), reason)


def reference_codes(
    model: type[Nomenklatur] | type[Akun] | type[SumberDana],
    *,
    kind: str,
    tahun: int,
    pemda_level: str = "",
    **filters: Any,
) -> dict[str, int]:
    """`{kode: id}` of the reference version of `kind` in force for `tahun` (empty when there is none)."""
    version = reference_version_in_force(kind=kind, tahun=tahun, pemda_level=pemda_level)
    if version is None:
        return {}
    return dict(model.objects.filter(version=version, **filters).values_list("kode", "id"))


def money_error(raw: object, *, round_sen: bool = False) -> tuple[Decimal | None, str]:
    """The amount in sen, or None and the reason. More than two decimals is an error, or with `round_sen` rounded
    half-up (the caller compares with `parse_money(raw)` to warn)."""
    try:
        amount = parse_money(raw)
    except ValueError:
        return None, f"'{raw}' bukan angka."
    if amount < 0:
        return None, f"Nilai negatif ({amount}) tidak diizinkan."
    if amount >= Decimal(10) ** 18:  # before rounding: quantizing 10^26 or more raises rather than answers
        return None, f"'{raw}' terlalu besar."
    if amount != amount.quantize(Decimal("0.01")) and not round_sen:
        return None, f"'{raw}' lebih dari dua angka desimal."
    return to_sen(amount), ""
