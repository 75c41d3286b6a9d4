from collections.abc import Iterable
from typing import Any, cast

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from budgeting import selectors, services
from budgeting.filters import (
    AnggaranFilterSet,
    AnggaranKasFilterSet,
    BudgetLineFilterSet,
    PergeseranFilterSet,
    PlafonFilterSet,
    RealisasiFilterSet,
    RealisasiFisikFilterSet,
    RealisasiFisikFotoFilterSet,
    RealisasiIndikatorFilterSet,
    RealisasiPengaturanFilterSet,
    RealisasiPeriodeFilterSet,
    RealisasiRingkasanFilterSet,
    StandarHargaFilterSet,
)
from budgeting.importers import (
    RINCIAN_COLUMNS,
    STANDAR_HARGA_COLUMNS,
    realisasi_import,
    rincian_import,
    sipd_import,
    standar_harga_import,
)
from budgeting.models import (
    Anggaran,
    AnggaranKas,
    RealisasiFisikFoto,
    RealisasiPeriode,
)
from budgeting.serializers import (
    AnggaranCompareSerializer,
    AnggaranCopySerializer,
    AnggaranKasSerializer,
    AnggaranKasSpreadResultSerializer,
    AnggaranKasSpreadSerializer,
    AnggaranOpdLockInputSerializer,
    AnggaranOpdLockSerializer,
    AnggaranSerializer,
    BudgetLineSerializer,
    CompareQuerySerializer,
    PergeseranSerializer,
    PlafonSerializer,
    PlafonTerpakaiQuerySerializer,
    PlafonTerpakaiSerializer,
    RealisasiFisikFotoSerializer,
    RealisasiFisikFotoUploadSerializer,
    RealisasiFisikSerializer,
    RealisasiImportResultSerializer,
    RealisasiImportSerializer,
    RealisasiIndikatorSerializer,
    RealisasiPengaturanSerializer,
    RealisasiPeriodeReopenSerializer,
    RealisasiPeriodeSerializer,
    RealisasiRingkasanSerializer,
    RealisasiSerializer,
    RealisasiTotalsSerializer,
    RealisasiVoidSerializer,
    RincianImportResultSerializer,
    RincianImportSerializer,
    SipdImportResultSerializer,
    SipdImportSerializer,
    StandarHargaImportResultSerializer,
    StandarHargaImportSerializer,
    StandarHargaSerializer,
)
from config.tabular import alias_table
from organisation.jobs import import_job_submit, wants_background
from organisation.models import User
from organisation.scoping import scope_queryset
from organisation.serializers import ImportJobSerializer
from organisation.viewsets import ScopedViewSetMixin
from reference.serializers import ImportRejectedSerializer

STANDAR_HARGA_IMPORT_DESCRIPTION = f"""Import a catalogue (.xlsx/.csv); a bad file imports nothing and lists every bad
row with the header's missing columns. A price with more than two decimals is rounded half-up to the sen and listed
in `warnings` (value as written and as stored). Names are matched after lower-casing and turning every run of other
characters into `_`, and a `(…)` or `/…` qualifier may follow (`Harga Satuan (Rp)`).

{alias_table(STANDAR_HARGA_COLUMNS)}
"""


RINCIAN_IMPORT_DESCRIPTION = f"""The rincian belanja sheet of one sub kegiatan (.xlsx/.csv) as pemda keep it: akun heading
rows (every level checked; a level-6 heading is the akun of the komponen rows under it), kelompok headings
(`JENIS KELOMPOK` `[#]` kelompok / `[-]` keterangan, text in `KELOMPOK`) and one komponen row per line (volume ×
satuan, harga satuan, sumber dana; a komponen is linked to the SSH / SBU / HSPK / ASB item whose jenis and name it
gives). Codes are matched after restoring their zero padding (`5.1.2.1.1.24` is `5.1.02.01.01.0024`). `JUMLAH` is
computed; where the file carries one it must equal volume × harga within Rp 1. Each line is written by the line
service, so the stage lock (409), plafon, Renja rule, price ceiling and allowed akun apply row by row. `mode`
`replace` (default) removes the sub kegiatan's lines first; `append` keeps them. A bad file imports nothing and
lists every bad row; a big one (or `background`) runs as a job (202).

{alias_table(RINCIAN_COLUMNS)}
"""


class StandarHargaViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Price standards (SSH / SBU / HSPK / ASB) of the pemda; search by text (`q`) and allowed akun."""

    resource = "standar-harga"
    queryset = selectors.standar_harga_list()
    serializer_class = StandarHargaSerializer
    filterset_class = StandarHargaFilterSet

    create_service = update_service = services.standar_harga_save
    delete_service = services.standar_harga_delete

    @extend_schema(
        description=STANDAR_HARGA_IMPORT_DESCRIPTION,
        request={"multipart/form-data": StandarHargaImportSerializer},
        responses={201: StandarHargaImportResultSerializer, 400: ImportRejectedSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import a catalogue (.xlsx/.csv); a bad file imports nothing and lists every bad row."""
        body = StandarHargaImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data.pop("file")
        result = standar_harga_import(user=request.user, file=upload, filename=upload.name, **data)
        return Response(StandarHargaImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class AnggaranViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Budget documents per stage: open / close (whole or per OPD), copy to the next stage, compare, SIPD import."""

    resource = "anggaran"
    queryset = selectors.anggaran_list()
    serializer_class = AnggaranSerializer
    filterset_class = AnggaranFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    create_service = services.anggaran_create
    update_service = services.anggaran_update

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The stages with their totals per side, all of the page's in one grouped query."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        stages = list(page if page is not None else queryset)
        user = cast(User, request.user)  # RolePermission lets only signed-in users in
        totals = selectors.stage_totals(user=user, anggaran_ids=[stage.pk for stage in stages])
        context = {**self.get_serializer_context(), "ringkasan": totals}
        data = self.get_serializer_class()(stages, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=None, responses=AnggaranSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Lock the stage: its lines and ceilings become an immutable snapshot."""
        anggaran = services.anggaran_close(user=request.user, anggaran=self.get_object())
        return Response(self.get_serializer(anggaran).data)

    @extend_schema(request=None, responses=AnggaranSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str) -> Response:
        """Reopen a closed stage that no later stage was copied from."""
        anggaran = services.anggaran_open(user=request.user, anggaran=self.get_object())
        return Response(self.get_serializer(anggaran).data)

    @extend_schema(request=AnggaranOpdLockInputSerializer, responses=AnggaranOpdLockSerializer)
    @action(detail=True, methods=["post"], url_path="opd-lock")
    def opd_lock(self, request: Request, pk: str) -> Response:
        """Close (`is_closed: true`) or reopen one OPD within the open stage."""
        body = AnggaranOpdLockInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        lock = services.anggaran_opd_lock(
            user=request.user, anggaran=self.get_object(), **body.validated_data
        )
        return Response(AnggaranOpdLockSerializer(lock).data)

    @extend_schema(request=AnggaranCopySerializer, responses={201: AnggaranSerializer})
    @action(detail=True, methods=["post"], url_path="copy-to-next")
    def copy_to_next(self, request: Request, pk: str) -> Response:
        """Start the next stage as a copy of this closed one (lines and ceilings)."""
        body = AnggaranCopySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = services.anggaran_copy_to_next(
            user=request.user, anggaran=self.get_object(), **body.validated_data
        )
        return Response(self.get_serializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with", OpenApiTypes.INT, required=True, description="the stage compared with (sebelum)"
            ),
            OpenApiParameter("grain", OpenApiTypes.STR, enum=["akun", "line"], description="default `akun`"),
            OpenApiParameter("opd", OpenApiTypes.INT, description="an OPD with its sub units"),
            OpenApiParameter("jenis", OpenApiTypes.STR, enum=["pendapatan", "belanja", "pembiayaan"]),
        ],
        responses=AnggaranCompareSerializer,
    )
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, pk: str) -> Response:
        """This stage (sesudah) against `with` (sebelum), per sub kegiatan × akun or per line (DPPA view)."""
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        anggaran = self.get_object()
        other = self.get_queryset().filter(pk=params["with"]).first()
        if other is None:
            raise serializers.ValidationError({"with": ["Dokumen anggaran tidak dikenal."]})
        comparison = selectors.anggaran_compare(
            anggaran=anggaran,
            other=other,
            user=request.user,
            grain=params["grain"],
            opd=params.get("opd"),
            jenis=params.get("jenis"),
        )
        body = {
            "sebelum": other,
            "sesudah": anggaran,
            "grain": params["grain"],
            "rows": comparison.rows,
            "totals": comparison.totals,
            "counts": comparison.counts,
        }
        return Response(AnggaranCompareSerializer(body, context=self.get_serializer_context()).data)

    @extend_schema(
        request={"multipart/form-data": SipdImportSerializer},
        responses={201: SipdImportResultSerializer, 202: ImportJobSerializer, 400: ImportRejectedSerializer},
    )
    @action(
        detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import-sipd"
    )
    def import_sipd(self, request: Request, pk: str) -> Response:
        """Load the stage's lines from a SIPD rincian export; a bad file imports nothing and lists every bad row."""
        body = SipdImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        anggaran = self.get_object()
        if wants_background(upload=upload, asked=body.validated_data["background"]):
            params = {"anggaran": anggaran.pk, "replace": body.validated_data["replace"]}
            job = import_job_submit(user=request.user, kind="sipd", upload=upload, params=params)
            return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = sipd_import(
            user=request.user,
            anggaran=anggaran,
            file=upload,
            filename=upload.name,
            replace=body.validated_data["replace"],
        )
        return Response(SipdImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class BudgetLineViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Rincian lines of the stages; `jumlah` is computed from koefisien × harga satuan (+ PPN)."""

    resource = "budget-line"
    queryset = selectors.budget_line_list()
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet

    create_service = services.budget_line_create
    update_service = services.budget_line_update
    delete_service = services.budget_line_delete

    @extend_schema(
        description=RINCIAN_IMPORT_DESCRIPTION,
        request={"multipart/form-data": RincianImportSerializer},
        responses={
            201: RincianImportResultSerializer,
            202: ImportJobSerializer,
            400: ImportRejectedSerializer,
        },
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Load one sub kegiatan's lines from its rincian sheet; a bad file imports nothing and lists every bad row."""
        user = cast(User, request.user)  # RolePermission lets only signed-in users in
        body = RincianImportSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data["file"]
        if wants_background(upload=upload, asked=data["background"]):
            params = {
                "anggaran": data["anggaran"].pk,
                "perangkat_daerah": data["perangkat_daerah"].pk,
                "sub_kegiatan": data["sub_kegiatan"].pk,
                "mode": data["mode"],
            }
            job = import_job_submit(user=user, kind="rincian", upload=upload, params=params)
            return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = rincian_import(
            user=user,
            anggaran=data["anggaran"],
            perangkat_daerah=data["perangkat_daerah"],
            sub_kegiatan=data["sub_kegiatan"],
            file=upload,
            filename=upload.name,
            mode=data["mode"],
        )
        return Response(RincianImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class PlafonViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Ceilings per stage × OPD, optionally per program or sub kegiatan; mode `refuse` or `warn`."""

    resource = "plafon"
    queryset = selectors.plafon_list()
    serializer_class = PlafonSerializer
    filterset_class = PlafonFilterSet

    create_service = update_service = services.plafon_save
    delete_service = services.plafon_delete

    @extend_schema(parameters=[PlafonTerpakaiQuerySerializer], responses=PlafonTerpakaiSerializer)
    @action(detail=False, methods=["get"])
    def terpakai(self, request: Request) -> Response:
        """Each ceiling of the stage with its scope named and its live use (terpakai, sisa, persen)."""
        query = PlafonTerpakaiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = cast(User, request.user)  # RolePermission lets only signed-in users in
        anggaran = (
            scope_queryset(Anggaran.objects.select_related("pemda"), user)
            .filter(pk=params["anggaran"])
            .first()
        )
        if anggaran is None:
            raise NotFound("Dokumen anggaran tidak ditemukan.")
        rows = selectors.plafon_terpakai(
            anggaran=anggaran, user=user, perangkat_daerah=params.get("perangkat_daerah")
        )
        return Response(PlafonTerpakaiSerializer({"anggaran": anggaran.pk, "rows": rows}).data)


class PergeseranViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Shift requests: draft → approved → applied (the result is a new stage document)."""

    resource = "pergeseran"
    queryset = selectors.pergeseran_list()
    serializer_class = PergeseranSerializer
    filterset_class = PergeseranFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    create_service = services.pergeseran_create
    update_service = services.pergeseran_update

    # Approval rights depend on the shift's reach (one sub kegiatan: the OPD's finance officer), checked in the
    # service; the matrix letter alone cannot say it.
    @extend_schema(request=None, responses=PergeseranSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def approve(self, request: Request, pk: str) -> Response:
        pergeseran = services.pergeseran_approve(user=request.user, pergeseran=self.get_object())
        return Response(self.get_serializer(pergeseran).data)

    @extend_schema(request=None, responses={201: AnggaranSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str) -> Response:
        """Produce the PERGESERAN n / APBD-P stage with the approved changes (TAPD)."""
        target = services.pergeseran_apply(user=request.user, pergeseran=self.get_object())
        body = AnggaranSerializer(target, context=self.get_serializer_context()).data  # with its totals
        return Response(body, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- execution


class AnggaranKasViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Anggaran kas (RAK) of DPA / DPPA lines: twelve monthly amounts summing to the line's pagu; `spread`
    fills a whole document or OPD by a profile or weights."""

    resource = "anggaran-kas"
    queryset = selectors.anggaran_kas_list()
    serializer_class = AnggaranKasSerializer
    filterset_class = AnggaranKasFilterSet
    http_method_names = ["get", "post", "put", "head", "options"]

    def perform_create(self, serializer: AnggaranKasSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.anggaran_kas_set(
            user=self.request.user, budget_line=data["budget_line"], amounts=data["amounts"]
        )

    def perform_update(self, serializer: AnggaranKasSerializer) -> None:
        kas: AnggaranKas = serializer.instance
        self.check_version(kas)
        serializer.instance = services.anggaran_kas_set(
            user=self.request.user,
            budget_line=kas.budget_line,
            amounts=serializer.validated_data["amounts"],
            version=kas.version + 1,
        )

    @extend_schema(request=AnggaranKasSpreadSerializer, responses=AnggaranKasSpreadResultSerializer)
    @action(detail=False, methods=["post"])
    def spread(self, request: Request) -> Response:
        """Spread the lines of a document (or of one OPD, or the given lines) over the months, set-based."""
        body = AnggaranKasSpreadSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        result = services.anggaran_kas_spread(user=request.user, **body.validated_data)
        return Response(AnggaranKasSpreadResultSerializer(result).data)


class RealisasiViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Realization entries (SP2D / SPJ / pengembalian) on DPA lines. POST posts one; entries are never edited,
    only voided with a reason; `import` posts a whole export atomically."""

    resource = "realisasi"
    queryset = selectors.realisasi_list()
    serializer_class = RealisasiSerializer
    filterset_class = RealisasiFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer: RealisasiSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.realisasi_post(
            user=self.request.user,
            budget_line=data["budget_line_id"],
            tanggal=data["tanggal"],
            jenis=data["jenis"],
            nomor_dokumen=data["nomor_dokumen"],
            jumlah=data["jumlah"],
            keterangan=data.get("keterangan", ""),
            savepoint=False,  # the hot path: the request's transaction is the posting's
        )

    @extend_schema(responses=RealisasiTotalsSerializer, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        """Count and sum of the entries the list's filters select, over every page (valid and voided apart)."""
        entries = self.filter_queryset(self.get_queryset())
        return Response(RealisasiTotalsSerializer(selectors.realisasi_totals(entries=entries)).data)

    @extend_schema(request=RealisasiVoidSerializer, responses=RealisasiSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        """Cancel the entry with a reason; its amount leaves the monthly totals."""
        body = RealisasiVoidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.realisasi_void(
            user=request.user, realisasi=self.get_object(), alasan=body.validated_data["alasan"]
        )
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        request={"multipart/form-data": RealisasiImportSerializer},
        responses={
            201: RealisasiImportResultSerializer,
            202: ImportJobSerializer,
            400: ImportRejectedSerializer,
        },
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import realization from a SIPD-like export; a bad file imports nothing and lists every bad row."""
        body = RealisasiImportSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        anggaran = body.validated_data["anggaran"]
        if wants_background(upload=upload, asked=body.validated_data["background"]):
            job = import_job_submit(
                user=request.user, kind="realisasi", upload=upload, params={"anggaran": anggaran.pk}
            )
            return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = realisasi_import(user=request.user, anggaran=anggaran, file=upload, filename=upload.name)
        return Response(RealisasiImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[OpenApiParameter("bulan", OpenApiTypes.INT, description="up to month (1–12), default 12")]
    )
)
class RealisasiRingkasanViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Per DPA line up to month `bulan`: pagu, anggaran kas s.d. bulan, realisasi s.d. bulan, sisa.

    Read from the monthly totals, never from the entries."""

    resource = "realisasi"
    queryset = selectors.realisasi_ringkasan(bulan=12)
    serializer_class = RealisasiRingkasanSerializer
    filterset_class = RealisasiRingkasanFilterSet

    def get_queryset(self):  # type: ignore[no-untyped-def]
        bulan = self.request.query_params.get("bulan", "12")
        self.queryset = selectors.realisasi_ringkasan(
            bulan=int(bulan) if bulan in {str(m) for m in range(1, 13)} else 12
        )
        return super().get_queryset()


class RealisasiFisikViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Monthly physical progress (%) per OPD × sub kegiatan, with problems and follow-up; a fall is flagged."""

    resource = "realisasi-fisik"
    queryset = selectors.realisasi_fisik_list()
    serializer_class = RealisasiFisikSerializer
    filterset_class = RealisasiFisikFilterSet

    create_service = update_service = services.realisasi_fisik_save
    delete_service = services.realisasi_fisik_delete

    @extend_schema(
        request={"multipart/form-data": RealisasiFisikFotoUploadSerializer},
        responses={201: RealisasiFisikFotoSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="foto")
    def foto(self, request: Request, pk: str) -> Response:
        """Attach a photo (JPEG, PNG or WebP, checked by its content, at most FOTO_MAX_BYTES) to the month's
        progress. Its position and time are read from its EXIF (GPS, DateTimeOriginal); a photo without GPS takes
        the `latitude` / `longitude` the browser sent. 409 `period_closed` when the month is closed."""
        entry = self.get_object()
        body = RealisasiFisikFotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        foto = services.realisasi_fisik_foto_upload(
            user=cast(User, request.user),  # RolePermission lets only signed-in users in
            entry=entry,
            file=upload,
            size=upload.size,
            keterangan=body.validated_data["keterangan"],
            latitude=body.validated_data["latitude"],
            longitude=body.validated_data["longitude"],
        )
        return Response(RealisasiFisikFotoSerializer(foto).data, status=status.HTTP_201_CREATED)


class FirstRendererNegotiation(BaseContentNegotiation):
    """A download answers in its own type whatever the `Accept` (an `<img>` asks for images); errors in JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _image(file: Any, *, content_type: str, name: str) -> FileResponse:
    try:
        opened = file.open("rb")
    except OSError as error:  # the row outlived its file (a database restored without MEDIA_ROOT)
        raise NotFound("Berkas foto tidak ditemukan di penyimpanan.") from error
    response = FileResponse(opened, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


IMAGE_RESPONSES = {(200, "image/jpeg"): OpenApiTypes.BINARY, (200, "image/png"): OpenApiTypes.BINARY,
                   (200, "image/webp"): OpenApiTypes.BINARY}  # fmt: skip


class RealisasiFisikFotoViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):  # type: ignore[misc]
    """Photos of the monthly physical progress, scoped like their entries. Added with POST
    `/api/realisasi-fisik/{id}/foto/`; removed with DELETE while the month is open. `file` and `thumbnail` stream
    the image to whoever may read the entry (there is no public URL)."""

    resource = "realisasi-fisik"
    queryset = selectors.realisasi_fisik_foto_list()
    serializer_class = RealisasiFisikFotoSerializer
    filterset_class = RealisasiFisikFotoFilterSet
    http_method_names = ["get", "delete", "head", "options"]

    delete_service = services.realisasi_fisik_foto_delete

    @extend_schema(responses=IMAGE_RESPONSES)
    @action(detail=True, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def file(self, request: Request, pk: str) -> FileResponse:
        """The photo as uploaded (EXIF kept)."""
        foto: RealisasiFisikFoto = self.get_object()
        extension = str(foto.file.name).rsplit(".", 1)[-1]
        return _image(foto.file, content_type=foto.content_type, name=f"foto-{foto.pk}.{extension}")

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def thumbnail(self, request: Request, pk: str) -> FileResponse:
        """A JPEG of at most 480 px, turned upright by the photo's EXIF orientation."""
        foto: RealisasiFisikFoto = self.get_object()
        return _image(foto.thumbnail, content_type="image/jpeg", name=f"foto-{foto.pk}-kecil.jpg")


class RealisasiIndikatorViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Quarterly realization of Renja indicators (value in the indicator's satuan)."""

    resource = "realisasi-indikator"
    queryset = selectors.realisasi_indikator_list()
    serializer_class = RealisasiIndikatorSerializer
    filterset_class = RealisasiIndikatorFilterSet

    create_service = update_service = services.realisasi_indikator_save
    delete_service = services.realisasi_indikator_delete


class RealisasiPengaturanViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """The over-DPA rule (`tolak` refuse / `tandai` accept and flag): the pemda's default (`anggaran` empty) and
    per DPA / DPPA document, which overrides the default. One rule each; BPKAD / TAPD change them."""

    resource = "realisasi-pengaturan"
    queryset = selectors.realisasi_pengaturan_list()
    serializer_class = RealisasiPengaturanSerializer
    filterset_class = RealisasiPengaturanFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    create_service = update_service = services.realisasi_pengaturan_save


class RealisasiPeriodeViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Tutup buku realisasi: months of the pemda's budget year closed for realization. POST closes a month (no
    entry dated in it can then be posted, voided or imported: 409 `period_closed`); `reopen` opens it again."""

    resource = "realisasi-periode"
    queryset = selectors.realisasi_periode_list()
    serializer_class = RealisasiPeriodeSerializer
    filterset_class = RealisasiPeriodeFilterSet
    http_method_names = ["get", "post", "head", "options"]

    create_service = services.realisasi_periode_close

    @extend_schema(request=RealisasiPeriodeReopenSerializer, responses=RealisasiPeriodeSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """Reopen the month, with a reason (recorded in the audit trail)."""
        body = RealisasiPeriodeReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        periode: RealisasiPeriode = self.get_object()
        self.check_version(periode)
        periode = services.realisasi_periode_reopen(
            user=request.user,
            periode=periode,
            alasan=body.validated_data["alasan"],
            version=periode.version + 1,
        )
        return Response(self.get_serializer(periode).data)
