"""Demo plans for Kabupaten Sukamaju: an RPJMD 2025–2029 and an approved Renja for every OPD plus the RKPD for the
demo year, built from the demo nomenclature (demo/fixtures), and the year's Musrenbang / Pokir proposals. Seed data: rows are written directly (the
demo is consistent by construction) and the documents are set to approved as if the workflow had run.

Locations are kecamatan codes under the pemda's code; for the fictional `99.01` they are not real regions, which
the location check allows (it is skipped for a pemda whose own code is not a Kemendagri region).
"""

import random
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from organisation.models import Pemda, PerangkatDaerah, Role, User
from planning.models import (
    DocumentStatus,
    Indikator,
    IndikatorTarget,
    Misi,
    PaguTahunan,
    Polaritas,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Strategi,
    Tujuan,
    Usulan,
    UsulanReview,
    aturan_for_satuan,
)
from reference.codes import instantiate, opd_bidang
from reference.models import Nomenklatur, NomenklaturLevel, ReferenceKind, SumberDana

VISI = "Sukamaju Maju, Sejahtera dan Berkelanjutan"

# misi → tujuan → sasaran (uraian, bidang served, IKU: nama, satuan, polaritas, kondisi awal, target akhir)
PLAN = [
    (
        "Mewujudkan sumber daya manusia yang sehat, cerdas dan berdaya saing",
        [
            (
                "Meningkatkan kualitas pendidikan",
                ("Indeks Pendidikan", "indeks", "higher", "0.64", "0.69"),
                [
                    (
                        "Meningkatnya akses dan mutu pendidikan dasar",
                        ["1.01"],
                        ("Angka Partisipasi Murni SD/MI", "%", "higher", "96.10", "99.00"),
                    ),
                    (
                        "Meningkatnya rata-rata lama sekolah penduduk",
                        ["1.01"],
                        ("Rata-rata Lama Sekolah", "tahun", "higher", "7.90", "8.60"),
                    ),
                ],
            ),
            (
                "Meningkatkan derajat kesehatan masyarakat",
                ("Usia Harapan Hidup", "tahun", "higher", "70.20", "71.40"),
                [
                    (
                        "Meningkatnya akses dan mutu pelayanan kesehatan",
                        ["1.02"],
                        ("Persentase Puskesmas Terakreditasi Paripurna", "%", "higher", "45.00", "85.00"),
                    ),
                    (
                        "Menurunnya prevalensi stunting dan angka kematian ibu",
                        ["1.02", "1.06"],
                        ("Prevalensi Stunting pada Balita", "%", "lower", "21.80", "14.00"),
                    ),
                ],
            ),
        ],
    ),
    (
        "Mewujudkan perekonomian dan infrastruktur yang tangguh dan berkelanjutan",
        [
            (
                "Meningkatkan kualitas infrastruktur wilayah",
                ("Indeks Kualitas Infrastruktur Wilayah", "indeks", "higher", "61.00", "70.00"),
                [
                    (
                        "Meningkatnya kemantapan jalan dan konektivitas wilayah",
                        ["1.03", "2.15"],
                        ("Persentase Jalan Kabupaten dalam Kondisi Mantap", "%", "higher", "68.40", "82.00"),
                    ),
                    (
                        "Meningkatnya akses permukiman layak, air minum dan sanitasi",
                        ["1.03", "1.04"],
                        (
                            "Persentase Rumah Tangga dengan Akses Air Minum Layak",
                            "%",
                            "higher",
                            "81.30",
                            "95.00",
                        ),
                    ),
                ],
            ),
            (
                "Meningkatkan pertumbuhan ekonomi yang inklusif",
                ("Laju Pertumbuhan Ekonomi", "%", "higher", "4.80", "5.60"),
                [
                    (
                        "Meningkatnya produktivitas pertanian",
                        ["3.27"],
                        ("Produktivitas Padi", "ton/ha", "higher", "5.10", "5.80"),
                    ),
                    (
                        "Menurunnya tingkat pengangguran terbuka",
                        ["2.07"],
                        ("Tingkat Pengangguran Terbuka", "%", "lower", "5.40", "4.20"),
                    ),
                ],
            ),
        ],
    ),
    (
        "Mewujudkan tata kelola pemerintahan yang baik, masyarakat yang aman dan lingkungan yang lestari",
        [
            (
                "Meningkatkan kualitas tata kelola pemerintahan",
                ("Indeks Reformasi Birokrasi", "indeks", "higher", "62.50", "75.00"),
                [
                    (
                        "Meningkatnya akuntabilitas kinerja dan keuangan daerah",
                        ["5.01", "5.02", "6.01", "4.01"],
                        ("Nilai SAKIP", "nilai", "higher", "63.20", "75.00"),
                    ),
                    (
                        "Meningkatnya kualitas pelayanan publik dan pemerintahan digital",
                        ["2.12", "2.16"],
                        ("Indeks SPBE", "indeks", "higher", "2.40", "3.50"),
                    ),
                ],
            ),
            (
                "Meningkatkan kualitas lingkungan hidup dan ketenteraman masyarakat",
                ("Indeks Kualitas Lingkungan Hidup", "indeks", "higher", "66.80", "71.00"),
                [
                    (
                        "Meningkatnya kualitas lingkungan hidup",
                        ["2.11"],
                        ("Persentase Sampah Terkelola", "%", "higher", "52.00", "75.00"),
                    ),
                    (
                        "Meningkatnya ketenteraman, ketertiban dan perlindungan sosial",
                        ["1.05", "1.06"],
                        ("Persentase PMKS yang Tertangani", "%", "higher", "58.00", "80.00"),
                    ),
                ],
            ),
        ],
    ),
]
STRATEGI = "Penguatan layanan dan sinergi program lintas perangkat daerah untuk {sasaran}"
ARAH = "Prioritas pada wilayah dengan capaian terendah dan kelompok rentan"
N_PROGRAMS = 40
SUMBER_DANA = ("1.2.01.01.02", "1.1.01", "1.2.01.01.01")  # DAU, Pajak Daerah, DBH
PENUNJANG_KEGIATAN = ("X.XX.01.2.01", "X.XX.01.2.02", "X.XX.01.2.06")


def _period(tahun: int) -> tuple[int, int]:
    start = 2025 + 5 * ((tahun - 2025) // 5)
    return start, start + 4


def _create_indicators(rows: list[Indikator]) -> None:
    """Bulk-created as the service would: each with the year's rule its satuan names."""
    for row in rows:
        row.aturan_tahunan = aturan_for_satuan(row.satuan)
    Indikator.objects.bulk_create(rows)


def _targets(baseline: Decimal, final: Decimal, years: range) -> list[tuple[int, Decimal]]:
    step = (final - baseline) / len(years)
    return [(year, (baseline + step * (i + 1)).quantize(Decimal("0.01"))) for i, year in enumerate(years)]


def _rupiah(rng: random.Random, low: int, high: int) -> Decimal:
    """A round amount between `low` and `high` million rupiah."""
    return Decimal(rng.randrange(low, high) * 1_000_000)


@transaction.atomic
def load_planning_demo(*, pemda: Pemda, tahun: int) -> None:
    """Create (once) the demo RPJMD of the period holding `tahun`, and an approved Renja for every OPD and the
    RKPD for `tahun`. Running it again changes nothing."""
    nodes = {
        n.kode: n
        for n in Nomenklatur.objects.filter(
            version__kind=ReferenceKind.NOMENKLATUR,
            version__pemda_level=pemda.level,
            version__tahun_mulai__lte=tahun,
            version__tahun_selesai__gte=tahun,
        ).prefetch_related(Prefetch("children", queryset=Nomenklatur.objects.order_by("kode")))
    }
    if not nodes:
        return
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda, induk=None).order_by("kode"))
    users = {role: User.objects.filter(pemda=pemda, role=role).first() for role in Role.values}
    rpjmd = _rpjmd(pemda=pemda, tahun=tahun, nodes=nodes, opds=opds, users=users)
    dana = {
        d.kode: d
        for d in SumberDana.objects.filter(
            kode__in=SUMBER_DANA, version__tahun_mulai__lte=tahun, version__tahun_selesai__gte=tahun
        )
    }
    for opd in opds:
        _renja(pemda=pemda, tahun=tahun, opd=opd, rpjmd=rpjmd, nodes=nodes, dana=dana, users=users)
    if not Rkpd.objects.filter(pemda=pemda, tahun=tahun, is_current=True).exists():
        rkpd = Rkpd.objects.create(
            pemda=pemda,
            tahun=tahun,
            tema="Penguatan Sumber Daya Manusia dan Infrastruktur untuk Pertumbuhan Inklusif",
            prioritas_pembangunan="1. SDM sehat dan cerdas; 2. Infrastruktur dan konektivitas; "
            "3. Ekonomi kerakyatan; 4. Tata kelola dan pelayanan publik",
            **_approved(users, maker=users[Role.BAPPEDA]),
        )
        _approve(rkpd)
    _usulan_demo(pemda=pemda, tahun=tahun, nodes=nodes, users=users)


def _approve(document: models.Model) -> None:
    """Approve a demo document once its contents exist: the database refuses content rows of a locked one."""
    type(document).objects.filter(pk=document.pk).update(status=DocumentStatus.APPROVED)
    document.status = DocumentStatus.APPROVED


def _approved(users: dict[str, User | None], *, maker: User | None) -> dict:
    """The sign-off fields of an approved document, still a draft until `_approve`."""
    now = timezone.now()
    return {
        "status": DocumentStatus.DRAFT,
        "submitted_by": maker,
        "submitted_at": now,
        "verified_by": users[Role.BAPPEDA],
        "verified_at": now,
        "approved_by": users[Role.LEADER],
        "approved_at": now,
    }


def _rpjmd(*, pemda: Pemda, tahun: int, nodes: dict, opds: list, users: dict) -> Rpjmd:
    start, end = _period(tahun)
    existing = Rpjmd.objects.filter(pemda=pemda, tahun_awal=start, is_current=True).first()
    if existing is not None:
        return existing
    years = range(start, end + 1)
    rpjmd = Rpjmd.objects.create(
        pemda=pemda,
        tahun_awal=start,
        tahun_akhir=end,
        visi=VISI,
        dasar_hukum=f"Perda Nomor 3 Tahun {start}",
        **_approved(users, maker=users[Role.BAPPEDA]),
    )
    indicators: list[tuple[Indikator, list[tuple[int, Decimal]]]] = []

    def indicator(spec: tuple, **owner) -> None:
        nama, satuan, polaritas, baseline, final = spec
        row = Indikator(
            pemda=pemda,
            nama=nama,
            satuan=satuan,
            polaritas=Polaritas(polaritas),
            is_iku=True,
            baseline=Decimal(baseline),
            target_akhir=Decimal(final),
            **owner,
        )
        indicators.append((row, _targets(Decimal(baseline), Decimal(final), years)))

    sasaran_for_bidang: dict[str, list[Sasaran]] = {}
    for m, (misi_text, tujuan_list) in enumerate(PLAN, start=1):
        misi = Misi.objects.create(pemda=pemda, rpjmd=rpjmd, nomor=m, uraian=misi_text)
        for t, (tujuan_text, tujuan_iku, sasaran_list) in enumerate(tujuan_list, start=1):
            tujuan = Tujuan.objects.create(pemda=pemda, rpjmd=rpjmd, misi=misi, nomor=t, uraian=tujuan_text)
            indicator(tujuan_iku, tujuan=tujuan)
            for s, (sasaran_text, bidang, iku) in enumerate(sasaran_list, start=1):
                sasaran = Sasaran.objects.create(
                    pemda=pemda, rpjmd=rpjmd, tujuan=tujuan, nomor=s, uraian=sasaran_text
                )
                indicator(iku, sasaran=sasaran)
                strategi = Strategi.objects.create(
                    pemda=pemda,
                    rpjmd=rpjmd,
                    sasaran=sasaran,
                    uraian=STRATEGI.format(sasaran=sasaran_text.lower()),
                )
                strategi.arah_kebijakan.create(pemda=pemda, rpjmd=rpjmd, uraian=ARAH)
                for b in bidang:
                    sasaran_for_bidang.setdefault(b, []).append(sasaran)

    # 40 programs, taken round-robin over the bidang of the pemda's OPDs, each serving a sasaran of its bidang
    opd_for_bidang = {opd_bidang(opd.kode): opd for opd in opds}
    queues = {
        b: [
            n
            for kode, n in sorted(nodes.items())
            if n.level == NomenklaturLevel.PROGRAM and kode[:4] == b and not kode.endswith(".01")
        ]
        for b in opd_for_bidang
        if b in sasaran_for_bidang
    }
    chosen: list[Nomenklatur] = []
    while len(chosen) < N_PROGRAMS and any(queues.values()):
        for queue in queues.values():
            if queue and len(chosen) < N_PROGRAMS:
                chosen.append(queue.pop(0))
    rng = random.Random(f"rpjmd-{pemda.kode}-{start}")
    served: dict[str, int] = {}
    for i, node in enumerate(chosen):
        bidang = node.kode[:4]
        candidates = sasaran_for_bidang[bidang]
        served[bidang] = served.get(bidang, -1) + 1
        program = ProgramRpjmd.objects.create(
            pemda=pemda,
            rpjmd=rpjmd,
            sasaran=candidates[served[bidang] % len(candidates)],
            nomenklatur=node,
            kode=node.kode,
            perangkat_daerah=opd_for_bidang[bidang],
            prioritas_daerah=i % 3 == 0,
            spm=bidang in ("1.01", "1.02"),
        )
        base = _rupiah(rng, 2_000, 25_000)
        PaguTahunan.objects.bulk_create(
            PaguTahunan(
                pemda=pemda,
                program_rpjmd=program,
                tahun=year,
                pagu=(base * Decimal("1.05") ** k).quantize(Decimal("1000000")),
            )
            for k, year in enumerate(years)
        )
        indicator(
            (f"Capaian kinerja {node.nama.title()}", "%", "higher", "70.00", "90.00"), program_rpjmd=program
        )
    for row, _ in indicators:
        row.is_iku = row.program_rpjmd is None
    _create_indicators([row for row, _ in indicators])
    IndikatorTarget.objects.bulk_create(
        IndikatorTarget(pemda=pemda, indikator=row, tahun=year, target=value)
        for row, targets in indicators
        for year, value in targets
    )
    _approve(rpjmd)
    return rpjmd


def _renja(
    *, pemda: Pemda, tahun: int, opd: PerangkatDaerah, rpjmd: Rpjmd, nodes: dict, dana: dict, users: dict
) -> None:
    if Renja.objects.filter(perangkat_daerah=opd, tahun=tahun, is_current=True).exists():
        return
    planner = User.objects.filter(perangkat_daerah=opd, role=Role.OPD_PLANNER).first()
    renja = Renja.objects.create(
        pemda=pemda,
        tahun=tahun,
        perangkat_daerah=opd,
        **_approved(users, maker=planner or users[Role.BAPPEDA]),
    )
    rng = random.Random(f"renja-{pemda.kode}-{opd.kode}-{tahun}")
    governance = Sasaran.objects.filter(rpjmd=rpjmd, uraian__startswith="Meningkatnya akuntabilitas").first()
    plan: list[tuple[Nomenklatur, Sasaran | None, list[Nomenklatur]]] = (
        [(nodes["X.XX.01"], governance, [nodes[k] for k in PENUNJANG_KEGIATAN if k in nodes])]
        if "X.XX.01" in nodes
        else []
    )
    for program in ProgramRpjmd.objects.filter(rpjmd=rpjmd, perangkat_daerah=opd).select_related(
        "nomenklatur"
    ):
        plan.append((program.nomenklatur, program.sasaran, list(program.nomenklatur.children.all())[:2]))
    indicators: list[tuple[Indikator, Decimal]] = []
    dana_rows = [dana[k] for k in SUMBER_DANA if k in dana]
    for p, (program_node, sasaran, kegiatan_nodes) in enumerate(plan):
        program = RenjaProgram.objects.create(
            pemda=pemda,
            renja=renja,
            nomenklatur=program_node,
            kode=instantiate(program_node.kode, opd.kode),
            sasaran=sasaran,
        )
        indicators.append(
            (
                Indikator(
                    pemda=pemda, renja_program=program, nama="Persentase capaian sasaran program", satuan="%"
                ),
                Decimal(rng.randrange(85, 100)),
            )
        )
        for kegiatan_node in kegiatan_nodes:
            kegiatan = RenjaKegiatan.objects.create(
                pemda=pemda,
                renja=renja,
                program=program,
                nomenklatur=kegiatan_node,
                kode=instantiate(kegiatan_node.kode, opd.kode),
            )
            indicators.append(
                (
                    Indikator(
                        pemda=pemda,
                        renja_kegiatan=kegiatan,
                        satuan="%",
                        nama="Persentase penyelesaian kegiatan",
                    ),
                    Decimal(100),
                )
            )
            for s, sub_node in enumerate(list(kegiatan_node.children.all())[:2]):
                is_salary = sub_node.kode == "X.XX.01.2.02.0001"
                sub = RenjaSubKegiatan.objects.create(
                    pemda=pemda,
                    renja=renja,
                    kegiatan=kegiatan,
                    nomenklatur=sub_node,
                    kode=instantiate(sub_node.kode, opd.kode),
                    lokasi=[pemda.kode] if p == 0 else [f"{pemda.kode}.{rng.randrange(1, 6):02d}"],
                    bulan_mulai=1 if p == 0 else rng.choice((1, 2, 3)),
                    bulan_selesai=12 if p == 0 else rng.choice((10, 11, 12)),
                    sumber_dana=dana_rows[0 if p == 0 or not dana_rows else (p + s) % len(dana_rows)]
                    if dana_rows
                    else None,
                    pagu_indikatif=_rupiah(rng, 9_000, 30_000) if is_salary else _rupiah(rng, 150, 3_500),
                    spm=opd_bidang(opd.kode) in ("1.01", "1.02") and p > 0,
                    prioritas_daerah=bool(sasaran and p > 0 and s == 0),
                )
                indicators.append(
                    (
                        Indikator(
                            pemda=pemda,
                            renja_sub_kegiatan=sub,
                            nama=sub_node.indikator or f"Jumlah {sub_node.nama}",
                            satuan=sub_node.satuan or "Dokumen",
                        ),
                        Decimal(rng.randrange(1, 50)),
                    )
                )
    _create_indicators([row for row, _ in indicators])
    IndikatorTarget.objects.bulk_create(
        IndikatorTarget(pemda=pemda, indikator=row, tahun=tahun, target=target) for row, target in indicators
    )
    _approve(renja)


# Kecamatan and desa of the fictional pemda (codes under 99.01; names for the demo only)
KECAMATAN = {
    "01": "Sukamaju Kota",
    "02": "Cibiru",
    "03": "Sukaresmi",
    "04": "Margahayu",
    "05": "Pasirjaya",
}
# (key, jenis, pengusul_jenis, pengusul, lokasi under the pemda code, permasalahan, uraian, OPD singkatan,
#  sub kegiatan, volume, satuan, biaya in million rupiah, prioritas)
USULAN: list[tuple[str, str, str, str, str, str, str, str, str | None, str, str, int, int]] = [
    # Margahayu: still waiting at the kecamatan forum
    ("m-drainase", "musrenbang", "desa", "Desa Margahayu Kidul", "04.2001",
     "Genangan air di permukiman RT 03/RW 02 setiap musim hujan",
     "Pembangunan saluran drainase lingkungan RT 03/RW 02", "DPUPR", None, "350", "meter", 420, 1),
    ("m-kelas", "musrenbang", "desa", "Desa Margahayu Kidul", "04.2001",
     "Dua ruang kelas SDN Margahayu 2 rusak berat, siswa belajar bergantian",
     "Rehabilitasi dua ruang kelas SDN Margahayu 2", "Disdikbud", "1.01.02.2.01.0003", "2", "ruang", 380, 2),
    ("m-posyandu", "musrenbang", "desa", "Desa Margaluyu", "04.2002",
     "Alat timbang dan ukur balita di lima posyandu sudah tidak layak",
     "Pengadaan alat antropometri untuk lima posyandu", "Dinkes", "1.02.02.2.02.0001", "5", "paket", 75, 1),
    ("m-pju", "musrenbang", "desa", "Desa Margaluyu", "04.2002",
     "Jalan poros desa gelap pada malam hari dan rawan kecelakaan",
     "Pemasangan penerangan jalan umum tenaga surya di jalan poros desa", "Dishub", None, "20", "titik", 300, 2),
    # other kecamatan: some already decided
    ("c-jut", "musrenbang", "desa", "Desa Cibiru Wetan", "02.2001",
     "Hasil panen sulit diangkut karena jalan usaha tani berlumpur",
     "Pengerasan jalan usaha tani Blok Sawah Lega", "Distan", "3.27.03.2.02.0003", "1.2", "km", 650, 1),
    ("c-pustu", "musrenbang", "kecamatan", "Forum Musrenbang Kecamatan Cibiru", "02",
     "Pustu Cibiru Hilir tidak lagi menampung pasien rawat jalan",
     "Pembangunan gedung puskesmas pembantu Cibiru Hilir", "Dinkes", "1.02.02.2.01.0002", "1", "unit", 1_250, 1),
    ("c-air", "musrenbang", "desa", "Desa Cibiru Hilir", "02.2002",
     "Warga dusun atas kekurangan air bersih pada musim kemarau",
     "Pembangunan sumur bor dan bak penampung air bersih", "DPUPR", "1.03.03.2.01.0022", "2", "unit", 480, 2),
    ("s-jembatan", "musrenbang", "desa", "Desa Sukaresmi", "03.2001",
     "Jembatan gantung penghubung dusun putus diterjang banjir",
     "Pembangunan kembali jembatan gantung Dusun Cikoneng", "DPUPR", None, "1", "unit", 900, 1),
    ("s-jembatan-2", "musrenbang", "desa", "Desa Sukaresmi", "03.2001",
     "Anak sekolah menyeberang sungai tanpa jembatan",
     "Jembatan gantung Dusun Cikoneng (usulan dusun, sama dengan usulan desa)", "DPUPR", None, "1", "unit", 850, 3),
    ("s-gapura", "musrenbang", "desa", "Desa Sukaresmi Girang", "03.2002",
     "Desa belum memiliki penanda batas desa",
     "Pembangunan gapura batas desa", "DPUPR", None, "1", "unit", 150, 4),
    ("k-pasar", "musrenbang", "kecamatan", "Forum Musrenbang Kecamatan Sukamaju Kota", "01",
     "Pasar rakyat kumuh dan saluran limbahnya tersumbat",
     "Penataan los dan saluran limbah Pasar Rakyat Sukamaju", "Disperkim", None, "1", "paket", 1_100, 1),
    ("k-pkm", "musrenbang", "kecamatan", "Forum Musrenbang Kecamatan Pasirjaya", "05",
     "Ibu hamil berisiko tinggi terlambat dirujuk",
     "Penguatan kelas ibu hamil dan pendampingan kehamilan risiko tinggi", "Dinkes", "1.02.02.2.02.0001", "12", "kelas", 96, 1),
    ("p-embung", "musrenbang", "desa", "Desa Pasirjaya Wetan", "05.2001",
     "Sawah tadah hujan hanya panen sekali setahun",
     "Pembangunan embung pertanian Blok Cisalak", "Distan", "3.27.03.2.02.0002", "1", "unit", 700, 2),
    # Pokok-pokok pikiran DPRD
    ("d-alsintan", "pokir", "dprd", "H. Asep Saepudin, S.E. (Fraksi Karya Pembangunan)", "03",
     "Kelompok tani kekurangan alat pengolah lahan",
     "Bantuan hand tractor untuk kelompok tani Kecamatan Sukaresmi", "Distan", "3.27.02.2.01.0002", "10", "unit", 350, 1),
    ("d-beasiswa", "pokir", "dprd", "Hj. Nurhayati, S.Pd. (Fraksi Amanat Rakyat)", "04",
     "Guru SMP satu atap Margahayu tidak memiliki ruang kerja",
     "Pembangunan ruang guru SMP satu atap Margahayu", "Disdikbud", "1.01.02.2.01.0003", "1", "ruang", 275, 1),
    ("d-kader", "pokir", "dprd", "Hj. Nurhayati, S.Pd. (Fraksi Amanat Rakyat)", "04.2002",
     "Kader posyandu belum terlatih deteksi dini stunting",
     "Pelatihan kader posyandu tentang deteksi dini stunting", "Dinkes", "1.02.02.2.02.0002", "60", "orang", 90, 2),
    ("d-rtlh", "pokir", "dprd", "Drs. Bambang Wiratmoko (Fraksi Persatuan Daerah)", "01",
     "Masih banyak rumah tidak layak huni di kelurahan padat",
     "Rehabilitasi 25 rumah tidak layak huni", "Disperkim", None, "25", "unit", 625, 1),
    ("d-sumur", "pokir", "dprd", "Ir. Yohanes Tampubolon (Fraksi Nurani Bangsa)", "05",
     "Krisis air bersih di tiga desa saat kemarau",
     "Pembangunan SPAM bukan jaringan perpipaan di Kecamatan Pasirjaya", "DPUPR", "1.03.03.2.01.0022", "3", "unit", 720, 1),
    ("d-lampu", "pokir", "dprd", "Ir. Yohanes Tampubolon (Fraksi Nurani Bangsa)", "02",
     "Ruas jalan kabupaten Cibiru–Pasirjaya tanpa penerangan",
     "Penerangan jalan umum ruas Cibiru–Pasirjaya", "Dishub", None, "40", "titik", 560, 2),
    ("d-seragam", "pokir", "dprd", "Drs. Bambang Wiratmoko (Fraksi Persatuan Daerah)", "01",
     "Siswa kurang mampu tidak memiliki seragam",
     "Pembagian seragam sekolah gratis", "Disdikbud", None, "500", "stel", 150, 3),
]  # fmt: skip
# key → the decisions already taken: (tahap, keputusan, alasan, merged into key, link to the Renja row)
USULAN_DECIDED: dict[str, list[tuple[str, str, str, str | None, bool]]] = {
    "c-jut": [("kecamatan", "diterima", "", None, False), ("opd", "diterima", "", None, True)],
    "c-pustu": [
        ("kecamatan", "diterima", "", None, False),
        ("opd", "diterima", "", None, False),
        ("kabupaten", "diterima", "", None, True),
    ],
    "c-air": [("kecamatan", "diterima", "", None, False)],
    "s-jembatan": [("kecamatan", "diterima", "", None, False)],
    "s-jembatan-2": [
        (
            "kecamatan",
            "digabung",
            "Lokasi dan kegiatan sama dengan usulan Desa Sukaresmi.",
            "s-jembatan",
            False,
        )
    ],
    "s-gapura": [("kecamatan", "ditolak", "Bukan prioritas: dapat dibiayai Dana Desa.", None, False)],
    "k-pkm": [("opd", "diterima", "", None, True)],
    "d-alsintan": [("opd", "diterima", "", None, True)],
    "d-kader": [("opd", "diterima", "", None, True)],
    "d-rtlh": [
        (
            "opd",
            "ditolak",
            "Lokasi sudah ditangani program BSPS Kementerian PUPR tahun berjalan.",
            None,
            False,
        )
    ],
    "d-seragam": [("opd", "ditolak", "Bukan kewenangan: seragam dibiayai BOS dan Dana Desa.", None, False)],
}


def _usulan_demo(*, pemda: Pemda, tahun: int, nodes: dict, users: dict) -> None:
    """About twenty Musrenbang and Pokir proposals, entered by the Bappeda intake desk: some waiting, some
    accepted (a few already the Renja sub kegiatan they became), some rejected with a reason, one merged. The
    Margahayu ones (kecamatan 04, desa proposals) wait for review. Created once."""
    if Usulan.objects.filter(pemda=pemda, tahun=tahun).exists():
        return
    intake = User.objects.filter(username="kabid.bappeda", pemda=pemda).first() or users[Role.ADMIN]
    reviewer = users[Role.BAPPEDA]
    if intake is None or reviewer is None:
        return
    opds = {opd.singkatan: opd for opd in PerangkatDaerah.objects.filter(pemda=pemda, induk=None)}
    created: dict[str, Usulan] = {}
    for (
        key,
        jenis,
        pengusul_jenis,
        nama,
        lokasi,
        masalah,
        uraian,
        opd,
        sub,
        volume,
        satuan,
        biaya,
        prio,
    ) in USULAN:
        created[key] = Usulan.objects.create(
            pemda=pemda,
            updated_by=intake,
            tahun=tahun,
            jenis=jenis,
            pengusul_jenis=pengusul_jenis,
            pengusul_nama=nama,
            lokasi=f"{pemda.kode}.{lokasi}",
            permasalahan=masalah,
            uraian=uraian,
            sub_kegiatan=nodes.get(sub) if sub else None,
            perangkat_daerah=opds.get(opd),
            volume=Decimal(volume),
            satuan=satuan,
            perkiraan_biaya=Decimal(biaya * 1_000_000),
            prioritas=prio,
            tahap="opd" if jenis == "pokir" else "kecamatan",
        )
    for key, decisions in USULAN_DECIDED.items():
        usulan = created[key]
        for tahap, keputusan, alasan, merged_into, link in decisions:
            UsulanReview.objects.create(
                pemda=pemda,
                usulan=usulan,
                tahap=tahap,
                keputusan=keputusan,
                alasan=alasan,
                reviewed_by=reviewer,
            )
            usulan.tahap, usulan.keputusan, usulan.alasan = tahap, keputusan, alasan
            usulan.digabung_ke = created[merged_into] if merged_into else None
            if link and usulan.sub_kegiatan is not None:
                usulan.renja_sub_kegiatan = RenjaSubKegiatan.objects.filter(
                    renja__perangkat_daerah=usulan.perangkat_daerah,
                    renja__tahun=tahun,
                    renja__is_current=True,
                    nomenklatur=usulan.sub_kegiatan,
                ).first()
        usulan.save()
