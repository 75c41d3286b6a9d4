"""Reconciliation of a stage: each check lists exactly the rows that break it, and nothing else."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from budgeting.amounts import line_jumlah
from budgeting.importers import sipd_import
from budgeting.models import BudgetLine, LineJenis, PlafonMode, Realisasi, RealisasiJenis, Tahap
from budgeting.services import execution_line_writes
from budgeting.sipd import write_sipd_file
from organisation.models import Role
from tests.budgeting.conftest import ref  # noqa: F401 (the fixture)
from tests.budgeting.factories import (
    TAHUN,
    AnggaranFactory,
    BudgetLineFactory,
    PlafonFactory,
    StandarHargaFactory,
)
from tests.budgeting.test_sipd_import import row
from tests.factories import AkunFactory, NomenklaturFactory, ReferenceVersionFactory, SumberDanaFactory
from tests.planning.factories import (
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
)
from tests.reporting.test_api import add_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(pemda, opd):
    """A DPA with a sound line and a broken one, pendapatan below belanja, a refuse ceiling and a Renja.

    sound: Rp 1,000,000, RAK balanced, Rp 400,000 realized with its entry, sub kegiatan in the Renja and linked to
    its nomenclature node.
    broken: Rp 500,000, RAK Rp 100,000, Rp 600,000 in the monthly total without any entry or flag, sub kegiatan not
    in the Renja nor linked to the nomenclature. Pendapatan Rp 1,200,000 against belanja Rp 1,500,000 (SiLPA −300,000); plafon Rp 1,000,000.
    """
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    atk = AkunFactory(kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor")
    retribusi = AkunFactory(kode="4.1.02.01.01.0001", nama="Retribusi")
    sound = add_line(
        dpa, opd, atk, "1.02.02.2.01.0001", Decimal(1_000_000), ak={1: 1_000_000}, real={3: 400_000}
    )
    Realisasi.objects.create(
        pemda=pemda, anggaran=dpa, perangkat_daerah=opd, budget_line=sound, tanggal=datetime.date(TAHUN, 3, 2),
        bulan=3, jenis=RealisasiJenis.SP2D_LS, nomor_dokumen="1/SP2D", jumlah=Decimal(400_000),
    )  # fmt: skip
    broken = add_line(
        dpa, opd, atk, "1.02.02.2.01.0002", Decimal(500_000), ak={1: 100_000}, real={4: 600_000}
    )
    pendapatan = add_line(
        dpa, opd, retribusi, "", Decimal(1_200_000), ak={1: 1_200_000}, real={}, jenis=LineJenis.PENDAPATAN
    )
    PlafonFactory(anggaran=dpa, perangkat_daerah=opd, jumlah=Decimal(1_000_000), mode=PlafonMode.REFUSE)
    node = NomenklaturFactory(kode="1.02.02.2.01.0001")
    with execution_line_writes():
        BudgetLine.objects.filter(pk=sound.pk).update(sub_kegiatan=node)
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=TAHUN)
    program = RenjaProgramFactory(renja=renja, nomenklatur=node, kode="1.02.02")
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=node, kode="1.02.02.2.01")
    RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=node, kode="1.02.02.2.01.0001")
    return dpa, sound, broken, pendapatan


def checks_of(client, dpa) -> dict[str, dict]:
    response = client.get("/api/reports/rekonsiliasi/", {"tahap": dpa.pk})
    assert response.status_code == 200, response.content
    return {check["kode"]: check for check in response.json()["checks"]}


def offending(check: dict) -> set[int]:
    return {row["budget_line"] for row in check["rows"]}


def test_each_check_lists_exactly_the_rows_that_break_it(stage, make_user, client_for):
    # given
    dpa, _, broken, _ = stage

    # when
    checks = checks_of(client_for(make_user(Role.AUDITOR)), dpa)

    # then: the broken line is in the code, Renja, cash-plan and spending checks, the sound line in none
    assert offending(checks["kode"]) == {broken.pk}
    assert checks["kode"]["rows"][0]["masalah"] == "sub kegiatan tidak tertaut ke nomenklatur"
    assert checks["renja"]["status"] == "gagal"
    assert offending(checks["renja"]) == {broken.pk}
    assert offending(checks["anggaran_kas"]) == {broken.pk}
    assert checks["anggaran_kas"]["rows"][0]["selisih"] == "-400000.00"
    assert offending(checks["realisasi"]) == {broken.pk}
    assert checks["realisasi"]["rows"][0]["masalah"] == (
        "melampaui pagu tanpa tanda; ringkasan bulanan berbeda dari entri"
    )
    # the ceiling: belanja Rp 1,500,000 against Rp 1,000,000, refused mode
    assert checks["plafon"]["status"] == "gagal"
    assert checks["plafon"]["rows"][0]["selisih"] == "500000.00"
    # the balance: SiLPA = 1,200,000 − 1,500,000
    assert checks["saldo"]["status"] == "gagal"
    assert checks["saldo"]["rows"] == [
        {
            "pendapatan": "1200000.00",
            "belanja": "1500000.00",
            "surplus_defisit": "-300000.00",
            "pembiayaan_netto": "0",
            "silpa": "-300000.00",
        }
    ]
    assert all(check["jumlah"] == len(check["rows"]) for check in checks.values())


def test_a_sound_stage_passes_every_check(stage, make_user, client_for):
    # given: the broken line put right and the balance covered
    dpa, _, broken, pendapatan = stage
    with execution_line_writes():  # arranging the data, not what the test is about
        broken.delete()
        pendapatan.jumlah = pendapatan.harga_satuan = Decimal(2_000_000)
        pendapatan.save()
    pendapatan.anggaran_kas.bulan_1 = Decimal(2_000_000)
    pendapatan.anggaran_kas.save()

    # when
    checks = checks_of(client_for(make_user(Role.AUDITOR)), dpa)

    # then
    assert {kode: check["status"] for kode, check in checks.items()} == dict.fromkeys(
        ["kode", "renja", "jumlah", "plafon", "tahap", "anggaran_kas", "realisasi", "saldo", "harga"], "ok"
    )


def test_the_workbook_has_a_summary_and_a_sheet_per_check(stage, make_user, client_for):
    # when
    dpa = stage[0]
    response = client_for(make_user(Role.AUDITOR)).get(
        "/api/reports/rekonsiliasi/", {"tahap": dpa.pk, "format": "xlsx"}
    )

    # then
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Ringkasan",
        "1 kode",
        "2 renja",
        "3 jumlah",
        "4 plafon",
        "5 tahap",
        "6 anggaran_kas",
        "7 realisasi",
        "8 saldo",
        "9 harga",
    ]
    values = [cell.value for row in workbook["6 anggaran_kas"].iter_rows() for cell in row]
    assert -400000 in values  # the cash-plan gap, as a number


def test_an_opd_user_reconciles_their_own_opd_without_the_pemda_balance(
    stage, make_user, client_for, other_opd
):
    # when: a planner of another OPD asks
    checks = checks_of(client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd)), stage[0])

    # then: nothing of this OPD's, and no pemda-wide balance
    assert "saldo" not in checks
    assert all(check["rows"] == [] for check in checks.values())


def test_bad_requests_are_400_and_another_pemdas_stage_is_unknown(stage, make_user, client_for, other_pemda):
    # given
    dpa = stage[0]
    auditor = client_for(make_user(Role.AUDITOR))
    outsider = client_for(make_user(Role.AUDITOR, pemda=other_pemda))

    # when
    csv = auditor.get("/api/reports/rekonsiliasi/", {"tahap": dpa.pk, "format": "csv"})
    foreign = outsider.get("/api/reports/rekonsiliasi/", {"tahap": dpa.pk})

    # then: a clear field error each; no other pemda's stage is found
    assert csv.status_code == 400
    assert "format" in csv.json()
    assert foreign.status_code == 400
    assert foreign.json()["tahap"] == ["Dokumen anggaran tidak dikenal."]


def test_codes_outside_the_versions_in_force_or_of_the_other_level_are_listed(
    pemda, opd, make_user, client_for
):
    # given: a line on the nomenclature in force, one on a version that ended before the year, one whose K digit
    # is a provinsi's in a kabupaten, one whose akun and sumber dana are of an old version
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    in_force = NomenklaturFactory(kode="1.02.02.2.01.0001")
    lapsed = NomenklaturFactory(
        kode="1.02.02.2.01.0002", version=ReferenceVersionFactory(tahun_mulai=2018, tahun_selesai=2023)
    )
    provinsi = NomenklaturFactory(kode="1.02.02.1.01.0001", version=in_force.version)
    old = ReferenceVersionFactory(kind="akun", tahun_mulai=2018, tahun_selesai=2023)
    old_akun = AkunFactory(kode="5.1.02.01.01.0025", version=old)
    old_sumber = SumberDanaFactory(
        kode="1.1.01.01.01.0001",
        version=ReferenceVersionFactory(kind="sumber_dana", tahun_mulai=2018, tahun_selesai=2023),
    )
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    BudgetLineFactory(anggaran=rka, perangkat_daerah=opd, akun=atk, sub_kegiatan=in_force)  # sound
    on_lapsed = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=atk, sub_kegiatan=lapsed, sub_kegiatan_kode=lapsed.kode
    )
    on_provinsi = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=atk, sub_kegiatan=provinsi, sub_kegiatan_kode=provinsi.kode
    )
    on_old_akun = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, sub_kegiatan=in_force, akun=old_akun, sumber_dana=old_sumber
    )
    miscoded = BudgetLineFactory(anggaran=rka, perangkat_daerah=opd, akun=atk, sub_kegiatan=in_force,
                                 sub_kegiatan_kode="1.02.02.2.01.0009")  # fmt: skip

    # when
    check = checks_of(client_for(make_user(Role.AUDITOR)), rka)["kode"]

    # then: every broken line with each of its reasons, the good one not at all
    assert check["status"] == "gagal"
    assert {row["budget_line"]: row["masalah"] for row in check["rows"]} == {
        on_lapsed.pk: "nomenklatur bukan versi yang berlaku",
        on_provinsi.pk: "digit K 1 milik provinsi",
        on_old_akun.pk: "akun bukan versi yang berlaku; sumber dana bukan versi yang berlaku",
        miscoded.pk: "kode sub kegiatan bukan kode nomenklaturnya",
    }


def test_a_line_whose_jumlah_is_not_its_factors_is_listed_and_halves_round_up(
    pemda, opd, make_user, client_for
):
    # given: 1.5 × Rp 0.03 = Rp 0.045 → Rp 0.05 (half up), 3 × 2 × Rp 333.33 + 11% PPN, and one off by a sen
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    half = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=atk, volume_1=Decimal("1.5"), harga_satuan=Decimal("0.03")
    )
    assert half.jumlah == Decimal("0.05")
    factors = dict(volume_1=Decimal(3), volume_2=Decimal(2), satuan_2="Hari", harga_satuan=Decimal("333.33"),
                   ppn=Decimal(11))  # fmt: skip
    exact = line_jumlah(volumes=[Decimal(3), Decimal(2)], harga_satuan=Decimal("333.33"), ppn=Decimal(11))
    sound = BudgetLineFactory(anggaran=rka, perangkat_daerah=opd, akun=atk, jumlah=exact, **factors)
    off = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=atk, jumlah=exact + Decimal("0.01"), **factors
    )

    # when
    check = checks_of(client_for(make_user(Role.AUDITOR)), rka)["jumlah"]

    # then
    assert sound.jumlah == Decimal("2219.98")  # 1,999.98 × 1.11 = 2,219.9778
    assert check["status"] == "gagal"
    assert check["rows"] == [
        {
            "budget_line": off.pk,
            "perangkat_daerah": opd.pk,
            "sub_kegiatan_kode": off.sub_kegiatan_kode,
            "akun_kode": off.akun.kode,
            "komponen": off.komponen,
            "jumlah": "2219.99",
            "seharusnya": "2219.98",
            "selisih": "0.01",
        }
    ]


@pytest.mark.parametrize(
    ("before", "after", "status"),
    [(Tahap.APBD, Tahap.DPA, "gagal"), (Tahap.KUA_PPAS, Tahap.RKA, "peringatan")],
)
def test_drift_from_the_stage_copied_from_is_shown_and_a_dpa_must_equal_its_apbd(
    pemda, opd, make_user, client_for, before, after, status
):
    # given: one sub kegiatan × akun unchanged, one raised by Rp 50,000, one added, one dropped
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    modal = AkunFactory(kode="5.2.02.05.01.0001")
    first = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=before)
    second = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=after, sumber=first)
    for stage, raised in ((first, Decimal(100_000)), (second, Decimal(150_000))):
        BudgetLineFactory(
            anggaran=stage, perangkat_daerah=opd, akun=atk, sub_kegiatan_kode="1.02.02.2.01.0001"
        )
        BudgetLineFactory(anggaran=stage, perangkat_daerah=opd, akun=modal, sub_kegiatan_kode="1.02.02.2.01.0001",
                          harga_satuan=raised)  # fmt: skip
    BudgetLineFactory(anggaran=first, perangkat_daerah=opd, akun=atk, sub_kegiatan_kode="1.02.02.2.01.0002")
    BudgetLineFactory(anggaran=second, perangkat_daerah=opd, akun=atk, sub_kegiatan_kode="1.02.02.2.01.0003")

    # when
    check = checks_of(client_for(make_user(Role.AUDITOR)), second)["tahap"]

    # then
    assert check["status"] == status
    assert {
        (row["sub_kegiatan_kode"], row["akun_kode"]): (row["status"], row["selisih"]) for row in check["rows"]
    } == {
        ("1.02.02.2.01.0001", "5.2.02.05.01.0001"): ("changed", "50000.00"),
        ("1.02.02.2.01.0002", "5.1.02.01.01.0024"): ("dropped", "-100000.00"),
        ("1.02.02.2.01.0003", "5.1.02.01.01.0024"): ("added", "100000.00"),
    }


def test_prices_above_a_ceiling_standard_or_on_an_akun_it_does_not_allow_are_listed(
    pemda, opd, make_user, client_for
):
    # given: a ceiling SSH at Rp 50,000 allowing one akun, and a non-ceiling HSPK at Rp 50,000
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    atk = AkunFactory(kode="5.1.02.01.01.0024")
    modal = AkunFactory(kode="5.2.02.05.01.0001")
    ssh = StandarHargaFactory(pemda=pemda, harga=Decimal(50_000), is_ceiling=True)
    ssh.akun.set([atk])
    hspk = StandarHargaFactory(pemda=pemda, harga=Decimal(50_000), is_ceiling=False)
    BudgetLineFactory(  # at the ceiling: fine
        anggaran=rka, perangkat_daerah=opd, akun=atk, standar_harga=ssh, harga_satuan=Decimal(50_000)
    )
    above = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=atk, standar_harga=ssh, harga_satuan=Decimal("50000.01")
    )
    wrong_akun = BudgetLineFactory(
        anggaran=rka, perangkat_daerah=opd, akun=modal, standar_harga=ssh, harga_satuan=Decimal(40_000)
    )
    BudgetLineFactory(  # above a standard that is no ceiling, on an akun it does not restrict: fine
        anggaran=rka, perangkat_daerah=opd, akun=modal, standar_harga=hspk, harga_satuan=Decimal(90_000)
    )

    # when
    check = checks_of(client_for(make_user(Role.AUDITOR)), rka)["harga"]

    # then
    assert check["status"] == "gagal"
    rows = {row["budget_line"]: row for row in check["rows"]}
    assert set(rows) == {above.pk, wrong_akun.pk}
    assert rows[above.pk]["masalah"] == "harga satuan di atas harga standar"
    assert (rows[above.pk]["harga_satuan"], rows[above.pk]["harga_standar"]) == ("50000.01", "50000.00")
    assert rows[wrong_akun.pk]["masalah"] == "akun tidak diizinkan untuk komponen standar"


@pytest.fixture
def exported(pemda, opd, ref, make_user, tmp_path):  # noqa: F811 (`ref` is the fixture imported above)
    """An RKA loaded from a SIPD export of three rows, and a later export of it to compare: the ATK row raised by
    Rp 250,000, the perjalanan row gone, a modal row new."""
    rka = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)
    loaded = write_sipd_file(tmp_path / "rka.csv", [
        row(),
        row(kode_rekening="5.1.02.04.01.0001", pagu="2000000"),
        row(kode_sub_kegiatan="1.02.02.2.01.0002", pagu="300000"),
    ])  # fmt: skip
    sipd_import(user=make_user(Role.FINANCE), anggaran=rka, file=loaded, filename=loaded.name)
    export = write_sipd_file(tmp_path / "sipd.xlsx", [
        row(pagu="1000000"), row(pagu="750000"),  # the ATK key twice: 1,750,000 against Pagu's 1,500,000
        row(kode_sub_kegiatan="1.02.02.2.01.0002", pagu="300000"),
        row(kode_rekening="5.2.02.05.01.0001", pagu="5000000"),
    ])  # fmt: skip
    return rka, export


def reconcile_with(client, rka, path, **params):
    with path.open("rb") as handle:
        return client.post(
            "/api/reports/rekonsiliasi-sipd/", {"tahap": rka.pk, "file": handle, **params}, format="multipart"
        )


def test_a_sipd_export_is_compared_per_sub_kegiatan_and_akun_and_nothing_is_stored(
    exported, opd, make_user, client_for
):
    # given
    rka, export = exported
    before = BudgetLine.objects.filter(anggaran=rka).count()

    # when: an auditor (who may only read) sends the export
    response = reconcile_with(client_for(make_user(Role.AUDITOR)), rka, export)

    # then: check 10 lists the three keys that differ, with both amounts; the file changed nothing
    assert response.status_code == 200, response.content
    check = {check["kode"]: check for check in response.json()["checks"]}["sipd"]
    assert check["status"] == "gagal"
    assert {(row["akun_kode"], row["sub_kegiatan_kode"]): (row["sipd"], row["pagu"], row["masalah"])
            for row in check["rows"]} == {
        ("5.1.02.01.01.0024", "1.02.02.2.01.0001"): ("1750000.00", "1500000.00", "berbeda"),
        ("5.1.02.04.01.0001", "1.02.02.2.01.0001"): ("0", "2000000.00", "hanya di Pagu"),
        ("5.2.02.05.01.0001", "1.02.02.2.01.0001"): ("5000000.00", "0", "hanya di SIPD"),
    }  # fmt: skip
    assert all(row["perangkat_daerah"] == opd.pk for row in check["rows"])
    assert BudgetLine.objects.filter(anggaran=rka).count() == before


def test_a_sipd_export_equal_to_the_stage_passes_and_its_workbook_has_the_sheet(
    exported, make_user, client_for, tmp_path
):
    # given: the export of exactly what was loaded
    rka = exported[0]
    same = write_sipd_file(tmp_path / "same.csv", [
        row(), row(kode_rekening="5.1.02.04.01.0001", pagu="2000000"),
        row(kode_sub_kegiatan="1.02.02.2.01.0002", pagu="300000"),
    ])  # fmt: skip
    client = client_for(make_user(Role.AUDITOR))

    # when
    body = reconcile_with(client, rka, same).json()
    workbook = reconcile_with(client, rka, same, format="xlsx")

    # then
    assert {check["kode"]: check["status"] for check in body["checks"]}["sipd"] == "ok"
    assert "10 sipd" in load_workbook(io.BytesIO(workbook.content)).sheetnames


def test_a_bad_export_is_400_with_every_row_and_outsiders_are_refused(
    exported, make_user, client_for, other_opd, other_pemda, tmp_path
):
    # given
    rka, export = exported
    bad = write_sipd_file(tmp_path / "bad.csv", [row(kode_rekening="9.9.99"), row(kode_skpd="9.99"), row()])

    # when
    refused = reconcile_with(client_for(make_user(Role.AUDITOR)), rka, bad)
    other_opds = reconcile_with(
        client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd)), rka, export
    )
    other_pemdas = reconcile_with(client_for(make_user(Role.AUDITOR, pemda=other_pemda)), rka, export)
    anonymous = reconcile_with(APIClient(), rka, export)

    # then: both bad rows named; another OPD's user sees none of this OPD's keys; another pemda's stage is unknown
    assert refused.status_code == 400
    assert {error["row"] for error in refused.json()["errors"]} == {2, 3}
    sipd = {check["kode"]: check for check in other_opds.json()["checks"]}["sipd"]
    assert sipd["rows"] == []
    assert other_pemdas.status_code == 400
    assert other_pemdas.json()["tahap"] == ["Dokumen anggaran tidak dikenal."]
    assert anonymous.status_code in (401, 403)
