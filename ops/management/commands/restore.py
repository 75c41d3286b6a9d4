import os
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.database import libpq_env, pg_tool


class Command(BaseCommand):
    help = "Restore a dump made by `backup` into the configured database, replacing what is there."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        if not os.path.isfile(file):
            raise CommandError(f"no such file: {file}")
        connection.close()
        env = {**os.environ, **libpq_env(connection.settings_dict)}
        command = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        result = subprocess.run(
            [*command, f"--dbname={connection.settings_dict['NAME']}", file], env=env, check=False
        )
        if result.returncode:
            raise CommandError(f"pg_restore failed with exit code {result.returncode}")
        self.stdout.write(f"{file} → {connection.settings_dict['NAME']}")
