import os
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.database import libpq_env, pg_tool


class Command(BaseCommand):
    help = "Dump the whole database (pg_dump custom format) to FILE; works for the embedded server too."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        env = {**os.environ, **libpq_env(connection.settings_dict)}
        result = subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={file}"], env=env, check=False
        )
        if result.returncode:
            raise CommandError(f"pg_dump failed with exit code {result.returncode}")
        self.stdout.write(f"{connection.settings_dict['NAME']} → {file} ({os.path.getsize(file):,} bytes)")
