from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organisation.models import Role
from planning.selectors import cascade_tree
from tests.factories import PerangkatDaerahFactory
from tests.planning.factories import (
    IndikatorFactory,
    RenjaFactory,
    RenjaKegiatanFactory,
    RenjaProgramFactory,
    RenjaSubKegiatanFactory,
    SasaranFactory,
)

pytestmark = pytest.mark.django_db


def walk(node):
    yield node
    for child in node["children"]:
        yield from walk(child)


def renja_with(
    ref, pemda, opd, *, sasaran=None, pagu=(Decimal("1000000.00"),), tahun=2026, program="1.02.02"
):
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=tahun)
    prog = RenjaProgramFactory(renja=renja, nomenklatur=ref[program], sasaran=sasaran)
    kegiatan_kode = {"1.02.02": "1.02.02.2.01", "1.01.02": "1.01.02.2.01"}[program]
    kegiatan = RenjaKegiatanFactory(program=prog, nomenklatur=ref[kegiatan_kode])
    subs = [
        RenjaSubKegiatanFactory(
            kegiatan=kegiatan, nomenklatur=ref[f"{kegiatan_kode}.000{i + 1}"], pagu_indikatif=p
        )
        for i, p in enumerate(pagu)
    ]
    return renja, prog, kegiatan, subs


def test_untraced_programs_are_listed_apart(ref, pemda, opd, bappeda, client_for):
    # given
    SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    renja_with(ref, pemda, opd, sasaran=None, pagu=(Decimal("7.00"),))

    # when
    body = client_for(bappeda).get("/api/cascade/", {"tahun": 2026}).json()

    # then
    assert [n["kode"] for n in body["untraced"]] == ["1.02.02"]
    assert Decimal(body["root"]["pagu"]) == 0
    assert Decimal(body["pagu_total"]) == Decimal("7.00")


def test_the_opd_filter_keeps_only_that_opds_branches(ref, pemda, opd, other_opd, bappeda, client_for):
    # given
    s1 = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    s2 = SasaranFactory(tujuan__misi=s1.tujuan.misi, tujuan__rpjmd=s1.rpjmd)
    renja_with(ref, pemda, opd, sasaran=s1, pagu=(Decimal("10.00"),))
    renja_with(ref, pemda, other_opd, sasaran=s2, pagu=(Decimal("20.00"),), program="1.01.02")

    # when
    everything = client_for(bappeda).get("/api/cascade/", {"tahun": 2026}).json()
    one = client_for(bappeda).get("/api/cascade/", {"tahun": 2026, "perangkat_daerah": opd.pk}).json()

    # then
    assert Decimal(everything["root"]["pagu"]) == Decimal("30.00")
    assert Decimal(one["root"]["pagu"]) == Decimal("10.00")
    assert {n["id"] for n in walk(one["root"]) if n["level"] == "sasaran"} == {s1.pk}


def test_an_opd_planner_sees_only_their_own_opd_in_the_cascade(
    ref, pemda, opd, other_opd, planner, client_for
):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    renja_with(ref, pemda, opd, sasaran=sasaran, pagu=(Decimal("10.00"),))
    renja_with(ref, pemda, other_opd, sasaran=sasaran, pagu=(Decimal("20.00"),), program="1.01.02")

    # when
    body = client_for(planner).get("/api/cascade/", {"tahun": 2026, "perangkat_daerah": other_opd.pk}).json()

    # then
    assert Decimal(body["pagu_total"]) == Decimal("10.00")


def test_the_cascade_takes_a_fixed_number_of_queries(ref, pemda, bappeda):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    renja_with(ref, pemda, PerangkatDaerahFactory(pemda=pemda), sasaran=sasaran)
    with CaptureQueriesContext(connection) as small:
        cascade_tree(pemda=pemda, tahun=2026)
    for _ in range(4):
        renja_with(
            ref,
            pemda,
            PerangkatDaerahFactory(pemda=pemda),
            sasaran=SasaranFactory(tujuan=sasaran.tujuan),
            pagu=(Decimal(1), Decimal(2)),
        )

    # when
    with CaptureQueriesContext(connection) as large:
        tree = cascade_tree(pemda=pemda, tahun=2026)

    # then
    assert len(large.captured_queries) == len(small.captured_queries) <= 10
    assert tree.root["pagu"] == Decimal("1000012.00")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.decimals(min_value=0, max_value=10**15, places=2), min_size=1, max_size=3))
def test_parents_always_equal_the_sum_of_their_children_to_the_sen(ref, pemda, opd, amounts):
    # each example in its own rolled-back transaction: hypothesis reuses the test's database
    with transaction.atomic():
        # given
        sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
        renja_with(ref, pemda, opd, sasaran=sasaran, pagu=tuple(amounts[:2]))
        if len(amounts) == 3:
            renja_with(ref, pemda, PerangkatDaerahFactory(pemda=pemda), sasaran=sasaran, pagu=(amounts[2],))

        # when
        tree = cascade_tree(pemda=pemda, tahun=2026)

        # then
        for node in walk(tree.root):
            if node["children"]:
                assert node["pagu"] == sum((c["pagu"] for c in node["children"]), Decimal(0))
        assert tree.pagu_total == sum(amounts, Decimal(0))
        transaction.set_rollback(True)


def test_the_trace_goes_from_a_sub_kegiatan_up_to_the_visi(ref, pemda, opd, planner, client_for):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    _, _, _, (sub,) = renja_with(ref, pemda, opd, sasaran=sasaran)

    # when
    response = client_for(planner).get(f"/api/renja-sub-kegiatan/{sub.pk}/trace/")

    # then
    assert response.status_code == 200
    levels = [n["level"] for n in response.json()]
    assert levels == ["sub_kegiatan", "kegiatan", "program", "sasaran", "tujuan", "misi", "visi"]
    assert response.json()[3]["id"] == sasaran.pk


def test_the_trace_of_another_opds_sub_kegiatan_is_not_found(ref, pemda, other_opd, planner, client_for):
    # given
    _, _, _, (sub,) = renja_with(ref, pemda, other_opd, program="1.01.02")

    # when
    response = client_for(planner).get(f"/api/renja-sub-kegiatan/{sub.pk}/trace/")

    # then
    assert response.status_code == 404


def codes(response):
    return {(i["code"], i["object_type"], i["kode"]) for i in response.json()["issues"]}


def test_the_checks_list_untraced_programs_missing_indicators_and_targets(
    ref, pemda, opd, bappeda, client_for
):
    # given
    sasaran = SasaranFactory(tujuan__misi__rpjmd__pemda=pemda)
    IndikatorFactory(pemda=pemda, sasaran=sasaran).targets.create(pemda=pemda, tahun=2027, target=1)
    _, program, kegiatan, (sub,) = renja_with(ref, pemda, opd, sasaran=None)
    IndikatorFactory(pemda=pemda, renja_sub_kegiatan=sub).targets.create(pemda=pemda, tahun=2026, target=3)
    IndikatorFactory(pemda=pemda, renja_kegiatan=kegiatan)

    # when
    response = client_for(bappeda).get("/api/planning-checks/", {"tahun": 2026})

    # then
    assert response.status_code == 200
    found = codes(response)
    assert ("program_not_traced", "RenjaProgram", "1.02.02") in found
    assert ("indicator_missing", "RenjaProgram", "1.02.02") in found
    assert ("target_missing", "RenjaKegiatan", "1.02.02.2.01") in found
    assert ("target_missing", "Sasaran", "") in found
    assert ("indicator_missing", "Tujuan", "") in found
    assert ("sasaran_without_program", "Sasaran", "") in found
    assert not any(kode == "1.02.02.2.01.0001" for _, _, kode in found)
    issue = next(i for i in response.json()["issues"] if i["code"] == "program_not_traced")
    assert (issue["object_id"], issue["perangkat_daerah"]) == (program.pk, opd.pk)


def test_the_checks_flag_a_wrong_k_digit_and_a_code_not_in_force(ref, pemda, opd, bappeda, client_for):
    # given: rows written around the services, as an old import would have left them
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    program = RenjaProgramFactory(renja=renja, nomenklatur=ref["1.02.02"])
    k1 = RenjaKegiatanFactory(program=program, nomenklatur=ref["1.02.02.1.01"])
    RenjaSubKegiatanFactory(kegiatan=k1, nomenklatur=ref["1.02.02.1.01.0001"])
    old = RenjaKegiatanFactory(program=program, nomenklatur=ref.old_nodes["1.02.02.2.01"])

    # when
    found = codes(client_for(bappeda).get("/api/planning-checks/", {"tahun": 2026}))

    # then
    assert ("k_conflict", "RenjaKegiatan", "1.02.02.1.01") in found
    assert ("k_conflict", "RenjaSubKegiatan", "1.02.02.1.01.0001") in found
    assert ("code_not_in_force", "RenjaKegiatan", old.kode) in found
    assert ("code_parent_mismatch", "RenjaKegiatan", old.kode) in found
    assert ("kegiatan_empty", "RenjaKegiatan", old.kode) in found
    assert ("rpjmd_missing", "Pemda", "") in found


def test_the_cascade_needs_a_year_and_is_read_only_for_every_role(ref, make_user, client_for):
    # given
    auditor = client_for(make_user(Role.AUDITOR))

    # when / then
    assert auditor.get("/api/cascade/").status_code == 400
    assert auditor.get("/api/cascade/", {"tahun": 2026}).status_code == 200
    assert auditor.get("/api/planning-checks/", {"tahun": 2026}).status_code == 200
