"""The over-DPA rule through the API: BPKAD sets it per pemda (default) or per DPA / DPPA document; posting obeys
the document's rule, else the pemda's, else refuses."""

import pytest

from budgeting.models import Realisasi, RealisasiPengaturan, Tahap
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory

URL = "/api/realisasi-pengaturan/"


@pytest.fixture
def dpa(pemda):
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)


@pytest.fixture
def dpa_line(dpa, opd):
    return DpaLineFactory(anggaran=dpa, perangkat_daerah=opd)  # pagu Rp 1,000,000


def over_dpa(client, line, nomor):
    """Post Rp 1,500,000 on a Rp 1,000,000 line."""
    return client.post(
        "/api/realisasi/",
        {"budget_line": line.pk, "tanggal": f"{TAHUN}-05-02", "jenis": "sp2d_ls", "nomor_dokumen": nomor,
         "jumlah": "1500000"},
        format="json",
    )  # fmt: skip


def test_warn_on_the_dpa_accepts_and_flags_a_post_beyond_it(dpa, dpa_line, finance, client_for):
    client = client_for(finance)
    # when: BPKAD sets the DPA to warn
    created = client.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tandai"}, format="json")
    # then
    assert created.status_code == 201, created.json()
    assert (created.json()["anggaran"], created.json()["batas_dpa"], created["ETag"]) == (
        dpa.pk,
        "tandai",
        '"1"',
    )
    posted = over_dpa(client, dpa_line, "SP2D-1")
    assert posted.status_code == 201, posted.json()
    assert posted.json()["melebihi_dpa"] is True
    assert Realisasi.objects.get().melebihi_dpa


def test_refuse_refuses_with_over_dpa_and_the_document_rule_beats_the_pemda_default(
    dpa, dpa_line, finance, client_for
):
    client = client_for(finance)
    # given: the pemda default warns, the document refuses
    assert client.post(URL, {"anggaran": None, "batas_dpa": "tandai"}, format="json").status_code == 201
    assert client.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tolak"}, format="json").status_code == 201
    # when
    refused = over_dpa(client, dpa_line, "SP2D-1")
    # then
    assert (refused.status_code, refused.data["jumlah"][0].code) == (400, "over_dpa")
    assert not Realisasi.objects.exists()
    # when the document's rule is changed to warn, the same post goes through
    setting = RealisasiPengaturan.objects.get(anggaran=dpa)
    changed = client.patch(f"{URL}{setting.pk}/", {"batas_dpa": "tandai"}, format="json")
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    assert over_dpa(client, dpa_line, "SP2D-1").status_code == 201


def test_without_a_document_rule_the_pemda_default_applies(dpa, dpa_line, finance, client_for):
    client = client_for(finance)
    assert over_dpa(client, dpa_line, "SP2D-1").status_code == 400  # no rule at all: refuse
    client.post(URL, {"batas_dpa": "tandai"}, format="json")
    assert over_dpa(client, dpa_line, "SP2D-1").status_code == 201


def test_one_rule_per_pemda_default_and_per_document(dpa, finance, client_for):
    client = client_for(finance)
    client.post(URL, {"batas_dpa": "tandai"}, format="json")
    client.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tandai"}, format="json")
    # when
    second_default = client.post(URL, {"anggaran": None, "batas_dpa": "tolak"}, format="json")
    second_document = client.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tolak"}, format="json")
    # then
    assert (second_default.status_code, second_default.data["anggaran"][0].code) == (400, "duplicate")
    assert (second_document.status_code, second_document.data["anggaran"][0].code) == (400, "duplicate")
    assert sorted(RealisasiPengaturan.objects.values_list("batas_dpa", flat=True)) == ["tandai", "tandai"]


@pytest.mark.parametrize(
    "body",
    [
        {"batas_dpa": "kadang"},
        {"anggaran": 999_999_999, "batas_dpa": "tandai"},
        {"anggaran": "x", "batas_dpa": "tolak"},
    ],
)
def test_bad_input_is_400(finance, client_for, body):
    response = client_for(finance).post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) <= {"anggaran", "batas_dpa"}
    assert not RealisasiPengaturan.objects.exists()


def test_only_an_execution_document_takes_a_rule(pemda, finance, client_for):
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    response = client_for(finance).post(URL, {"anggaran": rka.pk, "batas_dpa": "tandai"}, format="json")
    assert (response.status_code, response.data["anggaran"][0].code) == (400, "not_execution_stage")


def test_an_opd_finance_officer_reads_but_cannot_change_it(dpa, finance, make_user, client_for):
    setting = client_for(finance).post(URL, {"anggaran": dpa.pk, "batas_dpa": "tolak"}, format="json").json()
    officer = client_for(make_user(Role.OPD_FINANCE))
    # when / then
    assert officer.get(f"{URL}{setting['id']}/").status_code == 200
    assert officer.post(URL, {"batas_dpa": "tandai"}, format="json").status_code == 403
    assert officer.patch(f"{URL}{setting['id']}/", {"batas_dpa": "tandai"}, format="json").status_code == 403
    assert RealisasiPengaturan.objects.get().batas_dpa == "tolak"


def test_another_pemdas_rule_is_404_and_its_document_unknown(
    dpa, finance, make_user, client_for, other_pemda
):
    setting = client_for(finance).post(URL, {"anggaran": dpa.pk, "batas_dpa": "tolak"}, format="json").json()
    foreign = client_for(make_user(Role.FINANCE, pemda=other_pemda))
    # when / then
    assert foreign.get(f"{URL}{setting['id']}/").status_code == 404
    assert foreign.patch(f"{URL}{setting['id']}/", {"batas_dpa": "tandai"}, format="json").status_code == 404
    assert foreign.get(URL).json()["results"] == []
    pointing = foreign.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tandai"}, format="json")
    assert (pointing.status_code, "anggaran" in pointing.json()) == (400, True)
    assert RealisasiPengaturan.objects.get().batas_dpa == "tolak"


def test_stale_writes_are_409_or_412(dpa, finance, client_for):
    client = client_for(finance)
    setting = client.post(URL, {"anggaran": dpa.pk, "batas_dpa": "tolak"}, format="json").json()
    url = f"{URL}{setting['id']}/"
    # when / then
    assert client.patch(url, {"batas_dpa": "tandai", "version": 5}, format="json").status_code == 409
    assert client.patch(url, {"batas_dpa": "tandai"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    assert client.patch(url, {"batas_dpa": "tandai"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    # the document of a rule is fixed once created
    moved = client.put(url, {"anggaran": None, "batas_dpa": "tolak"}, format="json")
    assert (moved.status_code, moved.json()["anggaran"]) == (200, dpa.pk)
