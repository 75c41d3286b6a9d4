from django.db.models import Case, Count, When
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.tabular import alias_table
from organisation.viewsets import ScopedViewSetMixin
from reference import selectors
from reference.filters import (
    AkunFilterSet,
    CodeMappingFilterSet,
    NomenklaturFilterSet,
    ReferenceVersionFilterSet,
    SumberDanaFilterSet,
)
from reference.importers import reference_import
from reference.importers.columns import HEADER_NAMES
from reference.serializers import (
    AkunSerializer,
    CodeMappingSerializer,
    ImportRejectedSerializer,
    NomenklaturSerializer,
    ReferenceImportResultSerializer,
    ReferenceImportSerializer,
    ReferenceVersionSerializer,
    SumberDanaSerializer,
)

IMPORT_DESCRIPTION = f"""Import an official list; a bad file imports nothing and lists every bad row (header problems
with them). The header row may sit below a title block; names are matched after lower-casing and turning every run
of other characters into `_`, and a `(…)` or `/…` qualifier may follow. A flat export without an urusan column takes
the urusan from Permendagri 90/2019; `kode_lama` becomes code mappings old → new.

{alias_table(HEADER_NAMES)}
"""


class ReferenceVersionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    resource = "reference"
    queryset = selectors.reference_version_list()
    serializer_class = ReferenceVersionSerializer
    filterset_class = ReferenceVersionFilterSet

    @extend_schema(
        description=IMPORT_DESCRIPTION,
        request={"multipart/form-data": ReferenceImportSerializer},
        responses={201: ReferenceImportResultSerializer, 400: ImportRejectedSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import an official list; a bad file imports nothing and lists every bad row."""
        serializer = ReferenceImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.pop("file")
        result = reference_import(file=upload, filename=upload.name, **data)
        return Response(ReferenceImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class CodeNodeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    resource = "reference"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # Aggregates drop Meta.ordering; generic codes (the `X.XX` penunjang) sort after the numbered ones.
        generic_last = Case(When(kode__startswith="X", then=1), default=0)
        return (
            super()
            .get_queryset()
            .annotate(child_count=Count("children"))
            .order_by("version", generic_last, "kode")
        )


class NomenklaturViewSet(CodeNodeViewSet):
    queryset = selectors.nomenklatur_list()
    serializer_class = NomenklaturSerializer
    filterset_class = NomenklaturFilterSet


class AkunViewSet(CodeNodeViewSet):
    queryset = selectors.akun_list()
    serializer_class = AkunSerializer
    filterset_class = AkunFilterSet


class SumberDanaViewSet(CodeNodeViewSet):
    queryset = selectors.sumber_dana_list()
    serializer_class = SumberDanaSerializer
    filterset_class = SumberDanaFilterSet


class CodeMappingViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    resource = "reference"
    queryset = selectors.code_mapping_list()
    serializer_class = CodeMappingSerializer
    filterset_class = CodeMappingFilterSet
