import pytest

from organisation.models import Role
from planning.models import Usulan, UsulanReview
from tests.planning.factories import (
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
)

pytestmark = pytest.mark.django_db


def pokir(opd, ref, **overrides):
    data = {
        "tahun": 2026,
        "jenis": "pokir",
        "pengusul_jenis": "dprd",
        "pengusul_nama": "H. Ahmad, S.E. (Fraksi X)",
        "lokasi": "76.01.01.2003",
        "permasalahan": "Puskesmas pembantu rusak berat",
        "uraian": "Rehabilitasi pustu Desa Polewali",
        "sub_kegiatan": ref["1.02.02.2.01.0002"].pk,
        "perangkat_daerah": opd.pk,
        "volume": "1",
        "satuan": "unit",
        "perkiraan_biaya": "850000000",
        "prioritas": 1,
    }
    return {**data, **overrides}


def test_a_pokir_is_accepted_and_traced_to_the_renja_row_it_became(
    ref, pemda, opd, bappeda, planner, client_for
):
    # given
    created = client_for(bappeda).post("/api/usulan/", pokir(opd, ref), format="json")
    sub = RenjaSubKegiatanFactory(
        kegiatan=RenjaKegiatanFactory(
            program=RenjaProgramFactory(
                renja=RenjaFactory(pemda=pemda, perangkat_daerah=opd), nomenklatur=ref["1.02.02"]
            ),
            nomenklatur=ref["1.02.02.2.01"],
        ),
        nomenklatur=ref["1.02.02.2.01.0002"],
    )

    # when
    reviewed = client_for(planner).post(
        f"/api/usulan/{created.json()['id']}/review/",
        {
            "tahap": "opd",
            "keputusan": "diterima",
            "renja_sub_kegiatan": sub.pk,
        },
        format="json",
    )

    # then
    assert created.status_code == 201, created.json()
    assert reviewed.status_code == 200, reviewed.json()
    body = reviewed.json()
    assert (body["keputusan"], body["tahap"], body["renja_sub_kegiatan"]) == ("diterima", "opd", sub.pk)
    assert [r["keputusan"] for r in body["reviews"]] == ["diterima"]
    listed = client_for(bappeda).get("/api/usulan/", {"renja_sub_kegiatan": sub.pk}).json()
    assert listed["count"] == 1


def test_a_rejection_needs_a_reason_and_merging_needs_a_target(ref, opd, bappeda, make_user, client_for):
    # given: proposals entered by one Bappeda user, reviewed by another
    first = client_for(bappeda).post("/api/usulan/", pokir(opd, ref), format="json").json()
    second = (
        client_for(bappeda)
        .post("/api/usulan/", pokir(opd, ref, uraian="Rehab pustu (usulan ganda)"), format="json")
        .json()
    )
    client = client_for(make_user(Role.BAPPEDA))

    # when
    no_reason = client.post(
        f"/api/usulan/{first['id']}/review/", {"tahap": "kecamatan", "keputusan": "ditolak"}, format="json"
    )
    no_target = client.post(
        f"/api/usulan/{second['id']}/review/", {"tahap": "kecamatan", "keputusan": "digabung"}, format="json"
    )
    merged = client.post(
        f"/api/usulan/{second['id']}/review/",
        {
            "tahap": "kecamatan",
            "keputusan": "digabung",
            "digabung_ke": first["id"],
        },
        format="json",
    )
    edit_merged = client.patch(f"/api/usulan/{second['id']}/", {"prioritas": 2}, format="json")

    # then
    assert no_reason.status_code == 400
    assert "alasan" in no_reason.json()
    assert no_target.status_code == 400
    assert "digabung_ke" in no_target.json()
    assert merged.status_code == 200
    assert merged.json()["digabung_ke"] == first["id"]
    assert edit_merged.status_code == 409
    assert UsulanReview.objects.count() == 1


def test_bad_proposals_are_rejected(ref, opd, bappeda, client_for):
    # given
    client = client_for(bappeda)

    # when
    musrenbang_by_dprd = client.post("/api/usulan/", pokir(opd, ref, jenis="musrenbang"), format="json")
    foreign_place = client.post("/api/usulan/", pokir(opd, ref, lokasi="76.02.01"), format="json")
    negative_cost = client.post("/api/usulan/", pokir(opd, ref, perkiraan_biaya="-1"), format="json")

    # then
    assert musrenbang_by_dprd.status_code == 400
    assert "pengusul_jenis" in musrenbang_by_dprd.json()
    assert foreign_place.status_code == 400
    assert "lokasi" in foreign_place.json()
    assert negative_cost.status_code == 400
    assert "perkiraan_biaya" in negative_cost.json()
    assert Usulan.objects.count() == 0


def test_an_opd_planner_sees_and_reviews_only_proposals_for_their_opd(
    ref, opd, other_opd, bappeda, planner, make_user, client_for
):
    # given
    mine = client_for(bappeda).post("/api/usulan/", pokir(opd, ref), format="json").json()
    theirs = client_for(bappeda).post("/api/usulan/", pokir(other_opd, ref), format="json").json()

    # when
    listed = client_for(planner).get("/api/usulan/").json()
    review_theirs = client_for(planner).post(
        f"/api/usulan/{theirs['id']}/review/", {"tahap": "opd", "keputusan": "diterima"}, format="json"
    )
    by_leader = client_for(make_user(Role.LEADER)).post(
        f"/api/usulan/{mine['id']}/review/", {"tahap": "opd", "keputusan": "diterima"}, format="json"
    )

    # then
    assert [row["id"] for row in listed["results"]] == [mine["id"]]
    assert review_theirs.status_code == 404
    assert by_leader.status_code == 403


def test_whoever_entered_or_last_changed_a_proposal_never_reviews_it(
    ref, opd, bappeda, make_user, client_for
):
    # given: one Bappeda user enters a proposal, a second corrects it
    corrector = make_user(Role.BAPPEDA)
    created = client_for(bappeda).post("/api/usulan/", pokir(opd, ref), format="json").json()
    corrected = client_for(corrector).patch(f"/api/usulan/{created['id']}/", {"prioritas": 2}, format="json")
    assert corrected.status_code == 200, corrected.content
    accept = {"tahap": "kecamatan", "keputusan": "diterima"}

    # when
    by_corrector = client_for(corrector).post(f"/api/usulan/{created['id']}/review/", accept, format="json")
    by_enterer = client_for(bappeda).post(f"/api/usulan/{created['id']}/review/", accept, format="json")

    # then: the last changer is refused as maker-checker; the first one, no longer its last changer, may review
    assert by_corrector.status_code == 403
    assert by_corrector.json()["code"] == "maker_checker"
    assert by_enterer.status_code == 200, by_enterer.content
    assert UsulanReview.objects.get().reviewed_by_id == bappeda.pk
