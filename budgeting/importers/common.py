"""What the budgeting importers share beyond `config.tabular`: finding their columns, and money with its rules."""

from collections.abc import Iterable
from decimal import Decimal

from config.tabular import Header, Sheet, alias_lookup, find_header, parse_money, rejected

BATCH_SIZE = 5000
MAX_ERRORS = 1000  # a file with more bad rows than this is reported up to here


def find_columns(sheets: list[Sheet], aliases: dict[str, set[str]], required: Iterable[str]) -> Header:
    """The header row holding every `required` field (matched by `aliases`), in the first rows of a sheet."""
    required = list(required)
    found = find_header(
        sheets, alias_lookup(aliases), lambda columns: all(name in columns for name in required)
    )
    if found is None:
        raise rejected(f"Kolom wajib tidak ditemukan: {', '.join(required)}.")
    return found


def money_error(raw: object, *, allow_zero: bool = True) -> tuple[Decimal | None, str]:
    try:
        amount = parse_money(raw)
    except ValueError:
        return None, f"'{raw}' bukan angka."
    if amount < 0:
        return None, f"Nilai negatif ({amount}) tidak diizinkan."
    if amount != amount.quantize(Decimal("0.01")):
        return None, f"'{raw}' lebih dari dua angka desimal."
    if amount >= Decimal(10) ** 18:
        return None, f"'{raw}' terlalu besar."
    return amount.quantize(Decimal("0.01")), ""
