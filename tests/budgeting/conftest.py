from dataclasses import dataclass
from decimal import Decimal

import pytest

from budgeting.models import Anggaran, Tahap
from organisation.models import Role
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from tests.budgeting.factories import TAHUN, AnggaranFactory
from tests.factories import AkunFactory, NomenklaturFactory, ReferenceVersionFactory, SumberDanaFactory


@dataclass
class Ref:
    """Reference rows in force for TAHUN (and a few that are not)."""

    sub_kegiatan: Nomenklatur  # 1.02.02.2.01.0001
    sub_kegiatan_2: Nomenklatur  # 1.02.02.2.01.0002, same program
    sub_kegiatan_3: Nomenklatur  # 1.02.03.2.01.0001, another program
    penunjang: Nomenklatur  # X.XX.01.2.01.0001, generic
    program: Nomenklatur  # 1.02.02, not a sub kegiatan
    atk: Akun  # 5.1.02.01.01.0024
    perjalanan: Akun  # 5.1.02.04.01.0001
    modal: Akun  # 5.2.02.05.01.0001
    pendapatan: Akun  # 4.1.02.01.01.0001
    silpa: Akun  # 6.1.01.08.01.0001
    akun_level_5: Akun  # 5.1.02.01.01
    akun_old: Akun  # 5.1.02.01.01.0024 of a version not in force
    dau: SumberDana
    pad: SumberDana
    dana_old: SumberDana


@pytest.fixture
def ref(db) -> Ref:
    nomen = ReferenceVersionFactory(kind=ReferenceKind.NOMENKLATUR)
    akun = ReferenceVersionFactory(kind=ReferenceKind.AKUN)
    akun_old = ReferenceVersionFactory(kind=ReferenceKind.AKUN, tahun_mulai=2015, tahun_selesai=2020)
    dana = ReferenceVersionFactory(kind=ReferenceKind.SUMBER_DANA)
    dana_old = ReferenceVersionFactory(kind=ReferenceKind.SUMBER_DANA, tahun_mulai=2015, tahun_selesai=2020)

    def node(kode: str) -> Nomenklatur:
        return NomenklaturFactory(version=nomen, kode=kode, nama=f"Nomenklatur {kode}")

    return Ref(
        sub_kegiatan=node("1.02.02.2.01.0001"),
        sub_kegiatan_2=node("1.02.02.2.01.0002"),
        sub_kegiatan_3=node("1.02.03.2.01.0001"),
        penunjang=node("X.XX.01.2.01.0001"),
        program=node("1.02.02"),
        atk=AkunFactory(version=akun, kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor"),
        perjalanan=AkunFactory(version=akun, kode="5.1.02.04.01.0001", nama="Belanja Perjalanan Dinas Biasa"),
        modal=AkunFactory(version=akun, kode="5.2.02.05.01.0001", nama="Belanja Modal Mesin Ketik"),
        pendapatan=AkunFactory(version=akun, kode="4.1.02.01.01.0001", nama="Retribusi Pelayanan Kesehatan"),
        silpa=AkunFactory(version=akun, kode="6.1.01.08.01.0001", nama="SiLPA"),
        akun_level_5=AkunFactory(version=akun, kode="5.1.02.01.01", nama="Belanja Bahan"),
        akun_old=AkunFactory(version=akun_old, kode="5.1.02.01.01.0024", nama="Barang Pakai Habis Bencana"),
        dau=SumberDanaFactory(version=dana, kode="1.2.01.01.02", nama="DAU"),
        pad=SumberDanaFactory(version=dana, kode="1.1.02", nama="Retribusi Daerah"),
        dana_old=SumberDanaFactory(version=dana_old, kode="1.2.01.01.02", nama="DAU lama"),
    )


@pytest.fixture
def anggaran(db, pemda) -> Anggaran:
    return AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.RKA)


@pytest.fixture
def finance(db, make_user):
    return make_user(Role.FINANCE)


@pytest.fixture
def line_fields(ref, opd):
    """line_fields(**overrides) → keyword arguments of a valid belanja line for `budget_line_create`."""

    def make(**overrides):
        return {
            "perangkat_daerah": opd,
            "sub_kegiatan": ref.sub_kegiatan,
            "akun": ref.atk,
            "sumber_dana": ref.dau,
            "komponen": "Kertas HVS A4 70 gram",
            "volume_1": Decimal("10"),
            "satuan_1": "Rim",
            "harga_satuan": Decimal("55000"),
            **overrides,
        }

    return make


def pytest_collection_modifyitems(items):
    """Every budgeting test uses the database (fixtures such as `pemda` do not ask for it themselves)."""
    for item in items:
        if "tests/budgeting/" in str(item.fspath) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)
