"""The demo pemda: a fictional "Kabupaten Sukamaju" with its OPDs and one user for every role."""

from dataclasses import dataclass

from django.db import transaction

from organisation.models import Pemda, PemdaLevel, PerangkatDaerah, Role, User

DEMO_PASSWORD = "Pagu-Demo-2026"
DEMO_PEMDA = {"kode": "99.01", "nama": "Kabupaten Sukamaju", "level": PemdaLevel.KABKOTA}

# (kode, nama, singkatan)
DEMO_OPD = [
    ("1.01.0.00.0.00.01.0000", "Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes"),
    ("1.03.0.00.0.00.01.0000", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("1.04.0.00.0.00.01.0000", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim"),
    ("1.05.0.00.0.00.01.0000", "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("1.06.0.00.0.00.01.0000", "Dinas Sosial", "Dinsos"),
    ("2.07.0.00.0.00.01.0000", "Dinas Tenaga Kerja", "Disnaker"),
    ("2.11.0.00.0.00.01.0000", "Dinas Lingkungan Hidup", "DLH"),
    ("2.12.0.00.0.00.01.0000", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("2.15.0.00.0.00.01.0000", "Dinas Perhubungan", "Dishub"),
    ("2.16.0.00.0.00.01.0000", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("3.27.0.00.0.00.01.0000", "Dinas Pertanian", "Distan"),
    ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah", "Setda"),
    ("5.01.5.05.0.00.01.0000", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bappeda"),
    ("5.02.0.00.0.00.01.0000", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    ("6.01.0.00.0.00.01.0000", "Inspektorat Daerah", "Inspektorat"),
]
DEMO_SUB_UNITS = [
    ("1.02.0.00.0.00.01.0001", "UPTD Puskesmas Sukamaju Kota", "Puskesmas Kota", "1.02.0.00.0.00.01.0000"),
    ("1.02.0.00.0.00.01.0002", "UPTD Puskesmas Cibiru", "Puskesmas Cibiru", "1.02.0.00.0.00.01.0000"),
    ("1.02.0.00.0.00.01.0003", "RSUD Sukamaju", "RSUD", "1.02.0.00.0.00.01.0000"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    opd: str | None = None


DEMO_USERS = [
    DemoUser("admin", Role.ADMIN, "Admin", "Sukamaju"),
    DemoUser("bappeda", Role.BAPPEDA, "Rina", "Perencana Bappeda"),
    # verifies what `bappeda` prepares: whoever prepared a document never verifies or approves it
    DemoUser("kabid.bappeda", Role.BAPPEDA, "Yusuf", "Kabid Perencanaan Bappeda"),
    DemoUser("keuangan", Role.FINANCE, "Budi", "TAPD / BPKAD"),
    DemoUser("dinkes", Role.OPD_PLANNER, "Siti", "Perencana Dinkes", "1.02.0.00.0.00.01.0000"),
    DemoUser("bendahara.dinkes", Role.OPD_FINANCE, "Agus", "Bendahara Dinkes", "1.02.0.00.0.00.01.0000"),
    DemoUser("disdik", Role.OPD_PLANNER, "Dewi", "Perencana Disdikbud", "1.01.0.00.0.00.01.0000"),
    DemoUser("bupati", Role.LEADER, "Bupati", "Sukamaju"),
    DemoUser("inspektorat", Role.AUDITOR, "Hadi", "Auditor Inspektorat"),
]


@transaction.atomic
def organisation_demo_load() -> Pemda:
    pemda, _ = Pemda.objects.update_or_create(kode=DEMO_PEMDA["kode"], defaults=DEMO_PEMDA)
    opd_by_kode: dict[str, PerangkatDaerah] = {}
    for kode, nama, singkatan in DEMO_OPD:
        opd_by_kode[kode], _ = PerangkatDaerah.objects.update_or_create(
            pemda=pemda, kode=kode, defaults={"nama": nama, "singkatan": singkatan, "induk": None}
        )
    for kode, nama, singkatan, induk in DEMO_SUB_UNITS:
        opd_by_kode[kode], _ = PerangkatDaerah.objects.update_or_create(
            pemda=pemda,
            kode=kode,
            defaults={"nama": nama, "singkatan": singkatan, "induk": opd_by_kode[induk]},
        )
    for spec in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "pemda": pemda,
                "role": spec.role,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "perangkat_daerah": opd_by_kode[spec.opd] if spec.opd else None,
                "is_active": True,
                "failed_logins": 0,
                "locked_until": None,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return pemda
