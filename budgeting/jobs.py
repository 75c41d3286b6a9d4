"""The budgeting imports that run as background jobs (`organisation.jobs`): SIPD rincian, the rincian sheet of
one sub kegiatan, and realization."""

import io
from typing import Any

from budgeting.importers import realisasi_import, rincian_import, sipd_import
from budgeting.models import Anggaran
from budgeting.serializers import (
    RealisasiImportResultSerializer,
    RincianImportResultSerializer,
    SipdImportResultSerializer,
)
from organisation.models import ImportJob, PerangkatDaerah
from reference.models import Nomenklatur


def _anggaran(job: ImportJob) -> Anggaran:
    return Anggaran.objects.get(pk=job.params["anggaran"], pemda_id=job.pemda_id)


def run_sipd(job: ImportJob) -> dict[str, Any]:
    result = sipd_import(
        user=job.created_by,
        anggaran=_anggaran(job),
        file=io.BytesIO(bytes(job.content)),
        filename=job.filename,
        replace=job.params.get("replace", True),
    )
    return dict(SipdImportResultSerializer(result).data)


def run_realisasi(job: ImportJob) -> dict[str, Any]:
    result = realisasi_import(
        user=job.created_by,
        anggaran=_anggaran(job),
        file=io.BytesIO(bytes(job.content)),
        filename=job.filename,
    )
    return dict(RealisasiImportResultSerializer(result).data)


def run_rincian(job: ImportJob) -> dict[str, Any]:
    result = rincian_import(
        user=job.created_by,
        anggaran=_anggaran(job),
        perangkat_daerah=PerangkatDaerah.objects.get(
            pk=job.params["perangkat_daerah"], pemda_id=job.pemda_id
        ),
        sub_kegiatan=Nomenklatur.objects.get(pk=job.params["sub_kegiatan"]),
        file=io.BytesIO(bytes(job.content)),
        filename=job.filename,
        mode=job.params.get("mode", "replace"),
    )
    return dict(RincianImportResultSerializer(result).data)
