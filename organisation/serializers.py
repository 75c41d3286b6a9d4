from typing import Any

from rest_framework import serializers

from organisation.models import AuditEvent, AuthToken, ImportJob, Pemda, PerangkatDaerah, User
from organisation.scoping import is_platform_operator, scope_queryset


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key the caller may only point at rows inside their own scope; others read as unknown ids."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        request = self.context.get("request")
        queryset = super().get_queryset()
        return scope_queryset(queryset, request.user) if request else queryset.none()


class VersionedSerializer(serializers.ModelSerializer):
    """`version` is read back and may be sent for the optimistic check (see `ScopedViewSetMixin.check_version`)."""

    version = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("version", None)
        return attrs


class PemdaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pemda
        fields = ["id", "kode", "nama", "level", "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"nama": {"required": False}, "level": {"required": False}}


class PerangkatDaerahSerializer(serializers.ModelSerializer):
    pemda = serializers.PrimaryKeyRelatedField(read_only=True)
    induk = ScopedPrimaryKeyRelatedField(
        queryset=PerangkatDaerah.objects.all(), required=False, allow_null=True
    )
    induk_nama = serializers.CharField(source="induk.nama", read_only=True, allow_null=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = PerangkatDaerah
        fields = [
            "id", "pemda", "kode", "nama", "singkatan", "keterangan", "induk", "induk_nama", "is_active", "version",
        ]  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("version", None)
        return attrs


class PerangkatDaerahBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerangkatDaerah
        fields = ["id", "kode", "nama", "singkatan"]


class PemdaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pemda
        fields = ["id", "kode", "nama", "level"]


class UserSerializer(serializers.ModelSerializer):
    pemda = ScopedPrimaryKeyRelatedField(
        queryset=Pemda.objects.all(),
        required=False,
        allow_null=True,
        help_text="on create only: the platform operator names the pemda (a new pemda's first admin); "
        "anybody else's users are of their own pemda",
    )
    perangkat_daerah = ScopedPrimaryKeyRelatedField(
        queryset=PerangkatDaerah.objects.all(), required=False, allow_null=True
    )
    password = serializers.CharField(
        write_only=True, required=False, max_length=128, style={"input_type": "password"}
    )
    version = serializers.IntegerField(required=False, write_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "pemda",
            "perangkat_daerah",
            "is_active",
            "password",
            "version",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None:  # a user never moves to another pemda
            fields["pemda"].read_only = True
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("version", None)
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": "Kata sandi wajib diisi untuk pengguna baru."})
        return attrs


class MeSerializer(serializers.ModelSerializer):
    pemda = PemdaBriefSerializer(read_only=True, allow_null=True)
    perangkat_daerah = PerangkatDaerahBriefSerializer(read_only=True, allow_null=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "role",
            "role_label",
            "pemda",
            "perangkat_daerah",
            "is_superuser",
            "permissions",
        ]

    def get_permissions(self, user: User) -> dict[str, str]:
        from organisation.permissions import MATRIX, NATIONAL_RESOURCES, ROLES, effective_role

        column = ROLES.index(effective_role(user))
        granted = {resource: letters[column] for resource, letters in MATRIX.items()}
        if is_platform_operator(user):
            granted.update({resource: "rw" for resource in NATIONAL_RESOURCES})
        return granted


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenRequestSerializer(LoginSerializer):
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="the client this token is for"
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text="shown only now; send as `Authorization: Token <key>`"
    )
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class AuthTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = AuthToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "current"]

    def get_current(self, token: AuthToken) -> bool:
        request = self.context.get("request")
        return bool(request and isinstance(request.auth, AuthToken) and request.auth.pk == token.pk)


class ImportJobSerializer(serializers.ModelSerializer):
    """A background import: `status` queued → running → done (`result` as the import answers it), rejected
    (`result` lists every bad row, as a 400 would) or failed (`detail`)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    result = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "kind", "filename", "status", "status_label", "result", "detail", "created_by", "perangkat_daerah",
            "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "pgh_slug",
            "pgh_id",
            "pgh_created_at",
            "pgh_label",
            "pgh_model",
            "pgh_obj_model",
            "pgh_obj_id",
            "pgh_data",
            "pgh_diff",
            "pgh_context",
        ]


# ---------------------------------------------------------------- imports (every app's answer)


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class ImportRowWarningSerializer(serializers.Serializer):
    """Something imported but worth a look; for a changed value, the value as written and as stored."""

    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()
    original = serializers.CharField(allow_blank=True, default="", help_text="the value as written")
    value = serializers.CharField(allow_blank=True, default="", help_text="the value as stored")


class ImportRejectedSerializer(serializers.Serializer):
    """400 of an import: a rejected file (`code` = `import_rejected`, every bad row in `errors`, at most the first
    1,000 rows, and `error_count`), or, when the form itself is wrong (no file, a bad year), field errors like any
    other 400."""

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    errors = ImportRowErrorSerializer(
        many=True, required=False, help_text="every error of the first 1,000 rows with errors"
    )
    error_count = serializers.IntegerField(required=False, help_text="all errors in the file")


class PerangkatDaerahImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    pemda = ScopedPrimaryKeyRelatedField(
        queryset=Pemda.objects.all(),
        required=False,
        allow_null=True,
        help_text="the platform operator names the pemda; anybody else imports into their own",
    )


class PerangkatDaerahImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField(
        help_text="units already there by code whose name or keterangan changed"
    )
    unchanged = serializers.IntegerField()
    opd = serializers.IntegerField(help_text="rows that are an OPD (code ending in .0000)")
    sub_unit = serializers.IntegerField(help_text="rows that are a sub unit of an OPD")
    warnings = ImportRowWarningSerializer(many=True, help_text="columns not recognised")
