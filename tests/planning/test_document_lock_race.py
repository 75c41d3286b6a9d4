"""An edit racing an approval: the lock triggers read the document FOR SHARE, so the edit waits for the approval
and is then refused; it never commits into the approved document."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction

from planning import services
from planning.models import IndikatorTarget, Renja, RenjaSubKegiatan
from tests.planning.factories import (
    IndikatorFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
)


def _edit_sub_kegiatan(renja: Renja) -> int:
    return RenjaSubKegiatan.objects.filter(renja=renja).update(bulan_selesai=11)


def _edit_target(renja: Renja) -> int:
    return IndikatorTarget.objects.filter(indikator__renja_sub_kegiatan__renja=renja).update(target=99)


def _wait_until_blocked(pid: int, edit: threading.Thread, seconds: float = 10) -> bool:
    """True once the backend `pid` waits on a lock; False if the edit finished (or timed out) without waiting."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and edit.is_alive():
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edit", [_edit_sub_kegiatan, _edit_target], ids=["content row", "indicator target"])
def test_an_edit_racing_the_approval_waits_for_it_and_is_refused(
    edit: Callable[[Renja], int], ref, pemda, opd, planner, bappeda
):
    # given: a verified Renja with a sub kegiatan and an indicator target, about to be approved
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=ref["1.02.02.2.01"])
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref["1.02.02.2.01.0001"])
    IndikatorFactory(pemda=pemda, renja_sub_kegiatan=sub).targets.create(pemda=pemda, tahun=2026, target=10)
    services.document_transition(user=planner, document=renja, action="submit")
    services.document_transition(user=bappeda, document=renja, action="verify")
    before = (
        sorted(RenjaSubKegiatan.objects.values_list("bulan_selesai")),
        sorted(IndikatorTarget.objects.values_list("target")),
    )
    started = threading.Event()
    outcome: dict[str, object] = {}

    def editor() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            started.set()
            try:
                with transaction.atomic():
                    outcome["rows"] = edit(renja)
            except IntegrityError as error:
                outcome["error"] = str(error)
        finally:
            connection.close()

    # when: the approval is written but not yet committed, and the edit starts
    thread = threading.Thread(target=editor)
    with transaction.atomic():
        services.document_transition(user=bappeda, document=Renja.objects.get(pk=renja.pk), action="approve")
        thread.start()
        assert started.wait(10)
        blocked = _wait_until_blocked(int(outcome["pid"]), thread)  # type: ignore[call-overload]
    thread.join(timeout=30)

    # then: the edit waited for the approval, saw it, and changed nothing
    assert blocked, f"the edit did not wait for the approval: {outcome}"
    assert "rows" not in outcome
    assert "document_locked" in str(outcome.get("error"))
    assert Renja.objects.get(pk=renja.pk).status == "approved"
    after = (
        sorted(RenjaSubKegiatan.objects.values_list("bulan_selesai")),
        sorted(IndikatorTarget.objects.values_list("target")),
    )
    assert after == before
