"""The database lock of indicators, their yearly targets and yearly pagu (migration 0003_indikator_lock).

Every statement here bypasses the services (raw `.update()`, `.delete()`, `.create()`), so only the triggers stand
between it and a locked document.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import IntegrityError, models, transaction

from config.api import exception_handler
from organisation.models import Role
from planning import services
from planning.models import (
    INDIKATOR_OWNERS,
    PAGU_OWNERS,
    DocumentStatus,
    Indikator,
    IndikatorTarget,
    PaguTahunan,
    Renja,
    RenjaSubKegiatan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
    Rpjmd,
    Sasaran,
)
from tests.planning.factories import (
    IndikatorFactory,
    MisiFactory,
    ProgramRpjmdFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    RpjmdFactory,
    SasaranFactory,
    TujuanFactory,
)

pytestmark = pytest.mark.django_db

LOCKED = "document_locked: planning_{} belongs to a locked document"


def approve(document, *, maker, checker):
    for user, action in ((maker, "submit"), (checker, "verify"), (checker, "approve")):
        services.document_transition(user=user, document=document, action=action)
    document.refresh_from_db()
    return document


def refused(statement: Callable[[], object], table: str = r"\w+") -> IntegrityError:
    """Run the statement in its own savepoint; it must fail with the lock error of `table` (a deletion may be
    refused at the rows it cascades to first, an indicator's targets: any table then)."""
    with pytest.raises(IntegrityError, match=LOCKED.format(table)) as raised, transaction.atomic():
        statement()
    return raised.value


def values(rows: models.QuerySet, change: dict) -> set[tuple]:
    """The distinct values of the changed fields among the rows."""
    return set(rows.values_list(*change))


def snapshot(rows: models.QuerySet) -> list[tuple]:
    return sorted(rows.values_list(*[f.attname for f in rows.model._meta.concrete_fields]))


@pytest.fixture
def renja(ref, pemda, opd):
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=ref["1.02.02.2.01"])
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref["1.02.02.2.01.0001"])
    IndikatorFactory(pemda=pemda, renja_sub_kegiatan=sub).targets.create(pemda=pemda, tahun=2026, target=10)
    return renja


@pytest.fixture
def rpjmd(ref, pemda, opd):
    rpjmd = RpjmdFactory(pemda=pemda)
    sasaran = SasaranFactory(tujuan__misi__rpjmd=rpjmd, tujuan__rpjmd=rpjmd, rpjmd=rpjmd, pemda=pemda)
    program = ProgramRpjmdFactory(sasaran=sasaran, nomenklatur=ref["1.02.02"], perangkat_daerah=opd)
    indikator = IndikatorFactory(pemda=pemda, sasaran=sasaran)
    for tahun in range(2025, 2030):
        indikator.targets.create(pemda=pemda, tahun=tahun, target=tahun - 2020)
        PaguTahunan.objects.create(
            pemda=pemda, program_rpjmd=program, tahun=tahun, pagu=Decimal("1000000.00")
        )
    return rpjmd


@dataclass(frozen=True)
class Case:
    """One guarded table inside one kind of document."""

    document: str  # the fixture
    table: str
    rows: Callable[[models.Model], models.QuerySet]  # the table's rows in the document
    change: dict  # a raw update of those rows
    insert: Callable[[models.Model], object]  # a new row in the document


def _renja_indikator(renja: Renja) -> models.QuerySet:
    return Indikator.objects.filter(renja_sub_kegiatan__renja=renja)


def _rpjmd_indikator(rpjmd: Rpjmd) -> models.QuerySet:
    return Indikator.objects.filter(sasaran__rpjmd=rpjmd)


CASES = [
    Case(
        "renja",
        "indikator",
        _renja_indikator,
        {"nama": "diubah"},
        lambda renja: Indikator.objects.create(
            pemda_id=renja.pemda_id,
            renja_sub_kegiatan=RenjaSubKegiatan.objects.get(renja=renja),
            nama="baru",
            satuan="unit",
        ),
    ),
    Case(
        "renja",
        "indikatortarget",
        lambda renja: IndikatorTarget.objects.filter(indikator__in=_renja_indikator(renja)),
        {"target": 0},
        lambda renja: IndikatorTarget.objects.create(
            pemda_id=renja.pemda_id, indikator=_renja_indikator(renja).get(), tahun=2027, target=1
        ),
    ),
    Case(
        "rpjmd",
        "indikator",
        _rpjmd_indikator,
        {"satuan": "orang"},
        lambda rpjmd: Indikator.objects.create(
            pemda_id=rpjmd.pemda_id,
            sasaran=_rpjmd_indikator(rpjmd).get().sasaran,
            nama="baru",
            satuan="unit",
        ),
    ),
    Case(
        "rpjmd",
        "indikatortarget",
        lambda rpjmd: IndikatorTarget.objects.filter(indikator__in=_rpjmd_indikator(rpjmd)),
        {"target": 0},
        lambda rpjmd: IndikatorTarget.objects.create(
            pemda_id=rpjmd.pemda_id, indikator=_rpjmd_indikator(rpjmd).get(), tahun=2030, target=1
        ),
    ),
    Case(
        "rpjmd",
        "pagutahunan",
        lambda rpjmd: PaguTahunan.objects.filter(program_rpjmd__rpjmd=rpjmd),
        {"pagu": 0},
        lambda rpjmd: PaguTahunan.objects.create(
            pemda_id=rpjmd.pemda_id,
            program_rpjmd=PaguTahunan.objects.filter(program_rpjmd__rpjmd=rpjmd).first().program_rpjmd,
            tahun=2030,
            pagu=1,
        ),
    ),
]
CASE_IDS = [f"{case.document}-{case.table}" for case in CASES]


@pytest.fixture
def make_approved(request, planner, bappeda, make_user):
    """make_approved(case) → the case's document, submitted, verified and approved through the services."""

    def make(case: Case) -> models.Model:
        document = request.getfixturevalue(case.document)
        if case.document == "renja":
            return approve(document, maker=planner, checker=bappeda)
        return approve(document, maker=bappeda, checker=make_user(Role.BAPPEDA))

    return make


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_an_approved_documents_rows_refuse_raw_update_delete_and_insert(case, make_approved):
    # given
    document = make_approved(case)
    rows = case.rows(document)
    before = snapshot(rows)
    assert before

    # when / then
    updated = refused(lambda: rows.update(**case.change), case.table)
    refused(rows.delete)
    refused(lambda: case.insert(document), case.table)

    # then: nothing changed, and the error is the one of the plan rows' trigger (same SQLSTATE and message shape)
    assert snapshot(rows) == before
    plan_rows = (
        RenjaSubKegiatan.objects.filter(renja=document)
        if case.document == "renja"
        else Sasaran.objects.filter(rpjmd=document)
    )
    plan_row_error = refused(lambda: plan_rows.update(version=99), plan_rows.model._meta.model_name)
    assert updated.__cause__.sqlstate == plan_row_error.__cause__.sqlstate == "23514"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_drafts_rows_take_raw_update_delete_and_insert(case, request):
    # given
    document = request.getfixturevalue(case.document)
    rows = case.rows(document)
    count = rows.count()

    # when
    rows.update(**case.change)
    changed = values(rows, case.change)
    inserted = case.insert(document)
    rows.filter(pk=inserted.pk).delete()
    deleted, _ = rows.delete()

    # then
    assert changed == {tuple(case.change.values())}
    assert deleted >= count > 0
    assert not rows.exists()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_after_revise_the_new_drafts_rows_are_editable_and_the_superseded_ones_stay_locked(
    case, make_approved, planner, bappeda
):
    # given
    old = make_approved(case)
    user = planner if case.document == "renja" else bappeda
    new = services.document_revise(user=user, document=old)
    old.refresh_from_db()
    old_rows, new_rows = case.rows(old), case.rows(new)
    before = snapshot(old_rows)
    assert (old.is_current, new.status, new.is_current) == (False, DocumentStatus.DRAFT, True)
    assert new_rows.count() == old_rows.count() > 0

    # when
    new_rows.update(**case.change)
    changed = values(new_rows, case.change)
    case.insert(new)

    # then
    assert changed == {tuple(case.change.values())}
    assert new_rows.count() == old_rows.count() + 1
    refused(lambda: old_rows.update(**case.change), case.table)
    refused(old_rows.delete)
    refused(lambda: case.insert(old), case.table)
    assert snapshot(old_rows) == before


def test_a_superseded_draft_is_locked_too(renja):
    # given: a draft that a newer revision replaced (status draft, not current)
    Renja.objects.filter(pk=renja.pk).update(is_current=False)
    indicators = _renja_indikator(renja)

    # when / then
    refused(lambda: indicators.update(nama="diubah"), "indikator")
    refused(IndikatorTarget.objects.filter(indikator__in=indicators).delete, "indikatortarget")


# ---------------------------------------------------------------- every owner, moves between owners


@pytest.fixture
def plans(ref, pemda, opd):
    """A draft RPJMD, Renstra and Renja with one plan row of every kind an indicator (or a pagu) may hang on."""
    rpjmd = RpjmdFactory(pemda=pemda)
    misi = MisiFactory(rpjmd=rpjmd, pemda=pemda)
    tujuan = TujuanFactory(misi=misi, rpjmd=rpjmd, pemda=pemda)
    sasaran = SasaranFactory(tujuan=tujuan, rpjmd=rpjmd, pemda=pemda)
    program_rpjmd = ProgramRpjmdFactory(sasaran=sasaran, nomenklatur=ref["1.02.02"], perangkat_daerah=opd)
    renstra = Renstra.objects.create(
        pemda=pemda, perangkat_daerah=opd, rpjmd=rpjmd, tahun_awal=2025, tahun_akhir=2029
    )
    in_renstra = {"pemda": pemda, "renstra": renstra}
    renstra_tujuan = RenstraTujuan.objects.create(**in_renstra, uraian="t")
    renstra_sasaran = RenstraSasaran.objects.create(**in_renstra, tujuan=renstra_tujuan, uraian="s")
    renstra_program = RenstraProgram.objects.create(
        **in_renstra, sasaran=renstra_sasaran, nomenklatur=ref["1.02.02"], kode="1.02.02"
    )
    renstra_kegiatan = RenstraKegiatan.objects.create(
        **in_renstra, program=renstra_program, nomenklatur=ref["1.02.02.2.01"], kode="1.02.02.2.01"
    )
    renstra_sub_kegiatan = RenstraSubKegiatan.objects.create(
        **in_renstra,
        kegiatan=renstra_kegiatan,
        nomenklatur=ref["1.02.02.2.01.0001"],
        kode="1.02.02.2.01.0001",
    )
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    renja_program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"])
    renja_kegiatan = RenjaKegiatanFactory(program=renja_program, nomenklatur=ref["1.02.02.2.01"])
    renja_sub_kegiatan = RenjaSubKegiatanFactory(
        kegiatan=renja_kegiatan, nomenklatur=ref["1.02.02.2.01.0001"]
    )
    owners = {name: value for name, value in locals().items() if name in INDIKATOR_OWNERS}
    assert set(owners) == set(INDIKATOR_OWNERS)
    return owners


@pytest.mark.parametrize(
    "status", [DocumentStatus.SUBMITTED, DocumentStatus.VERIFIED, DocumentStatus.APPROVED]
)
@pytest.mark.parametrize("owner", INDIKATOR_OWNERS)
def test_an_indicator_on_any_kind_of_plan_row_is_locked_with_its_document(plans, pemda, owner, status):
    # given: an indicator (with a target) and, where the row takes one, a yearly pagu, in the draft
    row = plans[owner]
    indikator = Indikator.objects.create(pemda=pemda, **{owner: row}, nama="i", satuan="unit")
    indikator.targets.create(pemda=pemda, tahun=2026, target=1)
    if owner in PAGU_OWNERS:
        PaguTahunan.objects.create(pemda=pemda, **{owner: row}, tahun=2026, pagu=1)
    document = services.document_of(row)

    # when
    type(document).objects.filter(pk=document.pk).update(status=status)

    # then
    refused(
        lambda: Indikator.objects.create(pemda=pemda, **{owner: row}, nama="j", satuan="unit"), "indikator"
    )
    refused(lambda: Indikator.objects.filter(pk=indikator.pk).update(nama="diubah"), "indikator")
    refused(lambda: indikator.targets.update(target=2), "indikatortarget")
    if owner in PAGU_OWNERS:
        refused(
            lambda: PaguTahunan.objects.create(pemda=pemda, **{owner: row}, tahun=2027, pagu=1), "pagutahunan"
        )
        refused(PaguTahunan.objects.filter(**{owner: row}).delete, "pagutahunan")


@pytest.fixture
def approved_renja(ref, pemda, other_opd):
    """An approved Renja of another OPD, with one sub kegiatan carrying an indicator and its target."""
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=other_opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.01.02"])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=ref["1.01.02.2.01"])
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref["1.01.02.2.01.0001"])
    IndikatorFactory(pemda=pemda, renja_sub_kegiatan=sub).targets.create(pemda=pemda, tahun=2026, target=5)
    Renja.objects.filter(pk=renja.pk).update(status=DocumentStatus.APPROVED)
    return renja


def test_moving_an_indicator_or_a_target_checks_both_the_old_and_the_new_owner(renja, approved_renja):
    # given: a draft and an approved Renja, each with an indicator and a target
    draft_indikator = _renja_indikator(renja).get()
    locked_indikator = _renja_indikator(approved_renja).get()
    draft_sub, locked_sub = draft_indikator.renja_sub_kegiatan, locked_indikator.renja_sub_kegiatan
    before = snapshot(Indikator.objects.all()), snapshot(IndikatorTarget.objects.all())

    # when / then: into the locked document, and out of it
    refused(
        lambda: Indikator.objects.filter(pk=draft_indikator.pk).update(renja_sub_kegiatan=locked_sub),
        "indikator",
    )
    refused(
        lambda: Indikator.objects.filter(pk=locked_indikator.pk).update(renja_sub_kegiatan=draft_sub),
        "indikator",
    )
    refused(lambda: draft_indikator.targets.update(indikator=locked_indikator, tahun=2027), "indikatortarget")
    refused(lambda: locked_indikator.targets.update(indikator=draft_indikator, tahun=2027), "indikatortarget")
    assert (snapshot(Indikator.objects.all()), snapshot(IndikatorTarget.objects.all())) == before


def test_moving_a_yearly_pagu_checks_both_the_old_and_the_new_owner(ref, pemda, opd, rpjmd):
    # given: the draft RPJMD's program with its pagu, and an approved RPJMD of the next period with its own
    program = PaguTahunan.objects.filter(program_rpjmd__rpjmd=rpjmd).first().program_rpjmd
    other = ProgramRpjmdFactory(
        sasaran__tujuan__misi__rpjmd__pemda=pemda,
        sasaran__tujuan__misi__rpjmd__tahun_awal=2030,
        sasaran__tujuan__misi__rpjmd__tahun_akhir=2034,
        nomenklatur=ref["1.02.02"],
        perangkat_daerah=opd,
    )
    PaguTahunan.objects.create(pemda=pemda, program_rpjmd=other, tahun=2030, pagu=5)
    Rpjmd.objects.filter(pk=other.rpjmd_id).update(status=DocumentStatus.APPROVED)
    before = snapshot(PaguTahunan.objects.all())

    # when / then
    draft_row = PaguTahunan.objects.filter(program_rpjmd=program, tahun=2025)
    refused(lambda: draft_row.update(program_rpjmd=other), "pagutahunan")
    refused(
        lambda: PaguTahunan.objects.filter(program_rpjmd=other).update(program_rpjmd=program), "pagutahunan"
    )
    assert snapshot(PaguTahunan.objects.all()) == before


# ---------------------------------------------------------------- what must keep working


def test_deleting_a_draft_document_deletes_its_indicators_targets_and_pagu(rpjmd, bappeda):
    # given
    assert PaguTahunan.objects.exists()
    assert IndikatorTarget.objects.exists()

    # when
    services.document_delete(user=bappeda, instance=rpjmd)

    # then
    assert not Rpjmd.objects.exists()
    assert (Indikator.objects.count(), IndikatorTarget.objects.count(), PaguTahunan.objects.count()) == (
        0,
        0,
        0,
    )


def test_deleting_a_revision_draft_leaves_the_approved_revision_and_its_rows(renja, planner, bappeda):
    # given
    approve(renja, maker=planner, checker=bappeda)
    revision = services.document_revise(user=planner, document=renja)
    before = snapshot(IndikatorTarget.objects.filter(indikator__renja_sub_kegiatan__renja=renja))

    # when
    services.document_delete(user=planner, instance=revision)

    # then
    renja.refresh_from_db()
    assert (renja.is_current, renja.status) == (True, DocumentStatus.APPROVED)
    assert snapshot(IndikatorTarget.objects.filter(indikator__renja_sub_kegiatan__renja=renja)) == before
    assert IndikatorTarget.objects.count() == len(before) == 1


def test_editing_an_indicator_of_an_approved_document_through_the_api_is_a_conflict(
    renja, planner, bappeda, client_for
):
    # given
    approve(renja, maker=planner, checker=bappeda)
    indikator = _renja_indikator(renja).get()

    # when
    renamed = client_for(planner).patch(f"/api/indikator/{indikator.pk}/", {"nama": "diubah"}, format="json")
    retargeted = client_for(planner).patch(
        f"/api/indikator/{indikator.pk}/", {"targets": [{"tahun": 2026, "target": "99"}]}, format="json"
    )
    deleted = client_for(planner).delete(f"/api/indikator/{indikator.pk}/")

    # then
    for response in (renamed, retargeted, deleted):
        assert response.status_code == 409, response.json()
        assert response.json()["code"] == "document_locked"
    indikator.refresh_from_db()
    assert indikator.nama != "diubah"
    assert indikator.targets.get().target == 10


def test_a_write_only_the_trigger_catches_answers_409_document_locked(renja, planner, bappeda):
    # given: an approved Renja, and a write that got past the service checks (as in a race with the approval)
    approve(renja, maker=planner, checker=bappeda)
    error = refused(lambda: _renja_indikator(renja).update(nama="diubah"), "indikator")

    # when: the API's exception handler translates the database error
    response = exception_handler(error, {})

    # then: a 409 with the lock's own code, not a generic conflict
    assert response.status_code == 409
    assert response.data["code"] == "document_locked"
