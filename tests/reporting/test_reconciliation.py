"""Reconciliation of a stage: each check lists exactly the rows that break it, and nothing else."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgeting.models import LineJenis, PlafonMode, Realisasi, RealisasiJenis, Tahap
from budgeting.services import execution_line_writes
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, PlafonFactory
from tests.factories import AkunFactory, NomenklaturFactory
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

    sound: Rp 1,000,000, RAK balanced, Rp 400,000 realized with its entry, sub kegiatan in the Renja.
    broken: Rp 500,000, RAK Rp 100,000, Rp 600,000 in the monthly total without any entry or flag, sub kegiatan not
    in the Renja. Pendapatan Rp 1,200,000 against belanja Rp 1,500,000 (SiLPA −300,000); plafon Rp 1,000,000.
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
    node = NomenklaturFactory(kode="1.02.02.2.01.0001")  # the Renja rows only need their codes here
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

    # then: the broken line is in the Renja, cash-plan and spending checks, the sound line in none
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
        ["renja", "plafon", "anggaran_kas", "realisasi", "saldo"], "ok"
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
        "2 renja",
        "4 plafon",
        "6 anggaran_kas",
        "7 realisasi",
        "8 saldo",
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
