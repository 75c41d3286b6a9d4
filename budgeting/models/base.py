"""Field options and the stage-lock triggers every budgeting table shares."""

from typing import Any

import pgtrigger
from django.core.validators import MaxValueValidator, MinValueValidator

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 2}
VOLUME: dict[str, Any] = {"max_digits": 20, "decimal_places": 4}
PERCENT: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}
YEAR: dict[str, Any] = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}


def _locked_rows_guard(table: str, *transitions: str) -> str:
    """Body of a statement trigger refusing rows (in the transition tables) of a closed stage or closed OPD.

    The stage rows are read FOR SHARE, so closing a stage (an UPDATE of that row) waits for writers in flight and
    a writer that started before the close cannot slip a row into the snapshot after it.
    """
    rows = " UNION ALL ".join(f"SELECT anggaran_id, perangkat_daerah_id FROM {name}" for name in transitions)
    return f"""
    PERFORM 1 FROM budgeting_anggaran a
     WHERE a.id IN (SELECT DISTINCT t.anggaran_id FROM ({rows}) t) ORDER BY a.id FOR SHARE;
    IF EXISTS (
        SELECT 1 FROM ({rows}) t
          JOIN budgeting_anggaran a ON a.id = t.anggaran_id
          LEFT JOIN organisation_perangkatdaerah pd ON pd.id = t.perangkat_daerah_id
         WHERE a.status = 'closed'
            OR EXISTS (
                SELECT 1 FROM budgeting_anggaranopdlock l
                 WHERE l.anggaran_id = t.anggaran_id
                   AND l.perangkat_daerah_id = COALESCE(pd.induk_id, pd.id)
                   AND l.is_closed
            )
    ) THEN
        RAISE EXCEPTION 'stage_closed: % pada tahap yang sudah dikunci tidak dapat diubah', '{table}'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
    """


def locked_stage_triggers(table: str) -> list[pgtrigger.Trigger]:
    """Three statement triggers (PostgreSQL allows transition tables on single-event triggers only)."""
    return [
        pgtrigger.Trigger(
            name="locked_stage_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=_locked_rows_guard(table, "new_rows"),
        ),
        pgtrigger.Trigger(
            name="locked_stage_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=_locked_rows_guard(table, "old_rows", "new_rows"),
        ),
        pgtrigger.Trigger(
            name="locked_stage_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=_locked_rows_guard(table, "old_rows"),
        ),
    ]


# `EXECUTION_TAHAP` (below) as an SQL list, for the triggers.
EXECUTION_TAHAP_SQL = "('dpa', 'pergeseran', 'apbd_p')"
# The columns of a line that make its amount and its place in the budget; on an execution stage they change
# only through an applied pergeseran.
EXECUTION_GUARDED_COLUMNS = (
    "anggaran_id", "perangkat_daerah_id", "jenis", "sub_kegiatan_id", "sub_kegiatan_kode", "akun_id",
    "sumber_dana_id", "volume_1", "volume_2", "volume_3", "volume_4", "harga_satuan", "ppn", "jumlah", "kunci",
)  # fmt: skip


def _execution_rows_guard(rows: str) -> str:
    return f"""
    IF EXISTS ({rows}) THEN
        RAISE EXCEPTION 'execution_stage: rincian dokumen pelaksanaan (DPA / DPPA) hanya berubah melalui pergeseran'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
    """


def execution_stage_triggers() -> list[pgtrigger.Trigger]:
    """Statement triggers refusing inserts, deletes and amount changes of lines of an execution stage.

    An execution document is born as a copy (`anggaran_copy_rows`) and changes only in `pergeseran_apply`; both
    run with these triggers ignored (`budgeting.services.execution_line_writes`), nothing else does.
    """
    in_execution = "JOIN budgeting_anggaran a ON a.id = t.anggaran_id WHERE a.tahap IN " + EXECUTION_TAHAP_SQL
    old = ", ".join(f"o.{column}" for column in EXECUTION_GUARDED_COLUMNS)
    new = ", ".join(f"n.{column}" for column in EXECUTION_GUARDED_COLUMNS)
    changed = (
        "SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN budgeting_anggaran a "
        f"ON a.id IN (o.anggaran_id, n.anggaran_id) WHERE a.tahap IN {EXECUTION_TAHAP_SQL} "
        f"AND ({old}) IS DISTINCT FROM ({new})"
    )
    return [
        pgtrigger.Trigger(
            name="execution_stage_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=_execution_rows_guard(f"SELECT 1 FROM new_rows t {in_execution}"),
        ),
        pgtrigger.Trigger(
            name="execution_stage_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=_execution_rows_guard(changed),
        ),
        pgtrigger.Trigger(
            name="execution_stage_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=_execution_rows_guard(f"SELECT 1 FROM old_rows t {in_execution}"),
        ),
    ]
