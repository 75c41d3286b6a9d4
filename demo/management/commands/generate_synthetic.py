from django.core.management.base import BaseCommand, CommandParser

from demo.synthetic import SIZES, generate


class Command(BaseCommand):
    help = "Build a synthetic pemda at benchmark scale (S 50,000 lines, M 200,000, L 1,000,000) set-based."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="S")

    def handle(self, *args: object, size: str, **options: object) -> None:
        pemda = generate(size, say=self.stdout.write)
        self.stdout.write(f"{pemda.nama} ({pemda.kode}); login pimpinan: pimpinan.{pemda.kode}")
