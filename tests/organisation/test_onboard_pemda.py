"""`manage.py onboard_pemda`: the pemda, its first admin and its OPD list in one transaction."""

from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from organisation.models import Pemda, PerangkatDaerah, Role, User


def opd_sheet(path, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(["KODE", "ORGANISASI", "KETERANGAN"])
    for row in rows:
        workbook.active.append(list(row))
    workbook.save(path)
    return path


def onboard(*args: str) -> str:
    out = StringIO()
    call_command("onboard_pemda", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


BASE = ["--kode", "76.03", "--admin-username", "admin.mamasa", "--admin-email", "admin@mamasa.go.id"]


def test_onboarding_creates_the_pemda_its_admin_and_its_opd(db, tmp_path):
    # given
    sheet = opd_sheet(
        tmp_path / "opd.xlsx",
        [
            ("1.2.0.0.0.0.1.0", "Dinas Kesehatan", ""),
            ("1.2.0.0.0.0.1.1", "UPTD Puskesmas Mamasa", "Puskesmas"),
        ],
    )
    # when
    output = onboard(*BASE, "--nama", "Kabupaten Mamasa", "--opd-file", str(sheet))
    # then
    pemda = Pemda.objects.get(kode="76.03")
    admin = User.objects.get(username="admin.mamasa")
    assert (admin.pemda, admin.role, admin.email) == (pemda, Role.ADMIN, "admin@mamasa.go.id")
    password = output.split("Kata sandi sekali pakai (hanya ditampilkan sekarang): ")[1].split()[0]
    assert admin.check_password(password)
    puskesmas = PerangkatDaerah.objects.get(pemda=pemda, kode="1.02.0.00.0.00.01.0001")
    assert puskesmas.induk.kode == "1.02.0.00.0.00.01.0000"
    assert puskesmas.keterangan == "Puskesmas"
    assert "1 OPD, 1 sub unit" in output


def test_a_given_password_is_used_and_not_printed(db):
    # when
    output = onboard(*BASE, "--admin-password", "Mamasa-Kuat-2026")
    # then
    assert User.objects.get(username="admin.mamasa").check_password("Mamasa-Kuat-2026")
    assert "Mamasa-Kuat-2026" not in output
    assert Pemda.objects.get(kode="76.03").nama == "Kabupaten Mamasa"  # the official name


def test_a_bad_opd_row_creates_nothing_at_all(db, tmp_path):
    # given
    sheet = opd_sheet(
        tmp_path / "opd.xlsx", [("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", ""), ("9", "X", "")]
    )
    # when
    with pytest.raises(CommandError, match="Daftar OPD"):
        onboard(*BASE, "--opd-file", str(sheet))
    # then
    assert not Pemda.objects.filter(kode="76.03").exists()
    assert not User.objects.filter(username="admin.mamasa").exists()


def test_a_weak_password_or_unknown_region_is_an_error(db):
    # when / then
    with pytest.raises(CommandError, match=r"password|sandi"):
        onboard(*BASE, "--admin-password", "12345")
    with pytest.raises(CommandError, match="kode"):
        onboard("--kode", "99.99", "--admin-username", "x", "--admin-email", "x@y.id")
    assert not Pemda.objects.exists()
