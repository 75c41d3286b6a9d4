import re
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from config.tabular import RowWarning
from organisation.models import PemdaLevel
from reference.importers import ImportRejected, ImportResult, RowError, reference_import
from reference.models import ReferenceKind

KINDS = {
    "nomenclature": ReferenceKind.NOMENKLATUR,
    "akun": ReferenceKind.AKUN,
    "sumber-dana": ReferenceKind.SUMBER_DANA,
}


def parse_years(value: str) -> tuple[int, int]:
    """`2024-2026` (or `2024–2026`, or one year `2025`) → (2024, 2026)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–/]\s*(\d{4}))?\s*", value)
    if not match:
        raise CommandError(f"--years harus berbentuk 2024-2026, bukan '{value}'.")
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start:
        raise CommandError(f"--years: {end} lebih awal dari {start}.")
    return start, end


def format_error(error: RowError | RowWarning) -> str:
    where = f"baris {error.row}" if error.row is not None else "berkas"
    column = f", kolom {error.column}" if error.column else ""
    return f"{where}{column}: {error.reason}"


class Command(BaseCommand):
    help = (
        "Import an official reference list (.xlsx or .csv): nomenclature, akun or sumber-dana. "
        "All or nothing: a bad file imports nothing and every bad row is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--legal-basis", required=True, help='e.g. "Kepmendagri 900.1.15.5-1317/2023"')
        parser.add_argument("--years", required=True, help="budget years the list governs, e.g. 2024-2026")
        parser.add_argument(
            "--pemda-level",
            type=str.upper,
            choices=PemdaLevel.values,
            default="",
            help="nomenclature only: PROV or KABKOT (read from a jenis_pemda column when it holds only one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        tahun_mulai, tahun_selesai = parse_years(options["years"])
        bar = tqdm(file=sys.stderr, disable=not sys.stderr.isatty(), unit=" baris", leave=False)

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done - bar.n)

        try:
            result = reference_import(
                kind=KINDS[options["kind"]],
                file=path,
                filename=path.name,
                legal_basis=options["legal_basis"],
                tahun_mulai=tahun_mulai,
                tahun_selesai=tahun_selesai,
                pemda_level=options["pemda_level"],
                progress=progress,
            )
        except ImportRejected as rejected:
            bar.close()
            for error in rejected.errors:
                self.stderr.write(format_error(error))
            raise CommandError(str(rejected)) from rejected
        except ValidationError as invalid:
            bar.close()
            raise CommandError(" ".join(invalid.messages)) from invalid
        bar.close()
        self.report(result)

    def report(self, result: ImportResult) -> None:
        self.stdout.write(f"Versi: {result.version}")
        width = max(len("total"), *(len(name) for name in result.created))
        for name, count in result.created.items():
            self.stdout.write(f"  {name:<{width}}  {count:>6} dibuat")
        self.stdout.write(f"  {'total':<{width}}  {sum(result.created.values()):>6} dibuat")
        self.stdout.write(f"Tidak berubah: {result.unchanged}")
        self.stdout.write(f"Duplikat dilewati: {len(result.duplicates)}")
        for duplicate in result.duplicates:
            self.stdout.write(f"  {format_error(duplicate)}")
        if result.mappings:
            self.stdout.write(f"Pemetaan kode lama → baru: {result.mappings}")
        for warning in result.warnings:
            self.stdout.write(f"Peringatan: {format_error(warning)}")
        self.stdout.write(self.style.SUCCESS("Impor selesai."))
