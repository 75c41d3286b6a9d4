from decimal import Decimal

import pytest

from demo.organisation import organisation_demo_load
from demo.planning import load_planning_demo
from demo.reference import reference_demo_load
from planning.models import (
    DocumentStatus,
    Misi,
    ProgramRpjmd,
    Renja,
    RenjaSubKegiatan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Tujuan,
    Usulan,
    UsulanStatus,
)
from planning.selectors import cascade_tree, plan_checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pemda():
    reference_demo_load()
    return organisation_demo_load()


def test_the_demo_is_complete_consistent_and_idempotent(demo_pemda):
    # when
    load_planning_demo(pemda=demo_pemda, tahun=2026)
    counts = [
        m.objects.count()
        for m in (Rpjmd, Misi, Tujuan, Sasaran, ProgramRpjmd, Renja, RenjaSubKegiatan, Rkpd, Usulan)
    ]
    load_planning_demo(pemda=demo_pemda, tahun=2026)

    # then
    assert [
        m.objects.count()
        for m in (Rpjmd, Misi, Tujuan, Sasaran, ProgramRpjmd, Renja, RenjaSubKegiatan, Rkpd, Usulan)
    ] == counts
    assert counts[:5] == [1, 3, 6, 12, 40]
    opds = demo_pemda.perangkat_daerah.filter(induk=None).count()
    assert Renja.objects.filter(status=DocumentStatus.APPROVED, tahun=2026).count() == opds
    assert Rkpd.objects.get().status == DocumentStatus.APPROVED
    tree = cascade_tree(pemda=demo_pemda, tahun=2026)
    assert tree.untraced == []
    assert tree.root["pagu"] == tree.pagu_total > Decimal("1000000000")
    assert plan_checks(pemda=demo_pemda, tahun=2026) == []
    assert RenjaSubKegiatan.objects.filter(kode="1.02.01.2.01.0001").exists()
    usulan = Usulan.objects.filter(pemda=demo_pemda, tahun=2026)
    assert 18 <= counts[-1] <= 25
    assert {"musrenbang", "pokir"} == set(usulan.values_list("jenis", flat=True))
    assert usulan.filter(keputusan=UsulanStatus.DITERIMA, renja_sub_kegiatan__isnull=False).count() >= 3
    assert all(row.alasan for row in usulan.filter(keputusan=UsulanStatus.DITOLAK))
    assert usulan.filter(keputusan=UsulanStatus.DIGABUNG, digabung_ke__isnull=False).count() == 1
    linked = usulan.filter(renja_sub_kegiatan__isnull=False).select_related("renja_sub_kegiatan__renja")
    assert all(row.renja_sub_kegiatan.renja.perangkat_daerah_id == row.perangkat_daerah_id for row in linked)
