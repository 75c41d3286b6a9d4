"""The budgeting imports that run as background jobs (`organisation.jobs`): SIPD rincian and realization."""

import io
from typing import Any

from budgeting.importers import realisasi_import, sipd_import
from budgeting.models import Anggaran
from budgeting.serializers import RealisasiImportResultSerializer, SipdImportResultSerializer
from organisation.models import ImportJob


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
