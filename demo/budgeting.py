"""Demo budget of Kabupaten Sukamaju: a price catalogue, then KUA-PPAS (with plafon per OPD) → RKA → APBD → DPA.

Belanja lines hang on the sub kegiatan of each OPD's approved Renja (planning demo), or, without one, on the
demo nomenclature matching the OPD's bidang. Amounts are scaled so total belanja is about Rp 1.45 trillion;
pendapatan (PAD, DAU, DAK, DBH, Dana Desa, …) and pembiayaan (SiLPA in, penyertaan modal out) keep the budget
balanced with a small surplus. Each stage differs a little from the one before, so comparisons show drift.
Seed data: rows are written in bulk (consistent by construction); stages are closed in order, the DPA stays open.

The execution year follows up to today (nothing for a future year, the whole of a past one): anggaran kas for every
DPA line by akun profile, realization of belanja (SP2D-LS / SPJ-GU / SPJ-TU and a few returns) with a slow first
quarter and OPDs at different paces, monthly realisasi fisik, and indicator realization per ended triwulan. Bulk
inserts skip the pghistory row triggers and record the same audit events set-based (`record_history`).
"""

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

import pgtrigger
from django.db import transaction
from django.utils import timezone

from budgeting.models import (
    KAS_MONTH_FIELDS,
    Anggaran,
    AnggaranKas,
    AnggaranStatus,
    BudgetLine,
    LineJenis,
    Plafon,
    Realisasi,
    RealisasiFisik,
    RealisasiIndikator,
    RealisasiJenis,
    StandarHarga,
    StandarHargaJenis,
    Tahap,
    is_receipt,
)
from budgeting.services import (
    KAS_PROFILES,
    anggaran_copy_rows,
    bulk_line_writes,
    koefisien_text,
    line_jumlah,
    realisasi_bulk_insert,
    record_history,
    record_line_history,
    spread_amounts,
)
from organisation.models import Pemda, PerangkatDaerah, Role, User
from reference.codes import instantiate, opd_bidang_all
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from reference.selectors import reference_version_in_force

TARGET_BELANJA = Decimal("1450000000000")
TARGET_LINES = 3200
SALARY_SUB_KEGIATAN = "X.XX.01.2.02.0001"
BPKAD = "5.02.0.00.0.00.01.0000"
EDUCATION = "1.01"  # the bidang of the OPD the planted anomaly is in
ATK = "5.1.02.01.01.0024"
DINKES = "1.02.0.00.0.00.01.0000"

# (kelompok, uraian, spesifikasi variants, satuan, base price, akun kode, jenis)
CATALOGUE = [
    (
        "Alat Tulis Kantor",
        "Kertas HVS",
        ["A4 70 gram", "A4 80 gram", "F4 70 gram", "F4 80 gram"],
        "Rim",
        52_000,
        "5.1.02.01.01.0024",
        "SSH",
    ),
    (
        "Alat Tulis Kantor",
        "Tinta Printer",
        ["Hitam 70 ml", "Warna 70 ml", "Hitam 100 ml", "Warna 100 ml"],
        "Botol",
        95_000,
        "5.1.02.01.01.0024",
        "SSH",
    ),
    (
        "Alat Tulis Kantor",
        "Map Plastik",
        ["Folio", "Kancing", "Snelhecter", "Ordner"],
        "Buah",
        6_500,
        "5.1.02.01.01.0024",
        "SSH",
    ),
    (
        "Bahan Bakar",
        "Bensin",
        ["Pertalite", "Pertamax", "Pertamax Turbo", "Solar"],
        "Liter",
        10_000,
        "5.1.02.01.01.0004",
        "SSH",
    ),
    (
        "Bahan Bakar",
        "Gas LPG",
        ["3 kg", "5,5 kg", "12 kg", "50 kg"],
        "Tabung",
        22_000,
        "5.1.02.01.01.0010",
        "SSH",
    ),
    (
        "Bahan Bangunan",
        "Semen",
        ["Portland 40 kg", "Portland 50 kg", "Putih 40 kg", "Instan 40 kg"],
        "Sak",
        65_000,
        "5.1.02.01.01.0001",
        "SSH",
    ),
    (
        "Bahan Bangunan",
        "Besi Beton",
        ["Polos 8 mm", "Polos 10 mm", "Ulir 12 mm", "Ulir 16 mm"],
        "Batang",
        75_000,
        "5.1.02.01.01.0001",
        "SSH",
    ),
    (
        "Bahan Kimia",
        "Desinfektan",
        ["1 liter", "5 liter", "20 liter", "Bubuk 1 kg"],
        "Kemasan",
        45_000,
        "5.1.02.01.01.0002",
        "SSH",
    ),
    (
        "Bibit",
        "Bibit Tanaman",
        ["Padi unggul", "Jagung hibrida", "Kopi", "Kakao"],
        "Kg",
        18_000,
        "5.1.02.01.01.0008",
        "SSH",
    ),
    ("Bibit", "Bibit Ikan", ["Nila", "Lele", "Gurame", "Patin"], "Ekor", 500, "5.1.02.01.01.0011", "SSH"),
    (
        "Honorarium",
        "Honorarium Narasumber",
        ["Eselon II", "Eselon III", "Akademisi", "Praktisi"],
        "OJ",
        900_000,
        "5.1.02.02.01.0003",
        "SBU",
    ),
    (
        "Honorarium",
        "Honorarium Tim Pelaksana",
        ["Ketua", "Sekretaris", "Anggota", "Sekretariat"],
        "OB",
        450_000,
        "5.1.02.02.01.0004",
        "SBU",
    ),
    (
        "Honorarium",
        "Honorarium Penyuluh",
        ["Pertanian", "Kesehatan", "KB", "Hukum"],
        "OK",
        300_000,
        "5.1.02.02.01.0006",
        "SBU",
    ),
    (
        "Perjalanan Dinas",
        "Uang Harian Perjalanan Dinas",
        ["Dalam provinsi", "Luar provinsi", "Jakarta", "Luar Jawa"],
        "OH",
        430_000,
        "5.1.02.04.01.0001",
        "SBU",
    ),
    (
        "Perjalanan Dinas",
        "Tiket Pesawat",
        ["Ekonomi PP", "Bisnis PP", "Ekonomi sekali jalan", "Bisnis sekali jalan"],
        "Orang",
        3_200_000,
        "5.1.02.04.01.0001",
        "SBU",
    ),
    (
        "Perjalanan Dinas",
        "Paket Meeting Dalam Kota",
        ["Halfday", "Fullday", "Fullboard", "Residensial"],
        "OK",
        250_000,
        "5.1.02.04.01.0004",
        "SBU",
    ),
    (
        "Perjalanan Dinas",
        "Transport Lokal",
        ["Dalam kota", "Antar kecamatan", "Kepulauan", "Pedalaman"],
        "OK",
        150_000,
        "5.1.02.04.01.0003",
        "SBU",
    ),
    (
        "Pemeliharaan",
        "Servis Alat Besar",
        ["Tractor", "Grader", "Excavator", "Loader"],
        "Unit",
        12_500_000,
        "5.1.02.03.02.0001",
        "SSH",
    ),
    (
        "Peralatan Kantor",
        "Personal Computer",
        ["Core i5", "Core i7", "All in one", "Workstation"],
        "Unit",
        14_000_000,
        "5.2.02.10.01.0002",
        "SSH",
    ),
    (
        "Peralatan Kantor",
        "Laptop",
        ["Core i5", "Core i7", "Ultrabook", "Workstation"],
        "Unit",
        16_500_000,
        "5.2.02.10.01.0003",
        "SSH",
    ),
    (
        "Peralatan Kantor",
        "Printer",
        ["Laser mono", "Laser warna", "Inkjet", "Multifungsi"],
        "Unit",
        4_500_000,
        "5.2.02.05.01.0005",
        "SSH",
    ),
    (
        "Peralatan Kantor",
        "Lemari Arsip",
        ["2 pintu", "4 laci", "Besi sliding", "Kaca"],
        "Unit",
        3_800_000,
        "5.2.02.05.01.0004",
        "SSH",
    ),
    (
        "Konstruksi",
        "Perkerasan Jalan Hotmix",
        ["Lapis AC-WC", "Lapis AC-BC", "Lapis pondasi", "Tambal sulam"],
        "m2",
        285_000,
        "5.2.04.01.01.0003",
        "HSPK",
    ),
    (
        "Konstruksi",
        "Bangunan Gedung Kantor",
        ["Sederhana", "Tidak sederhana", "Khusus", "Rehabilitasi"],
        "m2",
        6_500_000,
        "5.2.03.01.01.0001",
        "HSPK",
    ),
    (
        "Konstruksi",
        "Bangunan Kesehatan",
        ["Puskesmas", "Pustu", "Posyandu", "Rumah dinas"],
        "m2",
        7_200_000,
        "5.2.03.01.01.0006",
        "HSPK",
    ),
]
PEGAWAI = ["5.1.01.01.01.0001", "5.1.01.01.01.0002", "5.1.01.01.02.0001", "5.1.01.01.03.0001"]
MODAL = ["5.2.02.05.01.0005", "5.2.02.10.01.0002", "5.2.03.01.01.0001", "5.2.04.01.01.0003"]
# pendapatan akun → (OPD, share of total belanja)
PENDAPATAN = [
    ("4.1.01.15.01.0001", BPKAD, "0.010"), ("4.1.01.15.01.0002", BPKAD, "0.012"), ("4.1.01.16.01.0001", BPKAD, "0.015"),
    ("4.1.02.01.01.0001", DINKES, "0.006"), ("4.1.04.16.01.0001", DINKES, "0.022"), ("4.2.01.01.01.0001", BPKAD, "0.060"),
    ("4.2.01.01.02.0001", BPKAD, "0.520"), ("4.2.01.01.03.0001", BPKAD, "0.095"), ("4.2.01.01.04.0001", BPKAD, "0.085"),
    ("4.2.01.05.01.0001", BPKAD, "0.120"), ("4.3.01.01.01.0001", BPKAD, "0.025"),
]  # fmt: skip
SILPA, PENYERTAAN = "6.1.01.08.01.0001", "6.2.02.01.01.0001"
SUMBER_DANA = ["1.2.01.01.02", "1.1.01", "1.2.01.01.01"]


def _round_to(value: Decimal, step: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` rounded to a multiple of `step` rupiah (a million, a thousand)."""
    return (value / step).quantize(Decimal(1), rounding=rounding) * step


@dataclass
class Target:
    opd: PerangkatDaerah
    node: Nomenklatur
    kode: str
    sumber_dana_id: int | None


def _targets(pemda: Pemda, tahun: int, opds: list[PerangkatDaerah]) -> list[Target]:
    """The sub kegiatan to budget: the approved Renja of each OPD, else the demo nomenclature by bidang."""
    from planning.models import DocumentStatus, RenjaSubKegiatan

    found = [
        Target(sub.renja.perangkat_daerah, sub.nomenklatur, sub.kode, sub.sumber_dana_id)
        for sub in RenjaSubKegiatan.objects.filter(
            pemda=pemda, renja__tahun=tahun, renja__is_current=True, renja__status=DocumentStatus.APPROVED
        )
        .select_related("renja__perangkat_daerah", "nomenklatur")
        .order_by("renja__perangkat_daerah__kode", "kode")
    ]
    if found:
        return found
    version = reference_version_in_force(kind=ReferenceKind.NOMENKLATUR, tahun=tahun, pemda_level=pemda.level)
    nodes = list(Nomenklatur.objects.filter(version=version, level=5).order_by("kode"))
    targets = []
    for opd in opds:
        bidang = opd_bidang_all(opd.kode)
        own = [n for n in nodes if n.kode[:4] in bidang][:12]
        penunjang = [n for n in nodes if n.kode.startswith("X.XX.01.2.0")][:6]
        targets += [Target(opd, n, instantiate(n.kode, opd.kode), None) for n in penunjang + own]
    return targets


def _codes(model: type, kind: str, tahun: int) -> dict:
    version = reference_version_in_force(kind=kind, tahun=tahun)
    return {row.kode: row for row in model.objects.filter(version=version)}


def _catalogue(
    pemda: Pemda, tahun: int, akun: dict[str, Akun], rng: random.Random
) -> dict[str, list[StandarHarga]]:
    """About 100 price-standard items; returns them by akun kode."""
    if not StandarHarga.objects.filter(pemda=pemda, tahun=tahun).exists():
        items, links = [], []
        for k, (kelompok, uraian, variants, satuan, harga, akun_kode, jenis) in enumerate(CATALOGUE, start=1):
            for v, spesifikasi in enumerate(variants, start=1):
                price = Decimal(harga) * (1 + Decimal(v - 1) / 5)
                items.append(StandarHarga(
                    pemda=pemda, tahun=tahun, jenis=jenis, kode_kelompok=f"1.1.7.01.{k:02d}",
                    uraian_kelompok=kelompok, uraian=uraian, spesifikasi=spesifikasi, satuan=satuan,
                    harga=price.quantize(Decimal(1)), tkdn=Decimal(rng.randrange(25, 90)),
                    is_ceiling=jenis in (StandarHargaJenis.SSH, StandarHargaJenis.SBU),
                ))  # fmt: skip
                links.append(akun_kode)
        StandarHarga.objects.bulk_create(items)
        through = StandarHarga.akun.through
        through.objects.bulk_create(
            [
                through(standarharga_id=i.pk, akun_id=akun[k].pk)
                for i, k in zip(items, links, strict=True)
                if k in akun
            ]
        )
    by_akun: dict[str, list[StandarHarga]] = defaultdict(list)
    for item in StandarHarga.objects.filter(pemda=pemda, tahun=tahun).prefetch_related("akun"):
        for one in item.akun.all():
            by_akun[one.kode].append(item)
    return by_akun


def _line(
    stage: Anggaran,
    opd_id: int,
    jenis: str,
    akun: Akun,
    factors: list[tuple[Decimal, str]],
    harga: Decimal,
    komponen: str,
    **extra: object,
) -> BudgetLine:
    line = BudgetLine(
        pemda_id=stage.pemda_id, anggaran=stage, perangkat_daerah_id=opd_id, jenis=jenis, akun=akun,
        komponen=komponen, harga_satuan=harga, koefisien=koefisien_text(factors), **extra,
    )  # fmt: skip
    for n, (volume, satuan) in enumerate(factors, start=1):
        setattr(line, f"volume_{n}", volume)
        setattr(line, f"satuan_{n}", satuan)
    line.jumlah = line_jumlah(volumes=[v for v, _ in factors], harga_satuan=harga, ppn=line.ppn)
    return line


def _belanja(
    stage: Anggaran,
    targets: list[Target],
    akun: dict[str, Akun],
    dana: dict[str, SumberDana],
    catalogue: dict[str, list[StandarHarga]],
    rng: random.Random,
) -> list[BudgetLine]:
    per_target = max(4, TARGET_LINES // max(len(targets), 1))
    barang = [k for k in catalogue if k.startswith("5.1.02")]
    fallback_dana = [dana[k].pk for k in SUMBER_DANA if k in dana]
    lines: list[BudgetLine] = []
    for target in targets:
        common = {"sub_kegiatan": target.node, "sub_kegiatan_kode": target.kode,
                  "sumber_dana_id": target.sumber_dana_id or rng.choice(fallback_dana)}  # fmt: skip
        opd_id = target.opd.pk
        if target.node.kode == SALARY_SUB_KEGIATAN:
            for kode in PEGAWAI:
                if kode in akun:
                    people = Decimal(rng.randrange(40, 900))
                    harga = Decimal(rng.randrange(2_800, 5_200)) * 1000
                    lines.append(
                        _line(
                            stage,
                            opd_id,
                            LineJenis.BELANJA,
                            akun[kode],
                            [(people, "Orang"), (Decimal(14), "Bulan")],
                            harga,
                            akun[kode].nama,
                            kelompok="[#] Gaji dan Tunjangan",
                            **common,
                        )
                    )
            continue
        for n in range(rng.randrange(per_target - 3, per_target + 4)):
            if n % 9 == 8 and not target.node.kode.startswith("X.XX"):
                kode = rng.choice([k for k in MODAL if k in akun])
                factors = [(Decimal(rng.randrange(1, 6)), "Unit")]
                lines.append(
                    _line(
                        stage,
                        opd_id,
                        LineJenis.BELANJA,
                        akun[kode],
                        factors,
                        Decimal(rng.randrange(150, 4_500)) * 1_000_000,
                        f"Pengadaan {akun[kode].nama[13:]}",
                        kelompok="[#] Belanja Modal",
                        **common,
                    )
                )
                continue
            kode = rng.choice(barang)
            item = rng.choice(catalogue[kode])
            times = Decimal(rng.choice((1, 1, 2, 4, 12)))
            wanted = Decimal(rng.randrange(5, 400)) * 1_000_000  # a line of Rp 5–400 million
            volume = max(Decimal(1), (wanted / (item.harga * times)).quantize(Decimal(1)))
            factors = [(volume, item.satuan), (times, "Kali")]
            harga = (item.harga * Decimal(rng.randrange(85, 101)) / 100).quantize(Decimal(1))
            lines.append(
                _line(
                    stage,
                    opd_id,
                    LineJenis.BELANJA,
                    akun[kode],
                    factors,
                    harga,
                    f"{item.uraian} {item.spesifikasi}",
                    standar_harga=item,
                    kelompok=f"[#] {item.uraian_kelompok}",
                    keterangan=item.satuan,
                    **common,
                )
            )
    # Scale the free-priced lines (salaries, capital) so total belanja is near the target; priced items stay.
    fixed = sum((line.jumlah for line in lines if line.standar_harga_id), Decimal(0))
    free = [line for line in lines if not line.standar_harga_id]
    factor = max(TARGET_BELANJA - fixed, Decimal(0)) / sum(
        (line.jumlah for line in free), Decimal(1)
    ) or Decimal(1)
    for line in free:
        line.harga_satuan = _round_to(line.harga_satuan * factor, 1000)
        line.jumlah = line_jumlah(
            volumes=[line.volume_1, line.volume_2 or Decimal(1)], harga_satuan=line.harga_satuan
        )
    return lines


# The planted anomaly, after the 2019 "lem Aibon" line of a KUA-PPAS draft: a school-supplies komponen at about
# 100× its SSH price and a huge volume, in an education sub kegiatan; the anomaly report must rank it first.
AIBON_SSH = ("Alat Tulis Kantor", "Lem", "Lem serbaguna 70 gram", "Kaleng", Decimal(22_000))
AIBON_HARGA = Decimal(2_200_000)
AIBON_VOLUME = (Decimal(1_250), "Kaleng", Decimal(30), "Sekolah")


def _aibon(stage: Anggaran, targets: list[Target], akun: dict[str, Akun]) -> list[BudgetLine]:
    """The planted line (and its SSH item), on the first education sub kegiatan of the stage; none when the
    demo has no education OPD or no ATK akun."""
    target = next(
        (t for t in targets if t.opd.kode.startswith(EDUCATION) and not t.node.kode.startswith("X.XX")), None
    )
    atk = akun.get(ATK)
    if target is None or atk is None:
        return []
    kelompok, uraian, spesifikasi, satuan, harga = AIBON_SSH
    item, _ = StandarHarga.objects.get_or_create(
        pemda_id=stage.pemda_id, tahun=stage.tahun, jenis=StandarHargaJenis.SSH, uraian=uraian,
        spesifikasi=spesifikasi,
        defaults={"kode_kelompok": "1.1.7.01.99", "uraian_kelompok": kelompok, "satuan": satuan, "harga": harga,
                  "is_ceiling": True},
    )  # fmt: skip
    item.akun.add(atk)
    volume, satuan_1, sekolah, satuan_2 = AIBON_VOLUME
    return [
        _line(
            stage, target.opd.pk, LineJenis.BELANJA, atk, [(volume, satuan_1), (sekolah, satuan_2)], AIBON_HARGA,
            "Lem Aibon untuk sekolah", standar_harga=item, kelompok="[#] Alat Tulis Kantor",
            sub_kegiatan=target.node, sub_kegiatan_kode=target.kode, sumber_dana_id=target.sumber_dana_id,
        )
    ]  # fmt: skip


def _insert(stage: Anggaran, lines: list[BudgetLine]) -> None:
    with bulk_line_writes():
        BudgetLine.objects.bulk_create(lines, batch_size=2000)
        record_line_history(label="insert", where="anggaran_id = %s", params=[stage.pk])


def _close(stage: Anggaran, user: User | None) -> None:
    stage.status, stage.closed_at, stage.closed_by = AnggaranStatus.CLOSED, timezone.now(), user
    stage.save()


def _next(stage: Anggaran, tahap: str, keterangan: str) -> Anggaran:
    target = Anggaran.objects.create(
        pemda_id=stage.pemda_id, tahun=stage.tahun, tahap=tahap, sumber=stage, keterangan=keterangan
    )
    anggaran_copy_rows(source=stage, target=target)
    return target


def _drift(stage: Anggaran, rng: random.Random, share: float) -> None:
    """Change the volume of a few belanja lines (down more often than up) and drop a few."""
    lines = list(BudgetLine.objects.filter(anggaran=stage, jenis=LineJenis.BELANJA, satuan_2="Kali"))
    changed = rng.sample(lines, int(len(lines) * share))
    for line in changed:
        line.volume_2 = max(Decimal(1), line.volume_2 + rng.choice((-1, -1, 1)))
        factors = [(line.volume_1, line.satuan_1), (line.volume_2, line.satuan_2)]
        line.koefisien = koefisien_text(factors)
        line.jumlah = line_jumlah(
            volumes=[v for v, _ in factors], harga_satuan=line.harga_satuan, ppn=line.ppn
        )
    BudgetLine.objects.bulk_update(changed, ["volume_2", "koefisien", "jumlah"])
    dropped = [line.pk for line in rng.sample(lines, max(1, int(len(lines) * share / 5)))]
    BudgetLine.objects.filter(pk__in=dropped).delete()


@transaction.atomic
def load_budgeting_demo(*, pemda: Pemda, tahun: int) -> None:
    """Create (once) the demo budget of `pemda` for `tahun`: catalogue, KUA-PPAS → RKA → APBD closed, DPA open;
    then its execution year (anggaran kas, realization, realisasi fisik, indicator realization), each part once."""
    if not Anggaran.objects.filter(pemda=pemda, tahun=tahun).exists():
        _load_budget(pemda=pemda, tahun=tahun)
    dpa = Anggaran.objects.filter(pemda=pemda, tahun=tahun, tahap=Tahap.DPA).first()
    if dpa is not None:
        _load_execution(dpa)


def _load_budget(*, pemda: Pemda, tahun: int) -> None:
    akun = _codes(Akun, ReferenceKind.AKUN, tahun)
    dana = _codes(SumberDana, ReferenceKind.SUMBER_DANA, tahun)
    if not akun:
        return
    rng = random.Random(f"anggaran-{pemda.kode}-{tahun}")
    user = User.objects.filter(pemda=pemda, role=Role.FINANCE).first()
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda, induk=None).order_by("kode"))
    by_kode = {opd.kode: opd for opd in opds}
    catalogue = _catalogue(pemda, tahun, akun, rng)
    targets = _targets(pemda, tahun, opds)
    if not targets:
        return

    kua = Anggaran.objects.create(
        pemda=pemda, tahun=tahun, tahap=Tahap.KUA_PPAS, keterangan="KUA-PPAS (demo)"
    )
    belanja = _belanja(kua, targets, akun, dana, catalogue, rng)
    belanja += _aibon(kua, targets, akun)
    total = sum((line.jumlah for line in belanja), Decimal(0))
    lines = list(belanja)
    for kode, opd_kode, share in PENDAPATAN:
        if kode in akun and opd_kode in by_kode:
            amount = _round_to(total * Decimal(share), 1_000_000)
            lines.append(
                _line(
                    kua,
                    by_kode[opd_kode].pk,
                    LineJenis.PENDAPATAN,
                    akun[kode],
                    [(Decimal(1), "Tahun")],
                    amount,
                    akun[kode].nama,
                )
            )
    pendapatan = sum((line.jumlah for line in lines[len(belanja) :]), Decimal(0))
    bpkad = by_kode.get(BPKAD, opds[-1]).pk
    penyertaan = _round_to(total * Decimal("0.01"), 1_000_000)
    # SiLPA covers the defisit and penyertaan modal with a 1% margin (stage drift only ever lowers belanja much)
    silpa = _round_to(total - pendapatan + penyertaan + total * Decimal("0.01"), 1_000_000, ROUND_CEILING)
    for kode, amount in ((SILPA, silpa), (PENYERTAAN, penyertaan)):
        if kode in akun:
            lines.append(
                _line(
                    kua,
                    bpkad,
                    LineJenis.PEMBIAYAAN,
                    akun[kode],
                    [(Decimal(1), "Tahun")],
                    amount,
                    akun[kode].nama,
                )
            )
    _insert(kua, lines)
    per_opd: dict[int, Decimal] = defaultdict(Decimal)
    for line in belanja:
        per_opd[line.perangkat_daerah_id] += line.jumlah
    Plafon.objects.bulk_create([
        Plafon(pemda=pemda, anggaran=kua, perangkat_daerah_id=opd_id,
               jumlah=_round_to(amount * Decimal("1.03"), 1_000_000, ROUND_CEILING))
        for opd_id, amount in per_opd.items()
    ])  # fmt: skip
    _close(kua, user)

    rka = _next(kua, Tahap.RKA, "RKA-SKPD (demo)")
    _drift(rka, rng, 0.06)
    _close(rka, user)
    apbd = _next(rka, Tahap.APBD, "Perda APBD (demo)")
    _drift(apbd, rng, 0.02)
    _close(apbd, user)
    _next(apbd, Tahap.DPA, "DPA-SKPD (demo)")


# ---------------------------------------------------------------- execution year

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")  # fmt: skip
HOLIDAYS = ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25))  # the fixed-date national holidays (month, day)
PEGAWAI_EXTRA = {3: "Tunjangan hari raya", 6: "Gaji ketiga belas"}  # 14 salaries a year: the two extra months
EVEN = (1,) * 12
# Monthly anggaran kas weights by akun prefix (the longest matching prefix wins), and the jitter (± %) each
# line's weights get so OPDs do not all plan alike.
KAS_PROFILE: dict[str, tuple[tuple[int, ...], int]] = {
    "": (EVEN, 0),
    "4.2": (KAS_PROFILES["triwulan"], 0),  # transfers arrive quarterly
    "4.2.01.01.02": (EVEN, 0),  # except the DAU, paid monthly
    "5.1.01": (tuple(2 if m in PEGAWAI_EXTRA else 1 for m in range(1, 13)), 0),
    "5.1.02": ((3, 5, 7, 8, 8, 9, 9, 9, 10, 10, 11, 11), 25),  # ramps up as procurement gets under way
    "5.2": (KAS_PROFILES["kontrak"], 25),  # capital works, paid on progress in Q3–Q4
    "6.1": ((1,) + (0,) * 11, 0),  # SiLPA is cash at hand from January
    "6.2": ((0,) * 8 + (1,) + (0,) * 3, 0),  # penyertaan modal once the capital is called
}
# Share of its cumulative RAK an on-plan OPD has realized by the end of each month: a slow first quarter
# (DPA, UP and procurement being set up), catching up by December.
CATCH_UP = tuple(Decimal(x) for x in ("0.45", "0.55", "0.65", "0.74", "0.80", "0.85", "0.88", "0.90", "0.92",
                                      "0.94", "0.96", "1"))  # fmt: skip
# Pace of the OPDs against plan, dealt to them in a seeded shuffle: a few lag at about 60 %, most are near plan.
OPD_PACE = tuple(Decimal(x) for x in ("0.6", "0.62", "0.7", "0.8", "0.86", "0.9", "0.94", "0.97", "1", "1"))
# Chance that a line with money due is paid in a month (what is not paid carries over; December pays it all).
PAYMENT_CHANCE = {"5.1.02": 0.75, "5.2": 0.3, "": 0.6}
MIN_PAYMENT = Decimal(100_000)
LS_FROM = Decimal(50_000_000)  # goods and services above this are paid to the provider directly (SP2D-LS)
SP2D_LS = RealisasiJenis.SP2D_LS
RETURN_CHANCE = {RealisasiJenis.SPJ_TU: 0.04, RealisasiJenis.SPJ_GU: 0.002}  # unspent TU is paid back
NOMOR = {
    RealisasiJenis.SP2D_LS: "SP2D-LS", RealisasiJenis.SPJ_GU: "SPJ-GU", RealisasiJenis.SPJ_TU: "SPJ-TU",
    RealisasiJenis.PENERIMAAN: "TBP", RealisasiJenis.PENGEMBALIAN: "STS",
}  # fmt: skip
# Revenue against its monthly plan: PAD swings (retribusi, pajak), transfers arrive as scheduled.
RECEIPT_SWING = {"4.1": (80, 121), "4.2": (100, 101), "4.3": (70, 131), "6.1": (100, 101)}
REFUND_CHANCE = 0.01  # a tax or retribusi paid twice is refunded
QUARTER_SHARE = tuple(Decimal(x) for x in ("0.2", "0.45", "0.7", "1"))  # of the year's target, cumulative
MASALAH = [
    ("Tender gagal karena tidak ada penawaran yang memenuhi syarat.", "Tender ulang dijadwalkan bersama UKPBJ."),
    ("Penyedia terlambat memobilisasi peralatan dan tenaga kerja.", "Teguran tertulis dan rapat percepatan dengan penyedia."),
    ("Curah hujan tinggi menghambat pekerjaan di lapangan.", "Penambahan jam kerja saat cuaca memungkinkan."),
    ("SPJ bulan sebelumnya belum lengkap sehingga GU tertunda.", "Pendampingan bendahara pengeluaran oleh BPKAD."),
    ("Lahan lokasi kegiatan belum bebas.", "Fasilitasi penyelesaian bersama pemerintah desa dan BPN."),
    ("Pejabat pengadaan baru ditetapkan pada bulan ini.", "Percepatan jadwal pengadaan langsung."),
]  # fmt: skip
KOREKSI = (
    "Koreksi hasil verifikasi lapangan: progres bulan lalu dilaporkan terlalu tinggi.",
    "Verifikasi lapangan bersama PPK sebelum laporan bulanan disampaikan.",
)
CAPAIAN_RENDAH = "Capaian di bawah rencana triwulan karena pelaksanaan kegiatan tertunda."


def _by_prefix(table: dict[str, Any], kode: str) -> Any:
    return table[max((p for p in table if kode.startswith(p)), key=len)]


def _load_execution(dpa: Anggaran) -> None:
    """The demo DPA's execution up to today: anggaran kas, then (for the months that have begun) realization,
    realisasi fisik and, for the triwulan that have ended, indicator realization. OPDs keep one pace throughout,
    so a lagging OPD lags in money, physical progress and indicators alike."""
    today = timezone.localdate()
    _anggaran_kas(dpa, random.Random(f"kas-{dpa.pemda.kode}-{dpa.tahun}"))
    if dpa.tahun > today.year:
        return
    cutoff = min(today, date(dpa.tahun, 12, 31))
    pace = _paces(dpa.pemda, random.Random(f"pace-{dpa.pemda.kode}-{dpa.tahun}"))
    _realisasi(dpa, cutoff, pace, random.Random(f"realisasi-{dpa.pemda.kode}-{dpa.tahun}"))
    _fisik(dpa, cutoff, pace, random.Random(f"fisik-{dpa.pemda.kode}-{dpa.tahun}"))
    ended = [q for q in range(1, 5) if _month_end(dpa.tahun, 3 * q) < today]
    _indikator(dpa, ended, pace, random.Random(f"indikator-{dpa.pemda.kode}-{dpa.tahun}"))


def _month_end(tahun: int, bulan: int) -> date:
    return date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def _working_days(tahun: int) -> dict[int, list[date]]:
    """Monday to Friday, less the fixed-date national holidays, by month."""
    days: dict[int, list[date]] = defaultdict(list)
    day = date(tahun, 1, 1)
    while day.year == tahun:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            days[day.month].append(day)
        day += timedelta(days=1)
    return days


def _paces(pemda: Pemda, rng: random.Random) -> dict[int, Decimal]:
    """Every unit's pace against plan (a sub unit keeps its OPD's)."""
    units = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode").values_list("pk", "induk_id"))
    opds = sorted({induk or pk for pk, induk in units})
    deck = [OPD_PACE[n % len(OPD_PACE)] for n in range(len(opds))]
    rng.shuffle(deck)
    by_opd = dict(zip(opds, deck, strict=True))
    return {pk: by_opd[induk or pk] for pk, induk in units}


# ---------------------------------------------------------------- anggaran kas


def _anggaran_kas(dpa: Anggaran, rng: random.Random) -> None:
    """A RAK row for every line of the DPA, spread by the profile of its akun; the months sum to the line."""
    if dpa.is_closed or AnggaranKas.objects.filter(anggaran=dpa).exists():
        return
    rows = []
    for pk, unit, kode, jumlah in (
        BudgetLine.objects.filter(anggaran=dpa)
        .order_by("pk")
        .values_list("pk", "perangkat_daerah_id", "akun__kode", "jumlah")
    ):
        weights, jitter = _by_prefix(KAS_PROFILE, kode)
        weights = [w * rng.randint(100 - jitter, 100 + jitter) for w in weights]
        amounts = dict(zip(KAS_MONTH_FIELDS, spread_amounts(jumlah, weights), strict=True))
        rows.append(
            AnggaranKas(
                pemda_id=dpa.pemda_id, anggaran=dpa, perangkat_daerah_id=unit, budget_line_id=pk, **amounts
            )
        )
    with pgtrigger.ignore("budgeting.AnggaranKas:insert_insert"):
        AnggaranKas.objects.bulk_create(rows, batch_size=2000)
    record_history(model=AnggaranKas, label="insert", where="anggaran_id = %s", params=[dpa.pk])


# ---------------------------------------------------------------- realization


@dataclass
class Entry:
    line: int
    unit: int
    tanggal: date
    jenis: str
    jumlah: Decimal
    keterangan: str


def _split(amount: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`amount` (whole rupiah) in `parts` random whole-rupiah pieces summing to it."""
    if parts == 1 or amount < parts * MIN_PAYMENT:
        return [amount]
    cuts = sorted(rng.sample(range(1, 100), parts - 1))
    pieces = [(amount * (b - a) / 100).quantize(Decimal(1), ROUND_FLOOR) for a, b in pairwise([0, *cuts])]
    return [*pieces, amount - sum(pieces, Decimal(0))]


def _due(kas: list[Decimal], pace: Decimal, chance: float, rng: random.Random) -> list[tuple[int, Decimal]]:
    """(month, amount) paid on a line: the realization due by a month is pace × CATCH_UP × the cumulative RAK,
    never above the RAK itself; a month left unpaid carries over, and December pays what is due."""
    paid, planned, payments = Decimal(0), Decimal(0), []
    for month, amount in enumerate(kas, start=1):
        planned += amount
        due = min(planned, planned * pace * CATCH_UP[month - 1]).quantize(Decimal(1), ROUND_FLOOR)
        if due - paid >= MIN_PAYMENT and (month == 12 or rng.random() < chance):
            payments.append((month, due - paid))
            paid = due
    return payments


def _salary_entries(line: dict, days: dict[int, list[date]], rng: random.Random) -> list[Entry]:
    """Salaries are paid on plan: the month's RAK on its first working day; THR and the 13th salary apart."""
    entries = []
    for month, amount in enumerate(line["kas"], start=1):
        extra = (amount / 2).quantize(Decimal("0.01"), ROUND_FLOOR) if month in PEGAWAI_EXTRA else Decimal(0)
        text = f"Gaji dan tunjangan bulan {BULAN[month - 1]}"
        entries.append(Entry(line["pk"], line["unit"], days[month][0], SP2D_LS, amount - extra, text))
        if extra:
            tanggal = rng.choice(days[month][3:])
            entries.append(Entry(line["pk"], line["unit"], tanggal, SP2D_LS, extra, PEGAWAI_EXTRA[month]))
    return [entry for entry in entries if entry.jumlah > 0]


def _return_of(entry: Entry, days: dict[int, list[date]], rng: random.Random) -> Entry | None:
    """A pengembalian (negative) of part of an SPJ's money within about two weeks of it, or None."""
    month = entry.tanggal.month
    later = [day for day in days[month] + days.get(month + 1, []) if day > entry.tanggal][:10]
    back = (entry.jumlah * rng.randrange(2, 20) / 100).quantize(Decimal(1), ROUND_FLOOR)
    if not later or not back:
        return None
    text = f"Pengembalian sisa {NOMOR[entry.jenis]}: {entry.keterangan}"[:500]
    return Entry(entry.line, entry.unit, rng.choice(later), RealisasiJenis.PENGEMBALIAN, -back, text)


def _spending_entries(
    line: dict, pace: Decimal, days: dict[int, list[date]], rng: random.Random
) -> list[Entry]:
    """Goods, services and capital: payments by `_due`, split into SPJ-GU / SPJ-TU / SP2D-LS documents, with
    the odd return of unspent money."""
    noise = Decimal(rng.randrange(90, 106)) / 100
    modal = line["akun"].startswith("5.2")
    entries: list[Entry] = []
    payments = _due(line["kas"], pace * noise, _by_prefix(PAYMENT_CHANCE, line["akun"]), rng)
    for termin, (month, amount) in enumerate(payments, start=1):
        parts = 1 if modal else rng.choices((1, 2, 3), weights=(65, 28, 7))[0]
        for part in _split(amount, parts, rng):
            if modal or part >= LS_FROM:
                jenis = SP2D_LS
            else:
                jenis = RealisasiJenis.SPJ_TU if rng.random() < 0.12 else RealisasiJenis.SPJ_GU
            text = f"Termin {termin}: {line['komponen']}" if modal else line["komponen"]
            entry = Entry(line["pk"], line["unit"], rng.choice(days[month]), jenis, part, text[:500])
            entries.append(entry)
            if rng.random() < RETURN_CHANCE.get(jenis, 0) and (back := _return_of(entry, days, rng)):
                entries.append(back)
    return entries


def _receipt_entries(line: dict, days: dict[int, list[date]], rng: random.Random) -> list[Entry]:
    """Pendapatan and penerimaan pembiayaan: each month's planned receipt, swung by its kind (PAD above or below
    plan, transfers and the SiLPA as scheduled), in one to three bukti penerimaan, and the odd refund."""
    low, high = _by_prefix(RECEIPT_SWING, line["akun"])
    entries: list[Entry] = []
    for month, amount in enumerate(line["kas"], start=1):
        received = (amount * rng.randrange(low, high) / 100).quantize(Decimal(1), ROUND_FLOOR)
        if received <= 0:
            continue
        for part in _split(received, rng.choices((1, 2, 3), weights=(50, 35, 15))[0], rng):
            entry = Entry(line["pk"], line["unit"], rng.choice(days[month]), RealisasiJenis.PENERIMAAN, part,
                          f"Penerimaan {line['komponen']} bulan {BULAN[month - 1]}"[:500])  # fmt: skip
            entries.append(entry)
            if rng.random() < REFUND_CHANCE and (back := _return_of(entry, days, rng)):
                entries.append(back)
    return entries


def _realisasi(dpa: Anggaran, cutoff: date, pace: dict[int, Decimal], rng: random.Random) -> None:
    """Realization of the DPA dated up to `cutoff`: belanja and pengeluaran pembiayaan paid, pendapatan and
    penerimaan pembiayaan received, inserted set-based with `realisasi_bulk_insert` (which keeps the monthly
    totals). Document numbers run per OPD and jenis in date order: `0123/SP2D-LS/<kode OPD>/<tahun>`."""
    if Realisasi.objects.filter(anggaran=dpa).exists():
        return
    # the lines are locked (id order, as posting does) before the entries go in
    list(
        BudgetLine.objects.filter(anggaran=dpa)
        .select_for_update(no_key=True, of=("self",))
        .order_by("pk")
        .values_list("pk")
    )
    kas = {row.budget_line_id: row.amounts for row in AnggaranKas.objects.filter(anggaran=dpa)}
    days = _working_days(dpa.tahun)
    entries: list[Entry] = []
    for pk, unit, kode, komponen in (
        BudgetLine.objects.filter(anggaran=dpa, pk__in=kas.keys())
        .order_by("pk")
        .values_list("pk", "perangkat_daerah_id", "akun__kode", "komponen")
    ):
        line = {"pk": pk, "unit": unit, "akun": kode, "komponen": komponen, "kas": kas[pk]}
        if is_receipt(kode):
            entries += _receipt_entries(line, days, rng)
        elif kode.startswith("5.1.01"):
            entries += _salary_entries(line, days, rng)
        elif kode.startswith("6.2"):  # penyertaan modal: paid as planned, to the BUMD directly
            entries += [Entry(pk, unit, days[month][-1], SP2D_LS, amount, komponen[:500])
                        for month, amount in _due(kas[pk], Decimal(1), 1.0, rng)]  # fmt: skip
        else:
            entries += _spending_entries(line, pace[unit], days, rng)
    entries = sorted((e for e in entries if e.tanggal <= cutoff), key=lambda e: (e.tanggal, e.unit, e.line))
    units = dict(PerangkatDaerah.objects.filter(pemda_id=dpa.pemda_id).values_list("pk", "kode"))
    finance = (
        User.objects.filter(pemda_id=dpa.pemda_id, role=Role.FINANCE).values_list("pk", flat=True).first()
    )
    bendahara = dict(
        User.objects.filter(pemda_id=dpa.pemda_id, role=Role.OPD_FINANCE).values_list(
            "perangkat_daerah_id", "pk"
        )
    )
    numbers: dict[tuple[int, str], int] = defaultdict(int)
    rows = []
    for e in entries:
        numbers[(e.unit, e.jenis)] += 1
        nomor = f"{numbers[(e.unit, e.jenis)]:04d}/{NOMOR[e.jenis]}/{units[e.unit]}/{dpa.tahun}"
        rows.append((dpa.pemda_id, dpa.pk, e.unit, e.line, e.tanggal, e.jenis, nomor, e.jumlah, e.keterangan,
                     False, bendahara.get(e.unit, finance)))  # fmt: skip
    realisasi_bulk_insert(rows)


# ---------------------------------------------------------------- realisasi fisik and indicator realization


def _fisik(dpa: Anggaran, cutoff: date, pace: dict[int, Decimal], rng: random.Random) -> None:
    """Monthly physical progress of every DPA sub kegiatan up to the month of `cutoff`: the share of its Renja
    months elapsed × the OPD's pace, never falling, except one or two corrections (flagged `menurun`); a few
    lagging months carry a problem and its follow-up."""
    from planning.models import RenjaSubKegiatan

    if RealisasiFisik.objects.filter(pemda_id=dpa.pemda_id, tahun=dpa.tahun).exists():
        return
    schedule = {
        (opd, kode): (start, end)
        for opd, kode, start, end in RenjaSubKegiatan.objects.filter(
            pemda_id=dpa.pemda_id, renja__tahun=dpa.tahun, renja__is_current=True
        ).values_list("renja__perangkat_daerah_id", "kode", "bulan_mulai", "bulan_selesai")
    }
    pairs = sorted(
        set(
            BudgetLine.objects.filter(anggaran=dpa, jenis=LineJenis.BELANJA).values_list(
                "perangkat_daerah_id", "sub_kegiatan_kode"
            )
        )
    )
    series: dict[tuple[int, str], list[tuple[Decimal, tuple[str, str]]]] = {}
    for unit, kode in pairs:
        start, end = schedule.get((unit, kode), (1, 12))
        noise = Decimal(rng.randrange(92, 106)) / 100
        values: list[tuple[Decimal, tuple[str, str]]] = []
        for month in range(1, cutoff.month + 1):
            planned = Decimal(100) * min(max(month - start + 1, 0), end - start + 1) / (end - start + 1)
            persen = min(Decimal(100), planned * pace[unit] * CATCH_UP[month - 1] * noise).quantize(
                Decimal("0.01")
            )
            persen = max(persen, values[-1][0] if values else Decimal(0))
            note = rng.choice(MASALAH) if planned - persen > 25 and rng.random() < 0.08 else ("", "")
            values.append((persen, note))
        series[(unit, kode)] = values
    candidates = [key for key, values in series.items() if len(values) >= 4 and values[2][0] >= 10]
    for key in rng.sample(candidates, min(2, len(candidates))):
        month = rng.randrange(3, len(series[key]))  # a 0-based index: April at the earliest
        earlier = series[key][month - 1][0]
        series[key][month] = (max(Decimal(0), earlier - Decimal(rng.randrange(300, 800)) / 100), KOREKSI)
    rows = []
    for (unit, kode), values in series.items():
        highest = Decimal(0)
        for month, (persen, (masalah, tindak)) in enumerate(values, start=1):
            rows.append(RealisasiFisik(
                pemda_id=dpa.pemda_id, perangkat_daerah_id=unit, tahun=dpa.tahun, sub_kegiatan_kode=kode,
                bulan=month, persen=persen, permasalahan=masalah, tindak_lanjut=tindak, menurun=persen < highest,
            ))  # fmt: skip
            highest = max(highest, persen)
    with pgtrigger.ignore("budgeting.RealisasiFisik:insert_insert"):
        created = RealisasiFisik.objects.bulk_create(rows, batch_size=2000)
    record_history(
        model=RealisasiFisik, label="insert", where="id = ANY(%s)", params=[[r.pk for r in created]]
    )


def _indikator(dpa: Anggaran, ended: list[int], pace: dict[int, Decimal], rng: random.Random) -> None:
    """Per ended triwulan, the realization of every indicator of the year's Renja programs, kegiatan and sub
    kegiatan: the triwulan's part of the year's target (QUARTER_SHARE) at the OPD's pace; counts are whole."""
    from planning.models import Indikator, IndikatorTarget

    if not ended or RealisasiIndikator.objects.filter(pemda_id=dpa.pemda_id, tahun=dpa.tahun).exists():
        return
    targets = dict(
        IndikatorTarget.objects.filter(pemda_id=dpa.pemda_id, tahun=dpa.tahun).values_list(
            "indikator_id", "target"
        )
    )
    rows = []
    for owner in ("renja_program", "renja_kegiatan", "renja_sub_kegiatan"):
        found = Indikator.objects.filter(
            **{
                f"{owner}__renja__pemda_id": dpa.pemda_id,
                f"{owner}__renja__tahun": dpa.tahun,
                f"{owner}__renja__is_current": True,
            }
        ).order_by("pk")
        for pk, satuan, opd in found.values_list("pk", "satuan", f"{owner}__renja__perangkat_daerah_id"):
            if pk not in targets:
                continue
            step = Decimal("0.01") if "%" in satuan or "persen" in satuan.lower() else Decimal(1)
            noise = Decimal(rng.randrange(85, 108)) / 100
            before = Decimal(0)
            for triwulan in ended:
                upto = (targets[pk] * QUARTER_SHARE[triwulan - 1] * pace[opd] * noise).quantize(
                    step, ROUND_HALF_UP
                )
                upto = max(upto, before)
                rows.append(RealisasiIndikator(
                    pemda_id=dpa.pemda_id, perangkat_daerah_id=opd, indikator_id=pk, tahun=dpa.tahun,
                    triwulan=triwulan, realisasi=upto - before,
                    keterangan=CAPAIAN_RENDAH if pace[opd] < Decimal("0.7") and triwulan == ended[-1] else "",
                ))  # fmt: skip
                before = upto
    with pgtrigger.ignore("budgeting.RealisasiIndikator:insert_insert"):
        created = RealisasiIndikator.objects.bulk_create(rows, batch_size=2000)
    record_history(
        model=RealisasiIndikator, label="insert", where="id = ANY(%s)", params=[[r.pk for r in created]]
    )
