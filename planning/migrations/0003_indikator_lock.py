"""The document lock, in the database, for indicators, their yearly targets and yearly pagu.

0002_document_lock guards the plan rows themselves (misi … sub kegiatan). The rows hanging on them are guarded
here: no statement, bulk `.update()` and raw SQL included, may insert, change or delete an indicator
(`planning_indikator`), an indicator's yearly target (`planning_indikatortarget`) or a yearly pagu
(`planning_pagutahunan`) whose plan row belongs to a document that is not the current draft (its status is past
draft, or a newer revision superseded it). A change that moves a row to another owner is checked against both
the old and the new owner. Drafts stay writable, so deleting a draft document (its rows cascade) and `revise`
(which copies the rows into the new draft) work as before.

The error is the plan rows' one: SQLSTATE 23514 (check_violation), message
`document_locked: <table> belongs to a locked document`.
"""

from django.db import migrations

SQL = """
-- Is the document of this plan row locked, that is: not the current draft? Pass the plan row an indicator or a
-- yearly pagu hangs on: exactly one (the tables' one-owner check constraints), so only the first document kind
-- with an id set is looked at. No id (the OLD row of an INSERT, the NEW row of a DELETE), or a row that no
-- longer exists, is not locked.
CREATE FUNCTION planning_plan_row_locked(
    tujuan bigint DEFAULT NULL,
    sasaran bigint DEFAULT NULL,
    program_rpjmd bigint DEFAULT NULL,
    renstra_tujuan bigint DEFAULT NULL,
    renstra_sasaran bigint DEFAULT NULL,
    renstra_program bigint DEFAULT NULL,
    renstra_kegiatan bigint DEFAULT NULL,
    renstra_sub_kegiatan bigint DEFAULT NULL,
    renja_program bigint DEFAULT NULL,
    renja_kegiatan bigint DEFAULT NULL,
    renja_sub_kegiatan bigint DEFAULT NULL
) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF COALESCE(tujuan, sasaran, program_rpjmd) IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM planning_rpjmd d
             WHERE (d.status <> 'draft' OR NOT d.is_current)
               AND d.id IN (SELECT o.rpjmd_id FROM planning_tujuan o WHERE o.id = tujuan
                            UNION ALL
                            SELECT o.rpjmd_id FROM planning_sasaran o WHERE o.id = sasaran
                            UNION ALL
                            SELECT o.rpjmd_id FROM planning_programrpjmd o WHERE o.id = program_rpjmd)
        );
    ELSIF COALESCE(renstra_tujuan, renstra_sasaran, renstra_program, renstra_kegiatan, renstra_sub_kegiatan)
          IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM planning_renstra d
             WHERE (d.status <> 'draft' OR NOT d.is_current)
               AND d.id IN (SELECT o.renstra_id FROM planning_renstratujuan o WHERE o.id = renstra_tujuan
                            UNION ALL
                            SELECT o.renstra_id FROM planning_renstrasasaran o WHERE o.id = renstra_sasaran
                            UNION ALL
                            SELECT o.renstra_id FROM planning_renstraprogram o WHERE o.id = renstra_program
                            UNION ALL
                            SELECT o.renstra_id FROM planning_renstrakegiatan o WHERE o.id = renstra_kegiatan
                            UNION ALL
                            SELECT o.renstra_id FROM planning_renstrasubkegiatan o
                             WHERE o.id = renstra_sub_kegiatan)
        );
    ELSIF COALESCE(renja_program, renja_kegiatan, renja_sub_kegiatan) IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM planning_renja d
             WHERE (d.status <> 'draft' OR NOT d.is_current)
               AND d.id IN (SELECT o.renja_id FROM planning_renjaprogram o WHERE o.id = renja_program
                            UNION ALL
                            SELECT o.renja_id FROM planning_renjakegiatan o WHERE o.id = renja_kegiatan
                            UNION ALL
                            SELECT o.renja_id FROM planning_renjasubkegiatan o WHERE o.id = renja_sub_kegiatan)
        );
    END IF;
    RETURN false;
END
$$;

-- An indicator is locked with the plan row it hangs on.
CREATE FUNCTION planning_indikator_locked(i planning_indikator) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT planning_plan_row_locked(
        tujuan => i.tujuan_id,
        sasaran => i.sasaran_id,
        program_rpjmd => i.program_rpjmd_id,
        renstra_tujuan => i.renstra_tujuan_id,
        renstra_sasaran => i.renstra_sasaran_id,
        renstra_program => i.renstra_program_id,
        renstra_kegiatan => i.renstra_kegiatan_id,
        renstra_sub_kegiatan => i.renstra_sub_kegiatan_id,
        renja_program => i.renja_program_id,
        renja_kegiatan => i.renja_kegiatan_id,
        renja_sub_kegiatan => i.renja_sub_kegiatan_id
    )
$$;

-- A yearly pagu is locked with the plan row it belongs to.
CREATE FUNCTION planning_pagutahunan_locked(p planning_pagutahunan) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT planning_plan_row_locked(
        program_rpjmd => p.program_rpjmd_id,
        renstra_program => p.renstra_program_id,
        renstra_kegiatan => p.renstra_kegiatan_id,
        renstra_sub_kegiatan => p.renstra_sub_kegiatan_id
    )
$$;

-- The triggers: refuse the change when the row before it (OLD) or after it (NEW) is locked. OLD is NULL on
-- INSERT and NEW on DELETE, and a NULL row is not locked.
CREATE FUNCTION planning_indikator_document_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF planning_indikator_locked(OLD) OR planning_indikator_locked(NEW) THEN
        RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$;

-- A target is locked with its indicator.
CREATE FUNCTION planning_indikatortarget_document_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT FROM planning_indikator i
         WHERE i.id IN (OLD.indikator_id, NEW.indikator_id) AND planning_indikator_locked(i)
    ) THEN
        RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$;

CREATE FUNCTION planning_pagutahunan_document_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF planning_pagutahunan_locked(OLD) OR planning_pagutahunan_locked(NEW) THEN
        RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$;

CREATE TRIGGER document_locked BEFORE INSERT OR UPDATE OR DELETE ON planning_indikator
    FOR EACH ROW EXECUTE FUNCTION planning_indikator_document_locked();
CREATE TRIGGER document_locked BEFORE INSERT OR UPDATE OR DELETE ON planning_indikatortarget
    FOR EACH ROW EXECUTE FUNCTION planning_indikatortarget_document_locked();
CREATE TRIGGER document_locked BEFORE INSERT OR UPDATE OR DELETE ON planning_pagutahunan
    FOR EACH ROW EXECUTE FUNCTION planning_pagutahunan_document_locked();
"""

REVERSE_SQL = """
DROP TRIGGER document_locked ON planning_pagutahunan;
DROP TRIGGER document_locked ON planning_indikatortarget;
DROP TRIGGER document_locked ON planning_indikator;
DROP FUNCTION planning_pagutahunan_document_locked();
DROP FUNCTION planning_indikatortarget_document_locked();
DROP FUNCTION planning_indikator_document_locked();
DROP FUNCTION planning_pagutahunan_locked(planning_pagutahunan);
DROP FUNCTION planning_indikator_locked(planning_indikator);
DROP FUNCTION planning_plan_row_locked(bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_document_lock")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
