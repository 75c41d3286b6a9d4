"""Pure arithmetic of budget amounts: rounding to the sen, line totals, volume text, monthly spreads.

No ORM and no settings: Decimal in, Decimal (or text) out.
"""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.core.exceptions import ValidationError

SEN = Decimal("0.01")
JUMLAH_LIMIT = Decimal(10) ** 18  # DecimalField(max_digits=20, decimal_places=2)
# Four Decimal(20, 4) volumes, a Decimal(20, 2) price and a percent multiply to at most ~110 significant digits.
EXACT_DIGITS = 150


def round_half_up(value: Decimal) -> Decimal:
    """To the sen, halves away from zero (the rounding of the official RKA forms)."""
    return value.quantize(SEN, rounding=ROUND_HALF_UP)


def line_jumlah(*, volumes: Sequence[Decimal], harga_satuan: Decimal, ppn: Decimal = Decimal(0)) -> Decimal:
    """jumlah = round_half_up(volume_1 × … × volume_n × harga_satuan × (1 + ppn / 100), 2).

    The product is formed exactly (at 150 significant digits, more than the inputs can produce) and rounded once,
    half up, to the sen; no intermediate rounding, never float.
    """
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        product = harga_satuan * (100 + ppn)
        for volume in volumes:
            product *= volume
        return round_half_up(product / 100)


def format_volume(value: Decimal) -> str:
    """`2.5000` → `2,5`; `3.0000` → `3`; `10` → `10` (Indonesian decimal comma, no trailing zeros)."""
    return format(value.normalize(), "f").replace(".", ",")


def koefisien_text(factors: Iterable[tuple[Decimal, str]]) -> str:
    """`[(2, "Orang"), (3, "Hari")]` → `"2 Orang x 3 Hari"`."""
    return " x ".join(f"{format_volume(volume)} {satuan}".strip() for volume, satuan in factors)


def spread_amounts(jumlah: Decimal, weights: Sequence[int | Decimal]) -> list[Decimal]:
    """Twelve monthly amounts in proportion to `weights`, summing exactly to `jumlah` (to the sen).

    Each month gets its share rounded down to the sen; the sen left over go one each to the last months with a
    positive weight, so no month is negative and the sum is exact.
    """
    if len(weights) != 12 or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValidationError(
            {
                "bobot": ValidationError(
                    "Dua belas bobot tak negatif dengan jumlah positif.", code="invalid_weights"
                )
            }
        )
    if jumlah < 0:
        raise ValidationError({"jumlah": ValidationError("Jumlah negatif.", code="invalid")})
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        sen = int((jumlah * 100).to_integral_value())
        total_weight = sum(Decimal(w) for w in weights)
        parts = [
            int((Decimal(sen) * Decimal(w) / total_weight).to_integral_value(rounding="ROUND_FLOOR"))
            for w in weights
        ]
    remainder = sen - sum(parts)
    for month in reversed([m for m, w in enumerate(weights) if w > 0]):
        if remainder <= 0:
            break
        parts[month] += 1
        remainder -= 1
    return [Decimal(part) / 100 for part in parts]


def rebalance_months(months: Sequence[Decimal], jumlah: Decimal, *, from_month: int) -> list[Decimal]:
    """Twelve monthly amounts made to sum to `jumlah` with the months before `from_month` (1–12) left as planned
    where possible: an increase is spread evenly over `from_month` … December; a cut is taken from December
    backwards, each month down to 0 at most (reaching into earlier months only when the later ones are not
    enough). The result is exact to the sen and never negative (for `jumlah` ≥ 0)."""
    out = list(months)
    difference = jumlah - sum(out, Decimal(0))
    if difference > 0:
        start = min(max(from_month, 1), 12)
        weights = [0] * (start - 1) + [1] * (13 - start)
        out = [a + b for a, b in zip(out, spread_amounts(difference, weights), strict=True)]
    cut = -difference
    for month in reversed(range(12)):
        if cut <= 0:
            break
        taken = min(cut, out[month])
        out[month] -= taken
        cut -= taken
    return out
