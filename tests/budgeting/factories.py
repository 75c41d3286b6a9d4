from decimal import Decimal

import factory
from django.db import transaction
from factory.django import DjangoModelFactory

from budgeting.models import Anggaran, BudgetLine, LineJenis, Plafon, StandarHarga, StandarHargaJenis, Tahap
from budgeting.services import execution_line_writes, line_jumlah
from tests.factories import AkunFactory, PemdaFactory, PerangkatDaerahFactory

TAHUN = 2026


class StandarHargaFactory(DjangoModelFactory[StandarHarga]):
    class Meta:
        model = StandarHarga
        skip_postgeneration_save = True

    pemda = factory.SubFactory(PemdaFactory)
    tahun = TAHUN
    jenis = StandarHargaJenis.SSH
    kode_kelompok = "1.1.7.01.01.01"
    uraian_kelompok = "Alat Tulis Kantor"
    uraian = factory.Sequence(lambda n: f"Kertas HVS {n}")
    spesifikasi = "A4 70 gram"
    satuan = "Rim"
    harga = Decimal("55000.00")
    is_ceiling = factory.LazyAttribute(lambda o: o.jenis in (StandarHargaJenis.SSH, StandarHargaJenis.SBU))

    @factory.post_generation
    def akun(obj: StandarHarga, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.akun.set(extracted)  # type: ignore[arg-type]


class AnggaranFactory(DjangoModelFactory[Anggaran]):
    class Meta:
        model = Anggaran

    pemda = factory.SubFactory(PemdaFactory)
    tahun = TAHUN
    tahap = Tahap.KUA_PPAS
    nomor = 1


class PlafonFactory(DjangoModelFactory[Plafon]):
    class Meta:
        model = Plafon

    anggaran = factory.SubFactory(AnggaranFactory)
    pemda = factory.SelfAttribute("anggaran.pemda")
    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory, pemda=factory.SelfAttribute("..pemda"))
    jumlah = Decimal("1000000.00")


class BudgetLineFactory(DjangoModelFactory[BudgetLine]):
    """A belanja line written directly (no service checks); `jumlah` follows the rounding rule."""

    class Meta:
        model = BudgetLine

    anggaran = factory.SubFactory(AnggaranFactory)
    pemda = factory.SelfAttribute("anggaran.pemda")
    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory, pemda=factory.SelfAttribute("..pemda"))
    jenis = LineJenis.BELANJA
    sub_kegiatan = None
    sub_kegiatan_kode = "1.02.02.2.01.0001"
    komponen = factory.Sequence(lambda n: f"Komponen {n}")
    volume_1 = Decimal("1")
    satuan_1 = "Paket"
    koefisien = factory.LazyAttribute(lambda o: f"{o.volume_1.normalize():f} {o.satuan_1}")
    harga_satuan = Decimal("100000.00")
    jumlah = factory.LazyAttribute(
        lambda o: line_jumlah(volumes=[o.volume_1], harga_satuan=o.harga_satuan, ppn=o.ppn)
    )
    ppn = Decimal("0")

    @classmethod
    def _create(cls, model_class: type[BudgetLine], *args: object, **kwargs: object) -> BudgetLine:
        # a fixture stands for a line a stage was built with, so it may be written into a DPA / DPPA directly;
        # the savepoint lets a refused insert reach the test instead of failing the reset of the ignore list
        with execution_line_writes(), transaction.atomic():
            return super()._create(model_class, *args, **kwargs)


class DpaLineFactory(BudgetLineFactory):
    """A belanja line of an open DPA stage (Rp 1,000,000 by default)."""

    anggaran = factory.SubFactory(AnggaranFactory, tahap=Tahap.DPA)
    akun = factory.SubFactory(AkunFactory, kode="5.1.02.01.01.0024")
    harga_satuan = Decimal("1000000.00")
