"""Report query parameters and the typed JSON shapes of every report (one serializer per row shape)."""

from typing import TypedDict

from rest_framework import serializers

from budgeting.serializers import CompareRowSerializer, CompareTotalsSerializer
from reporting.anomalies import RULES
from reporting.calculations import LEVELS, PREDIKAT


class DecimalOptions(TypedDict):
    max_digits: int
    decimal_places: int


class NullableDecimalOptions(DecimalOptions):
    allow_null: bool


MONEY: DecimalOptions = {"max_digits": 22, "decimal_places": 2}
PERCENT: NullableDecimalOptions = {"max_digits": 22, "decimal_places": 2, "allow_null": True}
VALUE: NullableDecimalOptions = {"max_digits": 24, "decimal_places": 4, "allow_null": True}
FORMATS = ("json", "xlsx", "csv")
# the tree level of a row (a plain string: an enum would collide with the other `level` enums of the schema)
LEVEL_HELP = "one of: " + ", ".join(LEVELS)


class ReportQuerySerializer(serializers.Serializer):
    """Common report parameters. `tahap` is the id of a budget document; by default the one in force (the
    latest DPA / pergeseran / DPPA of the year). An OPD user always gets its own OPD."""

    tahun = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    bulan = serializers.IntegerField(min_value=1, max_value=12, required=False, help_text="s.d. bulan")
    triwulan = serializers.IntegerField(min_value=1, max_value=4, required=False, help_text="s.d. triwulan")
    tahap = serializers.IntegerField(min_value=1, required=False, help_text="id dokumen anggaran")
    perangkat_daerah = serializers.IntegerField(min_value=1, required=False)
    level = serializers.ChoiceField(choices=LEVELS, required=False)
    format = serializers.ChoiceField(choices=FORMATS, default="json")


class ReconciliationQuerySerializer(ReportQuerySerializer):
    format = serializers.ChoiceField(choices=["json", "xlsx"], default="json")


class SipdReconciliationSerializer(ReconciliationQuerySerializer):
    """The reconciliation parameters with a SIPD rincian export (the columns the SIPD import reads) for check 10."""

    file = serializers.FileField()


class SumberDanaFilterSerializer(serializers.Serializer):
    sumber_dana = serializers.CharField(
        max_length=40,
        required=False,
        help_text="kode sumber dana: only the lines funded by it or by a code under it (`1.2` = every transfer)",
    )


class RfkQuerySerializer(SumberDanaFilterSerializer, ReportQuerySerializer):
    rak_bulanan = serializers.BooleanField(default=False, help_text="include the twelve anggaran kas months")


class ReportStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahap = serializers.CharField()
    nomor = serializers.IntegerField()
    label = serializers.CharField(source="__str__")


class ReportHeaderSerializer(serializers.Serializer):
    """Who and what the report is about."""

    pemda = serializers.CharField()
    tahun = serializers.IntegerField()
    bulan = serializers.IntegerField()
    triwulan = serializers.IntegerField(allow_null=True)
    periode = serializers.CharField()
    tahap = ReportStageSerializer()
    perangkat_daerah = serializers.IntegerField(allow_null=True)
    perangkat_daerah_nama = serializers.CharField(allow_null=True)
    level = serializers.CharField(help_text=LEVEL_HELP)
    sumber_dana = serializers.CharField(
        allow_null=True, help_text="kode sumber dana the lines are narrowed to"
    )
    sumber_dana_nama = serializers.CharField(allow_null=True)


class RfkMeasuresSerializer(serializers.Serializer):
    """Money in Rupiah; percentages rounded to two places, null for a zero denominator."""

    pagu = serializers.DecimalField(help_text="pagu DPA (the stage)", **MONEY)
    pagu_rka = serializers.DecimalField(help_text="pagu of the same lines in RKA", **MONEY)
    anggaran_kas = serializers.DecimalField(help_text="anggaran kas s.d. bulan", **MONEY)
    realisasi = serializers.DecimalField(help_text="realisasi keuangan s.d. bulan", **MONEY)
    nilai_fisik = serializers.DecimalField(help_text="pagu × realisasi fisik", **MONEY)
    sisa = serializers.DecimalField(help_text="pagu − realisasi", **MONEY)
    persen_realisasi = serializers.DecimalField(help_text="realisasi / pagu × 100", **PERCENT)
    persen_rak = serializers.DecimalField(help_text="anggaran kas / pagu × 100", **PERCENT)
    deviasi = serializers.DecimalField(
        help_text="% RAK − % realisasi (points; positive: behind plan)", **PERCENT
    )
    deviasi_relatif = serializers.DecimalField(help_text="(% RAK − % realisasi) / % RAK × 100", **PERCENT)
    fisik = serializers.DecimalField(
        help_text="realisasi fisik (%): reported per sub kegiatan, Σ pagu × fisik / Σ pagu above", **PERCENT
    )


class RfkRowSerializer(RfkMeasuresSerializer):
    level = serializers.CharField(help_text=LEVEL_HELP)
    depth = serializers.IntegerField()
    kode = serializers.CharField()
    uraian = serializers.CharField(allow_blank=True)
    perangkat_daerah_kode = serializers.CharField()
    sumber_dana = serializers.CharField(allow_blank=True)
    permasalahan = serializers.CharField(allow_blank=True)
    tindak_lanjut = serializers.CharField(allow_blank=True)
    anggaran_kas_bulanan = serializers.ListField(
        child=serializers.DecimalField(**MONEY), required=False, help_text="with rak_bulanan: months 1–12"
    )


class RfkSeriesSerializer(serializers.Serializer):
    bulan = serializers.IntegerField()
    anggaran_kas = serializers.DecimalField(**MONEY)
    realisasi = serializers.DecimalField(**MONEY)
    anggaran_kas_kumulatif = serializers.DecimalField(**MONEY)
    realisasi_kumulatif = serializers.DecimalField(**MONEY)
    persen_realisasi_kumulatif = serializers.DecimalField(**PERCENT)


class RfkReportSerializer(serializers.Serializer):
    """Realisasi fisik dan keuangan: tree rows in pre-order, the total, and the year's monthly series."""

    header = ReportHeaderSerializer()
    rows = RfkRowSerializer(many=True)
    total = RfkMeasuresSerializer()
    series = RfkSeriesSerializer(many=True)


class LraRowSerializer(serializers.Serializer):
    kode = serializers.CharField(allow_blank=True)
    uraian = serializers.CharField()
    jenis = serializers.ChoiceField(choices=("group", "total"))
    depth = serializers.IntegerField()
    anggaran = serializers.DecimalField(**MONEY)
    realisasi = serializers.DecimalField(
        allow_null=True,
        help_text="s.d. bulan: belanja from SP2D/SPJ, pendapatan from receipts (STS), pembiayaan from its "
        "receipts and payments",
        **MONEY,
    )
    persen = serializers.DecimalField(**PERCENT)
    realisasi_tahun_lalu = serializers.DecimalField(
        allow_null=True,
        help_text="the previous year's full-year realization; null on every row without that year",
        **MONEY,
    )


class LraReportSerializer(serializers.Serializer):
    """Laporan Realisasi Anggaran. Surplus/(defisit) = pendapatan − belanja; pembiayaan netto = 6.1 − 6.2;
    SiLPA = surplus/(defisit) + pembiayaan netto."""

    header = ReportHeaderSerializer()
    rows = LraRowSerializer(many=True)


class CapaianRowSerializer(serializers.Serializer):
    indikator = serializers.IntegerField()
    jenis = serializers.ChoiceField(choices=("tujuan", "sasaran", "program"))
    nama = serializers.CharField()
    satuan = serializers.CharField(allow_blank=True)
    polaritas = serializers.CharField()
    aturan = serializers.ChoiceField(
        choices=("sum", "last"),
        help_text="the indicator's aturan_tahunan: sum of the quarters (counts, outputs) or the last quarter "
        "(rates, percentages, stocks)",
    )
    is_iku = serializers.BooleanField()
    baseline = serializers.DecimalField(**VALUE)
    target = serializers.DecimalField(**VALUE)
    triwulan = serializers.ListField(child=serializers.DecimalField(**VALUE))
    realisasi = serializers.DecimalField(**VALUE)
    capaian = serializers.DecimalField(
        help_text="R / T × 100 (higher is better); (2T − R) / T × 100 floored at 0 (lower is better)",
        **PERCENT,
    )
    predikat = serializers.CharField(
        allow_null=True,
        help_text="≥ 91 Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang, 51–65 Rendah, ≤ 50 Sangat Rendah",
    )


class CapaianReportSerializer(serializers.Serializer):
    """Capaian indikator: RPJMD tujuan / sasaran (IKU) and program outcomes for the year."""

    header = ReportHeaderSerializer()
    rows = CapaianRowSerializer(many=True)


class ComparisonQuerySerializer(ReportQuerySerializer):
    dengan = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="the stage compared with (sebelum); default: the stage copied from",
    )
    grain = serializers.ChoiceField(choices=("akun", "line"), default="akun")


class ComparisonCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    dropped = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ComparisonReportSerializer(serializers.Serializer):
    """Perbandingan tahap: sebelum / sesudah / bertambah (berkurang); Σ selisih = total sesudah − sebelum."""

    header = ReportHeaderSerializer()
    sebelum = ReportStageSerializer()
    rows = CompareRowSerializer(many=True)
    totals = CompareTotalsSerializer()
    counts = ComparisonCountsSerializer()


class ReconciliationCheckSerializer(serializers.Serializer):
    """One check of DESIGN.md section 6: `ok`, `peringatan` (only rows a rule accepted and flagged) or `gagal`;
    `jumlah` counts every offending row, `rows` holds the first 100 (ids to open them; money as decimal strings)."""

    nomor = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    status = serializers.ChoiceField(choices=["ok", "peringatan", "gagal"])
    jumlah = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField())


class ReconciliationReportSerializer(serializers.Serializer):
    """Rekonsiliasi of a stage: checks 1 kode, 2 Renja, 3 jumlah, 4 plafon, 5 tahap (drift from the stage it was
    copied from), 6 anggaran kas and 7 realisasi (execution stages), 8 saldo (pemda-wide), 9 harga; 10 sipd when a
    SIPD export is sent (POST `rekonsiliasi-sipd`)."""

    header = ReportHeaderSerializer()
    checks = ReconciliationCheckSerializer(many=True)


class DashboardQuerySerializer(serializers.Serializer):
    """Dashboard parameters: `tahap` is the id of a budget document, by default the one in force; `bulan`
    (s.d.) by default the current month this year, December for another year. An OPD user gets its own OPD."""

    tahun = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    bulan = serializers.IntegerField(min_value=1, max_value=12, required=False, help_text="s.d. bulan")
    tahap = serializers.IntegerField(min_value=1, required=False, help_text="id dokumen anggaran")


class DashboardSeriesSerializer(serializers.Serializer):
    """One month of the absorption curve; percentages of the pagu (at `bulan` they equal the total's)."""

    bulan = serializers.IntegerField()
    anggaran_kas_kumulatif = serializers.DecimalField(**MONEY)
    realisasi_kumulatif = serializers.DecimalField(
        allow_null=True, help_text="null for the months after bulan", **MONEY
    )
    persen_rak_kumulatif = serializers.DecimalField(
        help_text="anggaran kas kumulatif / pagu × 100", **PERCENT
    )
    persen_realisasi_kumulatif = serializers.DecimalField(
        help_text="realisasi kumulatif / pagu × 100; null after bulan", **PERCENT
    )


class DashboardOpdSerializer(RfkMeasuresSerializer):
    """One OPD with its RFK measures s.d. bulan and its two ranks."""

    perangkat_daerah = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    singkatan = serializers.CharField(allow_blank=True)
    peringkat_realisasi = serializers.IntegerField(
        help_text="1 = highest % realisasi; OPD without pagu last; ties in code order"
    )
    peringkat_deviasi = serializers.IntegerField(
        help_text="1 = largest deviasi (furthest behind plan); OPD without pagu last; ties in code order"
    )


class DashboardCapaianSerializer(serializers.Serializer):
    predikat = serializers.ChoiceField(choices=PREDIKAT)
    jumlah = serializers.IntegerField()


class DashboardDeviasiSerializer(serializers.Serializer):
    kode = serializers.CharField(help_text="kode sub kegiatan")
    uraian = serializers.CharField(allow_blank=True)
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField()
    pagu = serializers.DecimalField(**MONEY)
    persen_rak = serializers.DecimalField(**PERCENT)
    persen_realisasi = serializers.DecimalField(**PERCENT)
    deviasi = serializers.DecimalField(help_text="% RAK − % realisasi (points)", **PERCENT)


class DashboardPermasalahanSerializer(serializers.Serializer):
    kode = serializers.CharField(help_text="kode sub kegiatan")
    uraian = serializers.CharField(allow_blank=True)
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField()
    bulan = serializers.IntegerField(help_text="the month of the latest realisasi fisik report")
    fisik = serializers.DecimalField(help_text="realisasi fisik (%) reported that month", **PERCENT)
    permasalahan = serializers.CharField()
    tindak_lanjut = serializers.CharField(allow_blank=True)


class DashboardSerializer(serializers.Serializer):
    """The leader dashboard s.d. bulan in one answer: the RFK total and absorption curve, the OPD ranking,
    capaian per predikat, the ten largest deviations per sub kegiatan and the open problems (the latest
    realisasi fisik report of a sub kegiatan naming a permasalahan; the ten newest, and how many in all)."""

    header = ReportHeaderSerializer()
    total = RfkMeasuresSerializer()
    series = DashboardSeriesSerializer(many=True)
    opd = DashboardOpdSerializer(
        many=True, help_text="every OPD with lines in the stage, by peringkat_realisasi"
    )
    capaian = DashboardCapaianSerializer(many=True, help_text="all five bands, highest first")
    capaian_tanpa_realisasi = serializers.IntegerField(
        help_text="indicators with a target and no realization"
    )
    deviasi_terbesar = DashboardDeviasiSerializer(many=True, help_text="at most 10, largest deviasi first")
    permasalahan = DashboardPermasalahanSerializer(many=True, help_text="at most 10, newest first")
    permasalahan_jumlah = serializers.IntegerField(help_text="all open problems")
    anomali = serializers.IntegerField(
        help_text="budget lines the anomaly rules flag (`/api/reports/anomali/`)"
    )


class AnomalyQuerySerializer(ReportQuerySerializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=100_000, default=100, help_text="the highest-scoring lines returned"
    )


class AnomalyRuleSerializer(serializers.Serializer):
    kode = serializers.ChoiceField(choices=RULES)
    alasan = serializers.CharField()


class AnomalyRowSerializer(serializers.Serializer):
    budget_line = serializers.IntegerField()
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField()
    sub_kegiatan_kode = serializers.CharField()
    sub_kegiatan = serializers.CharField(allow_blank=True)
    akun_kode = serializers.CharField()
    komponen = serializers.CharField()
    satuan = serializers.CharField(allow_blank=True)
    volume = serializers.DecimalField(max_digits=40, decimal_places=4, help_text="the product of the volumes")
    harga_satuan = serializers.DecimalField(**MONEY)
    jumlah = serializers.DecimalField(**MONEY)
    harga_standar = serializers.DecimalField(
        allow_null=True, help_text="of the linked standar harga", **MONEY
    )
    rasio = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, help_text="harga satuan / harga standar"
    )
    skor = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="the sum of the rules' scores")
    aturan = AnomalyRuleSerializer(many=True)
    tahap_muncul = ReportStageSerializer(
        allow_null=True, help_text="the earliest stage of the year with the line"
    )


class AnomalyReportSerializer(serializers.Serializer):
    """Budget lines flagged by the anomaly rules (price above or far above its standard, far above its peers,
    extreme volume, one komponen dominating its sub kegiatan, a duplicate, a suspiciously round amount; new in
    the stage adds weight), highest score first."""

    header = ReportHeaderSerializer()
    jumlah = serializers.IntegerField(help_text="flagged lines in scope")
    rows = AnomalyRowSerializer(many=True)


class EvaluasiQuerySerializer(serializers.Serializer):
    """Evaluasi hasil RKPD parameters: the year (default this one), s.d. triwulan (default the current one, the
    fourth for another year) and the OPD (an OPD user always gets its own)."""

    tahun = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    triwulan = serializers.IntegerField(min_value=1, max_value=4, required=False, help_text="s.d. triwulan")
    perangkat_daerah = serializers.IntegerField(min_value=1, required=False)
    format = serializers.ChoiceField(choices=FORMATS, default="json")


class EvaluasiHeaderSerializer(serializers.Serializer):
    pemda = serializers.CharField()
    tahun = serializers.IntegerField()
    triwulan = serializers.IntegerField()
    periode = serializers.CharField()
    tahun_awal = serializers.IntegerField(help_text="first year of the plan period (the RPJMD in force)")
    tahun_akhir = serializers.IntegerField(help_text="last year of the plan period")
    tahap = ReportStageSerializer(
        allow_null=True,
        help_text="the execution stage whose pagu is column 8 (null: the Renja's pagu indikatif)",
    )
    perangkat_daerah = serializers.IntegerField(allow_null=True)
    perangkat_daerah_nama = serializers.CharField(allow_null=True)


class EvaluasiAnggaranSerializer(serializers.Serializer):
    """The Rp side of a row (Rupiah; a percentage rounded to two places, null for a zero or missing column 6)."""

    target_rp = serializers.DecimalField(
        allow_null=True, help_text="(6) pagu of the plan row over its period; null without one", **MONEY
    )
    realisasi_lalu_rp = serializers.DecimalField(
        help_text="(7) belanja realized in the period's years before this one", **MONEY
    )
    pagu_rp = serializers.DecimalField(
        help_text="(8) pagu of the year (the stage in force, else Renja)", **MONEY
    )
    triwulan_rp = serializers.ListField(
        child=serializers.DecimalField(allow_null=True, **MONEY),
        help_text="(9)–(12) realized within each triwulan; null after the one asked for",
    )
    realisasi_rp = serializers.DecimalField(help_text="(13) Σ (9)–(12)", **MONEY)
    realisasi_akhir_rp = serializers.DecimalField(help_text="(14) = (7) + (13)", **MONEY)
    capaian_rp = serializers.DecimalField(help_text="(15) = (14) / (6) × 100", **PERCENT)


class EvaluasiIndikatorSerializer(serializers.Serializer):
    """The K side of one indicator row (values in the indicator's satuan)."""

    indikator = serializers.IntegerField()
    nama = serializers.CharField(help_text="(5)")
    satuan = serializers.CharField(allow_blank=True)
    polaritas = serializers.CharField()
    aturan = serializers.ChoiceField(choices=("sum", "last"))
    target_akhir = serializers.DecimalField(help_text="(6) target at the end of the period", **VALUE)
    realisasi_lalu = serializers.DecimalField(help_text="(7) realized in the period's earlier years", **VALUE)
    target = serializers.DecimalField(help_text="(8) target of the year", **VALUE)
    triwulan = serializers.ListField(
        child=serializers.DecimalField(**VALUE),
        help_text="(9)–(12); null when not reported or after triwulan",
    )
    realisasi = serializers.DecimalField(help_text="(13) the quarters by the rule (sum / last)", **VALUE)
    realisasi_akhir = serializers.DecimalField(
        help_text="(14) sum: (7) + (13); last: (13), else (7)", **VALUE
    )
    capaian = serializers.DecimalField(
        help_text="(15) (14) / (6) × 100; lower is better: (2·(6) − (14)) / (6) × 100 floored at 0", **PERCENT
    )
    predikat = serializers.CharField(allow_null=True)


class EvaluasiRowSerializer(EvaluasiAnggaranSerializer):
    nomor = serializers.CharField(help_text="(1)")
    level = serializers.ChoiceField(choices=("program", "kegiatan", "sub_kegiatan"))
    depth = serializers.IntegerField()
    sasaran = serializers.CharField(allow_blank=True, help_text="(2) the RPJMD sasaran (program rows)")
    kode = serializers.CharField(help_text="(3)")
    uraian = serializers.CharField(allow_blank=True, help_text="(4)")
    indikator = EvaluasiIndikatorSerializer(many=True, help_text="(5)–(15) K, one per indicator")
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField(allow_blank=True)
    perangkat_daerah_nama = serializers.CharField(allow_blank=True, help_text="(16)")


class EvaluasiFooterSerializer(serializers.Serializer):
    rata_rata_capaian_kinerja = serializers.DecimalField(
        help_text="mean of (15) K over the indicator rows", **PERCENT
    )
    rata_rata_capaian_anggaran = serializers.DecimalField(
        help_text="mean of (15) Rp over the rows", **PERCENT
    )
    predikat_kinerja = serializers.CharField(allow_null=True)
    predikat_anggaran = serializers.CharField(allow_null=True)
    faktor_pendorong = serializers.CharField(allow_blank=True, help_text="not recorded: for the evaluator")
    faktor_penghambat = serializers.CharField(allow_blank=True, help_text="not recorded: for the evaluator")
    tindak_lanjut = serializers.CharField(allow_blank=True, help_text="not recorded: for the evaluator")


class EvaluasiReportSerializer(serializers.Serializer):
    """Evaluasi hasil RKPD (Permendagri 86/2017) s.d. triwulan: rows program → kegiatan → sub kegiatan per OPD
    in pre-order with their indicators; `total` sums the Rp columns over the program rows."""

    header = EvaluasiHeaderSerializer()
    rows = EvaluasiRowSerializer(many=True)
    total = EvaluasiAnggaranSerializer()
    footer = EvaluasiFooterSerializer()


# ---------------------------------------------------------------- rincian belanja (RKA / DPA / DPPA)


class RincianQuerySerializer(serializers.Serializer):
    """Rincian parameters: `tahap` (default the stage in force) and the sub kegiatan as the budget lines carry it
    (`sub_kegiatan_kode`, instantiated for the OPD); the OPD is derived when one OPD budgets the code."""

    tahun = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    tahap = serializers.IntegerField(min_value=1, required=False, help_text="id dokumen anggaran")
    sub_kegiatan = serializers.RegexField(
        r"^[0-9X]{1,2}\.[0-9X]{2}\.[0-9]{2}\.[0-9]\.[0-9]{2}\.[0-9]{4}$",
        max_length=40,
        help_text="kode sub kegiatan as on the budget lines, e.g. 1.02.02.2.01.0001",
    )
    perangkat_daerah = serializers.IntegerField(
        min_value=1, required=False, help_text="required only when several OPDs budget the code"
    )
    dengan = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="the stage compared with (sebelum); default for a pergeseran / APBD-P: the stage copied from",
    )
    format = serializers.ChoiceField(choices=["json", "xlsx"], default="json")


class RincianKodeSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField(allow_blank=True)


class RincianUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class RincianIndikatorSerializer(serializers.Serializer):
    tolok_ukur = serializers.CharField()
    target = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    satuan = serializers.CharField(allow_blank=True)
    target_uraian = serializers.CharField(allow_blank=True, help_text="target and satuan as printed")


class RincianIndikatorBlockSerializer(serializers.Serializer):
    """The indicator block of the RKA: capaian program (the Renja program's indicators), masukan (the pagu),
    keluaran (the sub kegiatan's) and hasil (the kegiatan's); an indicator's own jenis decides where it is set."""

    capaian_program = RincianIndikatorSerializer(many=True)
    masukan = RincianIndikatorSerializer(many=True)
    keluaran = RincianIndikatorSerializer(many=True)
    hasil = RincianIndikatorSerializer(many=True)


class RincianSubKegiatanSerializer(serializers.Serializer):
    urusan = RincianKodeSerializer()
    bidang = RincianKodeSerializer()
    program = RincianKodeSerializer()
    kegiatan = RincianKodeSerializer()
    sub_kegiatan = RincianKodeSerializer()
    organisasi = RincianUnitSerializer()
    unit = RincianUnitSerializer(many=True, help_text="the OPD or sub units the lines are on")
    alokasi_tahun_lalu = serializers.DecimalField(
        allow_null=True,
        help_text="N−1: the previous year's latest execution stage; null without one",
        **MONEY,
    )
    alokasi_tahun_ini = serializers.DecimalField(help_text="N: Σ jumlah of the lines in this stage", **MONEY)
    alokasi_tahun_depan = serializers.DecimalField(
        allow_null=True, help_text="N+1: the next year's Renja pagu indikatif, else the Renstra's", **MONEY
    )
    sumber_dana = serializers.ListField(child=serializers.CharField())
    lokasi = serializers.CharField(allow_blank=True)
    waktu_pelaksanaan = serializers.CharField(allow_blank=True)
    keluaran = RincianIndikatorSerializer(many=True)
    di_renja = serializers.BooleanField(
        help_text="the sub kegiatan is in the OPD's current Renja for the year"
    )


class RincianRowSerializer(serializers.Serializer):
    """A printed row: an akun subtotal (`akun_1` … `akun_6`), a kelompok / keterangan heading with its subtotal,
    or a line. Line fields are null on the other rows; the `…_sebelum`, `selisih` and `status` fields are null
    outside a perubahan (DPPA) report."""

    level = serializers.ChoiceField(
        choices=[f"akun_{n}" for n in range(1, 7)] + ["kelompok", "keterangan", "line"]
    )
    depth = serializers.IntegerField()
    kode = serializers.CharField(allow_blank=True, help_text="kode rekening of akun rows")
    uraian = serializers.CharField(allow_blank=True)
    budget_line = serializers.IntegerField(allow_null=True)
    koefisien = serializers.CharField(allow_null=True, allow_blank=True, help_text="e.g. 2 Orang x 12 Bulan")
    satuan = serializers.CharField(allow_null=True, allow_blank=True)
    harga_satuan = serializers.DecimalField(allow_null=True, **MONEY)
    ppn = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, help_text="PPN (%)")
    jumlah = serializers.DecimalField(**MONEY)
    koefisien_sebelum = serializers.CharField(allow_null=True, allow_blank=True)
    satuan_sebelum = serializers.CharField(allow_null=True, allow_blank=True)
    harga_satuan_sebelum = serializers.DecimalField(allow_null=True, **MONEY)
    ppn_sebelum = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    jumlah_sebelum = serializers.DecimalField(allow_null=True, **MONEY)
    selisih = serializers.DecimalField(allow_null=True, help_text="bertambah / (berkurang)", **MONEY)
    status = serializers.ChoiceField(
        choices=["added", "dropped", "changed", "unchanged"], allow_null=True, help_text="lines of a DPPA"
    )


class RincianTotalSerializer(serializers.Serializer):
    jumlah = serializers.DecimalField(**MONEY)
    jumlah_sebelum = serializers.DecimalField(allow_null=True, **MONEY)
    selisih = serializers.DecimalField(allow_null=True, **MONEY)


class RincianBulanSerializer(serializers.Serializer):
    bulan = serializers.IntegerField()
    nama = serializers.CharField()
    jumlah = serializers.DecimalField(**MONEY)


class RincianKasSerializer(serializers.Serializer):
    """Rencana penarikan dana of the sub kegiatan per month (an execution stage only)."""

    bulan = RincianBulanSerializer(many=True)
    jumlah = serializers.DecimalField(**MONEY)
    pagu = serializers.DecimalField(**MONEY)
    selisih = serializers.DecimalField(help_text="pagu − Σ anggaran kas", **MONEY)
    seimbang = serializers.BooleanField()


class RincianReportSerializer(serializers.Serializer):
    """RKA / DPA / DPPA rincian belanja of one sub kegiatan (Permendagri 77/2020)."""

    header = ReportHeaderSerializer()
    dokumen = serializers.ChoiceField(choices=["RKA-SKPD", "DPA-SKPD", "DPPA-SKPD"])
    sebelum = ReportStageSerializer(allow_null=True, help_text="the stage compared with (DPPA)")
    sub_kegiatan = RincianSubKegiatanSerializer()
    indikator = RincianIndikatorBlockSerializer()
    rows = RincianRowSerializer(many=True)
    total = RincianTotalSerializer()
    anggaran_kas = RincianKasSerializer(allow_null=True)


# ---------------------------------------------------------------- anggaran kas


class AnggaranKasQuerySerializer(SumberDanaFilterSerializer, ReportQuerySerializer):
    """Anggaran kas parameters: an execution `tahap` (default the one in force), `bulan` / `triwulan` for the
    s.d. column."""

    level = None  # type: ignore[assignment]


class AnggaranKasMeasuresSerializer(serializers.Serializer):
    pagu = serializers.DecimalField(help_text="the DPA amount", **MONEY)
    anggaran_kas = serializers.ListField(child=serializers.DecimalField(**MONEY), help_text="months 1–12")
    jumlah = serializers.DecimalField(help_text="Σ months", **MONEY)
    sd_bulan = serializers.DecimalField(help_text="Σ months s.d. bulan", **MONEY)
    selisih = serializers.DecimalField(help_text="pagu − jumlah", **MONEY)
    baris_tidak_seimbang = serializers.IntegerField(
        help_text="lines below whose twelve months do not sum to their own DPA amount"
    )
    seimbang = serializers.BooleanField(help_text="selisih 0 and no unbalanced line")


class AnggaranKasRowSerializer(AnggaranKasMeasuresSerializer):
    level = serializers.ChoiceField(choices=["opd", "sub_kegiatan", "akun"])
    depth = serializers.IntegerField()
    kode = serializers.CharField()
    uraian = serializers.CharField(allow_blank=True)
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField()
    sub_kegiatan_kode = serializers.CharField(allow_blank=True)
    akun_kode = serializers.CharField(allow_blank=True)


class AnggaranKasReportSerializer(serializers.Serializer):
    """Anggaran kas per OPD → sub kegiatan → akun (pre-order; OPD rows carry the OPD's monthly totals)."""

    header = ReportHeaderSerializer()
    rows = AnggaranKasRowSerializer(many=True)
    total = AnggaranKasMeasuresSerializer()
