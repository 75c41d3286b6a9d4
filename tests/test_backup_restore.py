import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models

ROOT = Path(__file__).resolve().parent.parent


def totals(cursor) -> dict[str, tuple]:
    """Per table: row count and the sum of every money column — what the reports are computed from."""
    result = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        money = [f.column for f in model._meta.fields if isinstance(f, models.DecimalField)]
        sums = "".join(f', SUM("{column}")' for column in money)
        cursor.execute(f'SELECT COUNT(*){sums} FROM "{model._meta.db_table}"')
        result[model._meta.label] = cursor.fetchone()
    return result


def test_a_restored_dump_has_identical_totals(transactional_db, tmp_path):
    # given: the demo pemda, dumped
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        before = totals(cursor)
    dump = tmp_path / "pagu.dump"
    call_command("backup", str(dump), stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings = connection.settings_dict
    target = f"{settings['NAME']}_restore"
    admin = {
        "host": settings["HOST"],
        "port": settings["PORT"] or None,
        "user": settings["USER"],
        "dbname": "postgres",
    }
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        # when
        restore = subprocess.run(
            [sys.executable, "manage.py", "restore", str(dump)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_NAME": target},
            capture_output=True,
            text=True,
            check=False,
        )
        # then
        assert restore.returncode == 0, restore.stderr
        with psycopg.connect(**{**admin, "dbname": target}) as restored, restored.cursor() as cursor:
            assert totals(cursor) == before
        assert sum(count for count, *_ in before.values()) > 100
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
