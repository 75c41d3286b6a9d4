import factory
from factory.django import DjangoModelFactory

from planning.models import (
    Indikator,
    Misi,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Tujuan,
    aturan_for_satuan,
)
from tests.factories import PemdaFactory, PerangkatDaerahFactory


class RpjmdFactory(DjangoModelFactory[Rpjmd]):
    class Meta:
        model = Rpjmd

    pemda = factory.SubFactory(PemdaFactory)
    tahun_awal = 2025
    tahun_akhir = 2029
    visi = "Kabupaten Uji Maju, Sejahtera dan Berkelanjutan"


class MisiFactory(DjangoModelFactory[Misi]):
    class Meta:
        model = Misi

    rpjmd = factory.SubFactory(RpjmdFactory)
    pemda = factory.SelfAttribute("rpjmd.pemda")
    nomor = factory.Sequence(lambda n: n % 9 + 1)
    uraian = factory.Sequence(lambda n: f"Misi uji {n}")


class TujuanFactory(DjangoModelFactory[Tujuan]):
    class Meta:
        model = Tujuan

    misi = factory.SubFactory(MisiFactory)
    rpjmd = factory.SelfAttribute("misi.rpjmd")
    pemda = factory.SelfAttribute("misi.pemda")
    uraian = factory.Sequence(lambda n: f"Tujuan uji {n}")


class SasaranFactory(DjangoModelFactory[Sasaran]):
    class Meta:
        model = Sasaran

    tujuan = factory.SubFactory(TujuanFactory)
    rpjmd = factory.SelfAttribute("tujuan.rpjmd")
    pemda = factory.SelfAttribute("tujuan.pemda")
    uraian = factory.Sequence(lambda n: f"Sasaran uji {n}")


class ProgramRpjmdFactory(DjangoModelFactory[ProgramRpjmd]):
    class Meta:
        model = ProgramRpjmd

    sasaran = factory.SubFactory(SasaranFactory)
    rpjmd = factory.SelfAttribute("sasaran.rpjmd")
    pemda = factory.SelfAttribute("sasaran.pemda")
    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory, pemda=factory.SelfAttribute("..pemda"))
    kode = factory.SelfAttribute("nomenklatur.kode")


class RkpdFactory(DjangoModelFactory[Rkpd]):
    class Meta:
        model = Rkpd

    pemda = factory.SubFactory(PemdaFactory)
    tahun = 2026
    tema = "Penguatan layanan dasar"


class RenjaFactory(DjangoModelFactory[Renja]):
    class Meta:
        model = Renja

    pemda = factory.SubFactory(PemdaFactory)
    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory, pemda=factory.SelfAttribute("..pemda"))
    tahun = 2026


class RenjaProgramFactory(DjangoModelFactory[RenjaProgram]):
    class Meta:
        model = RenjaProgram

    renja = factory.SubFactory(RenjaFactory)
    pemda = factory.SelfAttribute("renja.pemda")
    kode = factory.SelfAttribute("nomenklatur.kode")


class RenjaKegiatanFactory(DjangoModelFactory[RenjaKegiatan]):
    class Meta:
        model = RenjaKegiatan

    program = factory.SubFactory(RenjaProgramFactory)
    renja = factory.SelfAttribute("program.renja")
    pemda = factory.SelfAttribute("program.pemda")
    kode = factory.SelfAttribute("nomenklatur.kode")


class RenjaSubKegiatanFactory(DjangoModelFactory[RenjaSubKegiatan]):
    class Meta:
        model = RenjaSubKegiatan

    kegiatan = factory.SubFactory(RenjaKegiatanFactory)
    renja = factory.SelfAttribute("kegiatan.renja")
    pemda = factory.SelfAttribute("kegiatan.pemda")
    kode = factory.SelfAttribute("nomenklatur.kode")
    pagu_indikatif = 100_000_000


class IndikatorFactory(DjangoModelFactory[Indikator]):
    class Meta:
        model = Indikator

    nama = factory.Sequence(lambda n: f"Indikator uji {n}")
    satuan = "%"
    aturan_tahunan = factory.LazyAttribute(lambda o: aturan_for_satuan(o.satuan))
