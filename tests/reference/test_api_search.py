import pytest

from organisation.models import Role
from tests.factories import NomenklaturFactory, ReferenceVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomenklatur():
    version = ReferenceVersionFactory()
    program = NomenklaturFactory(version=version, kode="1.02.02", nama="PROGRAM PEMENUHAN UPAYA KESEHATAN")
    kegiatan = NomenklaturFactory(
        version=version, kode="1.02.02.2.01", nama="Penyediaan Fasilitas Pelayanan Kesehatan", parent=program
    )
    NomenklaturFactory(
        version=version,
        kode="1.02.02.2.01.0001",
        nama="Pembangunan Rumah Sakit Beserta Sarana",
        parent=kegiatan,
    )
    NomenklaturFactory(
        version=version, kode="1.02.02.2.01.0002", nama="Pembangunan Puskesmas", parent=kegiatan
    )
    NomenklaturFactory(version=version, kode="1.01.02", nama="PROGRAM PENGELOLAAN PENDIDIKAN")
    return version


def codes(client, **query) -> list[str]:
    response = client.get("/api/nomenklatur/", query)
    assert response.status_code == 200
    return [row["kode"] for row in response.json()["results"]]


def test_q_matches_a_code_prefix(nomenklatur, make_user, client_for):
    # given
    client = client_for(make_user(Role.OPD_PLANNER))

    # when / then
    assert codes(client, q="1.02.02.2.01.") == ["1.02.02.2.01.0001", "1.02.02.2.01.0002"]


def test_q_matches_every_word_of_the_name_in_any_order_and_case(nomenklatur, make_user, client_for):
    # given
    client = client_for(make_user(Role.OPD_PLANNER))

    # when / then: the words need not be side by side nor in the name's order
    assert codes(client, q="sakit pembangunan") == ["1.02.02.2.01.0001"]
    assert codes(client, q="  PEMBANGUNAN  ") == ["1.02.02.2.01.0001", "1.02.02.2.01.0002"]
    assert codes(client, q="pembangunan sekolah") == []


def test_q_narrows_within_level_and_parent(nomenklatur, make_user, client_for):
    # given
    client = client_for(make_user(Role.OPD_PLANNER))

    # when / then
    assert codes(client, q="program", level=3) == ["1.01.02", "1.02.02"]
    assert codes(client, q="kesehatan", level=3) == ["1.02.02"]
