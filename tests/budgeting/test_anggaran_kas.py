"""Anggaran kas: twelve months that sum to the DPA line, spread helpers, and the stage lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from budgeting.amounts import rebalance_months
from budgeting.models import AnggaranKas, Tahap
from budgeting.services import (
    KAS_PROFILES,
    anggaran_close,
    anggaran_kas_set,
    anggaran_kas_spread,
    spread_amounts,
)
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory


@given(
    jumlah=st.decimals(min_value=0, max_value=Decimal("1e17"), places=2),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=12, max_size=12).filter(
        lambda w: sum(w) > 0
    ),
)
def test_a_spread_sums_exactly_and_has_no_negative_month(jumlah, weights):
    months = spread_amounts(jumlah, weights)
    assert sum(months, Decimal(0)) == jumlah
    assert all(m >= 0 for m in months)
    assert all(m == 0 for m, w in zip(months, weights, strict=True) if w == 0)


def test_even_spread_gives_the_remainder_sen_to_the_last_months():
    assert (
        spread_amounts(Decimal("100.00"), KAS_PROFILES["rutin"])
        == [Decimal("8.33")] * 8 + [Decimal("8.34")] * 4
    )


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def dpa_line(dpa, opd):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)


def test_an_unbalanced_rak_is_refused_with_the_figures(dpa_line, finance):
    with pytest.raises(ValidationError) as error:
        anggaran_kas_set(user=finance, budget_line=dpa_line, amounts=[Decimal("80000")] * 12)
    message = error.value.error_dict["non_field_errors"][0]
    assert message.code == "rak_not_balanced"
    assert "960,000" in message.message
    assert "1,000,000" in message.message
    assert not AnggaranKas.objects.exists()


def test_a_balanced_rak_is_saved(dpa_line, finance):
    amounts = spread_amounts(dpa_line.jumlah, KAS_PROFILES["kontrak"])
    kas = anggaran_kas_set(user=finance, budget_line=dpa_line, amounts=amounts)
    assert kas.total == dpa_line.jumlah
    assert kas.bulan_1 == 0


def test_spread_fills_a_whole_document_in_one_call(dpa, opd, other_opd, finance):
    lines = [DpaLineFactory(anggaran=dpa, perangkat_daerah=unit) for unit in (opd, opd, other_opd)]
    result = anggaran_kas_spread(user=finance, anggaran=dpa, profil="rutin")
    assert result.updated == 3
    for line in lines:
        assert AnggaranKas.objects.get(budget_line=line).total == line.jumlah


def test_an_opd_officer_spreads_only_its_own_opd(dpa, opd, other_opd, make_user):
    mine = DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)
    DpaLineFactory(anggaran=dpa, perangkat_daerah=other_opd)
    result = anggaran_kas_spread(user=make_user(Role.OPD_FINANCE), anggaran=dpa, bobot=[1] * 12)
    assert result.updated == 1
    assert list(AnggaranKas.objects.values_list("budget_line", flat=True)) == [mine.pk]


def test_rak_is_only_for_execution_stages(pemda, opd, finance):
    line = DpaLineFactory(anggaran=AnggaranFactory(pemda=pemda, tahap=Tahap.RKA), perangkat_daerah=opd)
    with pytest.raises(ValidationError) as error:
        anggaran_kas_set(user=finance, budget_line=line, amounts=spread_amounts(line.jumlah, [1] * 12))
    assert error.value.error_dict["budget_line"][0].code == "not_execution_stage"


def test_a_closed_stage_refuses_rak_edits_and_the_trigger_blocks_bulk_updates(dpa, dpa_line, finance):
    anggaran_kas_spread(user=finance, anggaran=dpa)
    anggaran_close(user=finance, anggaran=dpa)
    with pytest.raises(Conflict):
        anggaran_kas_set(
            user=finance, budget_line=dpa_line, amounts=spread_amounts(dpa_line.jumlah, [1] * 12)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AnggaranKas.objects.update(bulan_1=0)
    assert AnggaranKas.objects.get().total == dpa_line.jumlah


# ---------------------------------------------------------------- re-balancing a carried plan


def test_an_increase_is_spread_over_the_months_left_and_the_past_months_stay():
    months = [Decimal(100)] * 12
    out = rebalance_months(months, Decimal(1260), from_month=7)
    assert out[:6] == months[:6]
    assert out[6:] == [Decimal(110)] * 6
    assert sum(out) == Decimal(1260)


def test_a_cut_is_taken_from_december_backwards_and_reaches_earlier_months_only_when_needed():
    months = [Decimal(100)] * 12
    assert rebalance_months(months, Decimal(1050), from_month=7)[9:] == [
        Decimal(100),
        Decimal(50),
        Decimal(0),
    ]
    deep = rebalance_months(months, Decimal(150), from_month=7)
    assert deep == [Decimal(100), Decimal(50)] + [Decimal(0)] * 10


@given(
    st.lists(st.integers(0, 10**9), min_size=12, max_size=12),
    st.integers(0, 2 * 10**10),
    st.integers(1, 12),
)
def test_a_rebalanced_plan_sums_to_the_new_amount_to_the_sen_and_is_never_negative(
    sen, jumlah_sen, from_month
):
    months = [Decimal(value) / 100 for value in sen]
    jumlah = Decimal(jumlah_sen) / 100
    out = rebalance_months(months, jumlah, from_month=from_month)
    assert sum(out) == jumlah
    assert all(amount >= 0 and amount == amount.quantize(Decimal("0.01")) for amount in out)
    if jumlah >= sum(months):
        assert out[: from_month - 1] == months[: from_month - 1]
