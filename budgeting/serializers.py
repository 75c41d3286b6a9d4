from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgeting import selectors
from budgeting.models import (
    Anggaran,
    AnggaranKas,
    AnggaranOpdLock,
    BudgetLine,
    LineJenis,
    LokasiSumber,
    Pergeseran,
    PergeseranItem,
    Plafon,
    PlafonMode,
    RealisasiFisik,
    RealisasiFisikFoto,
    RealisasiIndikator,
    RealisasiJenis,
    RealisasiPengaturan,
    RealisasiPeriode,
    StandarHarga,
    StandarHargaJenis,
    Tahap,
)
from budgeting.services import ItemChange
from organisation.models import PerangkatDaerah
from organisation.serializers import ScopedPrimaryKeyRelatedField, VersionedSerializer
from planning.models import Indikator
from reference.models import Akun, Nomenklatur, SumberDana
from reference.serializers import ImportRowErrorSerializer, ImportRowWarningSerializer

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 2}
VOLUME: dict[str, Any] = {"max_digits": 20, "decimal_places": 4}


# ---------------------------------------------------------------- standar harga


class StandarHargaSerializer(VersionedSerializer):
    akun = serializers.PrimaryKeyRelatedField(
        queryset=Akun.objects.filter(level=6), many=True, required=False, help_text="allowed level-6 akun ids"
    )
    is_ceiling = serializers.BooleanField(required=False, help_text="defaults to true for SSH and SBU")

    class Meta:
        model = StandarHarga
        fields = [
            "id", "tahun", "jenis", "kode_kelompok", "uraian_kelompok", "uraian", "spesifikasi", "satuan", "harga",
            "tkdn", "akun", "kode_wilayah", "is_ceiling", "version",
        ]  # fmt: skip


class StandarHargaImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    jenis = serializers.ChoiceField(choices=StandarHargaJenis.choices)
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)


class StandarHargaImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = ImportRowErrorSerializer(many=True, help_text="exact duplicate rows, skipped")
    warnings = ImportRowWarningSerializer(
        many=True, help_text="imported with a change: prices rounded to the sen, columns not recognised"
    )


# ---------------------------------------------------------------- stages


class AnggaranOpdLockSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnggaranOpdLock
        fields = ["perangkat_daerah", "is_closed", "changed_at"]


class AnggaranRingkasanSerializer(serializers.Serializer):
    """A stage's totals per side over the lines the caller may see (an OPD user: its own OPD)."""

    pendapatan = serializers.DecimalField(**MONEY)
    belanja = serializers.DecimalField(**MONEY)
    surplus_defisit = serializers.DecimalField(help_text="pendapatan − belanja", **MONEY)
    penerimaan_pembiayaan = serializers.DecimalField(help_text="akun 6.1", **MONEY)
    pengeluaran_pembiayaan = serializers.DecimalField(help_text="akun 6.2", **MONEY)
    pembiayaan_netto = serializers.DecimalField(help_text="6.1 − 6.2", **MONEY)
    jumlah_rincian = serializers.IntegerField(help_text="budget lines")


class AnggaranSerializer(VersionedSerializer):
    tahap_label = serializers.CharField(source="get_tahap_display", read_only=True)
    opd_locks = AnggaranOpdLockSerializer(many=True, read_only=True)
    ringkasan = serializers.SerializerMethodField()

    @extend_schema_field(AnggaranRingkasanSerializer(allow_null=True))
    def get_ringkasan(self, anggaran: Anggaran) -> dict[str, Any] | None:
        """The list computes every row's totals in one query (`context["ringkasan"]`); one stage on its own;
        null where no request says whose lines count."""
        totals = self.context.get("ringkasan")
        if totals is None or anggaran.pk not in totals:
            request = self.context.get("request")
            if request is None:
                return None
            totals = selectors.stage_totals(user=request.user, anggaran_ids=[anggaran.pk])
        return dict(AnggaranRingkasanSerializer(totals[anggaran.pk]).data)

    class Meta:
        model = Anggaran
        fields = [
            "id", "tahun", "tahap", "tahap_label", "nomor", "status", "sumber", "keterangan", "aturan_renja",
            "closed_at", "opd_locks", "ringkasan", "version",
        ]  # fmt: skip
        read_only_fields = ["status", "sumber", "closed_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("tahun", "tahap", "nomor"):  # a stage's identity is fixed once created
                fields[name].read_only = True
        return fields


class AnggaranCopySerializer(serializers.Serializer):
    tahap = serializers.ChoiceField(
        choices=Tahap.choices, required=False, help_text="default: the next stage"
    )
    keterangan = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AnggaranOpdLockInputSerializer(serializers.Serializer):
    perangkat_daerah = ScopedPrimaryKeyRelatedField(queryset=PerangkatDaerah.objects.all())
    is_closed = serializers.BooleanField()


class CompareQuerySerializer(serializers.Serializer):
    with_ = serializers.IntegerField(min_value=1, help_text="id of the stage to compare with (sebelum)")
    grain = serializers.ChoiceField(
        choices=[("akun", "sub kegiatan × akun"), ("line", "per line")], default="akun"
    )
    opd = serializers.IntegerField(required=False, min_value=1)
    jenis = serializers.ChoiceField(choices=LineJenis.choices, required=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["with"] = fields.pop("with_")
        return fields


class CompareRowSerializer(serializers.Serializer):
    perangkat_daerah = serializers.IntegerField()
    perangkat_daerah_kode = serializers.CharField()
    jenis = serializers.CharField()
    sub_kegiatan_kode = serializers.CharField(allow_blank=True)
    akun_kode = serializers.CharField()
    akun_nama = serializers.CharField()
    kunci = serializers.UUIDField(required=False, help_text="grain `line` only")
    komponen = serializers.CharField(required=False, help_text="grain `line` only")
    koefisien = serializers.CharField(required=False, help_text="grain `line` only")
    sebelum = serializers.DecimalField(**MONEY)
    sesudah = serializers.DecimalField(**MONEY)
    selisih = serializers.DecimalField(help_text="bertambah (berkurang)", **MONEY)
    status = serializers.ChoiceField(choices=["added", "dropped", "changed", "unchanged"])


class CompareTotalsSerializer(serializers.Serializer):
    sebelum = serializers.DecimalField(**MONEY)
    sesudah = serializers.DecimalField(**MONEY)
    selisih = serializers.DecimalField(**MONEY)


class AnggaranCompareSerializer(serializers.Serializer):
    sebelum = AnggaranSerializer()
    sesudah = AnggaranSerializer()
    grain = serializers.CharField()
    rows = CompareRowSerializer(many=True)
    totals = CompareTotalsSerializer()
    counts = serializers.DictField(child=serializers.IntegerField())


class SipdImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    replace = serializers.BooleanField(default=True, help_text="remove the stage's lines first")
    background = serializers.BooleanField(
        default=False,
        help_text="run in a background job (also done for files above IMPORT_BACKGROUND_BYTES): 202",
    )


class SipdImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    removed = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)
    flagged = serializers.IntegerField(help_text="lines flagged over a warn-mode plafon")
    standar_harga_unmatched = serializers.IntegerField(
        help_text="lines whose kode_standar_harga names no item of the pemda's catalogue for the year (kept as text)"
    )


# ---------------------------------------------------------------- lines and ceilings


class BudgetLineSerializer(VersionedSerializer):
    anggaran = ScopedPrimaryKeyRelatedField(queryset=Anggaran.objects.all())
    perangkat_daerah = ScopedPrimaryKeyRelatedField(queryset=PerangkatDaerah.objects.all())
    sub_kegiatan = serializers.PrimaryKeyRelatedField(
        queryset=Nomenklatur.objects.all(),
        required=False,
        allow_null=True,
        help_text="reference sub kegiatan id",
    )
    akun = serializers.PrimaryKeyRelatedField(queryset=Akun.objects.all())
    akun_kode = serializers.CharField(source="akun.kode", read_only=True)
    sumber_dana = serializers.PrimaryKeyRelatedField(
        queryset=SumberDana.objects.all(), required=False, allow_null=True
    )
    standar_harga = ScopedPrimaryKeyRelatedField(
        queryset=StandarHarga.objects.all(), required=False, allow_null=True
    )
    harga_satuan = serializers.DecimalField(
        min_value=0, required=False, help_text="default: the standar harga item's price", **MONEY
    )
    komponen = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    satuan_1 = serializers.CharField(required=False, allow_blank=True, max_length=50)

    class Meta:
        model = BudgetLine
        fields = [
            "id", "anggaran", "perangkat_daerah", "jenis", "sub_kegiatan", "sub_kegiatan_kode", "akun", "akun_kode",
            "sumber_dana", "kelompok", "keterangan", "komponen", "standar_harga", "kode_standar_harga",
            "volume_1", "satuan_1", "volume_2", "satuan_2", "volume_3", "satuan_3", "volume_4", "satuan_4",
            "koefisien", "harga_satuan", "ppn", "jumlah", "melebihi_plafon", "di_luar_renja", "kunci", "version",
        ]  # fmt: skip
        read_only_fields = [
            "jenis",
            "sub_kegiatan_kode",
            "kode_standar_harga",
            "koefisien",
            "jumlah",
            "melebihi_plafon",
            "di_luar_renja",
            "kunci",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["anggaran"].read_only = True  # a line never moves to another stage
        return fields


class RincianImportSerializer(serializers.Serializer):
    """One sub kegiatan of a stage, as the rincian screen names it, and its rincian sheet."""

    file = serializers.FileField()
    anggaran = ScopedPrimaryKeyRelatedField(queryset=Anggaran.objects.all())
    perangkat_daerah = ScopedPrimaryKeyRelatedField(queryset=PerangkatDaerah.objects.all())
    sub_kegiatan = serializers.PrimaryKeyRelatedField(
        queryset=Nomenklatur.objects.all(), help_text="reference sub kegiatan id"
    )
    mode = serializers.ChoiceField(
        choices=["replace", "append"],
        default="replace",
        help_text="replace (default): the sheet becomes the sub kegiatan's rincian; append: added to its lines",
    )
    background = serializers.BooleanField(
        default=False,
        help_text="run in a background job (also done for files above IMPORT_BACKGROUND_BYTES): 202",
    )


class RincianImportResultSerializer(serializers.Serializer):
    mode = serializers.CharField(help_text="replace or append, as done")
    created = serializers.IntegerField()
    removed = serializers.IntegerField(help_text="lines of the sub kegiatan removed first (mode replace)")
    total = serializers.DecimalField(**MONEY)
    linked = serializers.IntegerField(help_text="lines linked to a standar harga item")
    flagged = serializers.IntegerField(
        help_text="lines accepted and flagged: over a warn-mode plafon, outside the Renja"
    )
    warnings = ImportRowWarningSerializer(
        many=True, help_text="imported with a remark: komponen not linked, columns not recognised"
    )


class PlafonSerializer(VersionedSerializer):
    """A ceiling; `terpakai` is the belanja it covers now and `sisa` what is left (negative when over), as read.
    `version` is read back and may be sent for the optimistic check."""

    anggaran = ScopedPrimaryKeyRelatedField(queryset=Anggaran.objects.all())
    perangkat_daerah = ScopedPrimaryKeyRelatedField(queryset=PerangkatDaerah.objects.all())
    terpakai = serializers.DecimalField(read_only=True, **MONEY)
    sisa = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = Plafon
        fields = [
            "id",
            "anggaran",
            "perangkat_daerah",
            "program_kode",
            "sub_kegiatan_kode",
            "jumlah",
            "terpakai",
            "sisa",
            "mode",
            "version",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["anggaran"].read_only = True
        return fields

    def to_representation(self, instance: Plafon) -> dict[str, Any]:
        if not hasattr(instance, "terpakai"):  # a row just written: read it back with its usage
            instance = selectors.plafon_list().get(pk=instance.pk)
        return super().to_representation(instance)


class PlafonTerpakaiQuerySerializer(serializers.Serializer):
    anggaran = serializers.IntegerField(min_value=1, help_text="the stage whose ceilings are read")
    perangkat_daerah = serializers.IntegerField(min_value=1, required=False, help_text="one OPD only")


class PlafonTerpakaiRowSerializer(serializers.Serializer):
    """One ceiling and its live use; `program_kode` is also given for a sub kegiatan ceiling (its program)."""

    id = serializers.IntegerField(source="plafon.pk")
    version = serializers.IntegerField(source="plafon.version")
    lingkup = serializers.ChoiceField(
        choices=["perangkat_daerah", "program", "sub_kegiatan"], help_text="what the ceiling covers"
    )
    perangkat_daerah = serializers.IntegerField(source="plafon.perangkat_daerah_id")
    perangkat_daerah_kode = serializers.CharField(source="plafon.perangkat_daerah.kode")
    perangkat_daerah_nama = serializers.CharField(source="plafon.perangkat_daerah.nama")
    program_kode = serializers.CharField(allow_blank=True)
    program_nama = serializers.CharField(allow_blank=True)
    sub_kegiatan_kode = serializers.CharField(source="plafon.sub_kegiatan_kode", allow_blank=True)
    sub_kegiatan_nama = serializers.CharField(allow_blank=True)
    mode = serializers.ChoiceField(source="plafon.mode", choices=PlafonMode.choices)
    jumlah = serializers.DecimalField(source="plafon.jumlah", **MONEY)
    terpakai = serializers.DecimalField(help_text="Σ belanja of the stage inside the scope", **MONEY)
    sisa = serializers.DecimalField(help_text="jumlah − terpakai; negative when over", **MONEY)
    persen = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="terpakai / jumlah × 100; null when jumlah is 0",
    )
    melampaui = serializers.BooleanField(help_text="terpakai above jumlah")


class PlafonTerpakaiSerializer(serializers.Serializer):
    anggaran = serializers.IntegerField()
    rows = PlafonTerpakaiRowSerializer(many=True)


# ---------------------------------------------------------------- pergeseran


class PergeseranItemSerializer(serializers.ModelSerializer):
    """A change of `budget_line` (new `volume_1` and/or `harga_satuan`; volume 0 zeroes it), or, with
    `budget_line` empty, a new line: `perangkat_daerah`, `sub_kegiatan`, `akun`, `sumber_dana`, `kelompok`,
    `keterangan`, `komponen`, `volume_1` × `satuan_1` (× up to `volume_4` × `satuan_4`), `harga_satuan` (default:
    the `standar_harga` item's), `ppn`."""

    budget_line = ScopedPrimaryKeyRelatedField(
        queryset=BudgetLine.objects.all(), required=False, allow_null=True, help_text="empty for a new line"
    )
    volume_1 = serializers.DecimalField(min_value=0, required=False, allow_null=True, **VOLUME)
    harga_satuan = serializers.DecimalField(min_value=0, required=False, allow_null=True, **MONEY)
    perangkat_daerah = ScopedPrimaryKeyRelatedField(
        queryset=PerangkatDaerah.objects.all(),
        required=False,
        allow_null=True,
        help_text="unit of the new line",
    )
    sub_kegiatan = serializers.PrimaryKeyRelatedField(
        queryset=Nomenklatur.objects.all(),
        required=False,
        allow_null=True,
        help_text="reference sub kegiatan id",
    )
    akun = serializers.PrimaryKeyRelatedField(queryset=Akun.objects.all(), required=False, allow_null=True)
    sumber_dana = serializers.PrimaryKeyRelatedField(
        queryset=SumberDana.objects.all(), required=False, allow_null=True
    )
    standar_harga = ScopedPrimaryKeyRelatedField(
        queryset=StandarHarga.objects.all(), required=False, allow_null=True
    )
    kelompok = serializers.CharField(required=False, allow_blank=True, max_length=255)
    keterangan = serializers.CharField(required=False, allow_blank=True, max_length=255)
    komponen = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    satuan_1 = serializers.CharField(required=False, allow_blank=True, max_length=50)
    volume_2 = serializers.DecimalField(min_value=0, required=False, allow_null=True, **VOLUME)
    satuan_2 = serializers.CharField(required=False, allow_blank=True, max_length=50)
    volume_3 = serializers.DecimalField(min_value=0, required=False, allow_null=True, **VOLUME)
    satuan_3 = serializers.CharField(required=False, allow_blank=True, max_length=50)
    volume_4 = serializers.DecimalField(min_value=0, required=False, allow_null=True, **VOLUME)
    satuan_4 = serializers.CharField(required=False, allow_blank=True, max_length=50)
    ppn = serializers.DecimalField(
        min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    selisih = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = PergeseranItem
        fields = [
            "budget_line", "volume_1", "harga_satuan", "perangkat_daerah", "sub_kegiatan", "akun", "sumber_dana",
            "standar_harga", "kelompok", "keterangan", "komponen", "satuan_1", "volume_2", "satuan_2", "volume_3",
            "satuan_3", "volume_4", "satuan_4", "ppn", "kunci", "jumlah_sebelum", "jumlah_sesudah", "selisih",
        ]  # fmt: skip
        read_only_fields = ["kunci", "jumlah_sebelum", "jumlah_sesudah"]


class PergeseranSerializer(VersionedSerializer):
    anggaran = ScopedPrimaryKeyRelatedField(queryset=Anggaran.objects.all())
    items = PergeseranItemSerializer(many=True, max_length=10000)

    class Meta:
        model = Pergeseran
        fields = [
            "id", "anggaran", "perangkat_daerah", "jenis", "uraian", "status", "lingkup", "hasil", "created_by",
            "updated_by", "approved_by", "approved_at", "items", "version",
        ]  # fmt: skip
        read_only_fields = [
            "perangkat_daerah", "status", "lingkup", "hasil", "created_by", "updated_by", "approved_by", "approved_at",
        ]  # fmt: skip

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["anggaran"].read_only = True
            fields["jenis"].read_only = True
            fields["items"].required = False
        return fields

    def validate_items(self, items: list[dict[str, Any]]) -> list[ItemChange]:
        return [ItemChange(**item) for item in items]


# ---------------------------------------------------------------- anggaran kas


class AnggaranKasSerializer(VersionedSerializer):
    """A DPA line's RAK; `bulan` lists the twelve monthly amounts (January first), summing to the line's jumlah."""

    budget_line = ScopedPrimaryKeyRelatedField(queryset=BudgetLine.objects.all())
    bulan = serializers.ListField(
        source="amounts", child=serializers.DecimalField(min_value=0, **MONEY), min_length=12, max_length=12
    )
    pagu = serializers.DecimalField(source="budget_line.jumlah", read_only=True, **MONEY)

    class Meta:
        model = AnggaranKas
        fields = ["id", "anggaran", "perangkat_daerah", "budget_line", "pagu", "bulan", "version"]
        read_only_fields = ["anggaran", "perangkat_daerah"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["budget_line"].read_only = True
        return fields


class AnggaranKasSpreadSerializer(serializers.Serializer):
    anggaran = ScopedPrimaryKeyRelatedField(queryset=Anggaran.objects.all())
    profil = serializers.ChoiceField(
        choices=[("rutin", "merata"), ("kontrak", "menumpuk di akhir tahun"), ("triwulan", "per triwulan")],
        default="rutin",
    )
    bobot = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=1_000_000),
        min_length=12,
        max_length=12,
        required=False,
        help_text="twelve monthly weights (instead of a profile)",
    )
    perangkat_daerah = ScopedPrimaryKeyRelatedField(
        queryset=PerangkatDaerah.objects.all(), required=False, help_text="only this OPD (with its sub units)"
    )
    budget_lines = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=100_000,
        help_text="only these lines",
    )
    timpa = serializers.BooleanField(
        default=True, help_text="replace existing RAK rows (else only fill missing)"
    )


class AnggaranKasSpreadResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
    skipped_locked = serializers.IntegerField(help_text="lines of closed OPDs, left as they were")
    total = serializers.DecimalField(**MONEY)


# ---------------------------------------------------------------- realization


class RealisasiSerializer(serializers.Serializer):
    """POST posts one entry on a DPA line; `jumlah` of a pengembalian is stored negative.

    A plain serializer with declared fields (not a ModelSerializer): posting is the hot path, and building
    model fields on every request would cost more than the database work.
    """

    id = serializers.IntegerField(read_only=True)
    anggaran = serializers.IntegerField(source="anggaran_id", read_only=True)
    perangkat_daerah = serializers.IntegerField(source="perangkat_daerah_id", read_only=True)
    budget_line = serializers.IntegerField(source="budget_line_id", min_value=1, help_text="DPA line id")
    # What names the line, read from the list's join; null in the answer to a post (no query on the hot path).
    sub_kegiatan_kode = serializers.CharField(read_only=True, allow_null=True)
    akun_kode = serializers.CharField(read_only=True, allow_null=True)
    komponen = serializers.CharField(read_only=True, allow_null=True)
    tanggal = serializers.DateField()
    bulan = serializers.IntegerField(read_only=True)
    jenis = serializers.ChoiceField(choices=RealisasiJenis.choices)
    nomor_dokumen = serializers.CharField(max_length=100)
    jumlah = serializers.DecimalField(**MONEY)
    keterangan = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    melebihi_dpa = serializers.BooleanField(read_only=True)
    is_void = serializers.BooleanField(read_only=True)
    void_alasan = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class RealisasiTotalsSerializer(serializers.Serializer):
    """The sums of the entries a realization list's filters select (every page), valid and voided apart."""

    count = serializers.IntegerField(help_text="valid entries")
    jumlah = serializers.DecimalField(help_text="sum of the valid entries (returns negative)", **MONEY)
    void_count = serializers.IntegerField(help_text="voided entries")
    void_jumlah = serializers.DecimalField(help_text="sum of the voided entries", **MONEY)


class RealisasiVoidSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=500)


class RealisasiImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    anggaran = ScopedPrimaryKeyRelatedField(
        queryset=Anggaran.objects.all(), help_text="the DPA / DPPA document"
    )
    background = serializers.BooleanField(
        default=False,
        help_text="run in a background job (also done for files above IMPORT_BACKGROUND_BYTES): 202",
    )


class RealisasiImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)
    flagged = serializers.IntegerField(help_text="entries over the DPA amount, accepted and flagged")


class RealisasiPengaturanSerializer(VersionedSerializer):
    """The over-DPA rule of the pemda (`anggaran` empty: the default) or of one DPA / DPPA document."""

    anggaran = ScopedPrimaryKeyRelatedField(
        queryset=Anggaran.objects.all(),
        required=False,
        allow_null=True,
        help_text="the DPA / DPPA document; empty for the pemda's default",
    )

    class Meta:
        model = RealisasiPengaturan
        fields = ["id", "anggaran", "batas_dpa", "version"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["anggaran"].read_only = True  # a rule stays with its document
        return fields


class RealisasiPeriodeSerializer(VersionedSerializer):
    """A month of the pemda's budget year closed for realization; POST closes it (or closes it again)."""

    alasan = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="catatan penutupan"
    )

    class Meta:
        model = RealisasiPeriode
        fields = ["id", "tahun", "bulan", "is_closed", "alasan", "changed_by", "updated_at", "version"]
        read_only_fields = ["is_closed", "changed_by", "updated_at"]


class RealisasiPeriodeReopenSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=500, help_text="why the month is reopened (audited)")


class RealisasiRingkasanSerializer(serializers.ModelSerializer):
    """One DPA line up to the month asked: pagu, RAK and realization s.d. bulan, sisa (pagu − realisasi)."""

    akun_kode = serializers.CharField(source="akun.kode", read_only=True)
    akun_nama = serializers.CharField(source="akun.nama", read_only=True)
    sub_kegiatan_nama = serializers.CharField(source="sub_kegiatan.nama", read_only=True, allow_null=True)
    pagu = serializers.DecimalField(source="jumlah", read_only=True, **MONEY)
    rak_sd_bulan = serializers.DecimalField(read_only=True, **MONEY)
    realisasi_sd_bulan = serializers.DecimalField(read_only=True, **MONEY)
    sisa = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = BudgetLine
        fields = [
            "id", "anggaran", "perangkat_daerah", "jenis", "sub_kegiatan_kode", "sub_kegiatan_nama", "akun_kode",
            "akun_nama", "komponen", "pagu", "rak_sd_bulan", "realisasi_sd_bulan", "sisa",
        ]  # fmt: skip
        read_only_fields = fields


# ---------------------------------------------------------------- fisik and indicators


class RealisasiFisikSerializer(VersionedSerializer):
    perangkat_daerah = ScopedPrimaryKeyRelatedField(queryset=PerangkatDaerah.objects.all())

    class Meta:
        model = RealisasiFisik
        fields = [
            "id", "perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan", "persen", "permasalahan",
            "tindak_lanjut", "menurun", "version",
        ]  # fmt: skip
        read_only_fields = ["menurun"]
        validators: list[Any] = []  # one row per month: the service says so on `bulan` (code `duplicate`)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan"):
                fields[name].read_only = True
        return fields


class CoordinateField(serializers.DecimalField):
    """Decimal degrees; the browser's many decimals are rounded half-up to six (about 11 cm)."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        super().__init__(max_digits=9, decimal_places=6, min_value=-limit, max_value=limit, **kwargs)

    def validate_precision(self, value: Decimal) -> Decimal:
        try:
            value = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # far too many digits to round
            self.fail("max_digits", max_digits=self.max_digits)
        return super().validate_precision(value)


class RealisasiFisikFotoSerializer(serializers.ModelSerializer):
    """A photo of a month's physical progress. `file_url` / `thumbnail_url` are the API's scoped downloads."""

    perangkat_daerah = serializers.IntegerField(source="entry.perangkat_daerah_id", read_only=True)
    tahun = serializers.IntegerField(source="entry.tahun", read_only=True)
    bulan = serializers.IntegerField(source="entry.bulan", read_only=True)
    sub_kegiatan_kode = serializers.CharField(source="entry.sub_kegiatan_kode", read_only=True)
    file_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    created_by_username = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True, default=None
    )
    lokasi_sumber = serializers.ChoiceField(
        choices=LokasiSumber.choices, allow_blank=True, read_only=True, help_text="empty: no position"
    )

    class Meta:
        model = RealisasiFisikFoto
        fields = [
            "id", "entry", "perangkat_daerah", "tahun", "bulan", "sub_kegiatan_kode", "file_url", "thumbnail_url",
            "content_type", "size", "width", "height", "taken_at", "latitude", "longitude", "lokasi_sumber",
            "keterangan", "created_by_username", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_file_url(self, foto: RealisasiFisikFoto) -> str:
        return f"/api/realisasi-fisik-foto/{foto.pk}/file/"

    def get_thumbnail_url(self, foto: RealisasiFisikFoto) -> str:
        return f"/api/realisasi-fisik-foto/{foto.pk}/thumbnail/"


class RealisasiFisikFotoUploadSerializer(serializers.Serializer):
    """A photo (JPEG, PNG or WebP, checked by its content) and, for a photo without GPS in its EXIF, the
    browser's position (`navigator.geolocation`, both or neither; ignored when the photo has its own)."""

    file = serializers.FileField()
    keterangan = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    latitude = CoordinateField(limit=90, required=False, allow_null=True, default=None)
    longitude = CoordinateField(limit=180, required=False, allow_null=True, default=None)


class RealisasiIndikatorSerializer(VersionedSerializer):
    indikator = ScopedPrimaryKeyRelatedField(queryset=Indikator.objects.all())
    satuan = serializers.CharField(source="indikator.satuan", read_only=True)

    class Meta:
        model = RealisasiIndikator
        fields = [
            "id", "indikator", "perangkat_daerah", "tahun", "triwulan", "realisasi", "satuan", "keterangan",
            "version",
        ]  # fmt: skip
        read_only_fields = ["perangkat_daerah", "tahun"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["indikator"].read_only = True
            fields["triwulan"].read_only = True
        return fields
