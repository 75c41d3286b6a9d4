"""The Musrenbang / Pokir inbox: its filters, the proposers list and the all-or-none bulk review."""

from decimal import Decimal

import pytest

from organisation.models import Role
from planning.models import Usulan, UsulanReview, UsulanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterer(make_user):
    return make_user(Role.BAPPEDA)


def usulan(pemda, opd, enterer, **overrides):
    data = {
        "pemda": pemda,
        "updated_by": enterer,
        "tahun": 2026,
        "jenis": "musrenbang",
        "pengusul_jenis": "desa",
        "pengusul_nama": "Desa Polewali",
        "lokasi": "76.01.01.2003",
        "permasalahan": "Jalan desa rusak saat musim hujan",
        "uraian": "Pengerasan jalan usaha tani",
        "perangkat_daerah": opd,
        "volume": Decimal(1),
        "satuan": "paket",
        "perkiraan_biaya": Decimal(250_000_000),
    }
    return Usulan.objects.create(**{**data, **overrides})


def test_the_list_filters_by_words_place_proposer_and_the_level_reached(
    pemda, opd, enterer, bappeda, client_for
):
    # given
    jalan = usulan(pemda, opd, enterer)
    pustu = usulan(
        pemda,
        opd,
        enterer,
        pengusul_jenis="kecamatan",
        pengusul_nama="Kecamatan Pasangkayu",
        lokasi="76.01.02",
        permasalahan="Pustu rusak berat",
        uraian="Rehabilitasi puskesmas pembantu",
        tahap="kabupaten",
    )
    pokir = usulan(
        pemda,
        opd,
        enterer,
        jenis="pokir",
        pengusul_jenis="dprd",
        pengusul_nama="H. Ahmad, S.E.",
        lokasi="76.01.01",
        permasalahan="Produktivitas padi rendah",
        uraian="Bantuan alat mesin pertanian",
        tahap="opd",
    )
    client = client_for(bappeda)

    def listed(**params):
        response = client.get("/api/usulan/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    # when / then
    assert listed(q="jalan TANI") == {jalan.pk}
    assert listed(q="rusak hujan puskesmas") == set()
    assert listed(lokasi="76.01.01") == {jalan.pk, pokir.pk}
    assert listed(lokasi="76.01.01.2003") == {jalan.pk}
    assert listed(lokasi="76.01.0") == set()
    assert listed(pengusul_nama="Kecamatan Pasangkayu") == {pustu.pk}
    assert listed(sampai_tahap="opd") == {pustu.pk, pokir.pk}
    assert listed(sampai_tahap="kabupaten", jenis="musrenbang") == {pustu.pk}
    assert client.get("/api/usulan/", {"sampai_tahap": "provinsi"}).status_code == 400


def test_the_proposers_are_listed_with_their_counts_within_the_callers_scope(
    pemda, other_pemda, opd, other_opd, enterer, planner, client_for
):
    # given
    usulan(pemda, opd, enterer)
    usulan(pemda, opd, enterer, uraian="Drainase")
    usulan(pemda, opd, enterer, jenis="pokir", pengusul_jenis="dprd", pengusul_nama="Hj. Nurhayati")
    usulan(pemda, other_opd, enterer, pengusul_nama="Desa Lain")
    usulan(other_pemda, None, enterer, pengusul_nama="Desa Pemda Lain", lokasi="76.02.01")

    # when
    response = client_for(planner).get("/api/usulan/pengusul/")
    pokir_only = client_for(planner).get("/api/usulan/pengusul/", {"jenis": "pokir"})

    # then: the OPD planner sees only its OPD's proposers
    assert response.status_code == 200
    assert response.json() == [
        {"pengusul_jenis": "desa", "pengusul_nama": "Desa Polewali", "jumlah": 2},
        {"pengusul_jenis": "dprd", "pengusul_nama": "Hj. Nurhayati", "jumlah": 1},
    ]
    assert [row["pengusul_nama"] for row in pokir_only.json()] == ["Hj. Nurhayati"]


def test_a_bulk_review_accepts_every_proposal_at_once(pemda, opd, enterer, bappeda, client_for):
    # given
    rows = [usulan(pemda, opd, enterer, prioritas=n) for n in (1, 2, 3)]

    # when
    response = client_for(bappeda).post(
        "/api/usulan/review-bulk/",
        {"ids": [row.pk for row in rows], "tahap": "kecamatan", "keputusan": "diterima"},
        format="json",
    )

    # then
    assert response.status_code == 200, response.content
    assert {row["keputusan"] for row in response.json()} == {"diterima"}
    assert UsulanReview.objects.filter(usulan__in=rows, keputusan="diterima").count() == 3


def test_a_bulk_review_writes_nothing_when_one_proposal_is_refused_and_lists_each_refusal(
    pemda, opd, enterer, bappeda, client_for
):
    # given: one proposal already rejected, one entered by the reviewer herself (maker-checker)
    fine = usulan(pemda, opd, enterer)
    closed = usulan(pemda, opd, enterer, keputusan=UsulanStatus.DITOLAK, alasan="Duplikat")
    own = usulan(pemda, opd, bappeda)
    ids = [fine.pk, closed.pk, own.pk, 999_999_999, fine.pk]

    # when
    response = client_for(bappeda).post(
        "/api/usulan/review-bulk/",
        {"ids": ids, "tahap": "kecamatan", "keputusan": "ditolak", "alasan": "Bukan kewenangan daerah"},
        format="json",
    )

    # then
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "bulk_rejected"
    assert [(e["index"], e["id"], e["field"]) for e in body["errors"]] == [
        (1, closed.pk, "keputusan"),
        (2, own.pk, "id"),
        (3, 999_999_999, "ids"),
        (4, fine.pk, "ids"),
    ]
    assert UsulanReview.objects.count() == 0
    fine.refresh_from_db()
    assert fine.keputusan == UsulanStatus.DIAJUKAN


def test_a_bulk_rejection_needs_a_reason_for_every_row(pemda, opd, enterer, bappeda, client_for):
    # given
    rows = [usulan(pemda, opd, enterer), usulan(pemda, opd, enterer)]

    # when
    response = client_for(bappeda).post(
        "/api/usulan/review-bulk/",
        {"ids": [row.pk for row in rows], "tahap": "kecamatan", "keputusan": "ditolak", "alasan": "  "},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(0, "alasan"), (1, "alasan")]
    assert UsulanReview.objects.count() == 0


def test_a_bulk_review_never_reaches_another_pemda_or_another_opd(
    pemda, other_pemda, opd, other_opd, enterer, planner, make_user, client_for
):
    # given
    foreign = usulan(other_pemda, None, make_user(Role.BAPPEDA, pemda=other_pemda), lokasi="76.02.01")
    theirs = usulan(pemda, other_opd, enterer)
    mine = usulan(pemda, opd, enterer)
    accept = {"tahap": "opd", "keputusan": "diterima"}

    # when
    by_planner = client_for(planner).post(
        "/api/usulan/review-bulk/", {**accept, "ids": [mine.pk, theirs.pk, foreign.pk]}, format="json"
    )
    foreign_detail = client_for(planner).post(f"/api/usulan/{foreign.pk}/review/", accept, format="json")
    by_leader = client_for(make_user(Role.LEADER)).post(
        "/api/usulan/review-bulk/", {**accept, "ids": [mine.pk]}, format="json"
    )

    # then: the others' proposals are not found, and nothing is written
    assert by_planner.status_code == 400
    assert [(e["id"], e["field"]) for e in by_planner.json()["errors"]] == [
        (theirs.pk, "ids"),
        (foreign.pk, "ids"),
    ]
    assert foreign_detail.status_code == 404
    assert by_leader.status_code == 403
    assert UsulanReview.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"ids": ["abc"], "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": [2**70], "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": [-1, 0], "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": "1,2", "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": [], "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": [{"id": 1}], "tahap": "kecamatan", "keputusan": "diterima"},
        {"ids": [1], "tahap": "provinsi", "keputusan": "diterima"},
        {"ids": [1], "tahap": "kecamatan", "keputusan": "digabung"},
        {"ids": [1], "tahap": "kecamatan", "keputusan": "diajukan"},
    ],
)
def test_junk_in_a_bulk_review_is_a_400(body, bappeda, client_for):
    # when
    response = client_for(bappeda).post("/api/usulan/review-bulk/", body, format="json")

    # then
    assert response.status_code == 400, response.content
