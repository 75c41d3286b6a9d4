"""Anggaran kas (RAK): the monthly cash plan of executed lines."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from budgeting.amounts import rebalance_months, spread_amounts
from budgeting.models import (
    EXECUTION_TAHAP,
    KAS_MONTH_FIELDS,
    Anggaran,
    AnggaranKas,
    AnggaranOpdLock,
    BudgetLine,
)
from budgeting.services.guards import _opd_id, check_stage_writable
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access

# Monthly weights of the named spreading profiles (each spread sums exactly to the line's jumlah).
KAS_PROFILES: dict[str, tuple[int, ...]] = {
    "rutin": (1,) * 12,  # even: salaries, routine goods and services
    "kontrak": (0, 0, 1, 2, 3, 5, 7, 9, 11, 13, 20, 29),  # back-loaded: tendered works paid on progress
    "triwulan": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1),  # quarterly payments
}


def _check_execution_stage(anggaran: Anggaran) -> None:
    if anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {
                "budget_line": ValidationError(
                    f"{anggaran} bukan dokumen pelaksanaan (DPA / DPPA).", code="not_execution_stage"
                )
            }
        )


def _check_balanced(line: BudgetLine, amounts: Sequence[Decimal]) -> None:
    total = sum(amounts, Decimal(0))
    if total != line.jumlah:
        raise ValidationError(
            {
                "non_field_errors": ValidationError(
                    f"Anggaran kas harus sama dengan pagu DPA rincian: jumlah 12 bulan Rp {total:,}, pagu "
                    f"Rp {line.jumlah:,} (selisih Rp {total - line.jumlah:,}).",
                    code="rak_not_balanced",
                )
            }
        )


@transaction.atomic
def anggaran_kas_set(
    *, user: User, budget_line: BudgetLine, amounts: Sequence[Decimal], version: int | None = None
) -> AnggaranKas:
    """Set a DPA line's twelve monthly amounts; they must sum to the line's jumlah (400 `rak_not_balanced`)."""
    opd_id = _opd_id(budget_line.perangkat_daerah)
    check_access(
        user=user, resource="anggaran-kas", letter="w", pemda_id=budget_line.pemda_id, opd_ids=[opd_id]
    )
    _check_execution_stage(budget_line.anggaran)
    check_stage_writable(anggaran=budget_line.anggaran, opd_id=opd_id)
    if len(amounts) != 12:
        raise ValidationError({"bulan": ValidationError("Isi tepat 12 bulan.", code="invalid")})
    if any(amount < 0 for amount in amounts):
        raise ValidationError(
            {"bulan": ValidationError("Anggaran kas bulanan tidak boleh negatif.", code="invalid")}
        )
    _check_balanced(budget_line, amounts)
    kas = AnggaranKas.objects.select_for_update().filter(budget_line=budget_line).first()
    if kas is None:
        kas = AnggaranKas(
            pemda_id=budget_line.pemda_id,
            anggaran_id=budget_line.anggaran_id,
            perangkat_daerah_id=budget_line.perangkat_daerah_id,
            budget_line=budget_line,
        )
    else:
        kas.version = version if version is not None else kas.version + 1
    for name, amount in zip(KAS_MONTH_FIELDS, amounts, strict=True):
        setattr(kas, name, amount)
    kas.save()
    return kas


@dataclass
class KasSpreadResult:
    updated: int
    skipped_locked: int
    total: Decimal


@transaction.atomic
def anggaran_kas_spread(
    *,
    user: User,
    anggaran: Anggaran,
    profil: str = "rutin",
    bobot: Sequence[int] | None = None,
    perangkat_daerah: PerangkatDaerah | None = None,
    budget_lines: Sequence[int] | None = None,
    timpa: bool = True,
) -> KasSpreadResult:
    """Spread every line of a DPA (or of one OPD, or the given lines) over the months by a profile or 12 weights.

    One upsert statement for all lines; lines of closed OPDs are skipped; `timpa=False` keeps existing RAK rows.
    An OPD user spreads only their own OPD's lines.
    """
    check_access(
        user=user,
        resource="anggaran-kas",
        letter="w",
        pemda_id=anggaran.pemda_id,
        opd_ids=[_opd_id(perangkat_daerah)] if perangkat_daerah is not None else [],
    )
    if anggaran.tahap not in EXECUTION_TAHAP:
        raise ValidationError(
            {"anggaran": ValidationError(f"{anggaran} bukan dokumen DPA / DPPA.", code="not_execution_stage")}
        )
    check_stage_writable(anggaran=anggaran)
    if bobot is None:
        if profil not in KAS_PROFILES:
            raise ValidationError(
                {"profil": ValidationError(f"Profil '{profil}' tidak dikenal.", code="invalid_profile")}
            )
        bobot = KAS_PROFILES[profil]
    spread_amounts(Decimal(0), bobot)  # validates the weights once
    lines = BudgetLine.objects.filter(anggaran=anggaran)
    if user.is_opd_scoped:
        lines = lines.filter(
            Q(perangkat_daerah_id=user.perangkat_daerah_id)
            | Q(perangkat_daerah__induk_id=user.perangkat_daerah_id)
        )
    if perangkat_daerah is not None:
        lines = lines.filter(
            Q(perangkat_daerah=perangkat_daerah) | Q(perangkat_daerah__induk=perangkat_daerah)
        )
    if budget_lines is not None:
        lines = lines.filter(pk__in=budget_lines)
    if not timpa:
        lines = lines.filter(anggaran_kas__isnull=True)
    closed = set(
        AnggaranOpdLock.objects.filter(anggaran=anggaran, is_closed=True).values_list(
            "perangkat_daerah_id", flat=True
        )
    )
    rows = list(
        lines.annotate(opd=models.functions.Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
        .values_list("pk", "perangkat_daerah_id", "opd", "jumlah")
        .order_by("pk")
    )
    kept = [row for row in rows if row[2] not in closed]
    if not kept:
        return KasSpreadResult(updated=0, skipped_locked=len(rows), total=Decimal(0))
    columns: list[list[Decimal]] = [[] for _ in KAS_MONTH_FIELDS]
    for _, _, _, jumlah in kept:
        for month, amount in enumerate(spread_amounts(jumlah, bobot)):
            columns[month].append(amount)
    _upsert(anggaran, lines=[row[0] for row in kept], units=[row[1] for row in kept], columns=columns)
    return KasSpreadResult(
        updated=len(kept),
        skipped_locked=len(rows) - len(kept),
        total=sum((row[3] for row in kept), Decimal(0)),
    )


def _upsert(anggaran: Anggaran, *, lines: list[int], units: list[int], columns: list[list[Decimal]]) -> None:
    """Write the anggaran kas rows of `lines` (twelve month columns, one value per line) in one statement."""
    quote = connection.ops.quote_name
    months = ", ".join(KAS_MONTH_FIELDS)
    unnest = ", ".join(["%s::numeric[]"] * 12)
    sql = (
        f"INSERT INTO {quote(AnggaranKas._meta.db_table)} (version, created_at, updated_at, pemda_id, anggaran_id, "
        f"perangkat_daerah_id, budget_line_id, {months}) "
        f"SELECT 1, now(), now(), %s, %s, u.opd, u.line, {', '.join(f'u.{m}' for m in KAS_MONTH_FIELDS)} "
        f"FROM unnest(%s::bigint[], %s::bigint[], {unnest}) AS u(line, opd, {months}) "
        f"ON CONFLICT (budget_line_id) DO UPDATE SET version = {quote(AnggaranKas._meta.db_table)}.version + 1, "
        f"updated_at = now(), {', '.join(f'{m} = EXCLUDED.{m}' for m in KAS_MONTH_FIELDS)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [anggaran.pemda_id, anggaran.pk, lines, units, *columns])


def anggaran_kas_carry(*, source: Anggaran, target: Anggaran, new_lines: Sequence[int] = ()) -> int:
    """The cash plan of a stage made from `source` (a pergeseran / APBD-P): each line keeps its source line's
    months (by `kunci`), re-balanced to its new amount from the current month on (`rebalance_months`), and the
    `new_lines` are spread evenly over the months left; lines whose source had no plan get none. Returns the
    number of lines written."""
    today = timezone.localdate()
    from_month = 1 if target.tahun > today.year else 12 if target.tahun < today.year else today.month
    fields = [f"anggaran_kas__{name}" for name in KAS_MONTH_FIELDS]
    planned = {
        row["kunci"]: [row[name] for name in fields]
        for row in BudgetLine.objects.filter(anggaran=source, anggaran_kas__isnull=False).values(
            "kunci", *fields
        )
    }
    fresh = set(new_lines)
    lines: list[int] = []
    units: list[int] = []
    columns: list[list[Decimal]] = [[] for _ in KAS_MONTH_FIELDS]
    for pk, unit, kunci, jumlah in BudgetLine.objects.filter(anggaran=target).values_list(
        "pk", "perangkat_daerah_id", "kunci", "jumlah"
    ):
        before = planned.get(kunci)
        if before is None and pk not in fresh:
            continue
        months = rebalance_months(before or [Decimal(0)] * 12, jumlah, from_month=from_month)
        lines.append(pk)
        units.append(unit)
        for month, amount in enumerate(months):
            columns[month].append(amount)
    if lines:
        _upsert(target, lines=lines, units=units, columns=columns)
    return len(lines)
