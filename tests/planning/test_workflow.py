import pytest

from config.errors import Conflict, Forbidden
from organisation.models import Role
from planning import services
from planning.models import DocumentStatus, Indikator, Misi, Renja, RenjaSubKegiatan, Rpjmd
from tests.planning.factories import (
    IndikatorFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    RpjmdFactory,
    SasaranFactory,
)

pytestmark = pytest.mark.django_db


def approve(document, *, maker, checker):
    for user, action in ((maker, "submit"), (checker, "verify"), (checker, "approve")):
        services.document_transition(user=user, document=document, action=action)
    document.refresh_from_db()
    return document


@pytest.fixture
def renja(ref, pemda, opd):
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"])
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=ref["1.02.02.2.01"])
    sub = RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref["1.02.02.2.01.0001"])
    IndikatorFactory(pemda=pemda, renja_sub_kegiatan=sub).targets.create(pemda=pemda, tahun=2026, target=10)
    return renja


def test_a_renja_goes_draft_submitted_verified_approved_by_role(renja, planner, bappeda, leader, client_for):
    # when
    submitted = client_for(planner).post(f"/api/renja/{renja.pk}/submit/", {}, format="json")
    verified = client_for(bappeda).post(f"/api/renja/{renja.pk}/verify/", {}, format="json")
    approved = client_for(leader).post(f"/api/renja/{renja.pk}/approve/", {}, format="json")

    # then
    assert [r.status_code for r in (submitted, verified, approved)] == [200, 200, 200]
    assert approved.json()["status"] == "approved"
    renja.refresh_from_db()
    assert (renja.submitted_by, renja.verified_by, renja.approved_by) == (planner, bappeda, leader)


def test_a_transition_the_role_may_not_make_is_forbidden(renja, planner, make_user, client_for):
    # given
    client_for(planner).post(f"/api/renja/{renja.pk}/submit/", {}, format="json")

    # when
    by_planner = client_for(planner).post(f"/api/renja/{renja.pk}/verify/", {}, format="json")
    by_finance = client_for(make_user(Role.FINANCE)).post(f"/api/renja/{renja.pk}/verify/", {}, format="json")

    # then
    assert (by_planner.status_code, by_finance.status_code) == (403, 403)
    assert by_planner.json()["code"] == "transition_not_allowed"
    renja.refresh_from_db()
    assert renja.status == DocumentStatus.SUBMITTED


def test_the_submitter_cannot_approve_maker_checker(ref, pemda, bappeda, make_user, client_for):
    # given
    rpjmd = RpjmdFactory(pemda=pemda)
    client = client_for(bappeda)
    client.post(f"/api/rpjmd/{rpjmd.pk}/submit/", {}, format="json")
    client_for(make_user(Role.BAPPEDA)).post(f"/api/rpjmd/{rpjmd.pk}/verify/", {}, format="json")

    # when
    response = client.post(f"/api/rpjmd/{rpjmd.pk}/approve/", {}, format="json")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "maker_checker"
    rpjmd.refresh_from_db()
    assert rpjmd.status == DocumentStatus.VERIFIED


def test_the_submitter_cannot_verify_their_own_document(renja, bappeda, client_for):
    # given: one Bappeda user submits the Renja (Bappeda may submit and verify)
    client = client_for(bappeda)
    assert client.post(f"/api/renja/{renja.pk}/submit/", {}, format="json").status_code == 200

    # when
    response = client.post(f"/api/renja/{renja.pk}/verify/", {}, format="json")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "maker_checker"
    renja.refresh_from_db()
    assert renja.status == DocumentStatus.SUBMITTED


def test_whoever_last_changed_the_contents_neither_verifies_nor_approves(
    ref, renja, planner, bappeda, make_user
):
    # given: a second Bappeda user edits a row of the draft Renja; the OPD planner submits it
    editor = make_user(Role.BAPPEDA)
    sub = RenjaSubKegiatan.objects.get(renja=renja)
    services.item_save(user=editor, model=RenjaSubKegiatan, instance=sub, pagu_indikatif=5_000_000)
    renja.refresh_from_db()
    services.document_transition(user=planner, document=renja, action="submit")

    # when / then: the editor may not verify it; another Bappeda user verifies and may approve
    with pytest.raises(Forbidden) as refused:
        services.document_transition(user=editor, document=renja, action="verify")
    assert refused.value.code == "maker_checker"
    services.document_transition(user=bappeda, document=renja, action="verify")
    renja.refresh_from_db()
    assert renja.updated_by_id == editor.pk
    assert renja.status == DocumentStatus.VERIFIED


def test_a_transition_from_the_wrong_state_is_a_conflict(renja, leader, client_for):
    # when
    response = client_for(leader).post(f"/api/renja/{renja.pk}/approve/", {}, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_returning_needs_notes_and_reopens_the_draft(renja, planner, bappeda, client_for):
    # given
    client_for(planner).post(f"/api/renja/{renja.pk}/submit/", {}, format="json")

    # when
    without = client_for(bappeda).post(f"/api/renja/{renja.pk}/return/", {}, format="json")
    with_notes = client_for(bappeda).post(
        f"/api/renja/{renja.pk}/return/", {"catatan": "Indikator kegiatan belum ada."}, format="json"
    )

    # then
    assert without.status_code == 400
    assert "catatan" in without.json()
    assert with_notes.status_code == 200
    assert with_notes.json()["status"] == "draft"
    assert with_notes.json()["catatan"] == "Indikator kegiatan belum ada."


@pytest.mark.parametrize(
    "status", [DocumentStatus.SUBMITTED, DocumentStatus.VERIFIED, DocumentStatus.APPROVED]
)
def test_a_document_past_draft_cannot_be_edited_without_a_revision(ref, renja, planner, client_for, status):
    # given
    Renja.objects.filter(pk=renja.pk).update(status=status)
    sub = RenjaSubKegiatan.objects.get(renja=renja)
    client = client_for(planner)

    # when
    edit_sub = client.patch(f"/api/renja-sub-kegiatan/{sub.pk}/", {"pagu_indikatif": "1"}, format="json")
    delete_sub = client.delete(f"/api/renja-sub-kegiatan/{sub.pk}/")
    add_indicator = client.post(
        "/api/indikator/", {"renja_sub_kegiatan": sub.pk, "nama": "x", "satuan": "unit"}, format="json"
    )
    edit_doc = client.patch(f"/api/renja/{renja.pk}/", {"tahun": 2027}, format="json")

    # then
    for response in (edit_sub, delete_sub, add_indicator, edit_doc):
        assert response.status_code == 409, response.json()
        assert response.json()["code"] == "document_locked"
    sub.refresh_from_db()
    assert sub.pagu_indikatif == 100_000_000
    assert (RenjaSubKegiatan.objects.count(), Indikator.objects.count()) == (1, 1)


def test_the_lock_holds_in_the_service_layer_too(ref, renja, planner, bappeda, leader):
    # given
    approve(renja, maker=planner, checker=bappeda)
    sub = RenjaSubKegiatan.objects.get(renja=renja)

    # when
    with pytest.raises(Conflict) as raised:
        services.item_save(user=bappeda, model=RenjaSubKegiatan, instance=sub, pagu_indikatif=1)

    # then
    assert raised.value.code == "document_locked"


def test_a_revision_is_a_draft_copy_and_the_approved_one_stays_locked(
    ref, renja, planner, bappeda, client_for
):
    # given
    approve(renja, maker=planner, checker=bappeda)

    # when
    response = client_for(planner).post(f"/api/renja/{renja.pk}/revise/", {}, format="json")

    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["revisi"], body["status"], body["is_current"]) == (2, "draft", True)
    new = Renja.objects.get(pk=body["id"])
    old_sub = RenjaSubKegiatan.objects.get(renja=renja)
    new_sub = RenjaSubKegiatan.objects.get(renja=new)
    assert (new_sub.kode, new_sub.pagu_indikatif) == (old_sub.kode, old_sub.pagu_indikatif)
    assert new_sub.kegiatan.renja == new
    assert new_sub.kegiatan.program.renja == new
    assert new_sub.indikator.get().targets.get().target == 10
    edit_new = client_for(planner).patch(
        f"/api/renja-sub-kegiatan/{new_sub.pk}/", {"pagu_indikatif": "7"}, format="json"
    )
    edit_old = client_for(planner).patch(
        f"/api/renja-sub-kegiatan/{old_sub.pk}/", {"pagu_indikatif": "7"}, format="json"
    )
    assert edit_new.status_code == 200
    assert edit_old.status_code == 409
    again = client_for(planner).post(f"/api/renja/{renja.pk}/revise/", {}, format="json")
    assert again.status_code == 409


def test_an_rpjmd_revision_keeps_renja_links_resolving(
    ref, pemda, opd, planner, bappeda, make_user, client_for
):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    rpjmd = sasaran.rpjmd
    IndikatorFactory(pemda=pemda, sasaran=sasaran).targets.create(pemda=pemda, tahun=2026, target=5)
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"], sasaran=sasaran)
    sub = RenjaSubKegiatanFactory(
        kegiatan=RenjaKegiatanFactory(program=program, nomenklatur=ref["1.02.02.2.01"]),
        nomenklatur=ref["1.02.02.2.01.0001"],
    )
    approve(rpjmd, maker=bappeda, checker=make_user(Role.BAPPEDA))

    # when
    revised = services.document_revise(user=bappeda, document=rpjmd)

    # then
    assert Misi.objects.filter(rpjmd=revised).count() == 1
    tree = client_for(bappeda).get("/api/cascade/", {"tahun": 2026}).json()
    assert tree["rpjmd"] == revised.pk
    assert tree["untraced"] == []
    trace = client_for(planner).get(f"/api/renja-sub-kegiatan/{sub.pk}/trace/").json()
    assert trace[-1]["level"] == "visi"
    assert trace[-1]["id"] == revised.pk
    assert Rpjmd.objects.get(pk=rpjmd.pk).is_current is False


def test_deleting_a_draft_revision_makes_the_previous_one_current(ref, renja, planner, bappeda):
    # given
    approve(renja, maker=planner, checker=bappeda)
    revised = services.document_revise(user=planner, document=renja)

    # when
    services.document_delete(user=planner, instance=revised)

    # then
    renja.refresh_from_db()
    assert renja.is_current is True
    assert Renja.objects.count() == 1


def test_opd_planner_cannot_approve_nor_revise_another_opds_renja(
    ref, pemda, other_opd, planner, bappeda, make_user
):
    # given
    other = RenjaFactory(pemda=pemda, perangkat_daerah=other_opd)
    approve(other, maker=bappeda, checker=make_user(Role.BAPPEDA))

    # when / then
    with pytest.raises(Exception, match="sendiri"):
        services.document_revise(user=planner, document=other)
    with pytest.raises(Exception, match="tidak boleh"):
        services.document_transition(user=planner, document=other, action="approve")


def test_every_change_is_recorded_in_the_audit_trail(ref, renja, planner):
    # given
    sub = RenjaSubKegiatan.objects.get(renja=renja)

    # when
    services.item_save(user=planner, model=RenjaSubKegiatan, instance=sub, pagu_indikatif=5)

    # then
    events = RenjaSubKegiatan.pgh_event_model.objects.filter(pgh_obj_id=sub.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events.last().pagu_indikatif == 5


def test_the_database_refuses_bulk_changes_to_an_approved_document(db):
    # given: the demo's approved Renja
    from django.db import IntegrityError, transaction

    from demo.organisation import organisation_demo_load
    from demo.planning import load_planning_demo
    from demo.reference import reference_demo_load
    from planning.models import DocumentStatus, Renja, RenjaSubKegiatan

    reference_demo_load()
    load_planning_demo(pemda=organisation_demo_load(), tahun=2026)
    renja = Renja.objects.filter(status=DocumentStatus.APPROVED, is_current=True).first()
    rows = RenjaSubKegiatan.objects.filter(renja=renja)
    before = sorted(rows.values_list("pagu_indikatif", flat=True))
    # when / then: a bulk update, bypassing the services, is refused by the trigger
    with pytest.raises(IntegrityError, match="document_locked"), transaction.atomic():
        rows.update(pagu_indikatif=0)
    with pytest.raises(IntegrityError, match="document_locked"), transaction.atomic():
        rows.delete()
    assert sorted(rows.values_list("pagu_indikatif", flat=True)) == before
