"""Random posts, returns, voids, imports, rule changes, tampering and pergeseran on a small built budget; after every
step no line has negative realization, none is above its DPA amount unless flagged, the monthly summary equals its
entries, and every DPA / DPPA line amount is traceable to its source stage or to an applied pergeseran."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from budgeting.importers import ImportRejected, realisasi_import
from budgeting.models import (
    EXECUTION_TAHAP,
    Anggaran,
    BatasDpaMode,
    BudgetLine,
    PergeseranItem,
    PergeseranStatus,
    Realisasi,
    RealisasiBulanan,
    RealisasiJenis,
    Tahap,
)
from budgeting.services import (
    ItemChange,
    anggaran_close,
    anggaran_copy_to_next,
    budget_line_create,
    budget_line_update,
    pergeseran_apply,
    pergeseran_approve,
    pergeseran_create,
    realisasi_pengaturan_set,
    realisasi_post,
    realisasi_void,
)
from config.errors import Conflict
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory

PAGU = (Decimal("1000000"), Decimal("500000"), Decimal("200000"))  # volume 1 × harga: jumlah = harga
AMOUNTS = st.one_of(
    st.integers(1, 700).map(lambda n: Decimal(n * 1000)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
    st.just(Decimal("99999999999999999.99")),
)
LINE = st.integers(0, len(PAGU) - 1)
DAY = st.dates(min_value=datetime.date(TAHUN, 1, 1), max_value=datetime.date(TAHUN, 6, 28))
REFUSED = (ValidationError, Conflict, PermissionDenied, ImportRejected)


class RealisasiMachine(RuleBasedStateMachine):
    """One example = one rolled-back transaction over the budget the test function built (class attributes)."""

    world: dict = {}

    @initialize()
    def build(self) -> None:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        w = self.world
        self.finance, self.tapd, self.bendahara = w["finance"], w["tapd"], w["bendahara"]
        apbd = AnggaranFactory(pemda=w["pemda"], tahap=Tahap.APBD)
        for akun, harga in zip(w["akun"], PAGU, strict=True):
            budget_line_create(
                user=self.finance,
                anggaran=apbd,
                **w["line_fields"](akun=akun, volume_1=Decimal(1), harga_satuan=harga),
            )
        anggaran_close(user=self.finance, anggaran=apbd)
        self.stage = anggaran_copy_to_next(user=self.finance, anggaran=apbd)
        self.kunci = list(
            BudgetLine.objects.filter(anggaran=self.stage).order_by("pk").values_list("kunci", flat=True)
        )
        self.number = 0

    def teardown(self) -> None:
        if hasattr(self, "_atomic"):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    def line(self, n: int) -> BudgetLine:
        return BudgetLine.objects.select_related("anggaran", "akun").get(
            anggaran=self.stage, kunci=self.kunci[n]
        )

    def nomor(self, prefix: str) -> str:
        self.number += 1
        return f"{prefix}-{self.number}"

    def attempt(self, write) -> None:
        try:
            with transaction.atomic():
                write()
        except REFUSED:
            pass

    # ------------------------------------------------------------ rules

    @rule(
        n=LINE,
        jumlah=AMOUNTS,
        tanggal=DAY,
        jenis=st.sampled_from([RealisasiJenis.SP2D_LS, RealisasiJenis.SPJ_GU]),
    )
    def post(self, n, jumlah, tanggal, jenis):
        line = self.line(n)
        self.attempt(lambda: realisasi_post(
            user=self.bendahara, budget_line=line.pk, tanggal=tanggal, jenis=jenis, nomor_dokumen=self.nomor("SP2D"),
            jumlah=jumlah,
        ))  # fmt: skip

    @rule(n=LINE, jumlah=AMOUNTS, tanggal=DAY)
    def return_(self, n, jumlah, tanggal):
        line = self.line(n)
        self.attempt(lambda: realisasi_post(
            user=self.bendahara, budget_line=line.pk, tanggal=tanggal, jenis=RealisasiJenis.PENGEMBALIAN,
            nomor_dokumen=self.nomor("STS"), jumlah=jumlah,
        ))  # fmt: skip

    @rule(pick=st.integers(0, 50))
    def void(self, pick):
        entries = list(Realisasi.objects.filter(pemda=self.stage.pemda, is_void=False).order_by("pk"))
        if entries:
            entry = entries[pick % len(entries)]
            self.attempt(lambda: realisasi_void(user=self.finance, realisasi=entry, alasan="salah catat"))

    @precondition(
        lambda self: self.stage.tahap == Tahap.DPA
    )  # the import's ceiling counts its own stage only
    @rule(rows=st.lists(st.tuples(LINE, AMOUNTS, st.booleans(), DAY), min_size=1, max_size=4))
    def import_(self, rows):
        body = ["tanggal,nomor,jenis,kode_sub_kegiatan,kode_rekening,nilai"]
        for n, jumlah, is_return, tanggal in rows:
            line = self.line(n)
            jenis = "STS" if is_return else "LS"
            body.append(
                f"{tanggal:%Y-%m-%d},{self.nomor('IMP')},{jenis},{line.sub_kegiatan_kode},{line.akun.kode},{jumlah}"
            )
        data = io.BytesIO("\n".join(body).encode())
        self.attempt(
            lambda: realisasi_import(user=self.finance, anggaran=self.stage, file=data, filename="r.csv")
        )

    @rule(tandai=st.booleans())
    def rule_change(self, tandai):
        batas = BatasDpaMode.TANDAI if tandai else BatasDpaMode.TOLAK
        realisasi_pengaturan_set(user=self.finance, anggaran=None, batas_dpa=batas)

    @rule(lower=LINE, raise_=LINE, delta=st.integers(1, 600).map(lambda n: Decimal(n * 1000)))
    def shift(self, lower, raise_, delta):
        if lower == raise_:
            return
        down, up = self.line(lower), self.line(raise_)
        if down.jumlah < delta:
            return
        try:
            with transaction.atomic():
                if not self.stage.is_closed:
                    anggaran_close(user=self.finance, anggaran=self.stage)
                draft = pergeseran_create(user=self.finance, anggaran=self.stage, uraian="geser", items=[
                    ItemChange(down, harga_satuan=down.harga_satuan - delta),
                    ItemChange(up, harga_satuan=up.harga_satuan + delta),
                ])  # fmt: skip
                pergeseran_approve(user=self.tapd, pergeseran=draft)
                self.stage = pergeseran_apply(user=self.finance, pergeseran=draft)
        except REFUSED:
            self.stage.refresh_from_db()

    @rule(n=LINE, volume=st.sampled_from([Decimal("0.0001"), Decimal(0), Decimal(7)]))
    def tamper(self, n, volume):
        line = self.line(n)
        with pytest.raises(Conflict):
            budget_line_update(user=self.finance, instance=line, volume_1=volume)
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=line.pk).update(volume_1=volume, jumlah=line.harga_satuan * volume)

    # ------------------------------------------------------------ invariants

    def realized(self) -> dict:
        rows = RealisasiBulanan.objects.filter(pemda=self.stage.pemda).values("budget_line__kunci")
        return {
            row["budget_line__kunci"]: row["total"] for row in rows.annotate(total=Sum("jumlah")).order_by()
        }

    @invariant()
    def realization_is_never_negative(self):
        if hasattr(self, "stage"):
            assert all(total >= 0 for total in self.realized().values()), self.realized()

    @invariant()
    def realization_is_within_the_dpa_unless_flagged(self):
        if not hasattr(self, "stage"):
            return
        for kunci, total in self.realized().items():
            pagu = BudgetLine.objects.get(anggaran=self.stage, kunci=kunci).jumlah
            flagged = Realisasi.objects.filter(
                budget_line__kunci=kunci, is_void=False, melebihi_dpa=True
            ).exists()
            assert total <= pagu or flagged, (kunci, total, pagu)

    @invariant()
    def the_summary_equals_the_entries(self):
        if not hasattr(self, "stage"):
            return
        entries = {
            (row["budget_line"], row["bulan"]): row["total"]
            for row in Realisasi.objects.filter(pemda=self.stage.pemda, is_void=False)
            .values("budget_line", "bulan")
            .annotate(total=Sum("jumlah"))
            .order_by()
        }
        summary = {
            (row.budget_line_id, row.bulan): row.jumlah
            for row in RealisasiBulanan.objects.filter(pemda=self.stage.pemda)
            if row.jumlah != 0 or (row.budget_line_id, row.bulan) in entries
        }
        assert summary == entries

    @invariant()
    def every_execution_line_is_its_source_or_an_applied_pergeseran(self):
        if not hasattr(self, "stage"):
            return
        for stage in Anggaran.objects.filter(pemda=self.stage.pemda, tahap__in=EXECUTION_TAHAP):
            before = dict(
                BudgetLine.objects.filter(anggaran_id=stage.sumber_id).values_list("kunci", "jumlah")
            )
            after = dict(BudgetLine.objects.filter(anggaran=stage).values_list("kunci", "jumlah"))
            assert set(before) <= set(after)  # nothing dropped
            applied = PergeseranItem.objects.filter(
                pergeseran__hasil=stage, pergeseran__status=PergeseranStatus.APPLIED
            )
            for kunci, jumlah in after.items():
                if before.get(kunci) == jumlah:
                    continue
                assert (
                    applied.filter(budget_line__kunci=kunci, jumlah_sesudah=jumlah).exists()
                    or applied.filter(kunci=kunci, jumlah_sesudah=jumlah).exists()
                ), (stage, kunci, before.get(kunci), jumlah)


def test_realization_and_the_executed_budget_stay_consistent(
    pemda, opd, finance, make_user, line_fields, ref
):
    # given: a three-line APBD (Rp 1,000,000 / 500,000 / 200,000) built into a DPA in each example
    RealisasiMachine.world = {
        "pemda": pemda,
        "finance": finance,
        "tapd": make_user(Role.FINANCE),
        "bendahara": make_user(Role.OPD_FINANCE, perangkat_daerah=opd),
        "akun": [ref.atk, ref.perjalanan, ref.modal],
        "line_fields": line_fields,
    }
    # when / then: the invariants hold after every step of every example
    run_state_machine_as_test(
        RealisasiMachine,
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
