"""The document lock reads the document FOR SHARE.

The lock triggers of 0002 and 0003 read the document's status with a plain snapshot: an edit racing the approval
read "draft", went ahead, and committed into an approved document. Now they lock the document row FOR SHARE
first, so the edit waits for a concurrent approval (or revision) and then sees the new status, and an approval
waits for the edits already under way. A row lock cannot be taken in a STABLE function, so the functions of 0003
become VOLATILE.
"""

import importlib

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

PLAN_ROW_LOCKED = """
CREATE OR REPLACE FUNCTION planning_plan_row_locked(
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
) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF COALESCE(tujuan, sasaran, program_rpjmd) IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM (
                SELECT d.status, d.is_current FROM planning_rpjmd d
                 WHERE d.id IN (SELECT o.rpjmd_id FROM planning_tujuan o WHERE o.id = tujuan
                                UNION ALL
                                SELECT o.rpjmd_id FROM planning_sasaran o WHERE o.id = sasaran
                                UNION ALL
                                SELECT o.rpjmd_id FROM planning_programrpjmd o WHERE o.id = program_rpjmd)
                 FOR SHARE
            ) d
             WHERE d.status <> 'draft' OR NOT d.is_current
        );
    ELSIF COALESCE(renstra_tujuan, renstra_sasaran, renstra_program, renstra_kegiatan, renstra_sub_kegiatan)
          IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM (
                SELECT d.status, d.is_current FROM planning_renstra d
                 WHERE d.id IN (SELECT o.renstra_id FROM planning_renstratujuan o WHERE o.id = renstra_tujuan
                                UNION ALL
                                SELECT o.renstra_id FROM planning_renstrasasaran o WHERE o.id = renstra_sasaran
                                UNION ALL
                                SELECT o.renstra_id FROM planning_renstraprogram o WHERE o.id = renstra_program
                                UNION ALL
                                SELECT o.renstra_id FROM planning_renstrakegiatan o WHERE o.id = renstra_kegiatan
                                UNION ALL
                                SELECT o.renstra_id FROM planning_renstrasubkegiatan o
                                 WHERE o.id = renstra_sub_kegiatan)
                 FOR SHARE
            ) d
             WHERE d.status <> 'draft' OR NOT d.is_current
        );
    ELSIF COALESCE(renja_program, renja_kegiatan, renja_sub_kegiatan) IS NOT NULL THEN
        RETURN EXISTS (
            SELECT FROM (
                SELECT d.status, d.is_current FROM planning_renja d
                 WHERE d.id IN (SELECT o.renja_id FROM planning_renjaprogram o WHERE o.id = renja_program
                                UNION ALL
                                SELECT o.renja_id FROM planning_renjakegiatan o WHERE o.id = renja_kegiatan
                                UNION ALL
                                SELECT o.renja_id FROM planning_renjasubkegiatan o
                                 WHERE o.id = renja_sub_kegiatan)
                 FOR SHARE
            ) d
             WHERE d.status <> 'draft' OR NOT d.is_current
        );
    END IF;
    RETURN false;
END
$$;
ALTER FUNCTION planning_indikator_locked(planning_indikator) VOLATILE;
ALTER FUNCTION planning_pagutahunan_locked(planning_pagutahunan) VOLATILE;
"""

# back to 0003's function, as it was
_before = importlib.import_module("planning.migrations.0003_indikator_lock").SQL
PLAN_ROW_LOCKED_BEFORE = (
    _before[_before.index("CREATE FUNCTION planning_plan_row_locked") : _before.index("-- An indicator is locked")]
    .replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    + """
ALTER FUNCTION planning_indikator_locked(planning_indikator) STABLE;
ALTER FUNCTION planning_pagutahunan_locked(planning_pagutahunan) STABLE;
"""
)


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0004_updated_by'),
    ]

    operations = [
        migrations.RunSQL(PLAN_ROW_LOCKED, PLAN_ROW_LOCKED_BEFORE),
        pgtrigger.migrations.RemoveTrigger(
            model_name='arahkebijakan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='misi',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='programrpjmd',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renjakegiatan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renjaprogram',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renjasubkegiatan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renstrakegiatan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renstraprogram',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renstrasasaran',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renstrasubkegiatan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='renstratujuan',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='sasaran',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='strategi',
            name='document_locked',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='tujuan',
            name='document_locked',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='arahkebijakan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='aad92018e419e4f2d32b6d1070bf3b629bb24f0c', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_a36ba', table='planning_arahkebijakan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='misi',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='dc07eced2514faa21ff33ac9bd5cb6380a927d35', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_73f52', table='planning_misi', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='programrpjmd',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='f6bcc4bd613e7249bec29b13cf41ddfbbcaa9185', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_c0a95', table='planning_programrpjmd', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renjakegiatan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renja d\n                     WHERE d.id IN (OLD.renja_id, NEW.renja_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='52141588aeb16498f89a60549c409e8bfb61fd87', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_820e1', table='planning_renjakegiatan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renjaprogram',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renja d\n                     WHERE d.id IN (OLD.renja_id, NEW.renja_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='8c1ff57492bdce0460d9887119f095af6de47ecf', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_0add7', table='planning_renjaprogram', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renjasubkegiatan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renja d\n                     WHERE d.id IN (OLD.renja_id, NEW.renja_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='ac91c8e0abd48ec575707107d82c1d12119ef359', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_e9839', table='planning_renjasubkegiatan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renstrakegiatan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renstra d\n                     WHERE d.id IN (OLD.renstra_id, NEW.renstra_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='21db32731fb333fa5dad61c1ab424dbebed38a09', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_1121f', table='planning_renstrakegiatan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renstraprogram',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renstra d\n                     WHERE d.id IN (OLD.renstra_id, NEW.renstra_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='1a72025a49882ab6c365693d905afb8995b50a89', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_16aac', table='planning_renstraprogram', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renstrasasaran',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renstra d\n                     WHERE d.id IN (OLD.renstra_id, NEW.renstra_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='a4b86f33d70c17941b639945bb163cb6191e0150', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_c268e', table='planning_renstrasasaran', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renstrasubkegiatan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renstra d\n                     WHERE d.id IN (OLD.renstra_id, NEW.renstra_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='387d597bfc056e53fe5dddc8f9ff6b644ed3f8a2', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_9ef82', table='planning_renstrasubkegiatan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='renstratujuan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_renstra d\n                     WHERE d.id IN (OLD.renstra_id, NEW.renstra_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='3e08cd14e19b388496b4394e5ce76c791e765e57', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_07947', table='planning_renstratujuan', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='sasaran',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='3a488823708c8fe33fd8d2fea268b0ef72a77854', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_1ee5d', table='planning_sasaran', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='strategi',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='ccdc71fb577141ab67f86e1562701fbe29fffc65', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_d0863', table='planning_strategi', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='tujuan',
            trigger=pgtrigger.compiler.Trigger(name='document_locked', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n            IF EXISTS (\n                SELECT FROM (\n                    SELECT d.status, d.is_current FROM planning_rpjmd d\n                     WHERE d.id IN (OLD.rpjmd_id, NEW.rpjmd_id) ORDER BY d.id FOR SHARE\n                ) d\n                 WHERE d.status <> 'draft' OR NOT d.is_current\n            ) THEN\n                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME\n                    USING ERRCODE = 'check_violation';\n            END IF;\n            RETURN COALESCE(NEW, OLD);\n        ", hash='95dd1e2f49085ca5f7324af85b00e0c95c5301fa', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_document_locked_6f2bd', table='planning_tujuan', when='BEFORE')),
        ),
    ]
