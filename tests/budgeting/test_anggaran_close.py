from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from budgeting.models import AnggaranOpdLock, AnggaranStatus, BudgetLine, Plafon
from budgeting.services import (
    anggaran_close,
    anggaran_copy_to_next,
    anggaran_opd_lock,
    anggaran_open,
    budget_line_create,
    budget_line_delete,
    budget_line_update,
    plafon_save,
)
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import BudgetLineFactory, PlafonFactory


@pytest.fixture
def line(anggaran, finance, line_fields):
    return budget_line_create(user=finance, anggaran=anggaran, **line_fields())


def test_closing_records_who_and_when(anggaran, finance):
    # when
    closed = anggaran_close(user=finance, anggaran=anggaran)
    # then
    assert closed.status == AnggaranStatus.CLOSED
    assert closed.closed_by == finance
    assert closed.closed_at is not None
    assert closed.version == anggaran.version + 1


def test_a_closed_stage_refuses_service_writes_with_409(anggaran, finance, line, line_fields):
    # given
    anggaran_close(user=finance, anggaran=anggaran)
    line.refresh_from_db()
    # then
    for write in (
        lambda: budget_line_create(user=finance, anggaran=anggaran, **line_fields()),
        lambda: budget_line_update(user=finance, instance=line, volume_1=Decimal("1")),
        lambda: budget_line_delete(user=finance, instance=line),
    ):
        with pytest.raises(Conflict) as raised:
            write()
        assert raised.value.code == "stage_closed"
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("550000.00")


def test_the_database_refuses_a_bulk_update_of_a_closed_stage(anggaran, finance, line):
    # given
    anggaran_close(user=finance, anggaran=anggaran)
    # when
    with pytest.raises(IntegrityError, match="stage_closed"), transaction.atomic():
        BudgetLine.objects.filter(anggaran=anggaran).update(jumlah=Decimal("1"))
    # then
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("550000.00")


def test_the_database_refuses_insert_and_delete_on_a_closed_stage(anggaran, finance, line, ref):
    # given
    anggaran_close(user=finance, anggaran=anggaran)
    # then
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(anggaran=anggaran, perangkat_daerah=line.perangkat_daerah, akun=ref.atk)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plafon.objects.create(
            pemda=anggaran.pemda,
            anggaran=anggaran,
            perangkat_daerah=line.perangkat_daerah,
            jumlah=Decimal("1"),
        )
    assert BudgetLine.objects.filter(anggaran=anggaran).count() == 1


def test_the_database_refuses_moving_a_line_into_a_closed_stage(anggaran, finance, line, pemda, ref):
    # given
    from tests.budgeting.factories import AnggaranFactory

    other = AnggaranFactory(pemda=pemda, tahap="apbd")
    anggaran_close(user=finance, anggaran=other)
    # then
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(anggaran=other)


def test_a_closed_opd_is_locked_in_the_database_while_others_stay_open(
    anggaran, finance, line, line_fields, other_opd
):
    # given
    anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=line.perangkat_daerah, is_closed=True)
    # then
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(komponen="diubah")
    with pytest.raises(Conflict):
        budget_line_update(user=finance, instance=line, volume_1=Decimal("1"))
    other = budget_line_create(user=finance, anggaran=anggaran, **line_fields(perangkat_daerah=other_opd))
    assert other.pk is not None


def test_reopening_an_opd_allows_writes_again(anggaran, finance, line):
    # given
    anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=line.perangkat_daerah, is_closed=True)
    # when
    anggaran_opd_lock(
        user=finance, anggaran=anggaran, perangkat_daerah=line.perangkat_daerah, is_closed=False
    )
    updated = budget_line_update(user=finance, instance=line, volume_1=Decimal("1"))
    # then
    assert updated.jumlah == Decimal("55000.00")
    assert AnggaranOpdLock.objects.get().is_closed is False


def test_a_sub_unit_cannot_be_locked_on_its_own(anggaran, finance, opd):
    from django.core.exceptions import ValidationError

    from tests.factories import PerangkatDaerahFactory

    sub_unit = PerangkatDaerahFactory(pemda=opd.pemda, kode=opd.kode[:-4] + "0001", induk=opd)
    with pytest.raises(ValidationError):
        anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=sub_unit, is_closed=True)


def test_sub_unit_lines_follow_their_opds_lock(anggaran, finance, line_fields, opd):
    # given
    from tests.factories import PerangkatDaerahFactory

    sub_unit = PerangkatDaerahFactory(pemda=opd.pemda, kode=opd.kode[:-4] + "0001", induk=opd)
    line = budget_line_create(user=finance, anggaran=anggaran, **line_fields(perangkat_daerah=sub_unit))
    anggaran_opd_lock(user=finance, anggaran=anggaran, perangkat_daerah=opd, is_closed=True)
    # then
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(komponen="diubah")


def test_a_closed_stage_reopens_until_a_next_stage_is_copied_from_it(anggaran, finance):
    # given
    anggaran_close(user=finance, anggaran=anggaran)
    reopened = anggaran_open(user=finance, anggaran=anggaran)
    assert reopened.status == AnggaranStatus.OPEN
    anggaran_close(user=finance, anggaran=anggaran)
    anggaran_copy_to_next(user=finance, anggaran=anggaran)
    # when
    with pytest.raises(Conflict) as raised:
        anggaran_open(user=finance, anggaran=anggaran)
    # then
    assert raised.value.code == "stage_has_successor"


def test_plafon_of_a_closed_stage_cannot_change(anggaran, finance, opd):
    # given
    plafon = PlafonFactory(anggaran=anggaran, perangkat_daerah=opd)
    anggaran_close(user=finance, anggaran=anggaran)
    # then
    with pytest.raises(Conflict):
        plafon_save(user=finance, instance=plafon, jumlah=Decimal("5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Plafon.objects.filter(pk=plafon.pk).update(jumlah=Decimal("5"))


@pytest.mark.parametrize(
    "role", [Role.BAPPEDA, Role.OPD_PLANNER, Role.OPD_FINANCE, Role.LEADER, Role.AUDITOR]
)
def test_only_tapd_closes_and_opens_stages(anggaran, make_user, role):
    with pytest.raises(PermissionDenied):
        anggaran_close(user=make_user(role), anggaran=anggaran)
