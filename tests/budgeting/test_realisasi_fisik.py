"""Realisasi fisik: monthly physical progress (%) of an OPD's DPA sub kegiatan; a fall is accepted and flagged."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from budgeting.models import RealisasiFisik, Tahap
from budgeting.services import realisasi_fisik_save
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory

URL = "/api/realisasi-fisik/"
SUB = "1.02.02.2.01.0001"


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def lines(dpa, opd, other_opd):
    """The OPD's DPA has SUB; the other OPD's has 1.01.02.2.01.0001 only."""
    return [
        DpaLineFactory(anggaran=dpa, perangkat_daerah=opd, sub_kegiatan_kode=SUB),
        DpaLineFactory(anggaran=dpa, perangkat_daerah=other_opd, sub_kegiatan_kode="1.01.02.2.01.0001"),
    ]


@pytest.fixture
def officer(make_user, client_for, lines):
    return client_for(make_user(Role.OPD_FINANCE))


def body(opd, **overrides):
    return {"perangkat_daerah": opd.pk, "tahun": TAHUN, "sub_kegiatan_kode": SUB, "bulan": 3, "persen": "40",
            "permasalahan": "", "tindak_lanjut": "", **overrides}  # fmt: skip


def record(client, opd, bulan, persen):
    response = client.post(URL, body(opd, bulan=bulan, persen=persen), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def flags(opd):
    return dict(
        RealisasiFisik.objects.filter(perangkat_daerah=opd, sub_kegiatan_kode=SUB).values_list(
            "bulan", "menurun"
        )
    )


@pytest.mark.parametrize("persen", ["-0.01", "100.01", "250", "abc"])
def test_persen_outside_0_to_100_is_400(officer, opd, persen):
    response = officer.post(URL, body(opd, persen=persen), format="json")
    assert response.status_code == 400
    assert "persen" in response.json()
    assert not RealisasiFisik.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [({"bulan": 0}, "bulan"), ({"bulan": 13}, "bulan"),
                                                  ({"tahun": 1999}, "tahun")])  # fmt: skip
def test_month_and_year_out_of_range_are_400(officer, opd, overrides, field):
    response = officer.post(URL, body(opd, **overrides), format="json")
    assert (response.status_code, field in response.json()) == (400, True)


def test_0_and_100_are_accepted(officer, opd):
    assert record(officer, opd, 1, "0")["persen"] == "0.00"
    assert record(officer, opd, 2, "100")["persen"] == "100.00"


@pytest.mark.parametrize(
    "sub_kegiatan_kode",
    ["1.01.02.2.01.0001", "1.02.02.2.01.0002"],  # in another OPD's DPA only; in no DPA at all
)
def test_a_sub_kegiatan_outside_the_opds_dpa_is_400(officer, opd, sub_kegiatan_kode):
    response = officer.post(URL, body(opd, sub_kegiatan_kode=sub_kegiatan_kode), format="json")
    assert (response.status_code, response.data["sub_kegiatan_kode"][0].code) == (400, "unknown_sub_kegiatan")


def test_a_sub_kegiatan_of_a_dpa_of_another_year_is_400(officer, opd):
    response = officer.post(URL, body(opd, tahun=TAHUN + 1), format="json")
    assert (response.status_code, response.data["sub_kegiatan_kode"][0].code) == (400, "unknown_sub_kegiatan")


def test_a_second_row_for_the_same_month_is_400(officer, opd):
    record(officer, opd, 3, "40")
    # when
    response = officer.post(URL, body(opd, bulan=3, persen="45"), format="json")
    # then
    assert (response.status_code, response.data["bulan"][0].code) == (400, "duplicate")
    assert RealisasiFisik.objects.get().persen == 40


def test_a_fall_is_accepted_and_flagged_menurun(officer, opd):
    record(officer, opd, 3, "40")
    # when
    fell = record(officer, opd, 4, "35.5")
    rose = record(officer, opd, 5, "60")
    # then: only the month below an earlier one is flagged
    assert (fell["menurun"], rose["menurun"]) == (True, False)
    assert flags(opd) == {3: False, 4: True, 5: False}


def test_menurun_follows_entries_and_corrections_of_earlier_months(officer, opd):
    # given: March 40, May 50
    march = record(officer, opd, 3, "40")
    record(officer, opd, 5, "50")
    # when: April is recorded above May, May has fallen
    april = record(officer, opd, 4, "55")
    # then
    assert flags(opd) == {3: False, 4: False, 5: True}
    # when: April is corrected down to 45, May no longer fell; March corrected to 48 makes April fall
    officer.patch(f"{URL}{april['id']}/", {"persen": "45"}, format="json")
    assert flags(opd) == {3: False, 4: False, 5: False}
    officer.patch(f"{URL}{march['id']}/", {"persen": "48"}, format="json")
    assert flags(opd) == {3: False, 4: True, 5: False}
    # when: March is deleted, April follows nothing any more
    assert officer.delete(f"{URL}{march['id']}/").status_code == 204
    assert flags(opd) == {4: False, 5: False}


def test_another_opds_officer_is_403_on_write_and_404_on_its_rows(
    officer, opd, other_opd, make_user, client_for
):
    # given: a row of the other OPD, recorded by its own officer
    theirs = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd))
    response = theirs.post(URL, body(other_opd, sub_kegiatan_kode="1.01.02.2.01.0001"), format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    # when / then: this OPD's officer cannot write for the other OPD nor see or change its row
    other_body = body(other_opd, sub_kegiatan_kode="1.01.02.2.01.0001", bulan=4)
    refused = officer.post(URL, other_body, format="json")
    assert (refused.status_code, "perangkat_daerah" in refused.json()) == (
        400,
        True,
    )  # an id outside its scope
    assert officer.get(f"{URL}{row['id']}/").status_code == 404
    assert officer.patch(f"{URL}{row['id']}/", {"persen": "90"}, format="json").status_code == 404
    assert officer.delete(f"{URL}{row['id']}/").status_code == 404
    assert [r["id"] for r in officer.get(URL).json()["results"]] == []
    assert RealisasiFisik.objects.get().persen == 40


def test_the_service_refuses_another_opds_officer_with_403(lines, other_opd, make_user):
    with pytest.raises(PermissionDenied):
        realisasi_fisik_save(
            user=make_user(Role.OPD_FINANCE), perangkat_daerah=other_opd, tahun=TAHUN,
            sub_kegiatan_kode="1.01.02.2.01.0001", bulan=1, persen=Decimal(10),
        )  # fmt: skip
    for role in (Role.BAPPEDA, Role.OPD_PLANNER, Role.LEADER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            realisasi_fisik_save(
                user=make_user(role), perangkat_daerah=other_opd, tahun=TAHUN,
                sub_kegiatan_kode="1.01.02.2.01.0001", bulan=1, persen=Decimal(10),
            )  # fmt: skip
    assert not RealisasiFisik.objects.exists()


def test_another_pemda_is_404(officer, opd, make_user, client_for, other_pemda):
    row = record(officer, opd, 3, "40")
    foreign = client_for(make_user(Role.FINANCE, pemda=other_pemda))
    assert foreign.get(f"{URL}{row['id']}/").status_code == 404
    assert foreign.patch(f"{URL}{row['id']}/", {"persen": "1"}, format="json").status_code == 404
    assert foreign.post(URL, body(opd), format="json").status_code == 400  # the OPD is an unknown id there


def test_a_stale_version_is_409_in_the_body_and_412_in_if_match(officer, opd):
    row = record(officer, opd, 3, "40")
    url = f"{URL}{row['id']}/"
    # when: someone else saves first
    assert officer.patch(url, {"persen": "42", "version": 1}, format="json").status_code == 200
    # then: writes based on version 1 are refused
    assert officer.patch(url, {"persen": "43", "version": 1}, format="json").status_code == 409
    assert officer.patch(url, {"persen": "43"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    assert officer.delete(url, HTTP_IF_MATCH='"1"').status_code == 412
    current = officer.get(url)
    assert (current.json()["persen"], current.json()["version"], current["ETag"]) == ("42.00", 2, '"2"')
