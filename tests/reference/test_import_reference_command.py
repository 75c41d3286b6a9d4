import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.models import Akun, Nomenklatur, ReferenceVersion

pytestmark = pytest.mark.django_db

BASIS = "Kepmendagri 900.1.15.5-1317/2023"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_reference", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_counts_per_level(shared_data):
    # given the kab/kota nomenclature annex
    path = shared_data / "nomenklatur/kepmendagri_900.1.15.5-1317_2023_kabkota.csv"
    # when imported from the command line
    out, _ = run(
        "nomenclature", str(path), "--legal-basis", BASIS, "--years", "2024-2026", "--pemda-level", "kabkot"
    )
    # then each level's count is printed
    assert re.search(r"^  sub_kegiatan +3395 dibuat$", out, re.MULTILINE)
    assert re.search(r"^  urusan +10 dibuat$", out, re.MULTILINE)
    assert re.search(r"^  total +4367 dibuat$", out, re.MULTILINE)
    assert "Tidak berubah: 0" in out
    version = ReferenceVersion.objects.get()
    assert (version.pemda_level, version.tahun_mulai, version.tahun_selesai) == ("KABKOT", 2024, 2026)
    assert Nomenklatur.objects.count() == 4367


def test_prints_unchanged_and_duplicates(tmp_path):
    # given an akun file with a repeated row, imported once
    path = write_csv(
        tmp_path / "akun.csv", [["kode", "uraian"], ["5", "BELANJA DAERAH"], ["5", "BELANJA DAERAH"]]
    )
    run("akun", str(path), "--legal-basis", "Permendagri 90/2019", "--years", "2024–2026")
    # when imported again
    out, _ = run("akun", str(path), "--legal-basis", "Permendagri 90/2019", "--years", "2024-2026")
    # then nothing new, one unchanged row and the repeat are reported
    assert re.search(r"^  total +0 dibuat$", out, re.MULTILINE)
    assert "Tidak berubah: 1" in out
    assert "Duplikat dilewati: 1" in out
    assert "baris 3, kolom kode: Kode 5 sudah ada di baris 2" in out
    assert Akun.objects.count() == 1


def test_bad_file_lists_every_row_and_fails(tmp_path):
    # given an akun file with a malformed code and an orphan
    path = write_csv(
        tmp_path / "akun.csv",
        [["kode", "uraian"], ["5", "BELANJA DAERAH"], ["5.01", "SALAH FORMAT"], ["5.1.02.01", "Yatim"]],
    )
    # when imported
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 kesalahan"):
        call_command(
            "import_reference", "akun", str(path), "--legal-basis", "X", "--years", "2024-2026", stderr=err
        )
    # then both rows are listed on stderr and nothing is written
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("baris 3, kolom kode: Kode '5.01' tidak sesuai format")
    assert lines[1].startswith("baris 4, kolom kode: Induk 5.1.02")
    assert ReferenceVersion.objects.count() == 0


def test_nomenclature_requires_a_pemda_level(tmp_path):
    # given a nomenclature file without a jenis_pemda column
    path = write_csv(tmp_path / "n.csv", [["kode", "nama"], ["1", "URUSAN WAJIB"]])
    # when imported without --pemda-level / then it is refused
    with pytest.raises(CommandError, match="jenis pemda"):
        run("nomenclature", str(path), "--legal-basis", BASIS, "--years", "2024-2026")
    assert ReferenceVersion.objects.count() == 0


@pytest.mark.parametrize("years", ["2024", "2026-2024", "dua ribu"])
def test_years_are_checked(tmp_path, years):
    path = write_csv(tmp_path / "a.csv", [["kode", "uraian"], ["5", "BELANJA DAERAH"]])
    if years == "2024":
        # given a single year / when imported / then the version governs that year only
        run("akun", str(path), "--legal-basis", "X", "--years", years)
        assert ReferenceVersion.objects.values_list("tahun_mulai", "tahun_selesai").get() == (2024, 2024)
    else:
        with pytest.raises(CommandError, match="--years"):
            run("akun", str(path), "--legal-basis", "X", "--years", years)


def test_exit_status_is_non_zero_on_a_rejected_file(tmp_path):
    # given a file whose layout is not recognised
    path = write_csv(tmp_path / "lain.csv", [["nik", "alamat"], ["1", "Jl. Merdeka"]])
    # when the command runs as a process
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_reference",
            "akun",
            str(path),
            "--legal-basis",
            "X",
            "--years",
            "2024",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then it fails with the reason on stderr and no progress bar (stderr is not a terminal)
    assert completed.returncode != 0
    assert "berkas: Tata letak berkas tidak dikenali" in completed.stderr
    assert "baris/s" not in completed.stderr
