from rest_framework import serializers

from organisation.models import PemdaLevel

# The import answers are shared by every app's importers; they live on the lowest floor that has one.
from organisation.serializers import ImportRejectedSerializer as ImportRejectedSerializer
from organisation.serializers import ImportRowErrorSerializer
from organisation.serializers import ImportRowWarningSerializer as ImportRowWarningSerializer
from reference.models import Akun, CodeMapping, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana


class ReferenceVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceVersion
        fields = ["id", "kind", "pemda_level", "legal_basis", "tahun_mulai", "tahun_selesai", "created_at"]


CODE_NODE_FIELDS = ["id", "version", "kode", "nama", "level", "parent", "keterangan", "child_count"]


class NomenklaturSerializer(serializers.ModelSerializer):
    child_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Nomenklatur
        fields = [*CODE_NODE_FIELDS, "kinerja", "indikator", "satuan"]


class AkunSerializer(serializers.ModelSerializer):
    child_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Akun
        fields = CODE_NODE_FIELDS


class SumberDanaSerializer(serializers.ModelSerializer):
    child_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SumberDana
        fields = CODE_NODE_FIELDS


class CodeMappingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodeMapping
        fields = ["id", "kind", "from_version", "to_version", "kode_lama", "kode_baru", "keterangan"]


class ReferenceImportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReferenceKind.choices)
    file = serializers.FileField()
    legal_basis = serializers.CharField(max_length=255)
    tahun_mulai = serializers.IntegerField(min_value=2000, max_value=2100)
    tahun_selesai = serializers.IntegerField(min_value=2000, max_value=2100)
    pemda_level = serializers.ChoiceField(choices=PemdaLevel.choices, required=False, allow_blank=True)


class ReferenceImportResultSerializer(serializers.Serializer):
    version = ReferenceVersionSerializer()
    created = serializers.DictField(child=serializers.IntegerField(), help_text="new rows per level")
    unchanged = serializers.IntegerField(help_text="rows already in the version, identical")
    duplicates = ImportRowErrorSerializer(many=True, help_text="exact duplicate rows in the file, skipped")
    mappings = serializers.IntegerField(help_text="code mappings old → new created from the kode lama column")
    warnings = ImportRowErrorSerializer(
        many=True, help_text="imported, but worth a look (row, column, reason)"
    )
