"""Report endpoints: `/api/reports/<name>/?tahun=&bulan=|triwulan=&tahap=&perangkat_daerah=&level=&format=`.

One read-only viewset; each action validates its query, asks `reporting.selectors` for the rows and answers JSON,
an xlsx workbook or CSV. The queryset (budget documents) is scoped to the caller, so the stage a report reads is
always one the caller may see.
"""

from dataclasses import asdict
from decimal import Decimal
from typing import Any, cast

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from budgeting import selectors as budgeting_selectors
from budgeting.importers import sipd_totals
from organisation.models import PerangkatDaerah, User
from organisation.viewsets import ScopedViewSetMixin
from reference.serializers import ImportRejectedSerializer
from reporting import excel, selectors
from reporting.reconciliation import reconciliation
from reporting.serializers import (
    AnggaranKasQuerySerializer,
    AnggaranKasReportSerializer,
    AnomalyQuerySerializer,
    AnomalyReportSerializer,
    CapaianReportSerializer,
    ComparisonQuerySerializer,
    ComparisonReportSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    EvaluasiQuerySerializer,
    EvaluasiReportSerializer,
    LraReportSerializer,
    ReconciliationQuerySerializer,
    ReconciliationReportSerializer,
    ReportQuerySerializer,
    RfkQuerySerializer,
    RfkReportSerializer,
    RincianQuerySerializer,
    RincianReportSerializer,
    SipdReconciliationSerializer,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _responses(serializer: type) -> dict:
    return {
        (200, "application/json"): serializer,
        (200, XLSX): OpenApiTypes.BINARY,
        (200, "text/csv"): OpenApiTypes.STR,
    }


class JsonOnlyNegotiation(BaseContentNegotiation):
    """`format` is a report parameter here (json / xlsx / csv), not DRF's renderer override."""

    def select_parser(self, request: Request, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list, format_suffix: str | None = None) -> tuple:
        renderer = renderers[0]
        return renderer, renderer.media_type


def _file(content: bytes, *, name: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _header(scope: selectors.ReportScope) -> dict[str, Any]:
    return {
        "pemda": scope.pemda.nama,
        "tahun": scope.tahun,
        "bulan": scope.bulan,
        "triwulan": scope.triwulan,
        "periode": scope.periode,
        "tahap": scope.anggaran,
        "perangkat_daerah": scope.opd.pk if scope.opd else None,
        "perangkat_daerah_nama": scope.opd.nama if scope.opd else None,
        "level": scope.level,
        "sumber_dana": scope.sumber_dana.kode if scope.sumber_dana else None,
        "sumber_dana_nama": scope.sumber_dana.nama if scope.sumber_dana else None,
    }


def _title(report: str, scope: selectors.ReportScope) -> list[str]:
    return [
        report.upper(),
        scope.pemda.nama.upper(),
        f"Tahun Anggaran {scope.tahun} — {scope.anggaran}",
        f"Periode {scope.periode}",
        f"Perangkat Daerah: {scope.opd.nama if scope.opd else 'Seluruh Perangkat Daerah'}",
        *([f"Sumber Dana: {scope.sumber_dana.kode} {scope.sumber_dana.nama}"] if scope.sumber_dana else []),
    ]


def _signature(scope: selectors.ReportScope, opd: PerangkatDaerah | None = None) -> list[str]:
    opd = opd or scope.opd
    jabatan = f"Kepala {opd.nama}" if opd else "Kepala Badan Pengelolaan Keuangan dan Aset Daerah"
    tanggal = timezone.localdate().strftime("%d-%m-%Y")
    return [
        f"{scope.pemda.nama}, {tanggal}",
        jabatan,
        "",
        "",
        "(............................................)",
        "NIP. ",
    ]


def _evaluasi_signature(scope: selectors.EvaluasiScope) -> list[str]:
    jabatan = f"Kepala {scope.opd.nama}" if scope.opd else "Kepala Badan Perencanaan Pembangunan Daerah"
    tanggal = timezone.localdate().strftime("%d-%m-%Y")
    return [
        f"{scope.pemda.nama}, {tanggal}",
        jabatan,
        "",
        "",
        "(............................................)",
        "NIP. ",
    ]


def _evaluasi_body(scope: selectors.EvaluasiScope, report: selectors.EvaluasiReport) -> dict[str, Any]:
    header = {
        "pemda": scope.pemda.nama,
        "tahun": scope.tahun,
        "triwulan": scope.triwulan,
        "periode": scope.periode,
        "tahun_awal": scope.tahun_awal,
        "tahun_akhir": scope.tahun_akhir,
        "tahap": scope.anggaran,
        "perangkat_daerah": scope.opd.pk if scope.opd else None,
        "perangkat_daerah_nama": scope.opd.nama if scope.opd else None,
    }
    return {"header": header, "rows": report.rows, "total": report.total, "footer": report.footer}


def _evaluasi_renja_xlsx(scope: selectors.EvaluasiScope, report: selectors.EvaluasiReport) -> bytes:
    """The Renja form, one sheet per OPD of the rows (one empty sheet when there is none)."""
    by_opd: dict[int, list[dict[str, Any]]] = {}
    for row in report.rows:
        by_opd.setdefault(row["perangkat_daerah"], []).append(row)
    if not by_opd:
        by_opd = {scope.opd.pk if scope.opd else 0: []}
    sheets = []
    for opd_id, rows in by_opd.items():
        total, footer = report.per_opd.get(opd_id, (report.total, report.footer))
        opd = scope.opd if scope.opd and scope.opd.pk == opd_id else None
        nama = rows[0]["perangkat_daerah_nama"] if rows else (opd.nama if opd else "Seluruh Perangkat Daerah")
        kode = rows[0]["perangkat_daerah_kode"] if rows else ""
        title = [
            "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
            scope.pemda.nama.upper(),
            f"Renja Perangkat Daerah: {nama}",
            f"Periode pelaksanaan: {scope.periode}",
            f"Periode Renstra {scope.tahun_awal}–{scope.tahun_akhir}",
        ]
        jabatan = f"Kepala {nama}" if rows or opd else "Kepala Badan Perencanaan Pembangunan Daerah"
        signature = [*_evaluasi_signature(scope)[:1], jabatan, *_evaluasi_signature(scope)[2:]]
        sheets.append(
            excel.EvaluasiSheet(
                sheet=kode or "Evaluasi Renja",
                title=title,
                rows=rows,
                total=total,
                footer=footer,
                signature=signature,
            )
        )
    return excel.evaluasi_renja_workbook(sheets)


class ReportViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """The reports of DESIGN.md section 7, read-only, scoped like the data they are computed from."""

    resource = "report"
    read_actions = frozenset({"rekonsiliasi_sipd"})  # the export is compared, not stored
    queryset = budgeting_selectors.anggaran_list()
    content_negotiation_class = JsonOnlyNegotiation
    pagination_class = None
    filter_backends: list = []

    def _scope(self, query: serializers.Serializer) -> selectors.ReportScope:
        query.is_valid(raise_exception=True)
        params = query.validated_data
        return selectors.report_scope(
            user=self.request.user,
            **{
                name: params.get(name)
                for name in (
                    "tahun",
                    "bulan",
                    "triwulan",
                    "tahap",
                    "perangkat_daerah",
                    "level",
                    "sumber_dana",
                )
            },
        )

    @extend_schema(parameters=[RfkQuerySerializer], responses=_responses(RfkReportSerializer))
    @action(detail=False, methods=["get"])
    def rfk(self, request: Request) -> Response | HttpResponse:
        """Realisasi fisik dan keuangan (RFK) s.d. bulan: OPD → urusan → … → `level` (default `sub_kegiatan`
        for one OPD, `opd` — one row per OPD — for the pemda); `triwulan` for the quarterly variant."""
        query = RfkQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        report = selectors.report_rfk(scope=scope, rak_bulanan=query.validated_data["rak_bulanan"])
        name = f"rfk-{scope.tahun}-{scope.bulan:02d}"
        fmt = query.validated_data["format"]
        if fmt == "xlsx":
            content = excel.rfk_workbook(
                title=_title("Laporan Realisasi Fisik dan Keuangan", scope),
                rows=report.rows,
                total=report.total,
                leaf_depth=len(report.levels) - 1,
                signature=_signature(scope),
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            leaves = [{**row, **row["path"]} for row in report.rows if row["depth"] == len(report.levels) - 1]
            columns = [excel.Column(f"kode_{level}", f"kode_{level}") for level in report.levels] + [
                column for column in excel.RFK_COLUMNS if column.key != "kode"
            ]
            return _file(excel.csv_bytes(columns, leaves), name=f"{name}.csv", media_type="text/csv")
        body = {"header": _header(scope), "rows": report.rows, "total": report.total, "series": report.series}
        return Response(RfkReportSerializer(body).data)

    @extend_schema(parameters=[ReportQuerySerializer], responses=_responses(LraReportSerializer))
    @action(detail=False, methods=["get"])
    def lra(self, request: Request) -> Response | HttpResponse:
        """Laporan Realisasi Anggaran s.d. bulan: pendapatan, belanja, surplus/(defisit), pembiayaan, SiLPA, with
        the previous year's realization when that year is in Pagu."""
        query = ReportQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        report = selectors.report_lra(scope=scope)
        name = f"lra-{scope.tahun}-{scope.bulan:02d}"
        fmt = query.validated_data["format"]
        if fmt == "xlsx":
            content = excel.lra_workbook(
                title=_title("Laporan Realisasi Anggaran", scope),
                rows=report.rows,
                signature=_signature(scope),
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            columns = [
                excel.Column("kode", "kode"), excel.Column("uraian", "uraian"),
                excel.Column("anggaran", "anggaran", "money"), excel.Column("realisasi", "realisasi", "money"),
                excel.Column("persen", "persen", "percent"),
                excel.Column("realisasi_tahun_lalu", "realisasi_tahun_lalu", "money"),
            ]  # fmt: skip
            return _file(excel.csv_bytes(columns, report.rows), name=f"{name}.csv", media_type="text/csv")
        return Response(LraReportSerializer({"header": _header(scope), "rows": report.rows}).data)

    @extend_schema(parameters=[ReportQuerySerializer], responses=_responses(CapaianReportSerializer))
    @action(detail=False, methods=["get"])
    def capaian(self, request: Request) -> Response | HttpResponse:
        """Capaian indikator for the year: RPJMD tujuan / sasaran (IKU) and program outcomes, with predikat."""
        query = ReportQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        rows = selectors.report_capaian(scope=scope)
        name = f"capaian-{scope.tahun}"
        fmt = query.validated_data["format"]
        if fmt == "xlsx":
            content = excel.capaian_workbook(
                title=_title("Capaian Indikator Kinerja", scope), rows=rows, signature=_signature(scope)
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            columns = [
                excel.Column(key, key, kind)
                for key, kind in (
                    ("indikator", "number"), ("jenis", "text"), ("nama", "text"), ("satuan", "text"),
                    ("aturan", "text"), ("baseline", "number"), ("target", "number"), ("realisasi", "number"),
                    ("capaian", "percent"), ("predikat", "text"),
                )
            ]  # fmt: skip
            return _file(excel.csv_bytes(columns, rows), name=f"{name}.csv", media_type="text/csv")
        return Response(CapaianReportSerializer({"header": _header(scope), "rows": rows}).data)

    @extend_schema(parameters=[EvaluasiQuerySerializer], responses=_responses(EvaluasiReportSerializer))
    @action(detail=False, methods=["get"], url_path="evaluasi-rkpd")
    def evaluasi_rkpd(self, request: Request) -> Response | HttpResponse:
        """Evaluasi hasil RKPD (Permendagri 86/2017) s.d. triwulan: program → kegiatan → sub kegiatan of the
        year's Renja per OPD with their indicators, columns 1–16 as K / Rp pairs, and the footer."""
        query = EvaluasiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        scope = selectors.evaluasi_scope(
            user=cast(User, request.user),
            tahun=params.get("tahun"),
            triwulan=params.get("triwulan"),
            perangkat_daerah=params.get("perangkat_daerah"),
        )
        report = selectors.report_evaluasi(scope=scope)
        name = f"evaluasi-rkpd-{scope.tahun}-tw{scope.triwulan}"
        opd_name = scope.opd.nama if scope.opd else "Seluruh Perangkat Daerah"
        if params["format"] == "xlsx":
            title = [
                "EVALUASI TERHADAP HASIL RKPD",
                scope.pemda.nama.upper(),
                f"Tahun {scope.tahun} — {scope.periode}",
                f"Periode RPJMD {scope.tahun_awal}–{scope.tahun_akhir}",
                f"Perangkat Daerah: {opd_name}",
            ]
            content = excel.evaluasi_workbook(
                title=title,
                rows=report.rows,
                total=report.total,
                footer=report.footer,
                signature=_evaluasi_signature(scope),
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if params["format"] == "csv":
            printed, _ = excel.evaluasi_rows(report.rows)
            return _file(
                excel.csv_bytes(excel.EVALUASI_COLUMNS, printed), name=f"{name}.csv", media_type="text/csv"
            )
        return Response(EvaluasiReportSerializer(_evaluasi_body(scope, report)).data)

    @extend_schema(parameters=[EvaluasiQuerySerializer], responses=_responses(EvaluasiReportSerializer))
    @action(detail=False, methods=["get"], url_path="evaluasi-renja")
    def evaluasi_renja(self, request: Request) -> Response | HttpResponse:
        """Evaluasi hasil Renja Perangkat Daerah (Permendagri 86/2017) s.d. triwulan: the year's Renja per OPD
        against the OPD's Renstra (columns 1–17 as K / Rp pairs, the footer); the workbook has a sheet per OPD.
        An OPD the caller may not see is a 404."""
        query = EvaluasiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        scope = selectors.evaluasi_scope(
            user=cast(User, request.user),
            tahun=params.get("tahun"),
            triwulan=params.get("triwulan"),
            perangkat_daerah=params.get("perangkat_daerah"),
            dokumen="renja",
        )
        report = selectors.report_evaluasi(scope=scope)
        name = f"evaluasi-renja-{scope.tahun}-tw{scope.triwulan}"
        if params["format"] == "xlsx":
            return _file(_evaluasi_renja_xlsx(scope, report), name=f"{name}.xlsx", media_type=XLSX)
        if params["format"] == "csv":
            printed, _ = excel.evaluasi_rows(report.rows)
            return _file(
                excel.csv_bytes(excel.EVALUASI_RENJA_COLUMNS, printed),
                name=f"{name}.csv",
                media_type="text/csv",
            )
        return Response(EvaluasiReportSerializer(_evaluasi_body(scope, report)).data)

    @extend_schema(parameters=[ComparisonQuerySerializer], responses=_responses(ComparisonReportSerializer))
    @action(detail=False, methods=["get"])
    def perbandingan(self, request: Request) -> Response | HttpResponse:
        """Stage comparison: `tahap` (sesudah, default the stage in force) against `dengan` (sebelum, default the
        stage it was copied from), per sub kegiatan × akun or per line."""
        query = ComparisonQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        report = selectors.report_comparison(
            scope=scope,
            user=request.user,
            dengan=query.validated_data.get("dengan"),
            grain=query.validated_data["grain"],
        )
        name = f"perbandingan-{report.sebelum.pk}-{scope.anggaran.pk}"
        fmt = query.validated_data["format"]
        if fmt == "xlsx":
            title = _title(f"Perbandingan {report.sebelum} dan {scope.anggaran}", scope)
            content = excel.comparison_workbook(
                title=title, rows=report.rows, totals=report.totals, signature=_signature(scope)
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            columns = [*excel.COMPARISON_COLUMNS]
            return _file(excel.csv_bytes(columns, report.rows), name=f"{name}.csv", media_type="text/csv")
        body = {
            "header": _header(scope),
            "sebelum": report.sebelum,
            "rows": report.rows,
            "totals": report.totals,
            "counts": report.counts,
        }
        return Response(ComparisonReportSerializer(body).data)

    @extend_schema(parameters=[AnomalyQuerySerializer], responses=_responses(AnomalyReportSerializer))
    @action(detail=False, methods=["get"])
    def anomali(self, request: Request) -> Response | HttpResponse:
        """Budget-line anomalies of a stage (default the one in force), highest score first, each with its rules'
        reasons and the stage it first appeared in; `limit` lines (the workbook and CSV hold them all)."""
        query = AnomalyQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        fmt = query.validated_data["format"]
        report = selectors.report_anomalies(
            scope=scope, limit=None if fmt != "json" else query.validated_data["limit"]
        )
        name = f"anomali-{scope.anggaran.pk}"
        if fmt == "xlsx":
            content = excel.anomaly_workbook(
                title=_title("Anomali Rincian Belanja", scope), rows=report.rows, signature=_signature(scope)
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            rows = excel.anomaly_rows(report.rows)
            return _file(
                excel.csv_bytes(excel.ANOMALY_COLUMNS, rows), name=f"{name}.csv", media_type="text/csv"
            )
        body = {"header": _header(scope), "jumlah": report.jumlah, "rows": report.rows}
        return Response(AnomalyReportSerializer(body).data)

    @extend_schema(
        parameters=[RincianQuerySerializer],
        responses={(200, "application/json"): RincianReportSerializer, (200, XLSX): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"])
    def rincian(self, request: Request) -> Response | HttpResponse:
        """Rincian belanja of one sub kegiatan (Permendagri 77/2020): RKA-SKPD, DPA-SKPD (with the monthly
        anggaran kas) or DPPA-SKPD (sebelum / sesudah / bertambah (berkurang)) by the stage. 404 for a sub
        kegiatan the caller cannot see in the stage."""
        query = RincianQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        report = selectors.report_rincian(
            scope=scope,
            user=cast(User, request.user),
            sub_kegiatan_kode=query.validated_data["sub_kegiatan"],
            dengan=query.validated_data.get("dengan"),
        )
        body = {
            "header": {
                **_header(scope),
                "perangkat_daerah": report.opd.pk,
                "perangkat_daerah_nama": report.opd.nama,
            },
            "dokumen": report.dokumen,
            "sebelum": report.sebelum,
            "sub_kegiatan": report.sub_kegiatan,
            "indikator": report.indikator,
            "rows": report.rows,
            "total": report.total,
            "anggaran_kas": report.anggaran_kas,
        }
        if query.validated_data["format"] == "xlsx":
            kode = report.sub_kegiatan["sub_kegiatan"]["kode"]
            title = [
                f"RINCIAN {report.dokumen} — RINCIAN BELANJA",
                scope.pemda.nama.upper(),
                f"Tahun Anggaran {scope.tahun} — {scope.anggaran}"
                + (f" (dibandingkan dengan {report.sebelum})" if report.sebelum else ""),
            ]
            content = excel.rincian_workbook(
                title=title, report=body, tahun=scope.tahun, signature=_signature(scope, report.opd)
            )
            name = f"rincian-{report.dokumen.lower()}-{scope.anggaran.pk}-{kode}.xlsx"
            return _file(content, name=name, media_type=XLSX)
        return Response(RincianReportSerializer(body).data)

    @extend_schema(parameters=[AnggaranKasQuerySerializer], responses=_responses(AnggaranKasReportSerializer))
    @action(detail=False, methods=["get"], url_path="anggaran-kas")
    def anggaran_kas(self, request: Request) -> Response | HttpResponse:
        """Anggaran kas (rencana penarikan dana) of an execution stage per OPD × sub kegiatan × akun: months
        1–12, their total against the DPA amount (unbalanced rows flagged), subtotals per sub kegiatan and OPD."""
        query = AnggaranKasQuerySerializer(data=request.query_params)
        scope = self._scope(query)
        report = selectors.report_anggaran_kas(scope=scope)
        name = f"anggaran-kas-{scope.anggaran.pk}"
        fmt = query.validated_data["format"]
        if fmt == "xlsx":
            content = excel.anggaran_kas_workbook(
                title=_title("Anggaran Kas (Rencana Penarikan Dana)", scope),
                rows=report.rows,
                total=report.total,
                signature=_signature(scope),
            )
            return _file(content, name=f"{name}.xlsx", media_type=XLSX)
        if fmt == "csv":
            leaves = excel.anggaran_kas_rows([row for row in report.rows if row["level"] == "akun"])
            return _file(
                excel.csv_bytes(excel.ANGGARAN_KAS_CSV_COLUMNS, leaves),
                name=f"{name}.csv",
                media_type="text/csv",
            )
        body = {"header": _header(scope), "rows": report.rows, "total": report.total}
        return Response(AnggaranKasReportSerializer(body).data)

    @extend_schema(
        parameters=[ReconciliationQuerySerializer], responses=_responses(ReconciliationReportSerializer)
    )
    @action(detail=False, methods=["get"])
    def rekonsiliasi(self, request: Request) -> Response | HttpResponse:
        """Reconciliation of a stage (default the one in force): each check with its status, count and the first
        offending rows; the workbook has a summary sheet and one sheet per check."""
        return self._reconciliation(ReconciliationQuerySerializer(data=request.query_params))

    @extend_schema(
        request={"multipart/form-data": SipdReconciliationSerializer},
        responses={**_responses(ReconciliationReportSerializer), 400: ImportRejectedSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        url_path="rekonsiliasi-sipd",
    )
    def rekonsiliasi_sipd(self, request: Request) -> Response | HttpResponse:
        """The reconciliation with check 10: a SIPD rincian export's totals per OPD × sub kegiatan × akun against
        the stage's. The file is read, checked like an import (a bad row: 400 listing every one) and not stored."""
        return self._reconciliation(SipdReconciliationSerializer(data=request.data))

    def _reconciliation(self, query: ReconciliationQuerySerializer) -> Response | HttpResponse:
        scope = self._scope(query)
        upload = query.validated_data.get("file")
        sipd = (
            None
            if upload is None
            else sipd_totals(anggaran=scope.anggaran, file=upload, filename=upload.name)
        )
        user = cast(User, self.request.user)
        checks = [_plain(asdict(check)) for check in reconciliation(scope=scope, user=user, sipd=sipd)]
        if query.validated_data["format"] == "xlsx":
            content = excel.reconciliation_workbook(title=_title("Rekonsiliasi", scope), checks=checks)
            return _file(content, name=f"rekonsiliasi-{scope.anggaran.pk}.xlsx", media_type=XLSX)
        return Response(ReconciliationReportSerializer({"header": _header(scope), "checks": checks}).data)


# the mixin's `request: Request` against Django's `View.request` (every viewset meets it; see the mypy baseline)
class DashboardViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    """The leader dashboard, `/api/dashboard/?tahun=&bulan=&tahap=`: read-only, scoped like the reports."""

    resource = "report"
    queryset = budgeting_selectors.anggaran_list()
    pagination_class = None
    filter_backends: list = []

    @extend_schema(parameters=[DashboardQuerySerializer], responses=DashboardSerializer)
    def retrieve(self, request: Request) -> Response:
        """The figures of the leader dashboard s.d. bulan for the caller's scope (the pemda, or an OPD user's
        own OPD): RFK total, absorption curve, OPD ranking, capaian per predikat, largest deviations and open
        problems."""
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        scope = selectors.report_scope(
            user=cast(User, request.user),  # RolePermission lets only signed-in users in
            tahun=params.get("tahun"),
            bulan=params.get("bulan"),
            triwulan=None,
            tahap=params.get("tahap"),
            perangkat_daerah=None,
            level="opd",
        )
        report = selectors.report_dashboard(scope=scope)
        body = {"header": _header(scope), **asdict(report)}
        return Response(DashboardSerializer(body).data)


def _plain(check: dict[str, Any]) -> dict[str, Any]:
    """Money in rows as decimal strings (JSON numbers would be floats)."""
    check["rows"] = [
        {key: format(value, "f") if isinstance(value, Decimal) else value for key, value in row.items()}
        for row in check["rows"]
    ]
    return check
