"""Background imports: a big upload is stored as an `ImportJob` and run by a worker (`manage.py db_worker`, from
django-tasks), so no web worker is held by it.

Each app registers its importers by kind (`register`, in its `AppConfig.ready`); a runner takes the job and returns
the JSON of the import's result. A rejected file ends the job `rejected` with the same body the synchronous endpoint
answers with (every bad row); a refusal (rights, a lock) ends it `failed` with its message. The job is the pemda's,
and an OPD user's jobs are their OPD's (scoped like any row).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from config.errors import Conflict
from config.tabular import ImportRejected, import_rejected_body
from organisation.models import ImportJob, JobStatus, User

logger = logging.getLogger(__name__)

Runner = Callable[[ImportJob], dict[str, Any]]
RUNNERS: dict[str, Runner] = {}


def register(kind: str, runner: Runner) -> None:
    RUNNERS[kind] = runner


def wants_background(*, upload: UploadedFile, asked: bool) -> bool:
    """In the background when the caller asks for it or the file is above `IMPORT_BACKGROUND_BYTES`."""
    return asked or (upload.size or 0) > settings.IMPORT_BACKGROUND_BYTES


@transaction.atomic
def import_job_submit(*, user: User, kind: str, upload: UploadedFile, params: dict[str, Any]) -> ImportJob:
    """Store the upload and queue its import; the queue row commits with the job."""
    if kind not in RUNNERS:
        raise ValidationError(f"Jenis impor {kind!r} tidak dikenal.", code="invalid")
    if user.pemda_id is None:
        raise ValidationError("Pengguna tanpa pemda tidak dapat mengimpor.", code="no_pemda")
    job = ImportJob.objects.create(
        pemda_id=user.pemda_id,
        perangkat_daerah_id=user.perangkat_daerah_id,
        created_by=user,
        kind=kind,
        params=params,
        filename=upload.name or "berkas",
        content=upload.read(),
    )
    import_job_run.enqueue(job_id=job.pk)
    return job


@task()
def import_job_run(job_id: int) -> str:
    """Run one queued job to its end; the outcome is on the job, never raised to the worker."""
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    status, result, detail = JobStatus.DONE, None, ""
    try:
        with transaction.atomic():
            result = RUNNERS[job.kind](job)
    except ImportRejected as rejected:
        status, result, detail = JobStatus.REJECTED, import_rejected_body(rejected), str(rejected)
    except (ValidationError, PermissionDenied, Conflict) as refused:
        status, detail = JobStatus.FAILED, getattr(refused, "message", None) or "; ".join(_messages(refused))
    except Exception:  # the job must end, whatever the importer did
        logger.exception("import job %s failed", job.pk)
        status, detail = JobStatus.FAILED, "Impor gagal karena kesalahan sistem; hubungi administrator."
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, result=result, detail=detail[:2000], finished_at=timezone.now(), content=b""
    )
    return status


def _messages(error: Exception) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])
