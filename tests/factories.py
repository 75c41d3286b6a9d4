import factory
from factory.django import DjangoModelFactory

from organisation.models import Pemda, PemdaLevel, PerangkatDaerah, Role, User
from reference.codes import nomenklatur_level
from reference.models import Akun, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana

PASSWORD = "Rahasia-Uji-2026"


class PemdaFactory(DjangoModelFactory[Pemda]):
    class Meta:
        model = Pemda
        django_get_or_create = ("kode",)

    kode = factory.Iterator(["76.01", "76.02", "76.03", "76.04", "76.05", "76.06"])
    nama = factory.LazyAttribute(lambda o: f"Kabupaten Uji {o.kode}")
    level = PemdaLevel.KABKOTA


class PerangkatDaerahFactory(DjangoModelFactory[PerangkatDaerah]):
    class Meta:
        model = PerangkatDaerah

    pemda = factory.SubFactory(PemdaFactory)
    # unique for 10,000 OPDs (the last BB segment counts the hundreds)
    kode = factory.Sequence(lambda n: f"1.02.0.00.0.{n // 100 % 100:02d}.{n % 100:02d}.0000")
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    pemda = factory.SubFactory(PemdaFactory)
    role = Role.BAPPEDA
    perangkat_daerah = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.OPD_PLANNER, Role.OPD_FINANCE)),
        yes_declaration=factory.SubFactory(PerangkatDaerahFactory, pemda=factory.SelfAttribute("..pemda")),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class ReferenceVersionFactory(DjangoModelFactory[ReferenceVersion]):
    class Meta:
        model = ReferenceVersion

    kind = ReferenceKind.NOMENKLATUR
    pemda_level = factory.LazyAttribute(
        lambda o: PemdaLevel.KABKOTA if o.kind == ReferenceKind.NOMENKLATUR else ""
    )
    legal_basis = factory.Sequence(lambda n: f"Kepmendagri uji {n}/2023")
    tahun_mulai = 2024
    tahun_selesai = 2030


class NomenklaturFactory(DjangoModelFactory[Nomenklatur]):
    class Meta:
        model = Nomenklatur

    version = factory.SubFactory(ReferenceVersionFactory)
    kode = "1"
    nama = factory.Sequence(lambda n: f"Nomenklatur {n}")
    level = factory.LazyAttribute(lambda o: nomenklatur_level(o.kode))


class AkunFactory(DjangoModelFactory[Akun]):
    class Meta:
        model = Akun

    version = factory.SubFactory(ReferenceVersionFactory, kind=ReferenceKind.AKUN)
    kode = "5"
    nama = factory.Sequence(lambda n: f"Akun {n}")
    level = factory.LazyAttribute(lambda o: o.kode.count(".") + 1)


class SumberDanaFactory(DjangoModelFactory[SumberDana]):
    class Meta:
        model = SumberDana

    version = factory.SubFactory(ReferenceVersionFactory, kind=ReferenceKind.SUMBER_DANA)
    kode = "1"
    nama = factory.Sequence(lambda n: f"Sumber dana {n}")
    level = factory.LazyAttribute(lambda o: o.kode.count(".") + 1)
