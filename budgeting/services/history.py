"""Set-based pghistory events for bulk writes done with the row triggers ignored."""

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import pgtrigger
from django.apps import apps
from django.db import connection, models

from budgeting.models import (
    BudgetLine,
)


@contextlib.contextmanager
def bulk_line_writes() -> Iterator[None]:
    """Bulk inserts and deletes of lines without the per-row pghistory triggers.

    The row triggers cost about half a millisecond a line (most of it attaching the context row by row); inside
    this block the caller records the same events set-based with `record_line_history`, which for 100,000 lines
    takes well under a second. The stage-lock triggers stay active.
    """
    with pgtrigger.ignore("budgeting.BudgetLine:insert_insert", "budgeting.BudgetLine:delete_delete"):
        yield


def record_line_history(*, label: str, where: str, params: Sequence[Any]) -> int:
    """`record_history` of budget lines: used where lines are written with their row triggers ignored."""
    return record_history(model=BudgetLine, label=label, where=where, params=params)


def record_history(*, model: type[models.Model], label: str, where: str, params: Sequence[Any]) -> int:
    """Write pghistory events (`insert` after, `delete` before the change) for the rows of a tracked budgeting model
    matching `where`, in one INSERT … SELECT carrying the current audit context (user and URL of the request).

    For bulk writes done with the row triggers ignored (see `bulk_line_writes`)."""
    event = apps.get_model("budgeting", f"{model.__name__}Event")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT _pgh_attach_context()")
        special = {"pgh_context": ("%s", [cursor.fetchone()[0]]), "pgh_created_at": ("NOW()", []),
                   "pgh_label": ("%s", [label]), "pgh_obj": ("id", [])}  # fmt: skip
        columns, select, bound = [], [], []
        for field in event._meta.concrete_fields:
            if field.name == "pgh_id":
                continue
            expression, values = special.get(field.name, (quote(field.column), []))
            columns.append(quote(field.column))
            select.append(expression)
            bound.extend(values)
        cursor.execute(
            f"INSERT INTO {quote(event._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} WHERE {where}",
            [*bound, *params],
        )
        return cursor.rowcount
