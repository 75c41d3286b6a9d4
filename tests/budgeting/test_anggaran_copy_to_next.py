from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from budgeting.models import AnggaranStatus, BudgetLine, Plafon, Tahap
from budgeting.services import anggaran_close, anggaran_copy_to_next, budget_line_create
from config.errors import Conflict
from tests.budgeting.factories import AnggaranFactory, PlafonFactory


def totals(anggaran):
    return {
        (row["sub_kegiatan_kode"], row["akun__kode"]): (row["total"], row["n"])
        for row in BudgetLine.objects.filter(anggaran=anggaran)
        .values("sub_kegiatan_kode", "akun__kode")
        .annotate(total=Sum("jumlah"), n=Count("id"))
    }


@pytest.fixture
def kua_ppas(pemda, finance, line_fields, ref, opd, other_opd):
    stage = AnggaranFactory(pemda=pemda, tahap=Tahap.KUA_PPAS)
    PlafonFactory(anggaran=stage, perangkat_daerah=opd, jumlah=Decimal("50000000"))
    for volume, sub, akun in [
        (10, ref.sub_kegiatan, ref.atk),
        (3, ref.sub_kegiatan, ref.perjalanan),
        (7, ref.sub_kegiatan_2, ref.atk),
        (1, ref.sub_kegiatan_3, ref.modal),
    ]:
        budget_line_create(
            user=finance, anggaran=stage, **line_fields(sub_kegiatan=sub, akun=akun, volume_1=Decimal(volume))
        )
    budget_line_create(user=finance, anggaran=stage, **line_fields(perangkat_daerah=other_opd))
    return stage


def test_the_next_stage_copies_lines_and_plafon_preserving_totals(kua_ppas, finance):
    # given
    anggaran_close(user=finance, anggaran=kua_ppas)
    # when
    rka = anggaran_copy_to_next(user=finance, anggaran=kua_ppas)
    # then
    assert (rka.tahap, rka.nomor, rka.status, rka.sumber) == (Tahap.RKA, 1, AnggaranStatus.OPEN, kua_ppas)
    assert totals(rka) == totals(kua_ppas)
    assert Plafon.objects.filter(anggaran=rka).count() == 1
    assert set(BudgetLine.objects.filter(anggaran=rka).values_list("kunci", flat=True)) == set(
        BudgetLine.objects.filter(anggaran=kua_ppas).values_list("kunci", flat=True)
    )
    assert BudgetLine.objects.filter(anggaran=kua_ppas).count() == 5


def test_copying_is_one_statement_whatever_the_line_count(kua_ppas, finance, django_assert_max_num_queries):
    # given
    anggaran_close(user=finance, anggaran=kua_ppas)
    # when / then: a handful of queries, independent of the 5 lines
    with django_assert_max_num_queries(12):
        anggaran_copy_to_next(user=finance, anggaran=kua_ppas)


def test_an_open_stage_cannot_be_copied(kua_ppas, finance):
    with pytest.raises(Conflict) as raised:
        anggaran_copy_to_next(user=finance, anggaran=kua_ppas)
    assert raised.value.code == "stage_open"


def test_a_stage_is_copied_once(kua_ppas, finance):
    # given
    anggaran_close(user=finance, anggaran=kua_ppas)
    anggaran_copy_to_next(user=finance, anggaran=kua_ppas)
    # when
    with pytest.raises(Conflict) as raised:
        anggaran_copy_to_next(user=finance, anggaran=kua_ppas)
    # then
    assert raised.value.code == "stage_has_successor"


def test_pergeseran_stages_repeat_with_a_sequence_number(pemda, finance):
    # given
    dpa = AnggaranFactory(pemda=pemda, tahap=Tahap.DPA)
    anggaran_close(user=finance, anggaran=dpa)
    first = anggaran_copy_to_next(user=finance, anggaran=dpa)
    anggaran_close(user=finance, anggaran=first)
    # when
    second = anggaran_copy_to_next(user=finance, anggaran=first)
    anggaran_close(user=finance, anggaran=second)
    apbd_p = anggaran_copy_to_next(user=finance, anggaran=second, tahap=Tahap.APBD_P)
    # then
    assert [(s.tahap, s.nomor) for s in (first, second, apbd_p)] == [
        (Tahap.PERGESERAN, 1),
        (Tahap.PERGESERAN, 2),
        (Tahap.APBD_P, 1),
    ]


def test_a_stage_cannot_be_copied_backwards(kua_ppas, finance):
    from django.core.exceptions import ValidationError

    anggaran_close(user=finance, anggaran=kua_ppas)
    with pytest.raises(ValidationError):
        anggaran_copy_to_next(user=finance, anggaran=kua_ppas, tahap=Tahap.RKPD)
