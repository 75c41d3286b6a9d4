"""The reference subset the demo uses: codes and names shipped in demo/fixtures, loaded by the importer."""

from pathlib import Path

from organisation.models import PemdaLevel
from reference.importers import reference_import
from reference.models import ReferenceKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"
YEARS = (2024, 2030)

DEMO_REFERENCE = [
    (
        ReferenceKind.NOMENKLATUR,
        "nomenklatur_kabkota.csv",
        "Kepmendagri 900.1.15.5-1317/2023",
        PemdaLevel.KABKOTA,
    ),
    (ReferenceKind.AKUN, "akun.csv", "Kepmendagri 050-5889/2021", ""),
    (ReferenceKind.SUMBER_DANA, "sumber_dana.csv", "Kepmendagri 050-5889/2021", ""),
]


def reference_demo_load() -> None:
    for kind, filename, legal_basis, pemda_level in DEMO_REFERENCE:
        reference_import(
            kind=kind,
            file=FIXTURES / filename,
            filename=filename,
            legal_basis=legal_basis,
            tahun_mulai=YEARS[0],
            tahun_selesai=YEARS[1],
            pemda_level=pemda_level,
        )
