"""A belanja line's sub kegiatan is in its OPD's Renja for the year: refused outside it, or accepted and flagged
when TAPD set the stage's rule to `warn`."""

import pytest
from django.core.exceptions import ValidationError

from budgeting.importers import sipd_import
from budgeting.models import BudgetLine, RenjaRule
from budgeting.services import anggaran_update, budget_line_create, budget_line_update
from budgeting.sipd import write_sipd_file
from config.tabular import ImportRejected
from tests.budgeting.factories import TAHUN
from tests.budgeting.test_sipd_import import row
from tests.factories import NomenklaturFactory
from tests.planning.factories import (
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
)


@pytest.fixture
def renja(ref, pemda, opd):
    """The OPD's Renja for the year, holding sub kegiatan 1.02.02.2.01.0001 only."""
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=TAHUN)
    kegiatan_node = NomenklaturFactory(version=ref.sub_kegiatan.version, kode="1.02.02.2.01")
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref.program)
    kegiatan = RenjaKegiatanFactory(program=program, nomenklatur=kegiatan_node)
    RenjaSubKegiatanFactory(kegiatan=kegiatan, nomenklatur=ref.sub_kegiatan)
    return renja


def test_a_line_outside_the_opds_renja_is_refused(renja, ref, anggaran, finance, line_fields):
    # when: a line on a sub kegiatan the OPD did not plan
    with pytest.raises(ValidationError) as refused:
        budget_line_create(user=finance, anggaran=anggaran, **line_fields(sub_kegiatan=ref.sub_kegiatan_2))

    # then: refused on the sub kegiatan, nothing written; a planned one is accepted unflagged
    assert refused.value.error_dict["sub_kegiatan"][0].code == "not_in_renja"
    assert not BudgetLine.objects.exists()
    planned = budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    assert planned.di_luar_renja is False


def test_moving_a_line_out_of_the_renja_is_refused(renja, ref, anggaran, finance, line_fields):
    # given
    line = budget_line_create(user=finance, anggaran=anggaran, **line_fields())

    # when
    with pytest.raises(ValidationError) as refused:
        budget_line_update(user=finance, instance=line, sub_kegiatan=ref.sub_kegiatan_3)

    # then
    assert refused.value.error_dict["sub_kegiatan"][0].code == "not_in_renja"
    line.refresh_from_db()
    assert line.sub_kegiatan_id == ref.sub_kegiatan.pk


def test_in_warn_mode_the_line_is_accepted_flagged_and_listed(
    renja, ref, anggaran, finance, line_fields, client_for
):
    # given: TAPD chose to accept and flag
    anggaran_update(user=finance, instance=anggaran, aturan_renja=RenjaRule.WARN)

    # when
    outside = budget_line_create(
        user=finance, anggaran=anggaran, **line_fields(sub_kegiatan=ref.sub_kegiatan_2)
    )
    inside = budget_line_create(user=finance, anggaran=anggaran, **line_fields())

    # then: flagged, and the flag lists it for reconciliation
    assert outside.di_luar_renja is True
    assert inside.di_luar_renja is False
    listed = client_for(finance).get("/api/budget-lines/", {"anggaran": anggaran.pk, "di_luar_renja": "true"})
    assert [row["id"] for row in listed.json()["results"]] == [outside.pk]


def test_an_opd_without_a_renja_in_pagu_is_not_checked(ref, anggaran, finance, line_fields):
    # when: no Renja for this OPD and year (planned elsewhere)
    line = budget_line_create(user=finance, anggaran=anggaran, **line_fields(sub_kegiatan=ref.sub_kegiatan_2))

    # then
    assert line.di_luar_renja is False


def test_tapd_sets_the_rule_through_the_api(anggaran, finance, client_for):
    # when
    response = client_for(finance).patch(
        f"/api/anggaran/{anggaran.pk}/", {"aturan_renja": "warn", "version": anggaran.version}, format="json"
    )

    # then
    assert response.status_code == 200, response.content
    anggaran.refresh_from_db()
    assert anggaran.aturan_renja == RenjaRule.WARN
    assert response.json()["keterangan"] == anggaran.keterangan


def test_a_sipd_file_is_checked_against_the_renja_too(renja, ref, anggaran, finance, tmp_path):
    # given: a file with a planned row and one outside the Renja (row 3)
    outside = row(kode_sub_kegiatan=ref.sub_kegiatan_2.kode)
    path = write_sipd_file(tmp_path / "rincian.csv", [row(), outside])

    # when: refused by default, every such row named
    with pytest.raises(ImportRejected) as refused:
        sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    assert [(error.row, error.column) for error in refused.value.errors] == [(3, "kode_sub_kegiatan")]
    assert not BudgetLine.objects.exists()

    # and in warn mode the same file loads with that line flagged
    anggaran_update(user=finance, instance=anggaran, aturan_renja=RenjaRule.WARN)
    sipd_import(user=finance, anggaran=anggaran, file=path, filename=path.name)
    flags = dict(BudgetLine.objects.values_list("sub_kegiatan_kode", "di_luar_renja"))
    assert flags == {ref.sub_kegiatan.kode: False, ref.sub_kegiatan_2.kode: True}
