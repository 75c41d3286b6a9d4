import pytest

from organisation.models import Role
from planning import services
from planning.models import PaguTahunan, Renstra, RenstraSubKegiatan
from tests.planning.factories import SasaranFactory

pytestmark = pytest.mark.django_db


def post(client, url, data, status=201):
    response = client.post(url, data, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def test_a_renstra_is_built_traced_to_the_rpjmd_and_revised_as_a_copy(
    ref, pemda, opd, planner, bappeda, make_user, client_for
):
    # given
    sasaran_rpjmd = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    client = client_for(planner)
    renstra = post(client, "/api/renstra/", {"perangkat_daerah": opd.pk, "rpjmd": sasaran_rpjmd.rpjmd_id})
    tujuan = post(
        client, "/api/renstra-tujuan/", {"renstra": renstra["id"], "uraian": "Meningkatnya layanan"}
    )
    sasaran = post(
        client,
        "/api/renstra-sasaran/",
        {
            "tujuan": tujuan["id"],
            "sasaran_rpjmd": sasaran_rpjmd.pk,
            "uraian": "Meningkatnya akses layanan kesehatan",
        },
    )
    program = post(
        client,
        "/api/renstra-program/",
        {
            "sasaran": sasaran["id"],
            "nomenklatur": ref["1.02.02"].pk,
            "pagu_tahunan": [{"tahun": y, "pagu": "1000000000"} for y in range(2025, 2030)],
        },
    )
    kegiatan = post(
        client, "/api/renstra-kegiatan/", {"program": program["id"], "nomenklatur": ref["1.02.02.2.01"].pk}
    )
    sub = post(
        client,
        "/api/renstra-sub-kegiatan/",
        {"kegiatan": kegiatan["id"], "nomenklatur": ref["1.02.02.2.01.0002"].pk},
    )
    post(
        client,
        "/api/indikator/",
        {
            "renstra_sub_kegiatan": sub["id"],
            "nama": "Jumlah puskesmas",
            "satuan": "unit",
            "targets": [{"tahun": 2026, "target": "2"}],
        },
    )
    document = Renstra.objects.get(pk=renstra["id"])
    services.document_transition(user=planner, document=document, action="submit")
    services.document_transition(user=bappeda, document=document, action="verify")
    services.document_transition(user=make_user(Role.LEADER), document=document, action="approve")

    # when
    revised = post(client, f"/api/renstra/{renstra['id']}/revise/", {})

    # then
    assert (renstra["tahun_awal"], renstra["tahun_akhir"], program["kode"]) == (2025, 2029, "1.02.02")
    assert revised["revisi"] == 2
    copy = RenstraSubKegiatan.objects.get(renstra_id=revised["id"])
    assert copy.kegiatan.program.sasaran.sasaran_rpjmd == sasaran_rpjmd
    assert PaguTahunan.objects.filter(renstra_program=copy.kegiatan.program).count() == 5
    assert copy.indikator.get().targets.get().target == 2


def test_a_renstra_sasaran_from_another_pemdas_rpjmd_is_rejected(
    ref, pemda, other_pemda, opd, planner, client_for
):
    # given
    own = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    foreign = SasaranFactory(tujuan__misi__rpjmd__pemda=other_pemda)
    client = client_for(planner)
    renstra = post(client, "/api/renstra/", {"perangkat_daerah": opd.pk, "rpjmd": own.rpjmd_id})
    tujuan = post(client, "/api/renstra-tujuan/", {"renstra": renstra["id"], "uraian": "T"})

    # when
    response = client.post(
        "/api/renstra-sasaran/",
        {"tujuan": tujuan["id"], "sasaran_rpjmd": foreign.pk, "uraian": "S"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert "sasaran_rpjmd" in response.json()
