from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organisation.models import User
from planning.importers import ImportRejected, renja_import
from planning.models import Renja, Rkpd


class Command(BaseCommand):
    help = "Import sub kegiatan rows (.xlsx/.csv) into a Renja or an RKPD, as a given user (same rules as the API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--renja", type=int, help="Renja id")
        target.add_argument("--rkpd", type=int, help="RKPD id (rows dispatched by opd_kode)")
        parser.add_argument("--username", required=True, help="the user the import is made as")
        parser.add_argument("--replace", action="store_true", help="delete the document's rows first")

    def handle(
        self,
        *args: object,
        file: Path,
        renja: int | None,
        rkpd: int | None,
        username: str,
        replace: bool,
        **options: object,
    ) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada.")
        model = Renja if renja else Rkpd
        document = model.objects.filter(pk=renja or rkpd).first()
        if document is None:
            raise CommandError(f"{model.__name__} {renja or rkpd} tidak ada.")
        try:
            with file.open("rb") as handle:
                result = renja_import(
                    user=user, document=document, file=handle, filename=file.name, replace=replace
                )
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"baris {error.row} kolom {error.column}: {error.reason}")
            raise CommandError(str(rejected)) from rejected
        for warning in result["warnings"]:
            self.stdout.write(f"peringatan baris {warning.row} kolom {warning.column}: {warning.reason}")
        self.stdout.write(
            self.style.SUCCESS(f"{result['created']} sub kegiatan diimpor ke Renja {result['renja']}.")
        )
