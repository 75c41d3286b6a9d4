"""The ceiling holds when several writers add lines at the same moment, each in its own connection."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from budgeting.models import BudgetLine
from budgeting.services import budget_line_create
from tests.budgeting.factories import PlafonFactory

WRITERS = 8
LINES_PER_WRITER = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_exceed_the_plafon(anggaran, finance, line_fields, opd):
    # given: room for 5 lines of Rp 550,000 and 24 attempts racing for it
    plafon = PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("2750000"))
    fields = line_fields()
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def writer() -> None:
        try:
            barrier.wait()
            for _ in range(LINES_PER_WRITER):
                try:
                    budget_line_create(user=finance, anggaran=anggaran, **fields)
                    result = "created"
                except ValidationError as error:
                    result = error.error_dict["jumlah"][0].code
                with lock:
                    outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then
    total = BudgetLine.objects.filter(anggaran=anggaran).aggregate(total=Sum("jumlah"))["total"]
    assert len(outcomes) == WRITERS * LINES_PER_WRITER
    assert outcomes.count("created") == 5
    assert set(outcomes) == {"created", "plafon_exceeded"}
    assert total == plafon.jumlah
