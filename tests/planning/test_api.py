from decimal import Decimal
from typing import Any

import pytest

from organisation.models import Role
from planning.models import Indikator, IndikatorTarget, ProgramRpjmd, Renja, RenjaSubKegiatan
from tests.factories import PerangkatDaerahFactory
from tests.planning.factories import RenjaFactory, SasaranFactory

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, data: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post(url, data, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def build_rpjmd(client: Any) -> dict[str, Any]:
    """RPJMD 2025–2029 with one misi, one tujuan and two sasaran, each sasaran with an IKU and yearly targets."""
    rpjmd = post(
        client, "/api/rpjmd/", {"tahun_awal": 2025, "tahun_akhir": 2029, "visi": "Uji Maju dan Sejahtera"}
    )
    misi = post(
        client, "/api/misi/", {"rpjmd": rpjmd["id"], "nomor": 1, "uraian": "Meningkatkan kualitas SDM"}
    )
    tujuan = post(
        client, "/api/tujuan/", {"misi": misi["id"], "nomor": 1, "uraian": "Meningkatnya derajat kesehatan"}
    )
    sasaran = [
        post(client, "/api/sasaran/", {"tujuan": tujuan["id"], "nomor": n, "uraian": f"Sasaran {n}"})
        for n in (1, 2)
    ]
    for s in sasaran:
        post(
            client,
            "/api/indikator/",
            {
                "sasaran": s["id"],
                "nama": "Angka kematian ibu",
                "satuan": "per 100.000 KH",
                "polaritas": "lower",
                "is_iku": True,
                "baseline": "120",
                "target_akhir": "90",
                "targets": [
                    {"tahun": year, "target": str(120 - 6 * (year - 2024))} for year in range(2025, 2030)
                ],
            },
        )
    return {"rpjmd": rpjmd, "misi": misi, "tujuan": tujuan, "sasaran": sasaran}


def build_renja(client: Any, ref: Any, opd: Any, sasaran: list[dict[str, Any]]) -> dict[str, Any]:
    renja = post(client, "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})
    p1 = post(
        client,
        "/api/renja-program/",
        {"renja": renja["id"], "nomenklatur": ref["1.02.02"].pk, "sasaran": sasaran[0]["id"]},
    )
    p2 = post(
        client,
        "/api/renja-program/",
        {"renja": renja["id"], "nomenklatur": ref["1.02.03"].pk, "sasaran": sasaran[1]["id"]},
    )
    k1 = post(client, "/api/renja-kegiatan/", {"program": p1["id"], "nomenklatur": ref["1.02.02.2.01"].pk})
    k2 = post(client, "/api/renja-kegiatan/", {"program": p1["id"], "nomenklatur": ref["1.02.02.2.02"].pk})
    k3 = post(client, "/api/renja-kegiatan/", {"program": p2["id"], "nomenklatur": ref["1.02.03.2.01"].pk})
    subs = [
        (k1, "1.02.02.2.01.0001", "2500000000.00"),
        (k1, "1.02.02.2.01.0002", "1750000000.50"),
        (k2, "1.02.02.2.02.0001", "350000000.00"),
        (k3, "1.02.03.2.01.0001", "125000000.25"),
    ]
    created = []
    for kegiatan, kode, pagu in subs:
        sub = post(
            client,
            "/api/renja-sub-kegiatan/",
            {
                "kegiatan": kegiatan["id"],
                "nomenklatur": ref[kode].pk,
                "pagu_indikatif": pagu,
                "lokasi": ["76.01.01", "76.01.01.2003"],
                "bulan_mulai": 2,
                "bulan_selesai": 11,
                "sumber_dana": ref.dana["1.1.01"].pk,
                "spm": True,
            },
        )
        post(
            client,
            "/api/indikator/",
            {
                "renja_sub_kegiatan": sub["id"],
                "nama": "Jumlah layanan",
                "satuan": "unit",
                "targets": [{"tahun": 2026, "target": "12"}],
            },
        )
        created.append(sub)
    for item, field in (
        (p1, "renja_program"),
        (p2, "renja_program"),
        (k1, "renja_kegiatan"),
        (k2, "renja_kegiatan"),
        (k3, "renja_kegiatan"),
    ):
        post(
            client,
            "/api/indikator/",
            {
                field: item["id"],
                "nama": "Capaian",
                "satuan": "%",
                "targets": [{"tahun": 2026, "target": "95.5"}],
            },
        )
    return {"renja": renja, "programs": [p1, p2], "subs": created}


def walk(node: dict[str, Any]):
    yield node
    for child in node["children"]:
        yield from walk(child)


def test_the_whole_chain_through_the_api_gives_a_cascade_whose_parents_sum_their_children(
    ref, bappeda, planner, opd, client_for
):
    # given
    plan = build_rpjmd(client_for(bappeda))
    renja = build_renja(client_for(planner), ref, opd, plan["sasaran"])

    # when
    response = client_for(bappeda).get("/api/cascade/", {"tahun": 2026})

    # then
    assert response.status_code == 200
    body = response.json()
    root = body["root"]
    assert root["level"] == "visi"
    assert body["untraced"] == []
    for node in walk(root):
        if node["children"]:
            assert Decimal(node["pagu"]) == sum(Decimal(c["pagu"]) for c in node["children"]), node["level"]
    levels = {node["level"] for node in walk(root)}
    assert levels == {"visi", "misi", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"}
    assert Decimal(root["pagu"]) == Decimal("4725000000.75") == Decimal(body["pagu_total"])
    sasaran = [n for n in walk(root) if n["level"] == "sasaran"]
    assert [s["indikator"][0]["target"] for s in sasaran] == ["108.0000", "108.0000"]
    sub_ids = {n["id"] for n in walk(root) if n["level"] == "sub_kegiatan"}
    assert sub_ids == {s["id"] for s in renja["subs"]}


def test_the_program_penunjang_is_stored_with_the_generic_node_and_the_opds_code(
    ref, planner, opd, client_for
):
    # given
    client = client_for(planner)
    renja = post(client, "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})

    # when
    program = post(client, "/api/renja-program/", {"renja": renja["id"], "nomenklatur": ref["X.XX.01"].pk})
    kegiatan = post(
        client, "/api/renja-kegiatan/", {"program": program["id"], "nomenklatur": ref["X.XX.01.2.01"].pk}
    )
    sub = post(
        client,
        "/api/renja-sub-kegiatan/",
        {"kegiatan": kegiatan["id"], "nomenklatur": ref["X.XX.01.2.01.0001"].pk, "pagu_indikatif": "1"},
    )

    # then
    assert (program["kode"], kegiatan["kode"], sub["kode"]) == (
        "1.02.01",
        "1.02.01.2.01",
        "1.02.01.2.01.0001",
    )
    assert sub["nomenklatur"] == ref["X.XX.01.2.01.0001"].pk


def test_an_opd_planner_cannot_touch_another_opds_renja(ref, pemda, planner, other_opd, client_for):
    # given
    other = RenjaFactory(pemda=pemda, perangkat_daerah=other_opd)
    client = client_for(planner)

    # when
    read = client.get(f"/api/renja/{other.pk}/")
    edit = client.patch(f"/api/renja/{other.pk}/", {"tahun": 2027}, format="json")
    program = client.post(
        "/api/renja-program/", {"renja": other.pk, "nomenklatur": ref["1.02.02"].pk}, format="json"
    )
    create = client.post("/api/renja/", {"tahun": 2027, "perangkat_daerah": other_opd.pk}, format="json")
    listed = client.get("/api/renja/")

    # then
    assert (read.status_code, edit.status_code) == (404, 404)
    assert program.status_code == 400
    assert "renja" in program.json()
    assert create.status_code == 400
    assert "perangkat_daerah" in create.json()
    assert other.pk not in [row["id"] for row in listed.json()["results"]]
    assert Renja.objects.count() == 1


def test_another_pemdas_plans_are_invisible(ref, other_pemda, bappeda, client_for):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=other_pemda)
    renja = RenjaFactory(pemda=other_pemda, perangkat_daerah=PerangkatDaerahFactory(pemda=other_pemda))
    client = client_for(bappeda)

    # when / then
    assert client.get(f"/api/rpjmd/{sasaran.rpjmd_id}/").status_code == 404
    assert client.get(f"/api/sasaran/{sasaran.pk}/").status_code == 404
    assert client.get(f"/api/renja/{renja.pk}/").status_code == 404
    assert client.get("/api/sasaran/").json()["count"] == 0


def test_a_program_linked_to_a_sasaran_of_another_pemda_is_rejected(ref, other_pemda, bappeda, client_for):
    # given
    client = client_for(bappeda)
    build_rpjmd(client)
    foreign = SasaranFactory(tujuan__misi__rpjmd__pemda=other_pemda)
    opd_id = PerangkatDaerahFactory(pemda=bappeda.pemda, kode="1.02.0.00.0.00.02.0000").pk

    # when
    response = client.post(
        "/api/program-rpjmd/",
        {
            "sasaran": foreign.pk,
            "nomenklatur": ref["1.02.02"].pk,
            "perangkat_daerah": opd_id,
        },
        format="json",
    )

    # then
    assert response.status_code == 400
    assert "sasaran" in response.json()
    assert ProgramRpjmd.objects.count() == 0


def test_targets_for_years_outside_the_period_are_rejected_and_nothing_is_written(ref, bappeda, client_for):
    # given
    client = client_for(bappeda)
    plan = build_rpjmd(client)
    before = (Indikator.objects.count(), IndikatorTarget.objects.count())

    # when
    response = client.post(
        "/api/indikator/",
        {
            "tujuan": plan["tujuan"]["id"],
            "nama": "IPM",
            "satuan": "poin",
            "targets": [{"tahun": 2029, "target": "72"}, {"tahun": 2030, "target": "73"}],
        },
        format="json",
    )

    # then
    assert response.status_code == 400
    assert "2030" in response.json()["targets"][0]
    assert (Indikator.objects.count(), IndikatorTarget.objects.count()) == before


def test_a_sub_kegiatan_that_does_not_belong_to_its_kegiatan_is_rejected(ref, planner, opd, client_for):
    # given
    client = client_for(planner)
    renja = post(client, "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})
    program = post(client, "/api/renja-program/", {"renja": renja["id"], "nomenklatur": ref["1.02.02"].pk})
    kegiatan = post(
        client, "/api/renja-kegiatan/", {"program": program["id"], "nomenklatur": ref["1.02.02.2.01"].pk}
    )

    # when
    wrong_sub = client.post(
        "/api/renja-sub-kegiatan/",
        {
            "kegiatan": kegiatan["id"],
            "nomenklatur": ref["1.02.03.2.01.0001"].pk,
            "pagu_indikatif": "10",
        },
        format="json",
    )
    wrong_kegiatan = client.post(
        "/api/renja-kegiatan/",
        {
            "program": program["id"],
            "nomenklatur": ref["1.02.03.2.01"].pk,
        },
        format="json",
    )

    # then
    assert wrong_sub.status_code == 400
    assert "bukan bagian dari 1.02.02.2.01" in wrong_sub.json()["nomenklatur"][0]
    assert wrong_kegiatan.status_code == 400
    assert "nomenklatur" in wrong_kegiatan.json()
    assert RenjaSubKegiatan.objects.count() == 0


def test_a_negative_pagu_a_foreign_location_and_an_old_code_are_rejected(ref, planner, opd, client_for):
    # given
    client = client_for(planner)
    renja = post(client, "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})
    program = post(client, "/api/renja-program/", {"renja": renja["id"], "nomenklatur": ref["1.02.02"].pk})
    kegiatan = post(
        client, "/api/renja-kegiatan/", {"program": program["id"], "nomenklatur": ref["1.02.02.2.01"].pk}
    )
    base = {"kegiatan": kegiatan["id"], "nomenklatur": ref["1.02.02.2.01.0001"].pk}

    # when
    negative = client.post("/api/renja-sub-kegiatan/", {**base, "pagu_indikatif": "-1"}, format="json")
    foreign = client.post(
        "/api/renja-sub-kegiatan/", {**base, "pagu_indikatif": "1", "lokasi": ["76.02.01"]}, format="json"
    )
    unknown = client.post(
        "/api/renja-sub-kegiatan/", {**base, "pagu_indikatif": "1", "lokasi": ["76.01.99"]}, format="json"
    )
    old = client.post(
        "/api/renja-program/",
        {"renja": renja["id"], "nomenklatur": ref.old_nodes["1.02.02"].pk},
        format="json",
    )

    # then
    assert negative.status_code == 400
    assert "pagu_indikatif" in negative.json()
    assert foreign.status_code == 400
    assert "di luar wilayah" in foreign.json()["lokasi"][0]
    assert unknown.status_code == 400
    assert "tidak dikenal" in unknown.json()["lokasi"][0]
    assert old.status_code == 400
    assert "berlaku" in old.json()["nomenklatur"][0]
    assert RenjaSubKegiatan.objects.count() == 0


def test_the_k_digit_of_the_other_pemda_level_is_rejected(ref, planner, opd, client_for):
    # given
    client = client_for(planner)
    renja = post(client, "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})
    program = post(client, "/api/renja-program/", {"renja": renja["id"], "nomenklatur": ref["1.02.02"].pk})

    # when
    response = client.post(
        "/api/renja-kegiatan/",
        {"program": program["id"], "nomenklatur": ref["1.02.02.1.01"].pk},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert "Digit K" in response.json()["nomenklatur"][0]


def test_a_renja_program_is_traced_to_the_sasaran_of_the_rpjmd_program_with_its_code(
    ref, pemda, opd, bappeda, planner, client_for
):
    # given
    plan = build_rpjmd(client_for(bappeda))
    post(
        client_for(bappeda),
        "/api/program-rpjmd/",
        {
            "sasaran": plan["sasaran"][1]["id"],
            "nomenklatur": ref["1.02.02"].pk,
            "perangkat_daerah": opd.pk,
            "pagu_tahunan": [{"tahun": 2026, "pagu": "5000000000"}, {"tahun": 2027, "pagu": "5500000000"}],
            "prioritas_daerah": True,
        },
    )
    renja = post(client_for(planner), "/api/renja/", {"tahun": 2026, "perangkat_daerah": opd.pk})

    # when
    program = post(
        client_for(planner), "/api/renja-program/", {"renja": renja["id"], "nomenklatur": ref["1.02.02"].pk}
    )

    # then
    assert program["sasaran"] == plan["sasaran"][1]["id"]


def test_yearly_pagu_outside_the_period_or_negative_is_rejected(ref, opd, bappeda, client_for):
    # given
    client = client_for(bappeda)
    plan = build_rpjmd(client)
    base = {"sasaran": plan["sasaran"][0]["id"], "nomenklatur": ref["1.02.02"].pk, "perangkat_daerah": opd.pk}

    # when
    outside = client.post(
        "/api/program-rpjmd/", {**base, "pagu_tahunan": [{"tahun": 2031, "pagu": "1"}]}, format="json"
    )
    negative = client.post(
        "/api/program-rpjmd/", {**base, "pagu_tahunan": [{"tahun": 2026, "pagu": "-5"}]}, format="json"
    )

    # then
    assert outside.status_code == 400
    assert "pagu_tahunan" in outside.json()
    assert negative.status_code == 400
    assert "pagu_tahunan" in negative.json()
    assert ProgramRpjmd.objects.count() == 0


def test_roles_without_write_rights_cannot_create_plans(ref, make_user, client_for):
    # given
    finance = make_user(Role.FINANCE)

    # when
    response = client_for(finance).post(
        "/api/rpjmd/", {"tahun_awal": 2025, "tahun_akhir": 2029, "visi": "x"}, format="json"
    )

    # then
    assert response.status_code == 403


def test_stale_version_is_refused(ref, bappeda, client_for):
    # given
    client = client_for(bappeda)
    rpjmd = post(client, "/api/rpjmd/", {"tahun_awal": 2025, "tahun_akhir": 2029, "visi": "v1"})
    client.patch(f"/api/rpjmd/{rpjmd['id']}/", {"visi": "v2"}, format="json")

    # when
    response = client.patch(f"/api/rpjmd/{rpjmd['id']}/", {"visi": "v3", "version": 1}, format="json")

    # then
    assert response.status_code == 409
