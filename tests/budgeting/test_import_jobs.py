"""Big imports run as background jobs: the endpoint answers 202 with the job, a worker runs it, the job tells the
outcome the synchronous endpoint would have answered (the result, or every bad row)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from budgeting.models import Realisasi, Tahap
from budgeting.services import anggaran_close, anggaran_copy_to_next, budget_line_create
from organisation.jobs import import_job_run
from organisation.models import ImportJob, JobStatus, Role
from tests.budgeting.factories import TAHUN, AnggaranFactory
from tests.budgeting.test_realisasi_import import export


@pytest.fixture
def dpa(pemda, finance, line_fields):
    """A DPA with one ATK line of Rp 550,000."""
    apbd = AnggaranFactory(pemda=pemda, tahap=Tahap.APBD)
    budget_line_create(user=finance, anggaran=apbd, **line_fields())
    anggaran_close(user=finance, anggaran=apbd)
    return anggaran_copy_to_next(user=finance, anggaran=apbd)


def post(client, dpa, content: bytes, **fields):
    file = SimpleUploadedFile("realisasi.csv", content, content_type="text/csv")
    return client.post(
        "/api/realisasi/import/", {"file": file, "anggaran": dpa.pk, **fields}, format="multipart"
    )


def test_an_import_asked_for_in_the_background_is_queued_then_run_by_the_worker(
    dpa, finance, ref, client_for
):
    # when: the finance officer sends the file as a background job
    client = client_for(finance)
    queued = post(client, dpa, export(ref), background="true")

    # then: 202 with the queued job, nothing posted yet
    assert queued.status_code == 202, queued.content
    job = queued.json()
    assert job["status"] == "queued"
    assert not Realisasi.objects.exists()

    # and once the task has run, the job holds the import's answer and the entry is posted
    import_job_run.call(job_id=job["id"])
    done = client.get(f"/api/jobs/{job['id']}/").json()
    assert done["status"] == "done", done
    assert done["result"] == {"created": 1, "total": "100000.00", "flagged": 0}
    assert Realisasi.objects.get().jumlah == 100_000
    assert ImportJob.objects.get().content == b""  # the file is not kept once imported


def test_a_bad_file_in_the_background_ends_rejected_with_every_bad_row(dpa, finance, ref, client_for):
    # given: a file whose one row has no date
    bad = export(ref).replace(f"{TAHUN}-03-01".encode(), b"")
    job = post(client_for(finance), dpa, bad, background="true").json()

    # when
    import_job_run.call(job_id=job["id"])

    # then: rejected with the 400's body, nothing written
    ended = ImportJob.objects.get(pk=job["id"])
    assert ended.status == JobStatus.REJECTED
    assert ended.result["code"] == "import_rejected"
    assert [(error["row"], error["column"]) for error in ended.result["errors"]] == [(2, "tanggal")]
    assert not Realisasi.objects.exists()


@override_settings(IMPORT_BACKGROUND_BYTES=10)
def test_a_file_above_the_background_size_is_queued_without_asking(dpa, finance, ref, client_for):
    assert post(client_for(finance), dpa, export(ref)).status_code == 202


def test_a_job_is_seen_by_its_pemda_and_its_opd_only(dpa, finance, ref, client_for, make_user, other_opd):
    # given
    job = post(client_for(finance), dpa, export(ref), background="true").json()

    # when / then: the leader of the pemda sees it; an OPD planner of another OPD does not
    other_planner = make_user(Role.OPD_PLANNER, perangkat_daerah=other_opd)
    assert client_for(make_user(Role.BAPPEDA)).get(f"/api/jobs/{job['id']}/").status_code == 200
    assert client_for(other_planner).get(f"/api/jobs/{job['id']}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_queue(dpa, finance, ref, client_for):
    # given
    job = post(client_for(finance), dpa, export(ref), background="true").json()

    # when: the worker `make run` starts, in batch mode (exits once the queue is empty)
    call_command("db_worker", batch=True, verbosity=0)

    # then
    assert ImportJob.objects.get(pk=job["id"]).status == JobStatus.DONE
    assert Realisasi.objects.count() == 1


def test_another_pemda_gets_404_and_a_bad_flag_queues_nothing(
    dpa, finance, ref, client_for, make_user, other_pemda
):
    # given
    job = post(client_for(finance), dpa, export(ref), background="true").json()

    # when
    foreign = client_for(make_user(Role.ADMIN, pemda=other_pemda)).get(f"/api/jobs/{job['id']}/")
    bad = post(client_for(finance), dpa, export(ref), background="kadang")

    # then
    assert foreign.status_code == 404
    assert bad.status_code == 400
    assert "background" in bad.json()
    assert ImportJob.objects.count() == 1
