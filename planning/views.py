from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.tabular import alias_table
from organisation.models import Pemda, User
from organisation.scoping import is_platform_operator
from organisation.viewsets import ScopedViewSetMixin
from planning import filters, selectors, serializers, services
from planning.importers import ALIASES, renja_export, renja_import
from reference.serializers import ImportRejectedSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DocumentViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """RPJMD, Renstra, RKPD and Renja: CRUD while draft, then the workflow actions and revisions."""

    create_service = services.document_create
    update_service = services.document_update
    delete_service = services.document_delete

    def service_arguments(self) -> dict[str, Any]:
        return {"model": self.queryset.model} if self.action == "create" else {}

    def _transition(self, request: Request, action_name: str) -> Response:
        body = serializers.DocumentTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.document_transition(
            user=request.user,
            document=self.get_object(),
            action=action_name,
            catatan=body.validated_data["catatan"],
        )
        return Response(self.get_serializer(document).data)

    # Workflow actions are governed by their own matrix letters (s, v, a), checked in the service.
    @extend_schema(request=serializers.DocumentTransitionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def submit(self, request: Request, pk: str) -> Response:
        """draft → submitted (OPD planner for Renstra/Renja; Bappeda)."""
        return self._transition(request, "submit")

    @extend_schema(request=serializers.DocumentTransitionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def verify(self, request: Request, pk: str) -> Response:
        """submitted → verified (Bappeda)."""
        return self._transition(request, "verify")

    @extend_schema(request=serializers.DocumentTransitionSerializer)
    @action(
        detail=True, methods=["post"], url_path="return", permission_classes=[permissions.IsAuthenticated]
    )
    def return_to_draft(self, request: Request, pk: str) -> Response:
        """submitted/verified → draft, with notes (`catatan` required)."""
        return self._transition(request, "return")

    @extend_schema(request=serializers.DocumentTransitionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def approve(self, request: Request, pk: str) -> Response:
        """verified → approved, which locks the document; the submitter may not approve (maker-checker)."""
        return self._transition(request, "approve")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str) -> Response:
        """Open revision n+1 of an approved document as a draft copy of all its contents."""
        document = services.document_revise(user=request.user, document=self.get_object())
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)


class ItemViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Rows inside a plan document; writes go through `services.item_save` (rights, lock, codes, links)."""

    create_service = update_service = services.item_save
    delete_service = services.item_delete

    def service_arguments(self) -> dict[str, Any]:
        return {"model": self.queryset.model} if self.action != "destroy" else {}


@extend_schema_view(revise=extend_schema(request=None, responses={201: serializers.RpjmdSerializer}))
class RpjmdViewSet(DocumentViewSet):
    resource = "rpjmd"
    queryset = selectors.rpjmd_list()
    serializer_class = serializers.RpjmdSerializer
    filterset_class = filters.RpjmdFilterSet


class MisiViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.misi_list()
    serializer_class = serializers.MisiSerializer
    filterset_class = filters.MisiFilterSet


class TujuanViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.tujuan_list()
    serializer_class = serializers.TujuanSerializer
    filterset_class = filters.TujuanFilterSet


class SasaranViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.sasaran_list()
    serializer_class = serializers.SasaranSerializer
    filterset_class = filters.SasaranFilterSet


class StrategiViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.strategi_list()
    serializer_class = serializers.StrategiSerializer
    filterset_class = filters.StrategiFilterSet


class ArahKebijakanViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.arah_kebijakan_list()
    serializer_class = serializers.ArahKebijakanSerializer
    filterset_class = filters.ArahKebijakanFilterSet


class ProgramRpjmdViewSet(ItemViewSet):
    resource = "rpjmd"
    queryset = selectors.program_rpjmd_list()
    serializer_class = serializers.ProgramRpjmdSerializer
    filterset_class = filters.ProgramRpjmdFilterSet


@extend_schema_view(revise=extend_schema(request=None, responses={201: serializers.RenstraSerializer}))
class RenstraViewSet(DocumentViewSet):
    resource = "renstra"
    queryset = selectors.renstra_list()
    serializer_class = serializers.RenstraSerializer
    filterset_class = filters.RenstraFilterSet


class RenstraTujuanViewSet(ItemViewSet):
    resource = "renstra"
    queryset = selectors.renstra_tujuan_list()
    serializer_class = serializers.RenstraTujuanSerializer
    filterset_class = filters.RenstraTujuanFilterSet


class RenstraSasaranViewSet(ItemViewSet):
    resource = "renstra"
    queryset = selectors.renstra_sasaran_list()
    serializer_class = serializers.RenstraSasaranSerializer
    filterset_class = filters.RenstraSasaranFilterSet


class RenstraProgramViewSet(ItemViewSet):
    resource = "renstra"
    queryset = selectors.renstra_program_list()
    serializer_class = serializers.RenstraProgramSerializer
    filterset_class = filters.RenstraProgramFilterSet


class RenstraKegiatanViewSet(ItemViewSet):
    resource = "renstra"
    queryset = selectors.renstra_kegiatan_list()
    serializer_class = serializers.RenstraKegiatanSerializer
    filterset_class = filters.RenstraKegiatanFilterSet


class RenstraSubKegiatanViewSet(ItemViewSet):
    resource = "renstra"
    queryset = selectors.renstra_sub_kegiatan_list()
    serializer_class = serializers.RenstraSubKegiatanSerializer
    filterset_class = filters.RenstraSubKegiatanFilterSet


RENJA_IMPORT_DESCRIPTION = f"""Import sub kegiatan rows (.xlsx/.csv, SIPD-like columns or the Renja form OPDs keep);
a bad row imports nothing, and the header's missing columns and every bad row's errors come in one answer. Warnings
(unknown columns, locations kept as text, a program row whose pagu is not its sub kegiatan's sum) are in the result.
The header row may sit below a title block; names are matched after lower-casing and turning every run of other
characters into `_`, and a `(…)` or `/…` qualifier may follow.

{alias_table(ALIASES)}
"""


class RenjaDocumentViewSet(DocumentViewSet):
    """RKPD and Renja share the yearly import/export of sub kegiatan rows."""

    @extend_schema(
        description=RENJA_IMPORT_DESCRIPTION,
        request={"multipart/form-data": serializers.RenjaImportSerializer},
        responses={201: serializers.RenjaImportResultSerializer, 400: ImportRejectedSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request, pk: str) -> Response:
        """Import sub kegiatan rows (.xlsx/.csv, SIPD-like columns); a bad row imports nothing and is listed."""
        document = self.get_object()
        body = serializers.RenjaImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        result = renja_import(
            user=request.user,
            document=document,
            file=upload,
            filename=upload.name,
            replace=body.validated_data["replace"],
        )
        return Response(serializers.RenjaImportResultSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="export")
    def export_file(self, request: Request, pk: str) -> HttpResponse:
        """The document's sub kegiatan rows as .xlsx, in the columns the import takes; an RKPD's rows are the
        Renja rows the caller may read (an OPD user's own OPD's)."""
        document = self.get_object()
        response = HttpResponse(renja_export(document=document, user=request.user), content_type=XLSX)
        name = f"{document.resource}-{document.tahun}-{document.pk}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@extend_schema_view(revise=extend_schema(request=None, responses={201: serializers.RkpdSerializer}))
class RkpdViewSet(RenjaDocumentViewSet):
    resource = "rkpd"
    queryset = selectors.rkpd_list()
    serializer_class = serializers.RkpdSerializer
    filterset_class = filters.RkpdFilterSet


@extend_schema_view(revise=extend_schema(request=None, responses={201: serializers.RenjaSerializer}))
class RenjaViewSet(RenjaDocumentViewSet):
    resource = "renja"
    queryset = selectors.renja_list()
    serializer_class = serializers.RenjaSerializer
    filterset_class = filters.RenjaFilterSet


class RenjaProgramViewSet(ItemViewSet):
    resource = "renja"
    queryset = selectors.renja_program_list()
    serializer_class = serializers.RenjaProgramSerializer
    filterset_class = filters.RenjaProgramFilterSet


class RenjaKegiatanViewSet(ItemViewSet):
    resource = "renja"
    queryset = selectors.renja_kegiatan_list()
    serializer_class = serializers.RenjaKegiatanSerializer
    filterset_class = filters.RenjaKegiatanFilterSet


class RenjaSubKegiatanViewSet(ItemViewSet):
    resource = "renja"
    queryset = selectors.renja_sub_kegiatan_list()
    serializer_class = serializers.RenjaSubKegiatanSerializer
    filterset_class = filters.RenjaSubKegiatanFilterSet

    @extend_schema(responses=serializers.TraceNodeSerializer(many=True))
    # Not named `trace`: Django would dispatch the HTTP TRACE method to it.
    @action(detail=True, methods=["get"], url_path="trace", pagination_class=None, filterset_class=None)
    def trace_up(self, request: Request, pk: str) -> Response:
        """The chain from this sub kegiatan up to the RPJMD visi: sub kegiatan → … → sasaran → tujuan → misi → visi."""
        chain = selectors.sub_kegiatan_trace(sub_kegiatan=self.get_object())
        return Response(serializers.TraceNodeSerializer(chain, many=True).data)


class IndikatorViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    resource = "indikator"
    queryset = selectors.indikator_list()
    serializer_class = serializers.IndikatorSerializer
    filterset_class = filters.IndikatorFilterSet

    create_service = update_service = services.indikator_save
    delete_service = services.indikator_delete


class UsulanViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    resource = "usulan"
    queryset = selectors.usulan_list()
    serializer_class = serializers.UsulanSerializer
    filterset_class = filters.UsulanFilterSet

    create_service = update_service = services.usulan_save
    delete_service = services.usulan_delete

    @extend_schema(request=serializers.UsulanReviewInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def review(self, request: Request, pk: str) -> Response:
        """Accept, reject (with reason) or merge a proposal at one level; an accepted one may name its Renja row."""
        body = serializers.UsulanReviewInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        usulan = services.usulan_review(user=request.user, usulan=self.get_object(), **body.validated_data)
        return Response(self.get_serializer(selectors.usulan_list().get(pk=usulan.pk)).data)

    @extend_schema(
        request=serializers.UsulanBulkReviewInputSerializer,
        responses={
            200: serializers.UsulanSerializer(many=True),
            400: serializers.UsulanBulkRejectedSerializer,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="review-bulk",
        permission_classes=[permissions.IsAuthenticated],
        pagination_class=None,  # the reviewed proposals, not a page of them
    )
    def review_bulk(self, request: Request) -> Response:
        """Accept or reject many proposals at one level, all or none; a refused one lists every refusal."""
        body = serializers.UsulanBulkReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            reviewed = services.usulan_review_bulk(user=cast(User, request.user), **body.validated_data)
        except services.UsulanBulkRejected as exc:
            return Response(
                {"detail": str(exc), "code": "bulk_rejected", "errors": exc.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        rows = selectors.usulan_list().filter(pk__in=[row.pk for row in reviewed])
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(responses=serializers.UsulanPengusulSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def pengusul(self, request: Request) -> Response:
        """The proposers (desa, kecamatan, DPRD members) with how many proposals each, for the list's filter."""
        queryset = self.filter_queryset(self.get_queryset())
        return Response(
            serializers.UsulanPengusulSerializer(selectors.usulan_pengusul(queryset), many=True).data
        )


def _pemda_for(request: Request) -> Pemda:
    """The caller's pemda; the platform operator names one with `?pemda=`."""
    if is_platform_operator(request.user):
        raw = request.query_params.get("pemda", "")
        # ASCII digits only and within bigint: `abc`, `%00` or a 30-digit id is a 400, not a database error
        pk = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
        pemda = Pemda.objects.filter(pk=pk).first() if pk else None
        if pemda is None:
            raise ValidationError({"pemda": "Operator platform wajib memilih pemda (?pemda=id)."})
        return pemda
    return request.user.pemda


def _opd_filter(request: Request, asked: int | None) -> int | None:
    """OPD roles only ever see their own OPD's part of the cascade."""
    user = request.user
    return user.perangkat_daerah.opd_id if user.is_opd_scoped else asked


QUERY = [
    OpenApiParameter("tahun", OpenApiTypes.INT, required=True, description="budget year"),
    OpenApiParameter("perangkat_daerah", OpenApiTypes.INT, description="only this OPD's programs"),
]


class CascadeView(APIView):
    resource = "rpjmd"

    @extend_schema(parameters=QUERY, responses=serializers.CascadeSerializer)
    def get(self, request: Request) -> Response:
        """Pohon kinerja: visi → misi → tujuan → sasaran → program → kegiatan → sub kegiatan, with indicators,
        the year's targets and pagu at every node (a parent's pagu is the sum of its children)."""
        query = serializers.CascadeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cascade = selectors.cascade_tree(
            pemda=_pemda_for(request),
            tahun=query.validated_data["tahun"],
            perangkat_daerah_id=_opd_filter(request, query.validated_data.get("perangkat_daerah")),
        )
        return Response(serializers.CascadeSerializer(cascade).data)


class PlanCheckView(APIView):
    resource = "rpjmd"

    @extend_schema(parameters=QUERY, responses=serializers.PlanCheckSerializer)
    def get(self, request: Request) -> Response:
        """Cascade checks for a year (DESIGN.md section 6, checks 1–2), each issue with a stable code and its row."""
        query = serializers.CascadeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tahun = query.validated_data["tahun"]
        issues = selectors.plan_checks(
            pemda=_pemda_for(request),
            tahun=tahun,
            perangkat_daerah_id=_opd_filter(request, query.validated_data.get("perangkat_daerah")),
        )
        return Response(
            serializers.PlanCheckSerializer({"tahun": tahun, "count": len(issues), "issues": issues}).data
        )
