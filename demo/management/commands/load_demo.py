from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from demo.budgeting import load_budgeting_demo
from demo.organisation import DEMO_PASSWORD, DEMO_USERS, organisation_demo_load
from demo.planning import load_planning_demo
from demo.reference import reference_demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo pemda, Kabupaten Sukamaju, with reference data, plans and users."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--tahun", type=int, default=timezone.localdate().year, help="the demo budget year"
        )

    def handle(self, *args: object, tahun: int, **options: object) -> None:
        with transaction.atomic():
            reference_demo_load()
            pemda = organisation_demo_load()
            load_planning_demo(pemda=pemda, tahun=tahun)
            load_budgeting_demo(pemda=pemda, tahun=tahun)
        # fresh statistics for the planner: without them the first report over ~30,000 entries plans badly
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Demo siap: {pemda.nama} ({pemda.kode}), tahun anggaran {tahun}.")
        )
        self.stdout.write(f"Login demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            opd = f" — {user.opd}" if user.opd else ""
            self.stdout.write(f"  {user.username:<18} {user.role.label}{opd}")
