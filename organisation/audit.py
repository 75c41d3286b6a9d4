"""The audit index: every django-pghistory event table feeds `organisation_auditentry` through a statement trigger.

The trigger is installed after every `migrate` on each event table the project has (a new tracked model gets it
without a migration of its own), and the first time it is installed on a table that table's earlier events are
copied in. The pemda an event belongs to follows the tracked model's own `tenant_scope`: its `pemda_id` column, its
own id for the Pemda row, none for national data. A tracked model scoped any other way is a configuration error.
"""

from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Model

from organisation.models import TenantScope

TRIGGER = "audit_entry"
NEW_ROWS = "audit_new_rows"


def copy_sql(*, event: str, tracked: str, pemda: str, source: str) -> str:
    """The INSERT … SELECT that copies the events of `source` (its rows as `e`) into the index."""
    return (
        "INSERT INTO organisation_auditentry "
        "(event_model, event_id, object_model, object_id, label, created_at, pemda_id, user_id) "
        f"SELECT {event}, e.pgh_id, {tracked}, e.pgh_obj_id::text, e.pgh_label, e.pgh_created_at, {pemda}, "
        "(c.metadata ->> 'user')::integer "
        f"FROM {source} e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id"
    )


# One function for every event table; its arguments are the event model, the tracked model and the SQL that gives
# an event's pemda. Transition tables are visible to dynamic SQL, so one INSERT … SELECT copies a whole statement.
_STATEMENT_COPY = copy_sql(event="%L", tracked="%L", pemda="%s", source=NEW_ROWS).replace("'", "''")
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION organisation_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('{_STATEMENT_COPY}', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
  RETURN NULL;
END $$;
"""


def event_models() -> list[type[Model]]:
    """Every concrete django-pghistory event model, in a stable order."""
    import pghistory.models

    found = [
        model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy and not model._meta.abstract
    ]
    return sorted(found, key=lambda model: model._meta.label)


def pemda_sql(event_model: type[Model]) -> str:
    """The SQL expression, over an event row `e`, for the pemda the event belongs to."""
    tracked = event_model.pgh_tracked_model  # type: ignore[attr-defined]
    scope = getattr(tracked, "tenant_scope", None)
    if isinstance(scope, TenantScope):
        if scope.pemda is None:
            return "NULL::integer"
        if scope.pemda == "":
            return "e.pgh_obj_id::integer"
        if scope.pemda == "pemda" and "pemda" in {field.name for field in event_model._meta.fields}:
            return "e.pemda_id"
    raise ImproperlyConfigured(
        f"{tracked._meta.label} is tracked in the audit trail but has no pemda column in its events; "
        "give it a `pemda` field (or a national tenant_scope)."
    )


def install(using: str = "default", **_: Any) -> None:
    """Create the function and each event table's trigger; back-fill a table the first time it gets one."""
    with connections[using].cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for event_model in event_models():
            table = event_model._meta.db_table
            cursor.execute(
                "SELECT to_regclass(%s) IS NOT NULL, EXISTS "
                "(SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = to_regclass(%s))",
                [f'"{table}"', TRIGGER, f'"{table}"'],
            )
            present, existed = cursor.fetchone()
            if not present:  # migrated back to before the table existed
                continue
            label, tracked, pemda = (
                event_model._meta.label,
                event_model.pgh_tracked_model._meta.label,  # type: ignore[attr-defined]
                pemda_sql(event_model),
            )
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT ON "{table}" '
                f"REFERENCING NEW TABLE AS {NEW_ROWS} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION organisation_audit_entry('{label}', '{tracked}', '{pemda}')"
            )
            if not existed:  # the events written before the trigger was
                backfill = copy_sql(event="%s", tracked="%s", pemda=pemda, source=f'"{table}"')
                cursor.execute(f"{backfill} ON CONFLICT DO NOTHING", [label, tracked])
