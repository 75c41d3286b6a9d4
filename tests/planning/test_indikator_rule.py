"""Each indicator stores how its quarters make the year (sum / last); a new one gets the rule its satuan names."""

import pytest

from organisation.models import Role
from planning.models import AturanTahunan, RenjaSubKegiatan, aturan_for_satuan
from tests.planning.test_workflow import renja  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("satuan", "aturan"),
    [
        ("%", "last"),
        ("Persen", "last"),
        ("Rasio", "last"),
        ("Indeks", "last"),
        ("Angka per 1.000 kelahiran", "last"),
        ("Unit", "sum"),
        ("Dokumen", "sum"),
        ("Orang", "sum"),
    ],
)
def test_the_satuan_names_the_default_rule(satuan, aturan):
    assert aturan_for_satuan(satuan) == aturan


def test_a_new_indicator_takes_the_rule_of_its_satuan_unless_one_is_given(
    renja,  # noqa: F811
    planner,
    client_for,
):
    # given
    sub = RenjaSubKegiatan.objects.get(renja=renja)
    client = client_for(planner)

    def create(**body):
        response = client.post(
            "/api/indikator/", {"renja_sub_kegiatan": sub.pk, "nama": "x", **body}, format="json"
        )
        assert response.status_code == 201, response.json()
        return response.json()

    # when
    percent = create(satuan="%")
    count = create(satuan="Unit")
    stock = create(satuan="Unit", aturan_tahunan="last")
    renamed = client.patch(f"/api/indikator/{percent['id']}/", {"satuan": "Unit"}, format="json")
    bad = client.post(
        "/api/indikator/",
        {"renja_sub_kegiatan": sub.pk, "nama": "x", "satuan": "%", "aturan_tahunan": "rata"},
        format="json",
    )

    # then: a later satuan change keeps the stored rule; an unknown rule is a field error
    assert (percent["aturan_tahunan"], count["aturan_tahunan"], stock["aturan_tahunan"]) == (
        "last",
        "sum",
        "last",
    )
    assert renamed.json()["aturan_tahunan"] == AturanTahunan.LAST
    assert bad.status_code == 400
    assert "aturan_tahunan" in bad.json()


def test_a_planner_of_another_opd_cannot_set_the_rule(renja, make_user, other_opd, client_for):  # noqa: F811
    # given
    indikator = RenjaSubKegiatan.objects.get(renja=renja).indikator.get()
    outsider = client_for(make_user(Role.OPD_PLANNER, perangkat_daerah=other_opd))

    # when
    response = outsider.patch(f"/api/indikator/{indikator.pk}/", {"aturan_tahunan": "last"}, format="json")

    # then
    assert response.status_code in (403, 404)
    indikator.refresh_from_db()
    assert indikator.aturan_tahunan == AturanTahunan.LAST  # the factory's satuan is %
