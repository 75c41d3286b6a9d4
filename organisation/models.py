import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pghistory
import pghistory.models
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F


@dataclass(frozen=True)
class TenantScope:
    """How a model's rows are scoped to a caller: the lookup paths to its pemda and (optionally) its OPD.

    Every model served by the API declares one as `tenant_scope`; `organisation.scoping` applies it.
    `pemda=None` marks national data (reference lists) that every signed-in user may read.
    """

    pemda: str | None
    opd: str | None = None
    also: Callable[[int], models.Q] | None = (
        None  # rows off the pemda path a pemda's users also see, by pemda id
    )


NATIONAL = TenantScope(pemda=None)


def recorded_user(**options: Any) -> Any:
    """A reference to the user who did something to the row (made, changed, approved, voided it): set by the
    services, never by a client, and kept when the user is deactivated."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        **options,
    )


class VersionedModel(models.Model):
    """A row edited through the API: `version` grows by one on each update (ETag / If-Match)."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def unique_error_message(
        self, model_class: type[models.Model], unique_check: Sequence[str]
    ) -> ValidationError:
        """A duplicate row says so: Django's Indonesian catalogue words the unique-together message as "… ini
        tidak ada" (does not exist), which users read as the opposite. Names the values that collide."""
        error = super().unique_error_message(model_class, unique_check)
        if len(unique_check) < 2:
            return error
        opts = model_class._meta
        fields = [field for name in unique_check if isinstance(field := opts.get_field(name), models.Field)]
        labels = [
            f"{field.verbose_name} yang sama"
            if field.is_relation
            else f"{field.verbose_name} {getattr(self, field.attname)}"
            for field in fields
        ]
        return ValidationError(
            f"{str(opts.verbose_name).capitalize()} dengan {' dan '.join(labels)} sudah ada.",
            code="unique_together",
            params=error.params,
        )


class PemdaLevel(models.TextChoices):
    PROVINSI = "PROV", "Provinsi"
    KABKOTA = "KABKOT", "Kabupaten/Kota"


@pghistory.track()
class Pemda(VersionedModel):
    """A regional government, the tenant. `kode` is its Kemendagri region code (`76` or `76.01`)."""

    kode = models.CharField(
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{2}(\.\d{2})?$", "Format kode wilayah: 99 atau 99.99")],
    )
    nama = models.CharField(max_length=200)
    level = models.CharField(max_length=6, choices=PemdaLevel.choices)

    tenant_scope = TenantScope(pemda="")

    class Meta:
        ordering = ["kode"]
        verbose_name_plural = "pemda"

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


OPD_CODE_RE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")


@pghistory.track()
class PerangkatDaerah(VersionedModel):
    """An agency (OPD/SKPD) of a pemda, or a sub unit (UPT, Puskesmas) below one.

    `kode` is `U.BB.U.BB.U.BB.NN.SSSS`: up to three bidang urusan, the unit number and the sub unit number
    (`0000` for the OPD itself). A sub unit's code shares the OPD's first seven parts.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah")
    kode = models.CharField(
        max_length=22, validators=[RegexValidator(OPD_CODE_RE.pattern, "Format kode: U.BB.U.BB.U.BB.NN.SSSS")]
    )
    nama = models.CharField(max_length=255)
    singkatan = models.CharField(max_length=50, blank=True)
    keterangan = models.TextField(
        blank=True, help_text="the KETERANGAN of the pemda's OPD list, kept as written"
    )
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_unit",
        help_text="OPD induk",
    )
    is_active = models.BooleanField(default=True)

    tenant_scope = TenantScope(pemda="pemda", opd="")

    class Meta:
        ordering = ["pemda", "kode"]
        verbose_name_plural = "perangkat daerah"
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="opd_unique_kode_per_pemda")]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def opd_id(self) -> int:
        """The OPD a row belongs to for scoping: itself, or its induk for a sub unit."""
        return self.induk_id or self.pk

    def clean(self) -> None:
        if not OPD_CODE_RE.match(self.kode or ""):
            return
        is_sub_unit = not self.kode.endswith(".0000")
        if self.induk_id is None and is_sub_unit:
            raise ValidationError({"induk": "Sub unit (kode tidak berakhiran .0000) harus punya OPD induk."})
        if self.induk_id is not None:
            induk = self.induk
            if not is_sub_unit:
                raise ValidationError({"kode": "Kode sub unit tidak boleh berakhiran .0000."})
            if induk.induk_id is not None:
                raise ValidationError({"induk": "Induk harus OPD, bukan sub unit."})
            if induk.pemda_id != self.pemda_id:
                raise ValidationError({"induk": "Induk harus dari pemda yang sama."})
            if induk.kode[:-5] != self.kode[:-5]:
                raise ValidationError(
                    {"kode": f"Kode sub unit harus diawali kode OPD induk {induk.kode[:-5]}."}
                )


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    BAPPEDA = "bappeda", "Perencana Bappeda"
    OPD_PLANNER = "opd_planner", "Perencana OPD"
    FINANCE = "finance", "TAPD / BPKAD"
    OPD_FINANCE = "opd_finance", "Bendahara / PPK OPD"
    LEADER = "leader", "Pimpinan"
    AUDITOR = "auditor", "Auditor / Inspektorat"


OPD_ROLES = frozenset({Role.OPD_PLANNER, Role.OPD_FINANCE})


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    pghistory.ManualEvent("login.unlock"),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person signed in to Pagu: a role within one pemda, and for OPD roles within one OPD.

    A superuser without a pemda is the platform operator and sees every pemda.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEADER)
    # Superseded by LoginGuard (per username and address); no longer read. Kept until the demo loader stops
    # resetting them, then dropped in a migration.
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(OPD_ROLES)) | models.Q(perangkat_daerah__isnull=False),
                name="user_opd_role_has_opd",
                violation_error_message="Peran OPD wajib memiliki perangkat daerah.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_superuser=True) | models.Q(pemda__isnull=False),
                name="user_has_pemda",
                violation_error_message="Pengguna wajib memiliki pemda (hanya operator platform yang tanpa pemda).",
            ),
        ]

    @property
    def is_opd_scoped(self) -> bool:
        return self.role in OPD_ROLES


def token_digest(key: str) -> str:
    """What is stored of a token key: its SHA-256, so a leaked table holds no usable key."""
    return hashlib.sha256(key.encode()).hexdigest()


class AuthToken(models.Model):
    """An API token of one user for one named client. Only the SHA-256 digest of the key is stored; the key is
    shown once, when issued. A token ends at `expires_at`, or earlier when revoked (deleted): on logout, on a
    password change and on deactivation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="the key's first characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="authtoken_user_expires_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginGuard(models.Model):
    """Failed sign-ins for one typed username from one client address, whether or not the username exists.

    From `LOGIN_MAX_FAILURES` failures on, each further failure locks that pair for twice as long as the one
    before, so a guesser slows down exponentially while the same account stays usable from other addresses.
    """

    FORGET_AFTER = timedelta(days=1)  # a pair unlocked and quiet this long is forgotten (see _login_failure)

    username = models.CharField(max_length=150)
    source = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "source"], name="loginguard_unique")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.source}"


class RateWindow(models.Model):
    """One throttle counter: requests of one key (scope and client address) in the current fixed window.

    Kept in PostgreSQL so every worker process shares it; incremented with one atomic upsert. A counter idle for
    `FORGET_AFTER` is deleted when a new key arrives, so the table holds only recent callers.
    """

    FORGET_AFTER = timedelta(days=1)

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Menunggu"
    RUNNING = "running", "Berjalan"
    DONE = "done", "Selesai"
    REJECTED = "rejected", "Ditolak (berkas bermasalah)"
    FAILED = "failed", "Gagal"


class ImportJob(models.Model):
    """An import run in the background (`organisation.jobs`): the uploaded file, who sent it for what, and the
    answer the import would have given — its result, or every bad row."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(
        "PerangkatDaerah", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    params = models.JSONField(default=dict)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    result = models.JSONField(null=True, blank=True)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"


class AuditEntry(models.Model):
    """One row per audit event, in one indexed table: what the trail is filtered, counted and paged by.

    django-pghistory keeps each tracked model's events in a table of its own, and its `Events` view unions them
    (building each event's JSON on the way), which no index can serve. A statement trigger on every event table
    (`organisation.audit`) copies each new event's keys here, with the pemda it belongs to resolved once; the page's
    events are then loaded from their own tables.
    """

    event_model = models.CharField(max_length=100)  # e.g. budgeting.BudgetLineEvent
    event_id = models.BigIntegerField()
    object_model = models.CharField(max_length=100)  # e.g. budgeting.BudgetLine
    object_id = models.CharField(max_length=40)
    label = models.CharField(max_length=20)
    created_at = models.DateTimeField()
    pemda_id = models.IntegerField(null=True)  # None for the national reference lists
    user_id = models.IntegerField(null=True)  # who made the change (the request's context), if anybody

    tenant_scope = TenantScope(pemda="pemda_id", also=lambda pemda_id: models.Q(pemda_id__isnull=True))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event_model", "event_id"], name="audit_entry_event")]
        indexes = [
            models.Index(F("pemda_id"), F("created_at").desc(), F("id").desc(), name="audit_entry_pemda"),
            models.Index(F("created_at").desc(), F("id").desc(), name="audit_entry_created"),
            models.Index(fields=["object_model", "object_id"], name="audit_entry_object"),
            models.Index(fields=["user_id"], name="audit_entry_user"),
        ]

    def __str__(self) -> str:
        return self.pgh_slug

    @property
    def pgh_slug(self) -> str:
        """The slug of the event this entry indexes, as `/api/audit-events/{pgh_slug}/` takes it."""
        return f"{self.event_model}:{self.event_id}"


class AuditEvent(pghistory.models.Events):
    """Every recorded change to a tracked row (insert, update, delete), across all tables, newest first.

    Rows come from the database triggers of django-pghistory, so bulk `.update()` calls are covered too.
    `pgh_data` is the row after the change, `pgh_diff` maps each changed field to `[before, after]`,
    `pgh_context` holds the request's user id and URL. Scoped by the `pemda_id` column of the changed row; a
    pemda also sees the history of its own Pemda row and of the national reference lists. Only pemda-wide roles
    read it, so there is no OPD scope.
    """

    tenant_scope = TenantScope(
        pemda="pgh_data__pemda_id",
        also=lambda pemda_id: (
            models.Q(pgh_obj_model="organisation.Pemda", pgh_obj_id=str(pemda_id))
            | models.Q(pgh_obj_model__startswith="reference.")
        ),
    )

    class Meta:
        proxy = True
        ordering = ["-pgh_created_at", "-pgh_id"]
