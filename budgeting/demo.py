"""Demo budget of Kabupaten Sukamaju: a price catalogue, then KUA-PPAS (with plafon per OPD) → RKA → APBD → DPA.

Belanja lines hang on the sub kegiatan of each OPD's approved Renja (planning demo), or, without one, on the
demo nomenclature matching the OPD's bidang. Amounts are scaled so total belanja is about Rp 1.45 trillion;
pendapatan (PAD, DAU, DAK, DBH, Dana Desa, …) and pembiayaan (SiLPA in, penyertaan modal out) keep the budget
balanced with a small surplus. Each stage differs a little from the one before, so comparisons show drift.
Seed data: rows are written in bulk (consistent by construction); stages are closed in order, the DPA stays open.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from budgeting.models import (
    Anggaran,
    BudgetLine,
    LineJenis,
    Plafon,
    StageStatus,
    StandarHarga,
    StandarHargaJenis,
    Tahap,
)
from budgeting.services import (
    anggaran_copy_rows,
    bulk_line_writes,
    koefisien_text,
    line_jumlah,
    record_line_history,
)
from organisation.models import Pemda, PerangkatDaerah, Role, User
from planning.codes import instantiate, opd_bidang_all
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from reference.selectors import reference_version_in_force

TARGET_BELANJA = Decimal("1450000000000")
TARGET_LINES = 3200
SALARY_SUB_KEGIATAN = "X.XX.01.2.02.0001"
BPKAD = "5.02.0.00.0.00.01.0000"
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


def _insert(stage: Anggaran, lines: list[BudgetLine]) -> None:
    with bulk_line_writes():
        BudgetLine.objects.bulk_create(lines, batch_size=2000)
        record_line_history(label="insert", where="anggaran_id = %s", params=[stage.pk])


def _close(stage: Anggaran, user: User | None) -> None:
    stage.status, stage.closed_at, stage.closed_by = StageStatus.CLOSED, timezone.now(), user
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
    """Create (once) the demo budget of `pemda` for `tahun`: catalogue, KUA-PPAS → RKA → APBD closed, DPA open."""
    if Anggaran.objects.filter(pemda=pemda, tahun=tahun).exists():
        return
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
