"""The database lock of approved plan documents on their content rows."""

import pgtrigger
from django.db import models

from planning.models.renja import RenjaKegiatan, RenjaProgram, RenjaSubKegiatan
from planning.models.renstra import (
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
)
from planning.models.rpjmd import ArahKebijakan, Misi, ProgramRpjmd, Sasaran, Strategi, Tujuan

# The lock of an approved (or superseded) document, in the database: no statement, bulk `.update()` included,
# may insert, change or delete a content row of a document that is not the current draft. The document row is read
# FOR SHARE: an edit racing the approval (or a revision) waits for it and then sees the new status, and an approval
# waits for the edits already under way to commit.
LOCKED_CONTENT = (
    Misi, Tujuan, Sasaran, Strategi, ArahKebijakan, ProgramRpjmd,
    RenstraTujuan, RenstraSasaran, RenstraProgram, RenstraKegiatan, RenstraSubKegiatan,
    RenjaProgram, RenjaKegiatan, RenjaSubKegiatan,
)  # fmt: skip


def document_lock_trigger(model: type[models.Model]) -> pgtrigger.Trigger:
    field = model._meta.get_field(model.document_field)
    documents, column = field.remote_field.model._meta.db_table, field.column
    return pgtrigger.Trigger(
        name="document_locked",
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF EXISTS (
                SELECT FROM (
                    SELECT d.status, d.is_current FROM {documents} d
                     WHERE d.id IN (OLD.{column}, NEW.{column}) ORDER BY d.id FOR SHARE
                ) d
                 WHERE d.status <> 'draft' OR NOT d.is_current
            ) THEN
                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN COALESCE(NEW, OLD);
        """,
    )


for _model in LOCKED_CONTENT:
    pgtrigger.register(document_lock_trigger(_model))(_model)
