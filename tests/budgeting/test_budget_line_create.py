from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.models import BudgetLine, LineJenis, PlafonMode
from budgeting.services import budget_line_create, koefisien_text, line_jumlah
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import PlafonFactory, StandarHargaFactory
from tests.factories import PerangkatDaerahFactory

volumes = st.decimals(
    min_value=0, max_value=Decimal("99999"), places=4, allow_nan=False, allow_infinity=False
)
prices = st.decimals(
    min_value=0, max_value=Decimal("9999999999"), places=2, allow_nan=False, allow_infinity=False
)
ppns = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def reference_jumlah(factors: list[Decimal], harga: Decimal, ppn: Decimal) -> Decimal:
    """The rule computed with exact fractions, as the oracle: round half up to the sen."""
    exact = Fraction(harga) * (1 + Fraction(ppn) / 100)
    for factor in factors:
        exact *= Fraction(factor)
    sen = exact * 100
    rounded = int(sen) + (1 if sen - int(sen) >= Fraction(1, 2) else 0)
    return Decimal(rounded) / 100


@given(st.lists(volumes, min_size=1, max_size=4), prices, ppns)
def test_jumlah_is_the_exact_product_rounded_half_up_to_the_sen(factors, harga, ppn):
    # when
    jumlah = line_jumlah(volumes=factors, harga_satuan=harga, ppn=ppn)
    # then
    assert jumlah == reference_jumlah(factors, harga, ppn)
    assert jumlah == jumlah.quantize(Decimal("0.01"))


def test_half_a_sen_rounds_up():
    # given: 3 × 0.005 → 0.015 exactly; 1.5 × 0.01 → 0.015
    # then
    assert line_jumlah(volumes=[Decimal("1.5")], harga_satuan=Decimal("0.01")) == Decimal("0.02")
    assert line_jumlah(volumes=[Decimal("1")], harga_satuan=Decimal("100"), ppn=Decimal("11")) == Decimal(
        "111.00"
    )
    assert line_jumlah(volumes=[Decimal("3")], harga_satuan=Decimal("33333.33"), ppn=Decimal("11")) == (
        (Decimal("99999.99") * Decimal("1.11")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )


def test_koefisien_text_joins_the_factors():
    assert koefisien_text([(Decimal("2.0000"), "Orang"), (Decimal("3"), "Hari")]) == "2 Orang x 3 Hari"
    assert koefisien_text([(Decimal("1.5000"), "Paket"), (Decimal("10"), "Kali")]) == "1,5 Paket x 10 Kali"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(volumes, prices, ppns), min_size=1, max_size=6))
def test_summed_lines_never_lose_a_sen(anggaran, finance, line_fields, rows):
    # given
    created = [
        budget_line_create(
            user=finance, anggaran=anggaran, **line_fields(volume_1=volume, harga_satuan=harga, ppn=ppn)
        )
        for volume, harga, ppn in rows
    ]
    # when
    stored = BudgetLine.objects.filter(pk__in=[line.pk for line in created]).aggregate(total=Sum("jumlah"))[
        "total"
    ]
    # then
    expected = sum((reference_jumlah([v], h, p) for v, h, p in rows), Decimal(0))
    assert stored == expected
    assert isinstance(stored, Decimal)


def test_a_line_stores_the_computed_jumlah_and_koefisien(anggaran, finance, line_fields):
    # when
    line = budget_line_create(
        user=finance,
        anggaran=anggaran,
        **line_fields(
            volume_1=Decimal("2"),
            satuan_1="Orang",
            volume_2=Decimal("3"),
            satuan_2="Hari",
            harga_satuan=Decimal("150000"),
            ppn=Decimal("11"),
            jumlah=Decimal("1"),
        ),
    )
    # then
    line.refresh_from_db()
    assert line.jumlah == Decimal("999000.00")
    assert line.koefisien == "2 Orang x 3 Hari"
    assert line.jenis == LineJenis.BELANJA
    assert line.sub_kegiatan_kode == "1.02.02.2.01.0001"
    assert line.pemda_id == anggaran.pemda_id


def test_the_program_penunjang_is_instantiated_with_the_opds_bidang(anggaran, finance, line_fields, ref):
    # when
    line = budget_line_create(user=finance, anggaran=anggaran, **line_fields(sub_kegiatan=ref.penunjang))
    # then
    assert line.sub_kegiatan_kode == "1.02.01.2.01.0001"


def test_pendapatan_and_pembiayaan_lines_need_no_sub_kegiatan(anggaran, finance, line_fields, ref):
    # when
    pendapatan = budget_line_create(
        user=finance,
        anggaran=anggaran,
        **line_fields(akun=ref.pendapatan, sub_kegiatan=None, sumber_dana=None),
    )
    pembiayaan = budget_line_create(
        user=finance, anggaran=anggaran, **line_fields(akun=ref.silpa, sub_kegiatan=None, sumber_dana=None)
    )
    # then
    assert pendapatan.jenis == LineJenis.PENDAPATAN
    assert pembiayaan.jenis == LineJenis.PEMBIAYAAN
    assert pendapatan.sub_kegiatan_kode == ""


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"akun": "akun_level_5"}, "akun", "akun_not_level_6"),
        ({"akun": "akun_old"}, "akun", "akun_not_in_force"),
        ({"sumber_dana": "dana_old"}, "sumber_dana", "sumber_dana_not_in_force"),
        ({"sub_kegiatan": "program"}, "sub_kegiatan", "not_sub_kegiatan"),
        ({"sub_kegiatan": None}, "sub_kegiatan", "required"),
        ({"sumber_dana": None}, "sumber_dana", "required"),
    ],
)
def test_reference_rows_must_fit_the_stage(anggaran, finance, line_fields, ref, overrides, field, code):
    # given
    fields = line_fields(
        **{name: getattr(ref, value) if value else None for name, value in overrides.items()}
    )
    # when
    with pytest.raises(ValidationError) as raised:
        budget_line_create(user=finance, anggaran=anggaran, **fields)
    # then
    assert raised.value.error_dict[field][0].code == code
    assert not BudgetLine.objects.exists()


def test_negative_volume_or_price_is_refused(anggaran, finance, line_fields):
    with pytest.raises(ValidationError) as raised:
        budget_line_create(user=finance, anggaran=anggaran, **line_fields(volume_1=Decimal("-1")))
    assert "volume_1" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        budget_line_create(user=finance, anggaran=anggaran, **line_fields(harga_satuan=Decimal("-5")))
    assert "harga_satuan" in raised.value.error_dict
    assert not BudgetLine.objects.exists()


def test_a_line_breaching_the_plafon_is_refused_with_the_figures(anggaran, finance, line_fields, opd):
    # given: plafon Rp 1,000,000; 10 × 55,000 = 550,000 already
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("1000000"))
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # when
    with pytest.raises(ValidationError) as raised:
        budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # then
    error = raised.value.error_dict["jumlah"][0]
    assert error.code == "plafon_exceeded"
    assert "1,000,000" in error.message
    assert "1,100,000" in error.message
    assert BudgetLine.objects.count() == 1


def test_a_line_within_the_plafon_is_accepted(anggaran, finance, line_fields, opd):
    # given
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("1100000"))
    # when
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # then: exactly at the ceiling
    assert BudgetLine.objects.aggregate(total=Sum("jumlah"))["total"] == Decimal("1100000.00")


def test_warn_mode_accepts_and_flags_the_line(anggaran, finance, line_fields, opd):
    # given
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("600000"), mode=PlafonMode.WARN)
    first = budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # when
    second = budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # then
    assert not first.melebihi_plafon
    assert second.melebihi_plafon
    assert BudgetLine.objects.count() == 2


def test_sub_unit_lines_count_toward_the_opd_plafon(anggaran, finance, line_fields, opd):
    # given
    puskesmas = PerangkatDaerahFactory(pemda=opd.pemda, kode=opd.kode[:-4] + "0001", induk=opd)
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("1000000"))
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # when / then
    with pytest.raises(ValidationError):
        budget_line_create(user=finance, anggaran=anggaran, **line_fields(perangkat_daerah=puskesmas))


def test_program_and_sub_kegiatan_plafon_only_cover_their_scope(anggaran, finance, line_fields, opd, ref):
    # given: a sub kegiatan ceiling on 0001 and a program ceiling on 1.02.02
    PlafonFactory(
        anggaran=anggaran,
        perangkat_daerah=opd,
        sub_kegiatan_kode="1.02.02.2.01.0001",
        program_kode="1.02.02",
        jumlah=Decimal("600000"),
    )
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, program_kode="1.02.02", jumlah=Decimal("1200000"))
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # when
    other_program = budget_line_create(
        user=finance,
        anggaran=anggaran,
        **line_fields(sub_kegiatan=ref.sub_kegiatan_3, volume_1=Decimal("100")),
    )
    same_program = budget_line_create(
        user=finance, anggaran=anggaran, **line_fields(sub_kegiatan=ref.sub_kegiatan_2)
    )
    # then
    assert other_program.jumlah == Decimal("5500000.00")
    assert same_program.jumlah == Decimal("550000.00")
    with pytest.raises(ValidationError):  # sub kegiatan 0001 at 550,000 of 600,000
        budget_line_create(user=finance, anggaran=anggaran, **line_fields(volume_1=Decimal("1")))
    with pytest.raises(ValidationError):  # program at 1,100,000 of 1,200,000
        budget_line_create(
            user=finance,
            anggaran=anggaran,
            **line_fields(sub_kegiatan=ref.sub_kegiatan_2, volume_1=Decimal("2")),
        )


def test_harga_above_a_ceiling_standard_is_refused(anggaran, finance, line_fields, ref):
    # given
    item = StandarHargaFactory(pemda=anggaran.pemda, harga=Decimal("55000"), akun=[ref.atk])
    # when
    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            user=finance,
            anggaran=anggaran,
            **line_fields(standar_harga=item, harga_satuan=Decimal("55000.01")),
        )
    # then
    assert raised.value.error_dict["harga_satuan"][0].code == "price_above_standard"


def test_a_non_ceiling_standard_allows_a_higher_price(anggaran, finance, line_fields, ref):
    # given
    item = StandarHargaFactory(pemda=anggaran.pemda, jenis="HSPK", harga=Decimal("55000"))
    # when
    line = budget_line_create(
        user=finance, anggaran=anggaran, **line_fields(standar_harga=item, harga_satuan=Decimal("60000"))
    )
    # then
    assert line.harga_satuan == Decimal("60000")


def test_a_standard_item_supplies_price_komponen_and_satuan(anggaran, finance, line_fields, ref):
    # given
    item = StandarHargaFactory(
        pemda=anggaran.pemda, uraian="Kertas HVS", satuan="Rim", harga=Decimal("52000")
    )
    fields = line_fields(standar_harga=item, komponen="", satuan_1="")
    del fields["harga_satuan"]
    # when
    line = budget_line_create(user=finance, anggaran=anggaran, **fields)
    # then
    assert (line.harga_satuan, line.komponen, line.koefisien) == (Decimal("52000"), "Kertas HVS", "10 Rim")


def test_an_akun_not_allowed_for_the_standard_item_is_refused(anggaran, finance, line_fields, ref):
    # given
    item = StandarHargaFactory(pemda=anggaran.pemda, akun=[ref.atk])
    # when
    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            user=finance,
            anggaran=anggaran,
            **line_fields(standar_harga=item, akun=ref.perjalanan, harga_satuan=Decimal("1")),
        )
    # then
    assert raised.value.error_dict["akun"][0].code == "akun_not_allowed"


def test_a_closed_stage_or_closed_opd_refuses_new_lines(anggaran, finance, line_fields, opd):
    # given
    from budgeting.models import AnggaranOpdLock

    AnggaranOpdLock.objects.create(pemda=anggaran.pemda, anggaran=anggaran, perangkat_daerah=opd)
    # when
    with pytest.raises(Conflict) as raised:
        budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    # then
    assert raised.value.code == "stage_closed"


@pytest.mark.parametrize("role", [Role.BAPPEDA, Role.LEADER, Role.AUDITOR])
def test_roles_without_write_cannot_add_lines(anggaran, make_user, line_fields, role):
    with pytest.raises(PermissionDenied):
        budget_line_create(user=make_user(role), anggaran=anggaran, **line_fields())


def test_an_opd_user_cannot_add_lines_to_another_opd(anggaran, make_user, line_fields, other_opd):
    with pytest.raises(PermissionDenied):
        budget_line_create(
            user=make_user(Role.OPD_FINANCE), anggaran=anggaran, **line_fields(perangkat_daerah=other_opd)
        )
