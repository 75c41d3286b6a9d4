import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from config.tabular import ImportRejected, RowError, RowWarning
from organisation.importers import OpdImportResult, perangkat_daerah_import
from organisation.models import Role, User
from organisation.services import pemda_create, user_create


def format_error(error: RowError | RowWarning) -> str:
    where = f"baris {error.row}" if error.row is not None else "berkas"
    column = f", kolom {error.column}" if error.column else ""
    return f"{where}{column}: {error.reason}"


def format_invalid(invalid: ValidationError) -> str:
    if hasattr(invalid, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in invalid.message_dict.items())
    return " ".join(invalid.messages)


class Command(BaseCommand):
    help = (
        "Onboard a pemda: create it from its Kemendagri region code, its first admin, and (with --opd-file) its "
        "OPD list (KODE, ORGANISASI, KETERANGAN). All in one transaction: any error creates nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kode", required=True, help="Kemendagri region code, e.g. 76.01")
        parser.add_argument("--nama", default="", help="name of the pemda (default: the official one)")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--admin-password",
            default="",
            help="default: a one-time password, printed once; change it at login",
        )
        parser.add_argument("--opd-file", type=Path, help="the OPD list (.xlsx or .csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        opd_file: Path | None = options["opd_file"]
        if opd_file is not None and not opd_file.is_file():
            raise CommandError(f"Berkas {opd_file} tidak ditemukan.")
        password = options["admin_password"] or secrets.token_urlsafe(12)
        # The command acts as the platform operator: a superuser of no pemda, never saved.
        operator = User(username="onboard_pemda", is_superuser=True)
        try:
            with transaction.atomic():
                pemda = pemda_create(user=operator, kode=options["kode"], nama=options["nama"])
                admin = user_create(
                    user=operator,
                    password=password,
                    pemda=pemda,
                    username=options["admin_username"],
                    email=options["admin_email"],
                    role=Role.ADMIN,
                )
                result = None
                if opd_file is not None:
                    result = perangkat_daerah_import(
                        user=admin, pemda=pemda, file=str(opd_file), filename=opd_file.name
                    )
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(format_error(error))
            raise CommandError(f"Daftar OPD: {rejected}") from rejected
        except ValidationError as invalid:
            raise CommandError(format_invalid(invalid)) from invalid
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from denied
        self.stdout.write(f"Pemda: {pemda}")
        self.stdout.write(f"Admin: {admin.username} <{admin.email}>")
        if not options["admin_password"]:
            self.stdout.write(f"Kata sandi sekali pakai (hanya ditampilkan sekarang): {password}")
        if result is not None:
            self.report(result)
        self.stdout.write(self.style.SUCCESS("Pemda siap dipakai."))

    def report(self, result: OpdImportResult) -> None:
        self.stdout.write(
            f"Perangkat daerah: {result.opd} OPD, {result.sub_unit} sub unit "
            f"({result.created} dibuat, {result.updated} diubah, {result.unchanged} tetap)"
        )
        for warning in result.warnings:
            self.stdout.write(f"Peringatan: {format_error(warning)}")
