"""Realisasi indikator: the quarterly realization of a Renja program / kegiatan / sub kegiatan indicator."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import RealisasiIndikator
from budgeting.services import realisasi_indikator_save
from organisation.models import Role
from tests.budgeting.factories import TAHUN
from tests.factories import NomenklaturFactory
from tests.planning.factories import (
    IndikatorFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    RpjmdFactory,
    SasaranFactory,
)

URL = "/api/realisasi-indikator/"


@pytest.fixture
def renja_program(pemda, opd, ref):
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=TAHUN)
    return RenjaProgramFactory(renja=renja, nomenklatur=ref.program)


@pytest.fixture
def indikator(pemda, renja_program):
    """An indicator of the OPD's Renja program (satuan %)."""
    return IndikatorFactory(pemda=pemda, renja_program=renja_program)


@pytest.fixture
def planner(make_user, client_for):
    return client_for(make_user(Role.OPD_PLANNER))


def body(indikator, **overrides):
    return {"indikator": indikator.pk, "triwulan": 1, "realisasi": "12.5", "keterangan": "", **overrides}


def test_an_opd_records_its_renja_indicators_per_quarter(pemda, opd, ref, renja_program, planner):
    # given: indicators on the program, a kegiatan and a sub kegiatan of the OPD's Renja
    kegiatan_node = NomenklaturFactory(
        version=ref.sub_kegiatan.version, kode="1.02.02.2.01", nama="Kegiatan uji"
    )
    kegiatan = RenjaKegiatanFactory(program=renja_program, nomenklatur=kegiatan_node)
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref.sub_kegiatan)
    owners = [{"renja_program": renja_program}, {"renja_kegiatan": kegiatan}, {"renja_sub_kegiatan": sub}]
    indicators = [IndikatorFactory(pemda=pemda, **owner) for owner in owners]
    # when
    responses = [planner.post(URL, body(ind, triwulan=2), format="json") for ind in indicators]
    # then: each row takes the Renja's year and OPD
    assert [r.status_code for r in responses] == [201, 201, 201], [r.json() for r in responses]
    assert {(r.json()["tahun"], r.json()["perangkat_daerah"]) for r in responses} == {(TAHUN, opd.pk)}
    assert responses[0].json()["satuan"] == "%"


def test_an_rpjmd_sasaran_indicator_is_400_not_renja_indicator(pemda, planner):
    rpjmd = RpjmdFactory(pemda=pemda)
    sasaran = SasaranFactory(
        pemda=pemda, rpjmd=rpjmd, tujuan__pemda=pemda, tujuan__rpjmd=rpjmd, tujuan__misi__rpjmd=rpjmd
    )
    rpjmd_indicator = IndikatorFactory(pemda=pemda, sasaran=sasaran)
    # when
    response = planner.post(URL, body(rpjmd_indicator), format="json")
    # then
    assert (response.status_code, response.data["indikator"][0].code) == (400, "not_renja_indicator")
    assert not RealisasiIndikator.objects.exists()


@pytest.mark.parametrize("triwulan", [0, 5, -1, "I"])
def test_a_triwulan_outside_1_to_4_is_400(indikator, planner, triwulan):
    response = planner.post(URL, body(indikator, triwulan=triwulan), format="json")
    assert (response.status_code, "triwulan" in response.json()) == (400, True)
    assert not RealisasiIndikator.objects.exists()


def test_the_service_refuses_a_triwulan_outside_1_to_4_too(indikator, make_user):
    with pytest.raises(ValidationError) as error:
        realisasi_indikator_save(
            user=make_user(Role.OPD_PLANNER), indikator=indikator, triwulan=5, realisasi=Decimal(1)
        )
    assert "triwulan" in error.value.error_dict
    assert not RealisasiIndikator.objects.exists()


def test_a_second_row_for_the_same_quarter_is_400(indikator, planner):
    assert planner.post(URL, body(indikator), format="json").status_code == 201
    # when
    again = planner.post(URL, body(indikator, realisasi="20"), format="json")
    # then
    assert (again.status_code, again.data["triwulan"][0].code) == (400, "duplicate")
    assert RealisasiIndikator.objects.get().realisasi == Decimal("12.5")
    # another quarter is another row
    assert planner.post(URL, body(indikator, triwulan=2), format="json").status_code == 201


def test_another_opds_indicator_is_403_and_its_rows_404(
    pemda, other_opd, ref, indikator, make_user, client_for
):
    # given: the OPD records its indicator; an officer of another OPD
    theirs = client_for(make_user(Role.OPD_PLANNER))
    row = theirs.post(URL, body(indikator), format="json").json()
    other = client_for(make_user(Role.OPD_PLANNER, perangkat_daerah=other_opd))
    # when / then: the indicator is visible pemda-wide, but recording on it is not theirs
    refused = other.post(URL, body(indikator, triwulan=2), format="json")
    assert refused.status_code == 403
    assert other.get(f"{URL}{row['id']}/").status_code == 404
    assert other.patch(f"{URL}{row['id']}/", {"realisasi": "99"}, format="json").status_code == 404
    assert other.delete(f"{URL}{row['id']}/").status_code == 404
    with pytest.raises(PermissionDenied):
        realisasi_indikator_save(
            user=make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd),
            indikator=indikator,
            triwulan=3,
            realisasi=Decimal(1),
        )
    assert RealisasiIndikator.objects.count() == 1


def test_another_pemdas_indicator_is_unknown_and_its_rows_404(
    indikator, planner, make_user, client_for, other_pemda
):
    row = planner.post(URL, body(indikator), format="json").json()
    foreign = client_for(make_user(Role.BAPPEDA, pemda=other_pemda))
    # when / then
    pointing = foreign.post(URL, body(indikator, triwulan=2), format="json")
    assert (pointing.status_code, "indikator" in pointing.json()) == (400, True)
    assert foreign.get(f"{URL}{row['id']}/").status_code == 404
    assert RealisasiIndikator.objects.count() == 1


def test_a_stale_version_is_409_or_412(indikator, planner):
    row = planner.post(URL, body(indikator), format="json").json()
    url = f"{URL}{row['id']}/"
    assert planner.patch(url, {"realisasi": "13", "version": 1}, format="json").status_code == 200
    assert planner.patch(url, {"realisasi": "14", "version": 1}, format="json").status_code == 409
    assert planner.patch(url, {"realisasi": "14"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    assert RealisasiIndikator.objects.get().realisasi == Decimal("13")
