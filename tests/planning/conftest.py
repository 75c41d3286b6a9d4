from dataclasses import dataclass
from typing import Any

import pytest

from organisation.models import Role
from reference.codes import nomenklatur_parent
from reference.models import Nomenklatur, ReferenceKind, SumberDana
from tests.factories import NomenklaturFactory, ReferenceVersionFactory, SumberDanaFactory

CODES = [
    # generic program penunjang
    ("X", "URUSAN X.XX"),
    ("X.XX", "BIDANG XX"),
    ("X.XX.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"),
    ("X.XX.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
    ("X.XX.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
    ("1", "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"),
    ("1.01", "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN"),
    ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN"),
    ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar"),
    ("1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru (USB)"),
    ("1.02", "URUSAN PEMERINTAHAN BIDANG KESEHATAN"),
    ("1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT"),
    (
        "1.02.02.2.01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
    ),
    ("1.02.02.2.01.0001", "Pembangunan Rumah Sakit beserta Sarana dan Prasarana Pendukungnya"),
    ("1.02.02.2.01.0002", "Pembangunan Puskesmas"),
    ("1.02.02.2.02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota"),
    ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"),
    ("1.02.02.1.01", "Kegiatan kewenangan provinsi (K=1)"),
    ("1.02.02.1.01.0001", "Sub kegiatan kewenangan provinsi (K=1)"),
    ("1.02.03", "PROGRAM PENINGKATAN KAPASITAS SUMBER DAYA MANUSIA KESEHATAN"),
    ("1.02.03.2.01", "Pemberian Izin Praktik Tenaga Kesehatan di Wilayah Kabupaten/Kota"),
    ("1.02.03.2.01.0001", "Pengendalian Perizinan Praktik Tenaga Kesehatan"),
]


@dataclass
class Reference:
    """The nomenclature and sumber dana rows of the planning tests, by code."""

    nodes: dict[str, Nomenklatur]
    dana: dict[str, SumberDana]
    old_nodes: dict[str, Nomenklatur]

    def __getitem__(self, kode: str) -> Nomenklatur:
        return self.nodes[kode]


@pytest.fixture
def ref() -> Reference:
    version = ReferenceVersionFactory(tahun_mulai=2024, tahun_selesai=2030)
    nodes: dict[str, Nomenklatur] = {}
    for kode, nama in CODES:
        parent_kode = nomenklatur_parent(kode)
        nodes[kode] = NomenklaturFactory(version=version, kode=kode, nama=nama, parent=nodes.get(parent_kode))
    old = ReferenceVersionFactory(tahun_mulai=2017, tahun_selesai=2020)
    old_nodes: dict[str, Nomenklatur] = {}
    for kode in ("1", "1.02", "1.02.02", "1.02.02.2.01", "1.02.02.2.01.0001"):
        old_nodes[kode] = NomenklaturFactory(
            version=old, kode=kode, parent=old_nodes.get(nomenklatur_parent(kode))
        )
    dana_version = ReferenceVersionFactory(
        kind=ReferenceKind.SUMBER_DANA, tahun_mulai=2024, tahun_selesai=2030
    )
    dana = {}
    for kode in ("1", "1.1", "1.1.01", "2", "2.1"):
        parent = dana.get(kode.rsplit(".", 1)[0]) if "." in kode else None
        dana[kode] = SumberDanaFactory(version=dana_version, kode=kode, parent=parent)
    return Reference(nodes=nodes, dana=dana, old_nodes=old_nodes)


@pytest.fixture
def bappeda(make_user):
    return make_user(Role.BAPPEDA)


@pytest.fixture
def planner(make_user, opd):
    return make_user(Role.OPD_PLANNER, perangkat_daerah=opd)


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)


def ids(response: Any) -> list[int]:
    return [row["id"] for row in response.json()["results"]]
