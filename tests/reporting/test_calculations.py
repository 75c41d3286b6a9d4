"""Report maths on small literal frames and hypothesis properties; no database."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from reporting import calculations as calc

SUB_LEVELS = calc.LEVELS[:6]


def lines_frame(rows: list[dict]) -> pd.DataFrame:
    """Budget lines with every RFK column (months default to 0)."""
    frame = pd.DataFrame(rows)
    for name in ("pagu_rka", *calc.AK_COLUMNS, *calc.REAL_COLUMNS):
        if name not in frame:
            frame[name] = 0
    frame["sumber_dana"] = frame.get("sumber_dana", "DAU")
    keys, _ = calc.hierarchy_keys(frame["sub_kegiatan_kode"])
    frame = pd.concat([frame, keys], axis=1)
    frame["k_opd"] = frame["opd"].astype(np.int32)
    for name in ("pagu", "pagu_rka", *calc.AK_COLUMNS, *calc.REAL_COLUMNS):
        frame[name] = frame[name].fillna(0).astype(np.int64)
    return frame


NO_FISIK = pd.DataFrame(
    {
        "k_opd": np.array([], dtype=np.int32),
        "k_sub_kegiatan": np.array([], dtype=np.int32),
        "fisik_bp": np.array([], dtype=np.int64),
        "permasalahan": np.array([], dtype=object),
        "tindak_lanjut": np.array([], dtype=object),
    }
)


def test_hierarchy_keys_are_dense_in_code_order():
    # given
    codes = pd.Series(["1.02.02.2.01.0002", "1.01.01.2.01.0001", "1.02.02.2.01.0001", "1.02.02.2.01.0002"])
    # when
    keys, by_key = calc.hierarchy_keys(codes)
    # then
    expected = pd.DataFrame(
        {
            "k_urusan": [0, 0, 0, 0],
            "k_bidang": [1, 0, 1, 1],
            "k_program": [1, 0, 1, 1],
            "k_kegiatan": [1, 0, 1, 1],
            "k_sub_kegiatan": [2, 0, 1, 2],
        },
        dtype=np.int32,
    )
    assert_frame_equal(keys, expected)
    assert list(by_key["bidang"]) == ["1.01", "1.02"]
    assert list(by_key["kegiatan"]) == ["1.01.01.2.01", "1.02.02.2.01"]


def test_rollup_sums_every_node_and_lists_parents_first():
    # given
    leaves = pd.DataFrame(
        {
            "k_a": np.array([1, 0, 0], dtype=np.int32),
            "k_b": np.array([0, 1, 0], dtype=np.int32),
            "v": np.array([5, 7, 11], dtype=np.int64),
        }
    )
    # when
    tree = calc.rollup(leaves, levels=("a", "b"), values=("v",))
    # then
    expected = pd.DataFrame(
        {
            "depth": np.array([0, 1, 1, 0, 1], dtype=np.int64),
            "level": np.array(["a", "b", "b", "a", "b"], dtype=object),
            "k_a": np.array([0, 0, 0, 1, 1], dtype=np.int32),
            "k_b": np.array([-1, 0, 1, -1, 0], dtype=np.int32),
            "v": np.array([18, 11, 7, 5, 5], dtype=np.int64),
        }
    )
    assert_frame_equal(tree, expected)


def test_percent_is_empty_for_a_zero_denominator():
    # when
    out = calc.percent(np.array([1, 5, 0]), np.array([4, 0, 0]))
    # then
    assert out[0] == 25.0
    assert np.isnan(out[1])
    assert np.isnan(out[2])


def test_scale_bp_rounds_half_up_and_does_not_overflow():
    # given: a national-size amount far beyond 2^53 sen
    big = np.int64(2**62)
    # when
    out = calc.scale_bp(
        np.array([big, 1, 3, 10_000], dtype=np.int64), np.array([5_000, 5_000, 5_000, 1], dtype=np.int64)
    )
    # then
    assert out.tolist() == [2**61, 1, 2, 1]


def test_rfk_tree_measures_and_pagu_weighted_fisik():
    # given: two sub kegiatan of one kegiatan; a third with pagu 0 and a reported fisik that must weigh nothing
    lines = lines_frame(
        [
            {
                "opd": 0,
                "sub_kegiatan_kode": "1.02.02.2.01.0001",
                "pagu": 100_00,
                "ak_1": 40_00,
                "real_1": 30_00,
            },
            {"opd": 0, "sub_kegiatan_kode": "1.02.02.2.01.0002", "pagu": 300_00, "ak_1": 0, "real_1": 0},
            {"opd": 0, "sub_kegiatan_kode": "1.02.02.2.01.0003", "pagu": 0},
        ]
    )
    fisik = pd.DataFrame(
        {
            "k_opd": np.array([0, 0, 0], dtype=np.int32),
            "k_sub_kegiatan": np.array([0, 1, 2], dtype=np.int32),
            "fisik_bp": np.array([8_000, 4_000, 10_000], dtype=np.int64),
            "permasalahan": np.array(["lahan", "", "x"], dtype=object),
            "tindak_lanjut": np.array(["mediasi", "", "y"], dtype=object),
        }
    )
    # when
    leaves = calc.rfk_leaves(lines, fisik, bulan=1, grain=[calc.key(name) for name in SUB_LEVELS])
    tree = calc.rfk_tree(leaves, levels=SUB_LEVELS)
    # then
    kegiatan = tree[tree["level"] == "kegiatan"].iloc[0]
    assert kegiatan["pagu"] == 400_00
    assert kegiatan["realisasi"] == 30_00
    assert kegiatan["persen_realisasi"] == pytest.approx(7.5)
    assert kegiatan["persen_rak"] == pytest.approx(10.0)
    assert kegiatan["deviasi"] == pytest.approx(2.5)
    assert kegiatan["deviasi_relatif"] == pytest.approx(25.0)
    assert kegiatan["fisik"] == pytest.approx((100 * 80 + 300 * 40) / 400)  # 50 %, the pagu-0 child skipped
    subs = tree[tree["level"] == "sub_kegiatan"].set_index("k_sub_kegiatan")
    assert subs.loc[0, "fisik"] == 80.0
    assert subs.loc[0, "permasalahan"] == "lahan"
    assert subs.loc[0, "nilai_fisik"] == 80_00
    assert subs.loc[0, "sisa"] == 70_00
    assert np.isnan(subs.loc[2, "persen_realisasi"])
    assert np.isnan(subs.loc[1, "deviasi_relatif"])


def test_monthly_series_is_cumulative():
    # given
    lines = lines_frame(
        [
            {
                "opd": 0,
                "sub_kegiatan_kode": "1.02.02.2.01.0001",
                "pagu": 300,
                "ak_1": 100,
                "ak_2": 200,
                "real_2": 50,
            },
            {"opd": 1, "sub_kegiatan_kode": "1.02.02.2.01.0001", "pagu": 100, "ak_1": 100, "real_1": 100},
        ]
    )
    # when
    series = calc.monthly_series(lines)
    # then
    assert series["anggaran_kas"].tolist()[:3] == [200, 200, 0]
    assert series["realisasi_kumulatif"].tolist()[:3] == [100, 150, 150]
    assert series["persen_realisasi_kumulatif"].iloc[1] == pytest.approx(37.5)


def lra_input(rows: list[tuple[str, int, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "akun_kode": [r[0] for r in rows],
            "anggaran": pd.array([r[1] for r in rows], dtype="Int64"),
            "realisasi": pd.array([r[2] for r in rows], dtype="Int64"),
            "realisasi_lalu": pd.array([None] * len(rows), dtype="Int64"),
        }
    )


def test_lra_identities_netto_is_a_difference_and_silpa_adds_it():
    # given
    amounts = lra_input(
        [
            ("4.1.01.01.01.0001", 1000, None),
            ("4.2.01.01.01.0001", 500, None),
            ("5.1.01.01.01.0001", 900, 450),
            ("5.2.02.05.01.0001", 800, 0),
            ("6.1.01.08.01.0001", 300, None),
            ("6.2.02.01.01.0001", 50, None),
        ]
    )
    # when
    lra = calc.lra(amounts).set_index("kode")
    # then
    assert lra.loc["4", "anggaran"] == 1500
    assert lra.loc["5", "anggaran"] == 1700
    assert lra.loc["surplus", "anggaran"] == -200
    assert lra.loc["netto", "anggaran"] == 250  # 6.1 − 6.2, never 350
    assert lra.loc["silpa", "anggaran"] == 50
    assert lra.loc["5.1", "realisasi"] == 450
    assert lra.loc["5.1", "persen"] == pytest.approx(50.0)
    assert lra.loc["4", "realisasi"] is pd.NA
    assert lra.loc["silpa", "realisasi"] is pd.NA
    assert lra.loc["5.3", "anggaran"] == 0
    assert np.isnan(lra.loc["5.3", "persen"])
    # no previous year: every row's realisasi tahun lalu is empty, also where the row has no akun at all
    assert lra.loc["5.3", "realisasi_lalu"] is pd.NA
    assert lra["realisasi_lalu"].isna().all()


def test_p86_sum_and_last_rules_with_both_polarities():
    # given: hand-computed — sum: 10+20+30+40 = 100 of T 80 → 125 %; last: 60 of T 80 → 75 %;
    # lower is better: R 90, T 80 → (160 − 90) / 80 = 87.5 %; R 200, T 80 → floored at 0
    frame = pd.DataFrame(
        {
            "tw_1": [10.0, 50.0, 95.0, 200.0, np.nan],
            "tw_2": [20.0, 55.0, 90.0, np.nan, np.nan],
            "tw_3": [30.0, 60.0, np.nan, np.nan, np.nan],
            "tw_4": [40.0, np.nan, np.nan, np.nan, np.nan],
            "aturan": ["sum", "last", "last", "last", "sum"],
            "polaritas": ["higher", "higher", "lower", "lower", "higher"],
            "target": [80.0, 80.0, 80.0, 80.0, 80.0],
        }
    )
    # when
    out = calc.capaian_indikator(frame)
    # then
    assert_series_equal(out["realisasi"], pd.Series([100.0, 60.0, 90.0, 200.0, np.nan]), check_names=False)
    assert_series_equal(out["capaian"], pd.Series([125.0, 75.0, 87.5, 0.0, np.nan]), check_names=False)
    assert out["predikat"].tolist() == ["Sangat Tinggi", "Sedang", "Tinggi", "Sangat Rendah", None]


def test_predikat_band_edges():
    # when
    bands = calc.predikat(pd.Series([91.0, 90.0, 76.0, 75.0, 66.0, 65.0, 51.0, 50.0, 0.0]))
    # then
    assert bands.tolist() == [
        "Sangat Tinggi", "Tinggi", "Tinggi", "Sedang", "Sedang", "Rendah", "Rendah", "Sangat Rendah", "Sangat Rendah"
    ]  # fmt: skip


def test_capaian_is_empty_for_a_zero_target():
    # when
    out = calc.capaian(pd.Series([5.0, 5.0]), pd.Series([0.0, 0.0]), pd.Series(["higher", "lower"]))
    # then
    assert out.isna().all()


# ---------------------------------------------------------------- properties

SUB_CODES = [
    "1.01.01.2.01.0001", "1.01.01.2.01.0002", "1.01.02.2.01.0001", "1.02.02.2.01.0001",
    "1.02.02.2.02.0001", "2.07.03.2.01.0001", "4.01.01.2.01.0001",
]  # fmt: skip
# amounts up to 2^58 sen per line: a handful of lines passes 2^53 (and float sums stop being exact)
AMOUNT = st.integers(min_value=0, max_value=2**58)


@st.composite
def budgets(draw):
    count = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for _ in range(count):
        pagu = draw(AMOUNT)
        rows.append(
            {
                "opd": draw(st.integers(min_value=0, max_value=2)),
                "sub_kegiatan_kode": draw(st.sampled_from(SUB_CODES)),
                "pagu": pagu,
                "ak_1": draw(st.integers(min_value=0, max_value=pagu)),
                "real_1": draw(st.integers(min_value=0, max_value=pagu)),
            }
        )
    return lines_frame(rows)


@settings(max_examples=60, deadline=None)
@given(budgets())
def test_every_parent_is_the_sum_of_its_children_to_the_sen(lines):
    # when
    leaves = calc.rfk_leaves(lines, NO_FISIK, bulan=12, grain=[calc.key(name) for name in SUB_LEVELS])
    tree = calc.rfk_tree(leaves, levels=SUB_LEVELS)
    # then
    for depth in range(len(SUB_LEVELS) - 1):
        parent_keys = [calc.key(name) for name in SUB_LEVELS[: depth + 1]]
        parents = tree[tree["depth"] == depth].set_index(parent_keys)
        children = tree[tree["depth"] == depth + 1].groupby(parent_keys)[
            ["pagu", "realisasi", "anggaran_kas"]
        ]
        summed = children.apply(lambda part: part.apply(lambda col: sum(int(v) for v in col)))
        for name in ("pagu", "realisasi", "anggaran_kas"):
            assert [int(v) for v in parents[name]] == [int(v) for v in summed.loc[parents.index, name]]


@settings(max_examples=60, deadline=None)
@given(budgets())
def test_report_total_equals_the_sum_of_entries_exactly(lines):
    # when
    leaves = calc.rfk_leaves(lines, NO_FISIK, bulan=12, grain=[calc.key(name) for name in SUB_LEVELS])
    total = calc.rfk_total(leaves)
    tree = calc.rfk_tree(leaves, levels=SUB_LEVELS)
    # then: Python integers are the reference (no float, no wrap-around)
    assert total["pagu"] == sum(int(v) for v in lines["pagu"])
    assert total["realisasi"] == sum(int(v) for v in lines["real_1"])
    assert int(tree[tree["depth"] == 0]["pagu"].sum()) == total["pagu"]


@settings(max_examples=60, deadline=None)
@given(budgets())
def test_percentages_are_empty_exactly_where_the_denominator_is_zero(lines):
    # when
    leaves = calc.rfk_leaves(lines, NO_FISIK, bulan=12, grain=[calc.key(name) for name in SUB_LEVELS])
    tree = calc.rfk_tree(leaves, levels=SUB_LEVELS)
    # then
    assert (tree["persen_realisasi"].isna() == (tree["pagu"] == 0)).all()
    assert (tree["deviasi_relatif"].isna() == (tree["anggaran_kas"] == 0)).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["4.1.01.01", "4.2.01.01", "5.1.02.01", "5.2.03.01", "6.1.01.08", "6.2.02.01"]),
            AMOUNT,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_silpa_identity_holds(entries):
    # given
    amounts = lra_input([(kode, amount, None) for kode, amount in entries])
    # when
    lra = calc.lra(amounts).set_index("kode")["anggaran"]

    # then
    def total(prefix):
        return sum(amount for kode, amount in entries if kode.startswith(prefix))

    assert int(lra["surplus"]) == total("4") - total("5")
    assert int(lra["netto"]) == total("6.1") - total("6.2")
    assert int(lra["silpa"]) == int(lra["surplus"]) + int(lra["netto"])


def test_run_names_sorts_and_joins_the_distinct_names_of_each_run_and_skips_empty_ones():
    # given: run 1 with two names (one twice, out of order, and an empty one), run 2 with one, run 3 with none
    names = np.array(["DAU", "", "APBD", "DAU", "DAK", "DAK", ""], dtype=object)

    # when
    joined = calc.run_names(names, np.array([0, 4, 6]))

    # then
    assert joined.tolist() == ["APBD; DAU", "DAK", ""]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-1, 3), st.integers(0, 2**20), st.integers(-1, 5)), min_size=0, max_size=60
    ),
    st.booleans(),
)
def test_sort_order_is_lexsorts_order_whether_packed_or_not(rows, huge):
    # given: keys with NO_NODE (-1) values; `huge` widens a column so the packed key would overflow
    keys = np.array(rows, dtype=np.int64).reshape(-1, 3)
    if huge and len(keys):
        keys[0, 1] = 2**40
        keys[-1, 2] = 2**30

    # when / then
    expected = np.lexsort(keys.T[::-1]) if len(keys) else np.empty(0, dtype=np.int64)
    assert calc.sort_order(keys).tolist() == expected.tolist()
